// Reports per assignment (issue 15): for a unit and each child, the assigned people split into
// completed on time, completed late, overdue, in progress and not started — now or as of a day —
// read from the assignment figures (app/figures/assignment-figures.server.ts): a few rows per unit
// and due day, whatever the number of people. Rates use the assigned people as the denominator.
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { NO_DUE_DAY } from "~/db/schema";
import { foldVietnamese, viCollator } from "~/i18n/format";
import { nameMatches } from "~/people/names";
import { vnToday } from "~/i18n/time";
import type { Unit } from "~/units/tree.server";
import { childrenAt } from "./unit-report.server";
import { inSteps, memberOnDaySql, type Scope, scopeSql, stepSql, subtreeScope } from "./scope-sql.server";
import { assignmentCounts, assignmentsStarted, NO_COUNTS, type AssignmentCounts, type ReportAssignment } from "./assignment-counts.server";

export {
  assignmentCounts,
  assignmentsStarted,
  countsOn,
  NO_COUNTS,
  type AssignmentCounts,
  type ReportAssignment,
} from "./assignment-counts.server";

export type AssignmentLine = ReportAssignment & { counts: AssignmentCounts };

/** The assignments with someone assigned in this unit's subtree, with their counts there: most overdue first. */
export async function unitAssignments(
  unit: Pick<Unit, "id">,
  asOf: string | null,
  started?: ReportAssignment[],
): Promise<AssignmentLine[]> {
  // The report page has read the started assignments already (reportFirstReads): it passes them.
  const list = started ?? (await assignmentsStarted(asOf));
  const counts = await assignmentCounts(
    [unit.id],
    list.map((a) => a.id),
    asOf,
  );
  return list
    .map((a) => ({ ...a, counts: counts.get(unit.id)?.get(a.id) ?? NO_COUNTS }))
    .filter((a) => a.counts.assigned > 0)
    .sort((a, b) => b.counts.overdue - a.counts.overdue || a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
}

export type AssignmentChildRow = { id: number; name: string; kind: string; counts: AssignmentCounts };

/** One assignment in one unit: its counts and each child's, the worst first (most overdue share, then lowest rate). */
export async function assignmentReport(unit: Unit, assignment: ReportAssignment, asOf: string | null) {
  const kids = await childrenAt(unit.id, asOf);
  const counts = await assignmentCounts([unit.id, ...kids.map((k) => k.id)], [assignment.id], asOf);
  const of = (id: number) => counts.get(id)?.get(assignment.id) ?? NO_COUNTS;
  const share = (c: AssignmentCounts) => (c.assigned > 0 ? c.overdue / c.assigned : 0);
  const children: AssignmentChildRow[] = kids
    .map((k) => ({ id: k.id, name: k.name, kind: k.kind, counts: of(k.id) }))
    .filter((k) => k.counts.assigned > 0)
    .sort((a, b) => share(b.counts) - share(a.counts) || a.counts.rate - b.counts.rate || viCollator.compare(a.name, b.name));
  return { unit, assignment, asOf, counts: of(unit.id), children };
}

export const ASSIGNMENT_STATES = ["overdue", "onTime", "late", "inProgress", "notStarted"] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export type AssignedPerson = {
  id: number;
  ho: string;
  dem: string;
  ten: string;
  staffCode: string;
  unitName: string;
  unitId: number;
  unitCode: string;
  position: string;
  dueOn: string;
  startedOn: string | null;
  completedOn: string | null;
  state: AssignmentState;
};

/** The state of one member on `day`. */
export function stateOn(
  m: { dueOn: string; assignedOn: string; startedOn: string | null; completedOn: string | null },
  day: string,
): AssignmentState {
  const done = m.completedOn !== null && m.completedOn <= day ? (m.completedOn > m.assignedOn ? m.completedOn : m.assignedOn) : null;
  if (done !== null) return done > m.dueOn ? "late" : "onTime";
  if (m.dueOn !== NO_DUE_DAY && m.dueOn < day) return "overdue";
  return m.startedOn !== null && m.startedOn <= day ? "inProgress" : "notStarted";
}

/**
 * The members of one assignment now in the unit's subtree (as of a day: those who were members then
 * and whose unit then lay in the subtree), with their state; filtered by state and name, sorted by
 * tên, họ đệm (Vietnamese order).
 */
export async function assignedPeople(
  unit: Pick<Unit, "path">,
  assignmentId: number,
  options: { asOf: string | null; state?: AssignmentState | null; q?: string },
): Promise<AssignedPerson[]> {
  return assignedWhere(subtreeScope(unit), assignmentId, options);
}

/** An assignment's people for an export, a few units at a time in the tree's order (see peopleBatches). */
export async function* assignedPeopleSteps(
  unit: Pick<Unit, "path">,
  assignmentId: number,
  asOf: string | null,
  perStep = 500,
): AsyncGenerator<AssignedPerson[]> {
  yield* inSteps(unit, (scope) => assignedWhere(scope, assignmentId, { asOf }), perStep);
}

async function assignedWhere(
  scope: Scope,
  assignmentId: number,
  options: { asOf: string | null; state?: AssignmentState | null; q?: string },
): Promise<AssignedPerson[]> {
  const day = options.asOf ?? vnToday();
  const where =
    options.asOf === null
      ? sql`m.left_on IS NULL AND o.active AND ${scopeSql(scope, "u")}`
      : sql`m.assigned_on <= ${day} AND (m.left_on IS NULL OR m.left_on > ${day}) AND ${memberOnDaySql(scope, day)}`;
  const step = stepSql(scope);
  const found = await rows<Omit<AssignedPerson, "state"> & { assignedOn: string; searchName: string }>(
    sql`SELECT o.id, o.ho, o.dem, o.ten, o.staff_code AS "staffCode", o.position, o.search_name AS "searchName", u.name AS "unitName",
               u.id AS "unitId", u.code AS "unitCode",
               m.due_on AS "dueOn", m.assigned_on AS "assignedOn", m.started_on AS "startedOn", m.completed_on AS "completedOn"
          FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
         WHERE m.assignment_id = ${assignmentId} AND ${where}${step.after}${step.end}`,
  );
  const q = foldVietnamese(options.q ?? "");
  return found
    .map(({ assignedOn, searchName, ...p }) => ({ ...p, unitId: Number(p.unitId), searchName, state: stateOn({ ...p, assignedOn }, day) }))
    .filter((p) => (!options.state || p.state === options.state) && (q === "" || nameMatches(p.searchName, q)))
    .map(({ searchName: _s, ...p }) => p)
    .sort((a, b) => viCollator.compare(a.ten, b.ten) || viCollator.compare(a.ho + " " + a.dem, b.ho + " " + b.dem) || a.id - b.id);
}

/** One assignment for a report page (any status: a withdrawn one can still be read as of a past day). */
export async function reportAssignment(id: number): Promise<ReportAssignment | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [found] = await rows<ReportAssignment>(
    sql`SELECT a.id, a.course_id AS "courseId", c.title AS "courseTitle", a.note, a.start_on AS "startOn", a.due_on AS "dueOn", a.status
          FROM assignments a JOIN courses c ON c.id = a.course_id WHERE a.id = ${id}`,
  );
  return found;
}
