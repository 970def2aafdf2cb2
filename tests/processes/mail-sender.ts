// A mail sender process for tests/processes/outbox-kill.test.ts: the app's own sender (sendDue) against
// the database named by the environment, through the SMTP server on 127.0.0.1:MAIL_TEST_PORT, looping
// until the outbox holds nothing pending or being sent (or MAIL_TEST_DEADLINE_MS passes).
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { closeDb, row } from "~/db/client.server";
import { sendDue } from "~/mail/sender.server";

const transport = nodemailer.createTransport({
  host: "127.0.0.1",
  port: Number(process.env.MAIL_TEST_PORT),
  secure: false,
  ignoreTLS: true,
});
const leaseMs = Number(process.env.MAIL_TEST_LEASE_MS ?? 60_000);
const deadline = Date.now() + Number(process.env.MAIL_TEST_DEADLINE_MS ?? 120_000);

for (;;) {
  const report = await sendDue({ transport, leaseMs, batch: 10, backoffMs: 200 });
  if (report.sent) process.stdout.write(`sent ${report.sent}\n`);
  const left = await row<{ n: number }>(sql`SELECT count(*) AS n FROM mail_outbox WHERE status IN ('pending', 'sending')`);
  if (Number(left!.n) === 0 || Date.now() > deadline) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
transport.close();
await closeDb();
