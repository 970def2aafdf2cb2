// The e-mail messages themselves (docs/decisions/0028): plain Vietnamese text and a simple HTML twin,
// UTF-8 throughout (nodemailer encodes the subject as RFC 2047 words), each with a link back to the
// page it is about and to the person's e-mail choices.
import { sql } from "drizzle-orm";
import { exec, inTransaction, row, rows } from "~/db/client.server";
import { inIds, jsonTable } from "~/db/portable.server";
import { env } from "~/env.server";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import { isOptionalKind } from "./kinds";
import { enqueueMail, messageIdFor, type EnqueueResult, type OutgoingMail } from "./outbox.server";

export type Composed = { subject: string; text: string; html: string; link: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A message from its parts: greeting, paragraphs, the link, the footer with the choices page. */
export function compose(parts: { name: string; subject: string; paragraphs: string[]; linkLabel: string; link: string }): Composed {
  const choices = `${env().publicUrl}/account/notifications`;
  const text = [
    t.mail.greeting(parts.name),
    "",
    ...parts.paragraphs.flatMap((p) => [p, ""]),
    `${parts.linkLabel} ${parts.link}`,
    "",
    "--",
    t.mail.signature,
    `${t.mail.footer} ${choices}`,
    "",
  ].join("\n");
  const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 600px;">
<p>${escapeHtml(t.mail.greeting(parts.name))}</p>
${parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p>${escapeHtml(parts.linkLabel)} <a href="${escapeHtml(parts.link)}">${escapeHtml(parts.link)}</a></p>
<hr>
<p style="font-size: 14px; color: #555;">${escapeHtml(t.mail.signature)}<br>${escapeHtml(t.mail.footer)} <a href="${escapeHtml(choices)}">${escapeHtml(choices)}</a></p>
</body></html>
`;
  return { subject: parts.subject, text, html, link: parts.link };
}

/**
 * The optional "Chúc mừng hoàn thành khóa học" mail, enqueued in the transaction that records the
 * completion (recordCompletionIfMet). Nothing when the person has no e-mail address.
 */
export async function enqueueCourseCompleted(
  officialId: number,
  courseId: number,
  epoch: number,
  at: string,
  /** What the completion read already (its facts): no query of this function's own then. */
  known?: { email: string | null; ho: string; dem: string; ten: string; title: string; slug: string; optedOut: boolean },
): Promise<EnqueueResult | "no-address"> {
  const r =
    known ??
    (await row<{ email: string | null; ho: string; dem: string; ten: string; title: string; slug: string }>(sql`
    SELECT o.email, o.ho, o.dem, o.ten, c.title, c.slug
      FROM officials o, courses c
     WHERE o.id = ${officialId} AND c.id = ${courseId}`));
  if (!r?.email) return "no-address";
  const link = `${env().publicUrl}/courses/${encodeURIComponent(r.slug)}`;
  const message = compose({
    name: fullName(r),
    subject: t.mail.completedSubject(r.title),
    paragraphs: [t.mail.completedBody(r.title, formatDate(at))],
    linkLabel: t.mail.completedLink,
    link,
  });
  return enqueueMail(
    {
      officialId,
      address: r.email,
      kind: "course-completed",
      key: `course-completed:${courseId}:${epoch}:${officialId}`,
      ...message,
    },
    undefined,
    known ? { optedOut: known.optedOut } : undefined,
  );
}

/** Messages per INSERT of enqueueMailBatch (one JSON parameter each). */
const BATCH_ROWS = 1000;

/**
 * Many messages of one event at once (a chunk of an assignment's members, a chunk of the daily
 * reminders, a unit's grant): enqueueMail's rules — inside the event's transaction, optional kinds
 * the person turned off left out, one message per idempotency key — in one read of the opt-outs and
 * one INSERT … SELECT per 1,000 messages (the batch is one JSON parameter) instead of a statement per
 * message. Returns how many were
 * written (keys already there are skipped). The runner finds them on its next pass (every 30 s).
 */
const OUTBOX_COLUMNS = [
  ["idempotency_key", "text"],
  ["official_id", "int"],
  ["address", "text"],
  ["kind", "text"],
  ["subject", "text"],
  ["text_body", "text"],
  ["html_body", "text"],
  ["link", "text"],
  ["message_id", "text"],
] as const satisfies readonly [string, "int" | "text"][];

export async function enqueueMailBatch(messages: OutgoingMail[], now = new Date()): Promise<number> {
  if (!inTransaction()) throw new Error("enqueueMailBatch must run inside the event's transaction()");
  let list = messages;
  const optional = [...new Set(list.filter((m) => isOptionalKind(m.kind)).map((m) => m.officialId))];
  if (optional.length > 0) {
    const off = new Set<string>();
    for (let i = 0; i < optional.length; i += 5000)
      for (const r of await rows<{ officialId: number; kind: string }>(
        sql`SELECT official_id AS "officialId", kind FROM mail_opt_outs WHERE ${inIds(sql`official_id`, optional.slice(i, i + 5000))}`,
      ))
        off.add(`${Number(r.officialId)}:${r.kind}`);
    list = list.filter((m) => !isOptionalKind(m.kind) || !off.has(`${m.officialId}:${m.kind}`));
  }
  const at = now.toISOString();
  let written = 0;
  for (let i = 0; i < list.length; i += BATCH_ROWS) {
    // The batch as ONE JSON parameter, unpacked by the database (jsonTable, decision 0032): binding
    // thousands of parameters one by one cost more than the insert itself (about 0.25 ms per message).
    const batch = jsonTable(
      list
        .slice(i, i + BATCH_ROWS)
        .map((m) => [m.key, m.officialId, m.address, m.kind, m.subject, m.text, m.html, m.link, messageIdFor(m.key)]),
      OUTBOX_COLUMNS,
    );
    written += await exec(sql`
      INSERT INTO mail_outbox (idempotency_key, official_id, address, kind, subject, text_body, html_body, link, message_id,
                               status, attempts, next_attempt_at, created_at)
      SELECT idempotency_key, official_id, address, kind, subject, text_body, html_body, link, message_id, 'pending', 0, ${at}, ${at}
        FROM ${batch} AS r WHERE true
      ON CONFLICT (idempotency_key) DO NOTHING`);
  }
  return written;
}
