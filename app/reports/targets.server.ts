// Completion targets per course (optionally for one unit and its subtree): configurable, never hard-coded.
import { asc, eq } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { courses, courseTargets, units } from "~/db/schema";

export async function listTargets() {
  return await db()
    .select({ id: courseTargets.id, rate: courseTargets.rate, dueDate: courseTargets.dueDate, course: courses.title, unit: units.name })
    .from(courseTargets)
    .innerJoin(courses, eq(courses.id, courseTargets.courseId))
    .leftJoin(units, eq(units.id, courseTargets.unitId))
    .orderBy(asc(courses.title));
}

export async function setTarget(input: { courseId: number; unitId: number | null; rate: number; dueDate: string }) {
  return transaction(async (tx) => {
    const [target] = await tx.insert(courseTargets).values(input).returning();
    return target!;
  });
}

export async function deleteTarget(id: number): Promise<void> {
  await transaction(async (tx) => {
    await tx.delete(courseTargets).where(eq(courseTargets.id, id));
  });
}
