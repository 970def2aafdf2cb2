// The e-mail outbox (issue 16, docs/decisions/0028). An event that should send e-mail calls enqueueMail()
// INSIDE its own transaction: the message commits with the event or not at all, and the same event
// enqueued twice (a retried request, two processes) is one message, by its idempotency key. Sending is
// the runner's business (sender.server.ts), never the request's.
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { db, exec, inTransaction, row, rows, transaction } from "~/db/client.server";
import { mailOptOuts, mailOutbox, officials, type MailStatus, MAIL_STATUSES } from "~/db/schema";
import { env } from "~/env.server";
import { isOptionalKind, OPTIONAL_MAIL_KINDS, type MailKind } from "./kinds";

export type OutgoingMail = {
  officialId: number;
  address: string;
  kind: MailKind;
  /** Names the event: "course-completed:<courseId>:<epoch>:<officialId>". One message per key, ever. */
  key: string;
  subject: string;
  text: string;
  html: string;
  /** The page the message is about (absolute URL). */
  link: string;
};

export type EnqueueResult = "queued" | "duplicate" | "opted-out";

/** The Message-ID header of a message: the same on every try, so a receiver drops a repeated delivery. */
export function messageIdFor(key: string): string {
  const from = /@([^>\s]+)>?\s*$/.exec(env().MAIL_FROM)?.[1] ?? "taphuan.local";
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 40)}@${from}>`;
}

/**
 * Writes one message to the outbox, in the caller's transaction (it refuses to run outside one: a
 * message written outside would be sent even when the event rolls back). An optional kind the person
 * turned off is not written; a key already there is left as it is (ON CONFLICT DO NOTHING).
 */
export async function enqueueMail(message: OutgoingMail, now = new Date(), known?: { optedOut: boolean }): Promise<EnqueueResult> {
  if (!inTransaction()) throw new Error("enqueueMail must run inside the event's transaction()");
  // `known`: the caller read the person's choice in its own query already (the completion facts).
  if (isOptionalKind(message.kind) && (known ? known.optedOut : await optedOut(message.officialId, message.kind))) return "opted-out";
  const inserted = await row<{ id: number }>(sql`
    INSERT INTO mail_outbox (idempotency_key, official_id, address, kind, subject, text_body, html_body, link, message_id,
                             status, attempts, next_attempt_at, created_at)
    VALUES (${message.key}, ${message.officialId}, ${message.address}, ${message.kind}, ${message.subject}, ${message.text},
            ${message.html}, ${message.link}, ${messageIdFor(message.key)}, 'pending', 0, ${now.toISOString()}, ${now.toISOString()})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id`);
  if (inserted) kickAfterCommit();
  return inserted ? "queued" : "duplicate";
}

let kick: (() => void) | undefined;

/** The runner registers how to be woken; a new message wakes it shortly (after the event's commit). */
export function onMailQueued(fn: (() => void) | undefined) {
  kick = fn;
}

function kickAfterCommit() {
  if (kick) setTimeout(kick, 500).unref();
}

async function optedOut(officialId: number, kind: string): Promise<boolean> {
  const [r] = await db()
    .select({ kind: mailOptOuts.kind })
    .from(mailOptOuts)
    .where(and(eq(mailOptOuts.officialId, officialId), eq(mailOptOuts.kind, kind)))
    .limit(1);
  return r !== undefined;
}

/** The optional kinds this person turned off. */
export async function optOutsOf(officialId: number): Promise<string[]> {
  const found = await db().select({ kind: mailOptOuts.kind }).from(mailOptOuts).where(eq(mailOptOuts.officialId, officialId));
  return found.map((r) => r.kind);
}

/** Sets which optional kinds a person receives (the others are turned off). Required kinds are not theirs to set. */
export async function setMailChoices(officialId: number, wanted: readonly string[]): Promise<void> {
  await transaction(async () => {
    await exec(sql`DELETE FROM mail_opt_outs WHERE official_id = ${officialId}`);
    for (const kind of OPTIONAL_MAIL_KINDS) {
      if (!wanted.includes(kind)) await db().insert(mailOptOuts).values({ officialId, kind });
    }
  });
}

/** The person's address, when they have one and are active: where their e-mail goes. */
export async function mailAddressOf(officialId: number): Promise<string | undefined> {
  const [r] = await db()
    .select({ email: officials.email, active: officials.active })
    .from(officials)
    .where(eq(officials.id, officialId))
    .limit(1);
  return r?.active && r.email ? r.email : undefined;
}

// ---- /admin/mail ------------------------------------------------------------------------------

export async function mailCounts(): Promise<Record<MailStatus, number>> {
  const found = await rows<{ status: MailStatus; n: number }>(sql`SELECT status, count(*) AS n FROM mail_outbox GROUP BY status`);
  const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
  for (const r of found) counts[r.status] = Number(r.n);
  return counts;
}

const listed = {
  id: mailOutbox.id,
  address: mailOutbox.address,
  kind: mailOutbox.kind,
  subject: mailOutbox.subject,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  lastAnswer: mailOutbox.lastAnswer,
  createdAt: mailOutbox.createdAt,
  sentAt: mailOutbox.sentAt,
};

export async function failedMail(limit = 50) {
  return db().select(listed).from(mailOutbox).where(eq(mailOutbox.status, "failed")).orderBy(desc(mailOutbox.id)).limit(limit);
}

export async function recentMail(limit = 50) {
  return db().select(listed).from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit);
}
