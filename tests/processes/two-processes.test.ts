// Issue 13 item 4: two app processes on one PostgreSQL database. Run by `npm run test:pg` after the
// unit tests and the build (it starts the built server twice, at the same moment, on a fresh copy of
// the seeded template database, with no content synced yet):
//   - both start, and the content sync they both attempt leaves each course once, with one version;
//   - a session made on one process works on the other;
//   - the sign-in lock counts failures made on either process;
//   - the per-session request limit counts requests made on either process;
//   - the hourly housekeeping ran once, not once per process.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { LIMITS } from "~/auth/rate-limit.server";
import { DEMO_PASSWORD } from "~/demo/data";
import { RATE_LIMITS } from "~/http/guards.server";
import { PG_BASE_URL, pgAdmin, pgUrlFor } from "../support/db";
import { SEEDED_TEMPLATE_DB, pgTemplateName } from "../support/paths";

const skip = !PG_BASE_URL ? "PostgreSQL only: run with npm run test:pg" : !fs.existsSync("build/index.js") ? "needs npm run build" : false;

const database = `procs_${process.pid}`;
const servers: { port: number; child: ChildProcess; log: string[] }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function start(port: number) {
  const log: string[] = [];
  const child = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, DATABASE_URL: pgUrlFor(database), PORT: String(port), NODE_ENV: "production", RATE_LIMIT_FACTOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  servers.push({ port, child, log });
}

async function listening(port: number, log: string[]) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/login`);
      if (response.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server on ${port} did not start:\n${log.join("")}`);
}

const base = (i: number) => `http://127.0.0.1:${servers[i]!.port}`;

async function signIn(i: number, identifier: string, password: string) {
  return fetch(`${base(i)}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base(i) },
    body: new URLSearchParams({ identifier, password }),
  });
}

async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: pgUrlFor(database) });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("two app processes on one PostgreSQL database", { skip }, () => {
  before(async () => {
    await pgAdmin([
      `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
      `CREATE DATABASE ${database} TEMPLATE ${pgTemplateName(SEEDED_TEMPLATE_DB)}`,
    ]);
    const [a, b] = [await freePort(), await freePort()];
    start(a);
    start(b); // at the same moment: both migrate and sync content at start
    await Promise.all(servers.map((s) => listening(s.port, s.log)));
  });

  after(async () => {
    for (const s of servers) s.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await pgAdmin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  });

  test("content synced once, although both processes started together", async () => {
    const dirs = fs
      .readdirSync(path.resolve("content/courses"))
      .filter((d) => fs.statSync(path.resolve("content/courses", d)).isDirectory());
    const courses = await query<{ slug: string; versions: number }>(
      `SELECT c.slug, (SELECT count(*)::int FROM course_versions v WHERE v.course_id = c.id) AS versions FROM courses c WHERE c.source = 'repo'`,
    );
    assert.equal(courses.length, dirs.length, "every course once");
    for (const c of courses) assert.equal(c.versions, 1, `${c.slug} has one version`);
  });

  test("a session made on one process works on the other", async () => {
    const response = await signIn(0, "canbo", DEMO_PASSWORD);
    assert.equal(response.status, 302);
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const home = await fetch(`${base(1)}/`, { headers: { Cookie: cookie }, redirect: "manual" });
    assert.equal(home.status, 200, "signed in on the other process");
    const anonymous = await fetch(`${base(1)}/`, { redirect: "manual" });
    assert.equal(anonymous.status, 302, "control: without the cookie, sent to sign in");
  });

  test("the sign-in lock counts failures made on either process", async () => {
    for (let i = 0; i < LIMITS.account.max; i++) await signIn(i % 2, "giangvien", `sai-${i}`);
    const right = await signIn(0, "giangvien", DEMO_PASSWORD);
    assert.equal(right.status, 401);
    assert.match(await right.text(), /tạm khóa/);
  });

  test("the per-session request limit counts requests made on either process", async () => {
    const response = await signIn(1, "quantri", DEMO_PASSWORD);
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const limit = RATE_LIMITS.postsPerSession.limit;
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const target = base(i % 2);
      const r = await fetch(`${target}/courses`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: target, "Content-Type": "application/x-www-form-urlencoded" },
        body: "x=1",
      });
      statuses.push(r.status);
    }
    assert.ok(!statuses.slice(0, limit).includes(429), "within the limit nothing is refused");
    assert.equal(statuses[limit], 429, `request ${limit + 1}, half of them on each process, is refused`);
  });

  test("housekeeping ran once, not once per process", async () => {
    const rows = await query<{ runs: number }>(`SELECT runs FROM job_runs WHERE name = 'housekeeping'`);
    assert.deepEqual(rows, [{ runs: 1 }]);
  });
});
