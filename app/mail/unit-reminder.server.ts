// "Nhắc người quá hạn" (issue 16 item 3, docs/decisions/0031): from the assignment report of one unit, a
// manager (within scope: the route checks it) sends the required "overdue" e-mail to the overdue people
// of that unit's subtree — at most once per day per unit × assignment, audited.
//
// Once: the audit log row of the press is the record ("unit-reminder", subject "<unit>:<assignment>",
// at). The check and the write run in one transaction under lock("unit-reminder", unit) (PostgreSQL:
// an advisory lock; SQLite serialises writers), so two presses at once send once. Each message's
// outbox key names the person, the assignment and the day: someone overdue in a commune reminded from
// the commune and from the district on one day gets one e-mail.
import { sql } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { lock, row, rows, transaction } from "~/db/client.server";
import { env } from "~/env.server";
import { formatDate } from "~/i18n/format";
import { dayOf, startOfVnDay } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import type { ReportAssignment } from "~/reports/assignment-counts.server";
import type { Unit } from "~/units/tree.server";
import { compose } from "./messages.server";
import { enqueueMail } from "./outbox.server";

export const REMINDER_ACTION = "unit-reminder";
export const REMINDER_SUBJECT = "unit-assignment";

export type SentToday = { at: string; by: string | null };

export type ReminderResult =
  | { kind: "sent"; overdue: number; queued: number; noAddress: number; at: string }
  | { kind: "already"; at: string; by: string | null }
  | { kind: "nobody" }
  | { kind: "withdrawn" };

/** The reminder sent today (Vietnam day) for this unit and assignment, with who sent it; null when none. */
export async function reminderSentToday(unitId: number, assignmentId: number, now = new Date()): Promise<SentToday | null> {
  const found = await row<{ at: string; ho: string | null; dem: string | null; ten: string | null }>(sql`
    SELECT a.at, o.ho, o.dem, o.ten
      FROM audit_log a LEFT JOIN officials o ON o.id = a.actor_id
     WHERE a.subject_type = ${REMINDER_SUBJECT} AND a.subject_id = ${`${unitId}:${assignmentId}`} AND a.action = ${REMINDER_ACTION}
       AND a.at >= ${startOfVnDay(dayOf(now))}
     ORDER BY a.id DESC LIMIT 1`);
  if (!found) return null;
  return { at: found.at, by: found.ten === null ? null : fullName({ ho: found.ho ?? "", dem: found.dem ?? "", ten: found.ten }) };
}

type Overdue = { id: number; email: string | null; ho: string; dem: string; ten: string };

/** The overdue people of the assignment now in the unit's subtree (active, still members, not finished, due day passed). */
async function overduePeople(unit: Pick<Unit, "path">, assignmentId: number, today: string): Promise<Overdue[]> {
  const upper = unit.path.slice(0, -1) + "0";
  return rows<Overdue>(sql`
    SELECT o.id, o.email, o.ho, o.dem, o.ten
      FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
     WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND m.completed_on IS NULL AND m.due_on < ${today}
       AND o.active AND u.path >= ${unit.path} AND u.path < ${upper}
     ORDER BY o.id`);
}

/**
 * Sends the reminder for one unit and assignment, once per day: in one transaction, the check, the
 * messages (required kind "assignment-overdue") and the audit row. The caller has checked the scope.
 */
export async function sendUnitReminder(
  actorId: number,
  unit: Pick<Unit, "id" | "path" | "name">,
  assignment: ReportAssignment,
  now = new Date(),
): Promise<ReminderResult> {
  if (assignment.status !== "active") return { kind: "withdrawn" };
  const today = dayOf(now);
  return transaction(async (): Promise<ReminderResult> => {
    await lock(REMINDER_ACTION, unit.id);
    const already = await reminderSentToday(unit.id, assignment.id, now);
    if (already) return { kind: "already", ...already };
    const people = await overduePeople(unit, assignment.id, today);
    if (people.length === 0) return { kind: "nobody" };
    const course = await row<{ slug: string }>(sql`SELECT slug FROM courses WHERE id = ${assignment.courseId}`);
    const link = `${env().publicUrl}/courses/${encodeURIComponent(course?.slug ?? "")}`;
    let queued = 0;
    let noAddress = 0;
    for (const p of people) {
      if (!p.email) {
        noAddress++;
        continue;
      }
      const message = compose({
        name: fullName(p),
        subject: t.digest.reminderSubject(assignment.courseTitle),
        paragraphs: [t.digest.reminderBody(assignment.courseTitle, formatDate(assignment.dueOn), unit.name)],
        linkLabel: t.digest.reminderLink,
        link,
      });
      const result = await enqueueMail(
        {
          officialId: p.id,
          address: p.email,
          kind: "assignment-overdue",
          key: `overdue-reminder:${assignment.id}:${p.id}:${today}`,
          ...message,
        },
        now,
      );
      if (result === "queued") queued++;
    }
    const at = now.toISOString();
    await audit(actorId, REMINDER_ACTION, REMINDER_SUBJECT, `${unit.id}:${assignment.id}`, {
      day: today,
      at,
      overdue: people.length,
      queued,
      noAddress,
    });
    return { kind: "sent", overdue: people.length, queued, noAddress, at };
  });
}
