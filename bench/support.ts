// Shared bench plumbing: start the built app on its own port and database, and measure with autocannon.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { closeDb } from "~/db/client.server";
import { resetEnvForTests } from "~/env.server";
import { createOfficial, type Official } from "~/people/officials.server";
import { createUnit, type Unit } from "~/units/tree.server";

export const BENCH_DIR = path.resolve("bench/.tmp");

/** Quick mode (BENCH_QUICK=1 or --quick): small sizes, seconds each; invariants checked, speed never judged. */
export const QUICK = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");

/** Servers a bench started end with it, also when an invariant or an error ends it early. */
export function killOnExit(child: ChildProcess) {
  process.on("exit", () => {
    if (child.exitCode === null) child.kill();
  });
}

/** A bench's failed invariant: printed, and the process exits 1 (in quick mode as in full mode). */
export function invariant(ok: boolean, message: string): asserts ok {
  if (!ok) {
    console.error(`INVARIANT FAILED: ${message}`);
    process.exit(1);
  }
}

/**
 * The bench's own people, so nothing the demo does can change what it measures: one unit (a province
 * root when the database has none, else under `parentId`) and `n` learners in it, staff codes
 * `${prefix}0001`… Needs DATABASE_PATH set and the database migrated.
 */
export function benchOfficials(prefix: string, n: number, parentId: number | null = null): { unit: Unit; people: Official[] } {
  const unit = createUnit({
    code: `${prefix}-UNIT`,
    name: `Đơn vị đo ${prefix}`,
    kind: parentId === null ? "province" : "commune",
    parentId,
  });
  const people: Official[] = [];
  for (let i = 1; i <= n; i++) {
    const code = `${prefix}${String(i).padStart(5, "0")}`;
    people.push(
      createOfficial({ staffCode: code, username: code.toLowerCase(), ho: "Nguyễn", dem: "Văn", ten: `Đo ${i}`, unitId: unit.id }),
    );
  }
  return { unit, people };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function ensureBuild() {
  if (!fs.existsSync("build/index.js")) {
    const r = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("remix build failed");
  }
}

export async function waitFor(url: string, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts `node server.mjs` on a fresh database without the demo (`npm run db:setup`, then the server
 * migrates and syncs content/ at start), and points this process's database handle at the same file,
 * so the bench can make its own officials with `benchOfficials`.
 */
export async function startApp(dbFile: string): Promise<{ url: string; child: ChildProcess }> {
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
  const port = await freePort();
  // All the load comes from one address, where in life each official has their own: the per-address
  // POST limit (600 per 5 minutes) would refuse the quiz bench's 1,260 POSTs, so it is raised as the
  // browser tests raise it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production",
    DATABASE_PATH: dbFile,
    RATE_LIMIT_FACTOR: process.env.RATE_LIMIT_FACTOR ?? "20",
  };
  const setup = spawnSync("npx", ["tsx", "scripts/db.ts", "setup"], { env, stdio: "ignore" });
  if (setup.status !== 0) throw new Error("db setup failed");
  const child = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "ignore", "inherit"] });
  killOnExit(child);
  const url = `http://localhost:${port}`;
  await waitFor(`${url}/login`);
  closeDb();
  process.env.DATABASE_PATH = dbFile;
  resetEnvForTests();
  return { url, child };
}

export type Figures = { name: string; requestsPerSec: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

export async function load(
  name: string,
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<Figures> {
  const result = await autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers });
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export function printTable(rows: Figures[]) {
  console.log("| what | requests/s | p50 ms | p99 ms | errors | non-2xx | requests |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.total} |`);
}
