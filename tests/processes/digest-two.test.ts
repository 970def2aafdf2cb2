// Issue 16 item 5 (and 3): two app processes on one database run the weekly digest job at the same
// moment (tests/processes/digest-job.ts: the app's runScheduledDigest, stepped like its timer): one of
// them claims the week (claimJob), the other finds it claimed, then done; every manager with overdue
// people in scope gets exactly one digest, received over a real SMTP server in this process.
// Runs on SQLite, and on PostgreSQL under `npm run test:pg` (after the unit tests built the templates).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { rows } from "~/db/client.server";
import { buildDigests } from "~/mail/digest.server";
import { sendDue } from "~/mail/sender.server";
import { dropTestDatabase, useTestDatabase } from "../support/db";

/** Monday 30/11/2026 08:00 in Vietnam: the demo's one-stop assignment is overdue. */
const NOW = "2026-11-30T01:00:00.000Z";
const receivedBy = new Map<string, number>();
let server: SMTPServer;
let port = 0;
let file: string;

function job(start: number): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve) => {
    let log = "";
    const child = spawn(process.execPath, ["--import", "tsx", "tests/processes/digest-job.ts"], {
      env: { ...process.env, DIGEST_TEST_NOW: NOW, DIGEST_TEST_START: String(start), DIGEST_TEST_STEPS: "3" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.on("exit", (code) => resolve({ code, log }));
  });
}

before(async () => {
  file = await useTestDatabase({ progress: true });
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) receivedBy.set(r.address, (receivedBy.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      port = (server.server.address() as AddressInfo).port;
      resolve();
    }),
  );
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dropTestDatabase(file);
});

describe("the weekly digest across processes", () => {
  test("two processes run the weekly job at once: one run, and each manager gets exactly one digest", async (t) => {
    const expected = (await buildDigests({ now: new Date(NOW) })).map((d) => d.address).sort();
    assert.ok(expected.length >= 1, "the demo has a manager with overdue people in scope");
    const start = Date.now() + 3000; // both processes loaded before they step
    const [a, b] = await Promise.all([job(start), job(start)]);
    assert.equal(a.code, 0, a.log);
    assert.equal(b.code, 0, b.log);
    const runs = (a.log + b.log).match(/^ran \d+$/gm) ?? [];
    assert.equal(runs.length, 1, `one process ran the week's job:\nA: ${a.log}\nB: ${b.log}`);
    assert.equal(runs[0], `ran ${expected.length}`);
    const queued = await rows<{ address: string; n: number }>(
      sql`SELECT address, count(*) AS n FROM mail_outbox WHERE kind = 'digest' GROUP BY address ORDER BY address`,
    );
    assert.deepEqual(
      queued.map((q) => [q.address, Number(q.n)]),
      expected.map((address) => [address, 1]),
    );
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    await sendDue({ transport, batch: 100, now: () => new Date(NOW) });
    assert.deepEqual(
      [...receivedBy.entries()].sort(),
      expected.map((address) => [address, 1]),
    );
    t.diagnostic(`A: ${a.log.trim().replace(/\n/g, ", ")}; B: ${b.log.trim().replace(/\n/g, ", ")}`);
  });
});
