// Assignment figures (issue 15, docs/decisions/0027): the only writer of assignment_daily and
// assignment_totals, and of the started/completed days of assignment_members. Like the rollups
// (decision 0007) every change is added in the transaction of the event that causes it, to the
// official's unit and every ancestor, keyed by the member's own due day, so "overdue as of D" is read
// from a few rows per unit whatever the number of people:
//   overdue(D)      = Σ over due days < D of (assigned − completed)
//   in progress(D)  = Σ over due days ≥ D of (started − completed)
//   not started(D)  = Σ over due days ≥ D of (assigned − started)
//   completed late  = Σ late; on time = completed − late.
// A member's figures are dated no earlier than their assigned day: a course finished before the
// assignment counts as completed (on time) from the day they were assigned.
import { sql } from "drizzle-orm";
import { exec, rows } from "~/db/client.server";
import { jsonTable } from "~/db/portable.server";
import { ancestorIds } from "~/db/unit-path";

export type AssignmentFigureRow = {
  unit: number;
  assignmentId: number;
  dueOn: string;
  day: string;
  assigned: number;
  started: number;
  completed: number;
  late: number;
};

/**
 * Nets figure changes per (unit, assignment, due day, day) as they are added, without an object per
 * change: a national build adds tens of millions of them and keeps a few hundred rows per chunk.
 */
export class FigureSum {
  // Per unit, then per "assignment|due day|day": a member's keys are built once for all its ancestors.
  private readonly sums = new Map<number, Map<string, AssignmentFigureRow>>();
  add(unit: number, assignmentId: number, dueOn: string, day: string, assigned: number, started: number, completed: number, late: number) {
    this.addKeyed(unit, `${assignmentId}|${dueOn}|${day}`, assignmentId, dueOn, day, assigned, started, completed, late);
  }
  /** add() with the key of (assignment, due day, day) made by the caller (the same for every ancestor). */
  addKeyed(
    unit: number,
    key: string,
    assignmentId: number,
    dueOn: string,
    day: string,
    assigned: number,
    started: number,
    completed: number,
    late: number,
  ) {
    let ofUnit = this.sums.get(unit);
    if (!ofUnit) this.sums.set(unit, (ofUnit = new Map()));
    const had = ofUnit.get(key);
    if (had) {
      had.assigned += assigned;
      had.started += started;
      had.completed += completed;
      had.late += late;
    } else ofUnit.set(key, { unit, assignmentId, dueOn, day, assigned, started, completed, late });
  }
  rows(): AssignmentFigureRow[] {
    const out: AssignmentFigureRow[] = [];
    for (const ofUnit of this.sums.values()) for (const r of ofUnit.values()) out.push(r);
    return out;
  }
}

