// Sends what the outbox holds (docs/decisions/0028). One run: claim a batch of due messages (status
// 'sending' with a lease, `claimed_until`), send each, then mark it sent or schedule the next try.
// Two processes never hold the same message at once: the claim is one conditional UPDATE whose
// condition is checked again on the row it writes (PostgreSQL re-reads a row another transaction just
// claimed; SQLite writers are serialised). A process killed between the SMTP server's "250 OK" and
// "mark sent" leaves the message claimed; when the lease expires another run sends it again, with the
// same Message-ID. SMTP itself has no idempotency: the guarantee is "never lost, sent at least once,
// a repeat carries the same Message-ID for the receiver to drop".
import { sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { exec, rows, transaction } from "~/db/client.server";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";

/** What a run needs of nodemailer: sendMail. Tests pass a transport to their own SMTP server. */
export type MailTransport = Pick<Transporter, "sendMail">;

export type SendOptions = {
  transport: MailTransport;
  from?: string;
  /** Messages claimed per transaction. */
  batch?: number;
  /** How long a claim lasts: longer than one SMTP conversation can take (the transport's timeouts). */
  leaseMs?: number;
  /** Tries before a message is failed (a 5xx answer fails it at once). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
};

export const SEND_DEFAULTS = { batch: 20, leaseMs: 5 * 60_000, maxAttempts: 6, backoffMs: 60_000, maxBackoffMs: 6 * 3600_000 };

export type SendReport = { sent: number; retried: number; failed: number };

type Claimed = {
  id: number;
  address: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  attempts: number;
  lastAnswer: string | null;
};

/** Claims up to `batch` due messages for `leaseMs`: pending ones whose time has come, and ones whose claim expired. */
export async function claimDue(now: Date, batch: number, leaseMs: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const due = sql`((status = 'pending' AND next_attempt_at <= ${at}) OR (status = 'sending' AND claimed_until <= ${at}))`;
  return transaction(() =>
    rows<Claimed>(sql`
      UPDATE mail_outbox SET status = 'sending', claimed_until = ${until}, attempts = attempts + 1
       WHERE id IN (SELECT id FROM mail_outbox WHERE ${due} ORDER BY next_attempt_at, id LIMIT ${batch})
         AND ${due}
      RETURNING id, address, subject, text_body AS "textBody", html_body AS "htmlBody", message_id AS "messageId",
                attempts, last_answer AS "lastAnswer"`),
  );
}

/** The delay before try number `attempts + 1`: backoff, doubled per try, capped. */
export function backoff(attempts: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

/** Sends every due message, batch after batch, until none is due. */
export async function sendDue(options: SendOptions): Promise<SendReport> {
  const o = { ...SEND_DEFAULTS, ...options };
  const from = o.from ?? env().MAIL_FROM;
  const clock = o.now ?? (() => new Date());
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDue(clock(), o.batch, o.leaseMs);
    if (claimed.length === 0) return report;
    for (const m of claimed) {
      // Claimed again after its lease ran out too often (a process died while sending it each time).
      if (m.attempts > o.maxAttempts) {
        await finish(m.id, "failed", m.lastAnswer ?? t.mail.claimExpired, clock());
        report.failed++;
        continue;
      }
      try {
        const info = (await o.transport.sendMail({
          from,
          to: m.address,
          subject: m.subject,
          text: m.textBody,
          html: m.htmlBody,
          messageId: m.messageId,
        })) as { response?: string };
        await finish(m.id, "sent", String(info.response ?? "250"), clock());
        report.sent++;
      } catch (error) {
        const e = error as { responseCode?: number; response?: string; message?: string };
        const answer = e.response ?? e.message ?? String(error);
        const permanent = typeof e.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600;
        if (permanent || m.attempts >= o.maxAttempts) {
          await finish(m.id, "failed", answer, clock());
          report.failed++;
        } else {
          const next = new Date(clock().getTime() + backoff(m.attempts, o.backoffMs, o.maxBackoffMs));
          await transaction(() =>
            exec(sql`UPDATE mail_outbox SET status = 'pending', claimed_until = NULL, last_answer = ${answer},
                            next_attempt_at = ${next.toISOString()}
                      WHERE id = ${m.id} AND status = 'sending'`),
          );
          report.retried++;
        }
      }
    }
  }
}

async function finish(id: number, status: "sent" | "failed", answer: string, now: Date) {
  await transaction(() =>
    exec(sql`UPDATE mail_outbox SET status = ${status}, claimed_until = NULL, last_answer = ${answer},
                    sent_at = ${status === "sent" ? now.toISOString() : null}
              WHERE id = ${id} AND status = 'sending'`),
  );
}
