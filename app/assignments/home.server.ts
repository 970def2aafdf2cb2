// What the homes and the catalogue read about assignments (issue 15 items 3, 6): the learner's own
// assigned courses (once per page), and a manager's view of the assignments in their subtree.
import { NO_DUE_DAY } from "~/db/schema";
import { unitAssignments } from "~/reports/assignment-report.server";
import type { Unit } from "~/units/tree.server";
import { daysLeft, myAssignments } from "./assignments.server";
import type { AssignedCourse } from "./due-state";

/** The official's assigned courses that have started, not done first, then by due day. */
export async function assignedCourses(officialId: number, today: string): Promise<AssignedCourse[]> {
  return (await myAssignments(officialId, today)).map((a) => ({
    assignmentId: a.assignmentId,
    slug: a.slug,
    title: a.title,
    dueOn: a.dueOn,
    completedOn: a.completedOn,
    days: daysLeft(a.dueOn, today),
  }));
}

/** For the catalogue's cards: the assignment of each assigned course, by slug. */
export function marksBySlug(courses: AssignedCourse[]): Record<string, AssignedCourse> {
  return Object.fromEntries(courses.map((c) => [c.slug, c]));
}

export type UnitAssignmentLine = {
  id: number;
  courseTitle: string;
  note: string;
  dueOn: string | null;
  days: number | null;
  assigned: number;
  done: number;
  rate: number;
  overdue: number;
  reportUrl: string;
  overdueUrl: string;
};

/** The assignments with someone assigned in the manager's subtree, now: most overdue first, then the nearest due day. */
export async function managerAssignments(root: Pick<Unit, "id">, today: string): Promise<UnitAssignmentLine[]> {
  return (await unitAssignments(root, null)).map((a) => ({
    id: a.id,
    courseTitle: a.courseTitle,
    note: a.note,
    dueOn: a.dueOn === NO_DUE_DAY ? null : a.dueOn,
    days: daysLeft(a.dueOn, today),
    assigned: a.counts.assigned,
    done: a.counts.onTime + a.counts.late,
    rate: a.counts.rate,
    overdue: a.counts.overdue,
    reportUrl: `/reports/${root.id}/assignments/${a.id}`,
    overdueUrl: `/reports/${root.id}/assignments/${a.id}/people?state=overdue`,
  }));
}
