// Counts of assigned people per unit and assignment (issue 15), read from the assignment figures
// (app/figures/assignment-figures.server.ts): a few rows per unit and due day, whatever the number of
// people. Shared by the assignment pages and the unit report's "all assignments" figures.
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { endOfVnDay, vnToday } from "~/i18n/time";

export type AssignmentCounts = {
  assigned: number;
  onTime: number;
  late: number;
  overdue: number;
  inProgress: number;
  notStarted: number;
  /** (on time + late) / assigned, 0–1; 0 when nobody is assigned. */
  rate: number;
};

export type DueRow = { dueOn: string; assigned: number; started: number; completed: number; late: number };

export const NO_COUNTS: AssignmentCounts = { assigned: 0, onTime: 0, late: 0, overdue: 0, inProgress: 0, notStarted: 0, rate: 0 };

/** The five states on `day` (end of it) from figures per personal due day. */
export function countsOn(dueRows: DueRow[], day: string): AssignmentCounts {
  const c = { ...NO_COUNTS };
  for (const r of dueRows) {
    const [assigned, started, completed, late] = [Number(r.assigned), Number(r.started), Number(r.completed), Number(r.late)];
    c.assigned += assigned;
    c.late += late;
    c.onTime += completed - late;
    if (r.dueOn < day) c.overdue += assigned - completed;
    else {
      c.inProgress += started - completed;
      c.notStarted += assigned - started;
    }
  }
  c.rate = c.assigned > 0 ? (c.onTime + c.late) / c.assigned : 0;
  return c;
}

type Keyed = DueRow & { unitId: number; assignmentId: number };

/** Counts per unit and assignment: the running totals now, or the daily rows up to `asOf`. */
export async function assignmentCounts(unitIds: number[], assignmentIds: number[], asOf: string | null) {
  const out = new Map<number, Map<number, AssignmentCounts>>();
  if (unitIds.length === 0 || assignmentIds.length === 0) return out;
  const day = asOf ?? vnToday();
  const found =
    asOf === null
      ? await rows<Keyed>(
          sql`SELECT unit_id AS "unitId", assignment_id AS "assignmentId", due_on AS "dueOn", assigned, started, completed, late
                FROM assignment_totals WHERE ${inIds(sql`unit_id`, unitIds)} AND ${inIds(sql`assignment_id`, assignmentIds)}`,
          { prepare: true },
        )
      : await rows<Keyed>(
          sql`SELECT unit_id AS "unitId", assignment_id AS "assignmentId", due_on AS "dueOn", sum(assigned) AS assigned, sum(started) AS started,
                     sum(completed) AS completed, sum(late) AS late
                FROM assignment_daily WHERE ${inIds(sql`unit_id`, unitIds)} AND ${inIds(sql`assignment_id`, assignmentIds)} AND day <= ${asOf}
               GROUP BY unit_id, assignment_id, due_on`,
          { prepare: true },
        );
  const grouped = new Map<string, DueRow[]>();
  for (const r of found) {
    const key = `${r.unitId}|${r.assignmentId}`;
    grouped.set(key, [...(grouped.get(key) ?? []), r]);
  }
  for (const u of unitIds) {
    const perAssignment = new Map<number, AssignmentCounts>();
    for (const a of assignmentIds) perAssignment.set(a, countsOn(grouped.get(`${u}|${a}`) ?? [], day));
    out.set(u, perAssignment);
  }
  return out;
}

export type ReportAssignment = {
  id: number;
  courseId: number;
  courseTitle: string;
  note: string;
  startOn: string;
  dueOn: string;
  status: string;
};

/** Assignments that had started by the day (not withdrawn, or withdrawn after it), oldest first. */
export async function assignmentsStarted(asOf: string | null): Promise<ReportAssignment[]> {
  const day = asOf ?? vnToday();
  const withdrawnAfter = asOf === null ? sql`1 = 0` : sql`a.updated_at > ${endOfVnDay(asOf)}`;
  return rows<ReportAssignment>(
    sql`SELECT a.id, a.course_id AS "courseId", c.title AS "courseTitle", a.note, a.start_on AS "startOn", a.due_on AS "dueOn", a.status
          FROM assignments a JOIN courses c ON c.id = a.course_id
         WHERE a.start_on <= ${day} AND (a.status <> 'withdrawn' OR ${withdrawnAfter})
         ORDER BY a.start_on, a.id`,
  );
}
