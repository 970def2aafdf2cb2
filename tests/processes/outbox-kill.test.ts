// Issue 16 item 2: the outbox never loses a message and never sends one twice at once, across processes.
// Sender processes (tests/processes/mail-sender.ts: the app's sendDue) on a copy of the seeded template
// database, sending to a real SMTP server in this process that takes 60 ms per message:
//   - a sender killed with SIGKILL in the middle of a batch, then a new one: every message is received
//     (distinct Message-IDs = N) and marked sent; a message that was being sent when the process died is
//     sent again after its claim expired, with the same Message-ID (the receiver drops the repeat);
//   - two senders started together: each message is received exactly once.
// Runs on SQLite, and on PostgreSQL under `npm run test:pg` (after the unit tests built the templates).
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { rows, transaction } from "~/db/client.server";
import { enqueueMail } from "~/mail/outbox.server";
import { findByIdentifier } from "~/people/officials.server";
import { dropTestDatabase, useTestDatabase } from "../support/db";

/** Message-IDs of the messages this server accepted (answered 250 to), in order, repeats included. */
const accepted: string[] = [];
const closed = new Set<string>();
let server: SMTPServer;
let port = 0;
let file: string;

function sender(env: Record<string, string>): { child: ChildProcess; done: Promise<number | null>; log: string[] } {
  const log: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "tests/processes/mail-sender.ts"], {
    env: { ...process.env, MAIL_TEST_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => log.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => log.push(d.toString()));
  const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, done, log };
}

async function enqueue(prefix: string, n: number) {
  const official = (await findByIdentifier("canbo"))!;
  await transaction(async () => {
    for (let i = 0; i < n; i++) {
      await enqueueMail({
        officialId: official.id,
        address: `nguoi-nhan-${i}@example.vn`,
        kind: "assignment-due",
        key: `${prefix}:${i}`,
        subject: `Nhắc việc số ${i}`,
        text: `Thư số ${i}`,
        html: `<p>Thư số ${i}</p>`,
        link: "http://localhost:3000/",
      });
    }
  });
}

const statuses = (prefix: string) =>
  rows<{ status: string; n: number }>(
    sql`SELECT status, count(*) AS n FROM mail_outbox WHERE idempotency_key LIKE ${prefix + ":%"} GROUP BY status ORDER BY status`,
  );
const idsOf = async (prefix: string) =>
  new Set(
    (await rows<{ id: string }>(sql`SELECT message_id AS id FROM mail_outbox WHERE idempotency_key LIKE ${prefix + ":%"}`)).map(
      (r) => r.id,
    ),
  );

before(async () => {
  file = await useTestDatabase({ seeded: true });
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        // Slow on purpose, so a kill lands in the middle of a batch.
        setTimeout(() => {
          if (closed.has(session.id)) return callback(new Error("connection closed"));
          const id = /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "";
          accepted.push(id);
          callback();
        }, 60);
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

describe("the mail outbox across processes", () => {
  test("a sender killed mid-batch, then restarted: every message received (distinct Message-IDs = N), none lost", async (t) => {
    const N = 40;
    await enqueue("kill", N);
    const expected = await idsOf("kill");
    accepted.length = 0;
    const first = sender({ MAIL_TEST_LEASE_MS: "3000" });
    const deadline = Date.now() + 60_000;
    while (accepted.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(accepted.length >= 5, `the first sender sent something:\n${first.log.join("")}`);
    first.child.kill("SIGKILL");
    await first.done;
    const atKill = accepted.length;
    assert.ok(atKill < N, "killed before it finished");
    const mid = await statuses("kill");
    assert.ok(
      mid.some((s) => s.status === "sending"),
      `some messages were claimed and not finished when it died: ${JSON.stringify(mid)}`,
    );

    const second = sender({ MAIL_TEST_LEASE_MS: "3000" });
    assert.equal(await second.done, 0, second.log.join(""));
    const distinct = new Set(accepted);
    assert.equal(distinct.size, N, `distinct Message-IDs received (${accepted.length} deliveries)`);
    assert.deepEqual([...distinct].sort(), [...expected].sort(), "exactly the enqueued messages");
    assert.deepEqual(await statuses("kill"), [{ status: "sent", n: N }]);
    t.diagnostic(`killed after ${atKill} deliveries; ${accepted.length - N} repeated delivery(ies), same Message-ID`);
  });

  test("two senders at once never send the same message twice within a lease", async (t) => {
    const N = 60;
    await enqueue("two", N);
    accepted.length = 0;
    const a = sender({ MAIL_TEST_LEASE_MS: "60000" });
    const b = sender({ MAIL_TEST_LEASE_MS: "60000" });
    assert.equal(await a.done, 0, a.log.join(""));
    assert.equal(await b.done, 0, b.log.join(""));
    assert.equal(accepted.length, N, "each message delivered once");
    assert.equal(new Set(accepted).size, N);
    assert.deepEqual(await statuses("two"), [{ status: "sent", n: N }]);
    const sentBy = (log: string[]) =>
      log
        .join("")
        .match(/sent (\d+)/g)
        ?.reduce((s, m) => s + Number(m.slice(5)), 0) ?? 0;
    t.diagnostic(`sender A sent ${sentBy(a.log)}, sender B sent ${sentBy(b.log)}`);
  });
});
