// Completion targets per course (optionally for one unit and its subtree): configurable, never hard-coded.
import { asc, eq } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { courses, courseTargets, units } from "~/db/schema";
import { z } from "zod";
import { t } from "~/i18n/vi";

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

// A decimal comma is how Vietnamese write 62,5: accept it.
const decimal = (v: unknown) => (typeof v === "string" ? v.trim().replace(",", ".") : v);

/** The targets form (server-side: zod stays out of the page's bundle). */
export const NewTarget = z.object({
  courseId: z.coerce
    .number({ error: t.targets.pickCourse })
    .int(t.targets.pickCourse)
    .positive(t.targets.pickCourse)
    .max(Number.MAX_SAFE_INTEGER, t.targets.pickCourse),
  unitId: z
    .union([z.literal(""), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)], { error: t.inputs.unknownUnit })
    .default(""),
  rate: z.preprocess(decimal, z.coerce.number({ error: t.targets.badRate }).min(1, t.targets.badRate).max(100, t.targets.badRate)),
  dueDate: z.string({ error: t.inputs.dateRequired }).max(40, t.targets.badDate),
});

export const DeleteTarget = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
