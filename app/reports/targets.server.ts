// Completion targets per course (optionally for one unit and its subtree): configurable, never hard-coded.
import { asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { courses, courseTargets, units } from "~/db/schema";

export function listTargets() {
  return db()
    .select({ id: courseTargets.id, rate: courseTargets.rate, dueDate: courseTargets.dueDate, course: courses.title, unit: units.name })
    .from(courseTargets)
    .innerJoin(courses, eq(courses.id, courseTargets.courseId))
    .leftJoin(units, eq(units.id, courseTargets.unitId))
    .orderBy(asc(courses.title))
    .all();
}

export function setTarget(input: { courseId: number; unitId: number | null; rate: number; dueDate: string }) {
  return db().insert(courseTargets).values(input).returning().get();
}

export function deleteTarget(id: number) {
  db().delete(courseTargets).where(eq(courseTargets.id, id)).run();
}
