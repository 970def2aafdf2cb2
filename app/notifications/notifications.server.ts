// In-app notifications and their e-mails (issue 16 item 1, docs/decisions/0030). Each event writes
// its notifications in its own transaction, set-based (INSERT … SELECT … ON CONFLICT DO NOTHING
// RETURNING), and the e-mails of the rows it actually added through the outbox in the same
// transaction: a rolled-back event leaves neither, and an event written twice (a re-run, two
// processes) adds nothing the second time — (official, kind, ref) is unique, and so is the mail key.
import { sql, type SQL } from "drizzle-orm";
import { exec, row, rows, transaction } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { NO_DUE_DAY } from "~/db/schema";
import { pathUpperBound } from "~/db/unit-path";
import { env } from "~/env.server";
import { formatDate } from "~/i18n/format";
import { addDays, vnHour, vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { claimJob } from "~/jobs.server";
import type { MailKind } from "~/mail/kinds";
import { compose, enqueueMailBatch } from "~/mail/messages.server";
import type { OutgoingMail } from "~/mail/outbox.server";
import { fullName } from "~/people/names";
import { ASSIGNMENT_KINDS, type NotificationKind } from "./kinds";

type Added = { officialId: number; kind: NotificationKind };

const courseLink = (slug: string) => `/courses/${encodeURIComponent(slug)}`;

// ---- Assignments ------------------------------------------------------------------------------

/**
 * "You were assigned this course" for the members of an assignment that `which` selects (a condition
 * on `m`, the assignment_members row: a window of official ids of a build chunk, or one joiner), open
 * and not already done. Call inside the transaction that inserted the members.
 */
export async function notifyNewMembers(assignmentId: number, which: SQL, now = new Date()): Promise<number> {
  const added = await rows<{ officialId: number }>(sql`
    INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at)
    SELECT m.official_id, 'assignment-new', m.assignment_id, m.course_id, ${now.toISOString()}
      FROM assignment_members m
     WHERE m.assignment_id = ${assignmentId} AND (${which}) AND m.left_on IS NULL AND m.completed_on IS NULL
    ON CONFLICT (official_id, kind, ref_id) DO NOTHING
    RETURNING official_id AS "officialId"`);
  await mailAssignment(
    assignmentId,
    which,
    added.map((a) => ({ officialId: Number(a.officialId), kind: "assignment-new" })),
    now,
  );
  return added.length;
}

/**
 * The e-mails of a build chunk's new members (decision 0037): `officialIds` are
 * the members the chunk inserted, open and not already done; `which` narrows the read to the chunk's
 * window. Their in-app notice is not written here: it is drawn from the membership when the person's
 * bell is next read (`showNewAssignments`), so a national build writes no 2.5 million rows.
 */
export async function mailNewMembers(assignmentId: number, which: SQL, officialIds: number[], now = new Date()): Promise<void> {
  await mailAssignment(
    assignmentId,
    which,
    officialIds.map((officialId) => ({ officialId, kind: "assignment-new" })),
    now,
  );
}

/**
 * A member's "new assignment" notice, drawn from the membership: the assignments this person is an
 * open, unfinished member of, not withdrawn, whose event (the assignment's creation, or their joining
 * day) is newer than the read notices' keep time, and that have no notice row yet. The notice's time
 * is that event's, so housekeeping deletes it by the same rule as any other and it never comes back.
 */
function unshownNew(officialId: number | SQL, today: string) {
  // A day inside the keep time, so a notice housekeeping deleted (older than 90 days) is never drawn again.
  const cutoffDay = addDays(today, 1 - KEEP_READ_DAYS);
  return sql`
      FROM assignment_members m JOIN assignments a ON a.id = m.assignment_id
     WHERE m.official_id = ${officialId} AND m.left_on IS NULL AND m.completed_on IS NULL AND a.status <> 'withdrawn'
       AND (a.created_at > ${cutoffDay} OR m.assigned_on > ${cutoffDay})
       AND NOT EXISTS (SELECT 1 FROM notifications n
                        WHERE n.official_id = m.official_id AND n.kind = 'assignment-new' AND n.ref_id = m.assignment_id)`;
}

/**
 * Writes this person's "new assignment" notices that the membership implies and that are not rows yet
 * (one indexed read when there are none, which is nearly always; a short write the first time after a
 * new assignment). Idempotent: two requests at once write each notice once (unique key).
 */
export async function showNewAssignments(officialId: number, today = vnToday()): Promise<number> {
  const missing = await row<{ n: number }>(sql`SELECT count(*) AS n ${unshownNew(officialId, today)}`);
  if (Number(missing?.n ?? 0) === 0) return 0;
  return transaction(() =>
    exec(sql`
      INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at)
      SELECT m.official_id, 'assignment-new', m.assignment_id, m.course_id,
             CASE WHEN m.assigned_on > substr(a.created_at, 1, 10) THEN m.assigned_on || 'T00:00:00.000Z' ELSE a.created_at END
      ${unshownNew(officialId, today)}
      ON CONFLICT (official_id, kind, ref_id) DO NOTHING`),
  );
}

const ASSIGNMENT_MAIL: Record<string, MailKind> = {
  "assignment-new": "assignment-new",
  "assignment-due-7": "assignment-due",
  "assignment-due-1": "assignment-due",
  "assignment-overdue": "assignment-overdue",
};

/** The e-mails of notifications just added for members of one assignment (those with an address). */
async function mailAssignment(assignmentId: number, which: SQL, added: Added[], now: Date) {
  if (added.length === 0) return;
  const wanted = new Map<number, NotificationKind[]>();
  for (const a of added) wanted.set(a.officialId, [...(wanted.get(a.officialId) ?? []), a.kind]);
  const people = await rows<{
    id: number;
    email: string;
    ho: string;
    dem: string;
    ten: string;
    dueOn: string;
    title: string;
    slug: string;
  }>(sql`
    SELECT o.id, o.email, o.ho, o.dem, o.ten, m.due_on AS "dueOn", c.title, c.slug
      FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN courses c ON c.id = m.course_id
     WHERE m.assignment_id = ${assignmentId} AND (${which}) AND o.active AND o.email IS NOT NULL AND o.email <> ''`);
  const messages: OutgoingMail[] = [];
  for (const p of people) {
    const id = Number(p.id);
    for (const kind of wanted.get(id) ?? []) {
      const due = p.dueOn === NO_DUE_DAY ? null : formatDate(p.dueOn);
      const [subject, paragraph] =
        kind === "assignment-new"
          ? [t.notifications.mailNewSubject(p.title), t.notifications.assignmentNew(p.title, due)]
          : kind === "assignment-due-7"
            ? [t.notifications.mailDue7Subject(p.title), t.notifications.due7(p.title, due ?? "")]
            : kind === "assignment-due-1"
              ? [t.notifications.mailDue1Subject(p.title), t.notifications.due1(p.title, due ?? "")]
              : [t.notifications.mailOverdueSubject(p.title), t.notifications.overdue(p.title, due ?? "")];
      messages.push({
        officialId: id,
        address: p.email,
        kind: ASSIGNMENT_MAIL[kind]!,
        key: `${kind}:${assignmentId}:${id}`,
        ...compose({
          name: fullName(p),
          subject,
          paragraphs: [paragraph],
          linkLabel: t.notifications.mailCourseLink,
          link: env().publicUrl + courseLink(p.slug),
        }),
      });
    }
  }
  await enqueueMailBatch(messages, now);
}

/** Official ids per chunk of the daily job (one short transaction each). */
export const REMINDER_CHUNK = 5000;

export type ReminderRun = { assignments: number; chunks: number; added: number };

/**
 * The daily reminders of `today` (a Vietnamese day): for the open, unfinished members of every
 * assignment not withdrawn, "due in 7 days" (due in 2–7 days, for members assigned at least a week
 * before their due day, so a missed day is caught up), "due tomorrow" (due today or tomorrow) and
 * "overdue" (due in the last 7 days, so a few missed runs are caught up and a notification deleted
 * after 90 days never comes back). Walks each assignment's members by windows of official ids (its
 * primary key), one short transaction per window, all three kinds in one INSERT … SELECT. Resumable:
 * running it again adds nothing (unique keys). A member's own due day counts; '9999-12-31' never.
 */
export async function remindDue(today = vnToday(), chunk = REMINDER_CHUNK, now = new Date()): Promise<ReminderRun> {
  const tomorrow = addDays(today, 1);
  // A member's due day is never before their assignment's (joiners get a later one): assignments due
  // later than a week from today have nobody to remind.
  const list = await rows<{ id: number }>(
    sql`SELECT id FROM assignments WHERE status <> 'withdrawn' AND due_on <= ${addDays(today, 7)} ORDER BY id`,
  );
  const weekTerms = [2, 3, 4, 5, 6, 7].map((n) => {
    const due = addDays(today, n);
    return sql`(m.due_on = ${due} AND m.assigned_on <= ${addDays(due, -7)})`;
  });
  const kind = sql`CASE WHEN m.due_on < ${today} THEN 'assignment-overdue' WHEN m.due_on <= ${tomorrow} THEN 'assignment-due-1'
                        ELSE 'assignment-due-7' END`;
  const when = sql`((m.due_on >= ${addDays(today, -7)} AND m.due_on <= ${tomorrow}) OR ${sql.join(weekTerms, sql` OR `)})`;
  const run: ReminderRun = { assignments: list.length, chunks: 0, added: 0 };
  for (const a of list) {
    const span = await row<{ lo: number | null; hi: number | null }>(
      sql`SELECT min(official_id) AS lo, max(official_id) AS hi FROM assignment_members WHERE assignment_id = ${a.id}`,
    );
    if (span?.lo == null || span.hi == null) continue;
    for (let from = Number(span.lo) - 1; from < Number(span.hi); from += chunk) {
      const window = sql`m.official_id > ${from} AND m.official_id <= ${from + chunk}`;
      run.chunks++;
      run.added += await transaction(async () => {
        const added = await rows<{ officialId: number; kind: NotificationKind }>(sql`
          INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at)
          SELECT m.official_id, ${kind}, m.assignment_id, m.course_id, ${now.toISOString()}
            FROM assignment_members m JOIN assignments a ON a.id = m.assignment_id
           WHERE m.assignment_id = ${a.id} AND ${window} AND a.status <> 'withdrawn'
             AND m.completed_on IS NULL AND m.left_on IS NULL AND ${when}
          ON CONFLICT (official_id, kind, ref_id) DO NOTHING
          RETURNING official_id AS "officialId", kind`);
        await mailAssignment(
          a.id,
          window,
          added.map((r) => ({ officialId: Number(r.officialId), kind: r.kind })),
          now,
        );
        return added.length;
      });
      // Let other requests run between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return run;
}

/** The Vietnamese hour from which the day's reminders go out (nobody wants a reminder at midnight). */
export const REMINDER_HOUR = 7;

/**
 * Runs today's reminders when it is past REMINDER_HOUR in Vietnam and no process has claimed today's
 * run yet (claimJob: one row per Vietnamese day, so two processes on one database run it once).
 * Returns the run, or null when it was not this process's to do.
 */
export async function runDailyReminders(now = new Date()): Promise<ReminderRun | null> {
  if (vnHour(now) < REMINDER_HOUR) return null;
  const day = vnToday(now);
  if (!(await claimJob(`${DAILY_JOB}${day}`, 24 * 3600_000, now))) return null;
  return remindDue(day, REMINDER_CHUNK, now);
}

const DAILY_JOB = "notifications-daily:";

let timer: NodeJS.Timeout | undefined;

/** Looks every 10 minutes whether today's reminders are due (the timer does not keep the process alive). */
export function startDailyReminders(everyMs = 600_000) {
  const run = () => void runDailyReminders().catch((error: unknown) => console.error(t.notifications.dailyFailed, error));
  run();
  timer ??= setInterval(run, everyMs);
  timer.unref();
}

// ---- Courses and quizzes ----------------------------------------------------------------------

/** "You passed the course", for the completion just recorded. Call inside its transaction. */
export async function notifyCoursePassed(officialId: number, courseId: number, epoch: number, now = new Date()) {
  await exec(sql`
    INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at)
    SELECT cc.official_id, 'course-passed', cc.id, cc.course_id, ${now.toISOString()}
      FROM course_completions cc
     WHERE cc.official_id = ${officialId} AND cc.course_id = ${courseId} AND cc.epoch = ${epoch}
    ON CONFLICT (official_id, kind, ref_id) DO NOTHING`);
}

/**
 * "You have N more attempts", for a grant just written: to the official, or to every active official
 * now in the unit's subtree (who the grant covers today). In-app and the optional e-mail. Call inside
 * the grant's transaction.
 */
export async function notifyGrant(
  grant: { id: number; courseId: number; count: number; officialId: number | null; unitId: number | null },
  now = new Date(),
) {
  let who: SQL;
  if (grant.officialId !== null) who = sql`o.id = ${grant.officialId}`;
  else {
    const unit = await row<{ path: string }>(sql`SELECT path FROM units WHERE id = ${grant.unitId}`);
    if (!unit) return;
    who = sql`o.unit_id IN (SELECT id FROM units WHERE path >= ${unit.path} AND path < ${pathUpperBound(unit.path)})`;
  }
  const added = await rows<{ officialId: number }>(sql`
    INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at)
    SELECT o.id, 'attempts-granted', ${grant.id}, ${grant.courseId}, ${now.toISOString()}
      FROM officials o
     WHERE ${who} AND o.active
    ON CONFLICT (official_id, kind, ref_id) DO NOTHING
    RETURNING official_id AS "officialId"`);
  if (added.length === 0) return;
  const course = await row<{ title: string; slug: string }>(sql`SELECT title, slug FROM courses WHERE id = ${grant.courseId}`);
  if (!course) return;
  const ids = added.map((a) => Number(a.officialId));
  const messages: OutgoingMail[] = [];
  for (let i = 0; i < ids.length; i += 5000)
    for (const p of await rows<{ id: number; email: string; ho: string; dem: string; ten: string }>(
      sql`SELECT id, email, ho, dem, ten FROM officials WHERE ${inIds(sql`id`, ids.slice(i, i + 5000))} AND email IS NOT NULL AND email <> ''`,
    ))
      messages.push({
        officialId: Number(p.id),
        address: p.email,
        kind: "attempts-granted",
        key: `attempts-granted:${grant.id}:${Number(p.id)}`,
        ...compose({
          name: fullName(p),
          subject: t.notifications.mailGrantSubject(course.title),
          paragraphs: [t.notifications.attemptsGranted(course.title, grant.count)],
          linkLabel: t.notifications.mailQuizLink,
          link: `${env().publicUrl}${courseLink(course.slug)}/quiz`,
        }),
      });
  await enqueueMailBatch(messages, now);
}

// ---- The bell and the page --------------------------------------------------------------------

/**
 * Unread notifications of one person (the bell), on every signed-in page where the session lookup did
 * not bring them (root loader): unread notices and, in the same statement, whether a new
 * assignment's notice is still to be written (showNewAssignments). One round trip when there is none,
 * which is nearly always (issue 19 item 5).
 */
export async function unreadCount(officialId: number, today = vnToday()): Promise<number> {
  const r = await row<BellRow>(sql`SELECT ${bellColumns(sql`${officialId}`, today)}`, { prepare: true });
  const ready = bellFigure(r);
  if (ready !== null) return ready;
  await showNewAssignments(officialId, today);
  const again = await row<{ n: number }>(
    sql`SELECT count(*) AS n FROM notifications WHERE official_id = ${officialId} AND read_at IS NULL`,
  );
  return Number(again?.n ?? 0);
}

export type BellRow = { unread: number; bellPending: number };

/**
 * The bell's two counts as columns of another query, for the official whose id is `official` there
 * (a column such as o.id, or a value): unread notices, and new-assignment notices not yet written. The
 * session lookup reads them with the session, so a page's bell costs no statement of its own.
 */
export function bellColumns(official: SQL, today = vnToday()): SQL {
  return sql`(SELECT count(*) FROM notifications bn WHERE bn.official_id = ${official} AND bn.read_at IS NULL) AS unread,
             (SELECT count(*) ${unshownNew(official, today)}) AS "bellPending"`;
}

/** The unread count from bellColumns, or null when notices are still to be written (unreadCount writes them). */
export function bellFigure(r: BellRow | undefined): number | null {
  return Number(r?.bellPending ?? 0) === 0 ? Number(r?.unread ?? 0) : null;
}

export type NotificationView = { id: number; kind: NotificationKind; text: string; link: string; createdAt: string; read: boolean };

/** How many the page shows (newest first); older ones are pruned by housekeeping. */
export const PAGE_SIZE = 100;

/** One person's newest notifications, with their text and link. Only theirs: every row is filtered by official. */
export async function notificationsOf(officialId: number, limit = PAGE_SIZE): Promise<NotificationView[]> {
  await showNewAssignments(officialId);
  const found = await rows<{
    id: number;
    kind: NotificationKind;
    createdAt: string;
    readAt: string | null;
    title: string;
    slug: string;
    dueOn: string | null;
    count: number | null;
  }>(sql`
    SELECT n.id, n.kind, n.created_at AS "createdAt", n.read_at AS "readAt", c.title, c.slug, m.due_on AS "dueOn", g.count
      FROM notifications n
      JOIN courses c ON c.id = n.course_id
      LEFT JOIN assignment_members m ON n.kind IN (${sql.join(
        ASSIGNMENT_KINDS.map((k) => sql`${k}`),
        sql`, `,
      )}) AND m.assignment_id = n.ref_id AND m.official_id = n.official_id
      LEFT JOIN attempt_grants g ON n.kind = 'attempts-granted' AND g.id = n.ref_id
     WHERE n.official_id = ${officialId}
     ORDER BY n.id DESC
     LIMIT ${limit}`);
  return found.map((n) => ({
    id: Number(n.id),
    kind: n.kind,
    text: textOf(n),
    link: n.kind === "attempts-granted" ? `${courseLink(n.slug)}/quiz` : courseLink(n.slug),
    createdAt: n.createdAt,
    read: n.readAt !== null,
  }));
}

function textOf(n: { kind: NotificationKind; title: string; dueOn: string | null; count: number | null }): string {
  const due = n.dueOn && n.dueOn !== NO_DUE_DAY ? formatDate(n.dueOn) : null;
  switch (n.kind) {
    case "assignment-new":
      return t.notifications.assignmentNew(n.title, due);
    case "assignment-due-7":
      return t.notifications.due7(n.title, due ?? "");
    case "assignment-due-1":
      return t.notifications.due1(n.title, due ?? "");
    case "assignment-overdue":
      return t.notifications.overdue(n.title, due ?? "");
    case "course-passed":
      return t.notifications.coursePassed(n.title);
    case "attempts-granted":
      return t.notifications.attemptsGranted(n.title, Number(n.count ?? 0));
  }
}

/**
 * Marks one notification of this person read and returns where it leads (null: not theirs, or gone).
 * The link is computed here from the row, never taken from the request.
 */
export async function openNotification(officialId: number, id: number, now = new Date()): Promise<string | null> {
  return transaction(async () => {
    await exec(
      sql`UPDATE notifications SET read_at = ${now.toISOString()} WHERE id = ${id} AND official_id = ${officialId} AND read_at IS NULL`,
    );
    const [found] = await linksOf(officialId, [id]);
    return found ?? null;
  });
}

async function linksOf(officialId: number, ids: number[]): Promise<string[]> {
  const found = await rows<{ kind: NotificationKind; slug: string }>(sql`
    SELECT n.kind, c.slug FROM notifications n JOIN courses c ON c.id = n.course_id
     WHERE n.official_id = ${officialId} AND ${inIds(sql`n.id`, ids)}`);
  return found.map((n) => (n.kind === "attempts-granted" ? `${courseLink(n.slug)}/quiz` : courseLink(n.slug)));
}

/**
 * Marks this person's unread notifications up to `upToId` (the newest the page showed) read: one that
 * arrived after the page was drawn stays unread. Returns how many.
 */
export async function markAllRead(officialId: number, upToId: number, now = new Date()): Promise<number> {
  return transaction(() =>
    exec(sql`UPDATE notifications SET read_at = ${now.toISOString()}
              WHERE official_id = ${officialId} AND id <= ${upToId} AND read_at IS NULL`),
  );
}

// ---- Housekeeping -----------------------------------------------------------------------------

export const KEEP_READ_DAYS = 90;
export const KEEP_ANY_DAYS = 365;

/**
 * Keeps the table bounded: read notifications older than 90 days and any older than a year are
 * deleted, 5,000 at a time (each batch its own short transaction); so are the daily job's rows of
 * job_runs older than 30 days. Returns how many notifications went.
 */
export async function pruneNotifications(now = new Date()): Promise<number> {
  const day = 86400_000;
  const readBefore = new Date(now.getTime() - KEEP_READ_DAYS * day).toISOString();
  const anyBefore = new Date(now.getTime() - KEEP_ANY_DAYS * day).toISOString();
  let total = 0;
  for (;;) {
    const n = await transaction(() =>
      exec(sql`DELETE FROM notifications WHERE id IN (
                 SELECT id FROM notifications
                  WHERE created_at < ${readBefore} AND (read_at IS NOT NULL OR created_at < ${anyBefore})
                  LIMIT 5000)`),
    );
    total += n;
    if (n < 5000) break;
  }
  const jobsBefore = new Date(now.getTime() - 30 * day).toISOString();
  await transaction(() => exec(sql`DELETE FROM job_runs WHERE name LIKE ${`${DAILY_JOB}%`} AND last_run_at < ${jobsBefore}`));
  return total;
}