/** Adds the rows to the daily and running-total figures (netted per key first; zero rows are skipped). */
export async function writeAssignmentFigures(input: AssignmentFigureRow[] | FigureSum) {
  let netted: AssignmentFigureRow[];
  if (input instanceof FigureSum) netted = input.rows();
  else {
    const sum = new FigureSum();
    for (const r of input) sum.add(r.unit, r.assignmentId, r.dueOn, r.day, r.assigned, r.started, r.completed, r.late);
    netted = sum.rows();
  }
  const figures = netted.filter((r) => r.assigned !== 0 || r.started !== 0 || r.completed !== 0 || r.late !== 0);
  if (figures.length === 0) return;
  // In key order: two transactions adding to the same rows (PostgreSQL) take their locks in one order.
  figures.sort((a, b) => a.unit - b.unit || cmp(a.dueOn, b.dueOn) || cmp(a.day, b.day) || a.assignmentId - b.assignmentId);
  const totals = new FigureSum();
  for (const r of figures) totals.add(r.unit, r.assignmentId, r.dueOn, "", r.assigned, r.started, r.completed, r.late);
  for (let i = 0; i < figures.length; i += 5000) {
    const part = figures.slice(i, i + 5000);
    await exec(
      sql`INSERT INTO assignment_daily (unit_id, assignment_id, due_on, day, assigned, started, completed, late)
      SELECT unit_id, assignment_id, due_on, day, assigned, started, completed, late
        FROM ${jsonTable(
          part.map((r) => [r.unit, r.assignmentId, r.dueOn, r.day, r.assigned, r.started, r.completed, r.late]),
          DAILY_COLUMNS,
        )} AS r WHERE true
      ON CONFLICT (unit_id, assignment_id, due_on, day) DO UPDATE SET
        assigned = assignment_daily.assigned + excluded.assigned, started = assignment_daily.started + excluded.started,
        completed = assignment_daily.completed + excluded.completed, late = assignment_daily.late + excluded.late`,
      { prepare: true },
    );
  }
  // Totals: one row per unit, assignment and due day (the day folded away).
  const t = totals.rows();
  for (let i = 0; i < t.length; i += 5000) {
    const part = t.slice(i, i + 5000);
    await exec(
      sql`INSERT INTO assignment_totals (unit_id, assignment_id, due_on, assigned, started, completed, late)
      SELECT unit_id, assignment_id, due_on, assigned, started, completed, late
        FROM ${jsonTable(
          part.map((r) => [r.unit, r.assignmentId, r.dueOn, r.assigned, r.started, r.completed, r.late]),
          TOTAL_COLUMNS,
        )} AS r WHERE true
      ON CONFLICT (unit_id, assignment_id, due_on) DO UPDATE SET
        assigned = assignment_totals.assigned + excluded.assigned, started = assignment_totals.started + excluded.started,
        completed = assignment_totals.completed + excluded.completed, late = assignment_totals.late + excluded.late`,
      { prepare: true },
    );
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const DAILY_COLUMNS = [
  ["unit_id", "int"],
  ["assignment_id", "int"],
  ["due_on", "text"],
  ["day", "text"],
  ["assigned", "int"],
  ["started", "int"],
  ["completed", "int"],
  ["late", "int"],
] as const satisfies readonly [string, "int" | "text"][];
const TOTAL_COLUMNS = DAILY_COLUMNS.filter(([name]) => name !== "day");

/** A member as the figures see them. Days are "YYYY-MM-DD"; null when not (yet). */
export type MemberFacts = {
  assignmentId: number;
  unitPath: string;
  assignedOn: string;
  dueOn: string;
  startedOn: string | null;
  completedOn: string | null;
};

const later = (a: string, b: string) => (a > b ? a : b);

/** Completed after the due day (the completion dated no earlier than the assignment). */
export const isLate = (m: Pick<MemberFacts, "assignedOn" | "dueOn" | "completedOn">) =>
  m.completedOn !== null && later(m.completedOn, m.assignedOn) > m.dueOn;

/** The figures of members joining the audience (sign +1): each event on its own day, never before the assigned day. */
export function joiningRows(members: MemberFacts[], into = new FigureSum()): FigureSum {
  const ancestorsOf = new Map<string, number[]>();
  for (const m of members) {
    const startDay = m.startedOn !== null || m.completedOn !== null ? later(m.startedOn ?? m.completedOn!, m.assignedOn) : null;
    const doneDay = m.completedOn !== null ? later(m.completedOn, m.assignedOn) : null;
    const late = isLate(m) ? 1 : 0;
    const prefix = `${m.assignmentId}|${m.dueOn}|`;
    const assignedKey = prefix + m.assignedOn;
    const startKey = startDay !== null ? prefix + startDay : "";
    const doneKey = doneDay !== null ? prefix + doneDay : "";
    let units = ancestorsOf.get(m.unitPath);
    if (!units) ancestorsOf.set(m.unitPath, (units = ancestorIds(m.unitPath)));
    for (const unit of units) {
      into.addKeyed(unit, assignedKey, m.assignmentId, m.dueOn, m.assignedOn, 1, 0, 0, 0);
      if (startDay !== null) into.addKeyed(unit, startKey, m.assignmentId, m.dueOn, startDay, 0, 1, 0, 0);
      if (doneDay !== null) into.addKeyed(unit, doneKey, m.assignmentId, m.dueOn, doneDay, 0, 0, 1, late);
    }
  }
  return into;
}

/** The figure rows of whole members moving by `sign` on `day` at these units (leaving: −1 at their units; a move: −1 old, +1 new). */
export function shiftingRows(
  members: Omit<MemberFacts, "unitPath">[],
  units: [unit: number, sign: number][],
  day: string,
): AssignmentFigureRow[] {
  const out: AssignmentFigureRow[] = [];
  for (const m of members) {
    const started = m.startedOn !== null || m.completedOn !== null ? 1 : 0;
    const completed = m.completedOn !== null ? 1 : 0;
    const late = isLate(m) ? 1 : 0;
    for (const [unit, sign] of units)
      out.push({
        unit,
        assignmentId: m.assignmentId,
        dueOn: m.dueOn,
        day: later(day, m.assignedOn),
        assigned: sign,
        started: sign * started,
        completed: sign * completed,
        late: sign * late,
      });
  }
  return out;
}

/**
 * A course event of an official (first start, completion) on `day`: sets the day on their open
 * memberships of assignments of this course that did not have it yet, and adds the figures. Two
 * statements when they are assigned nothing (the hot path pays little); call inside the event's
 * transaction, after lock("official", officialId).
 */
export async function addAssignmentCourseEvent(
  officialId: number,
  courseId: number,
  unitPath: string,
  day: string,
  what: { started: boolean; completed: boolean },
) {
  type Touched = { assignmentId: number; dueOn: string; assignedOn: string; startedOn: string | null };
  const out: AssignmentFigureRow[] = [];
  const units = ancestorIds(unitPath);
  // Completion first, then the start (both in one event: a one-lesson course finished at once).
  if (what.completed) {
    const done = await rows<Touched>(
      sql`UPDATE assignment_members SET completed_on = ${day}
           WHERE official_id = ${officialId} AND course_id = ${courseId} AND completed_on IS NULL AND left_on IS NULL
             AND assignment_id IN (SELECT id FROM assignments WHERE status <> 'withdrawn')
       RETURNING assignment_id AS "assignmentId", due_on AS "dueOn", assigned_on AS "assignedOn", started_on AS "startedOn"`,
      { prepare: true },
    );
    for (const m of done) {
      const late = isLate({ ...m, completedOn: day }) ? 1 : 0;
      for (const unit of units)
        out.push({
          unit,
          assignmentId: m.assignmentId,
          dueOn: m.dueOn,
          day: later(day, m.assignedOn),
          assigned: 0,
          started: 0,
          completed: 1,
          late,
        });
    }
  }
  // A member's started day is set when they are assigned (from any epoch's start) or at the first
  // start: a completion of a course already started has nothing to add here.
  if (what.started) {
    const started = await rows<Touched>(
      sql`UPDATE assignment_members SET started_on = ${day}
           WHERE official_id = ${officialId} AND course_id = ${courseId} AND started_on IS NULL AND left_on IS NULL
             AND assignment_id IN (SELECT id FROM assignments WHERE status <> 'withdrawn')
       RETURNING assignment_id AS "assignmentId", due_on AS "dueOn", assigned_on AS "assignedOn", started_on AS "startedOn"`,
      { prepare: true },
    );
    for (const m of started)
      for (const unit of units)
        out.push({
          unit,
          assignmentId: m.assignmentId,
          dueOn: m.dueOn,
          day: later(day, m.assignedOn),
          assigned: 0,
          started: 1,
          completed: 0,
          late: 0,
        });
  }
  if (out.length > 0) await writeAssignmentFigures(out);
}

/**
 * An official moves between units (moved: the netted unit deltas of shiftOfficial): their open
 * memberships' figures go with them on `day`. Whether they still belong to each audience is the
 * assignments room's business (reconcile), called by the people and units rooms after the move.
 */
export async function shiftAssignmentFigures(officialId: number, moved: [unit: number, sign: number][], day: string) {
  const members = await rows<Omit<MemberFacts, "unitPath">>(
    sql`SELECT m.assignment_id AS "assignmentId", m.assigned_on AS "assignedOn", m.due_on AS "dueOn",
               m.started_on AS "startedOn", m.completed_on AS "completedOn"
          FROM assignment_members m JOIN assignments a ON a.id = m.assignment_id AND a.status <> 'withdrawn'
         WHERE m.official_id = ${officialId} AND m.left_on IS NULL`,
    { prepare: true },
  );
  if (members.length > 0) await writeAssignmentFigures(shiftingRows(members, moved, day));
}
