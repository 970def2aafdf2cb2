// The one place that decides whether a course is complete for an official.
// Rule: every lesson of the course's current version is done and, when the course has a final quiz,
// an attempt of the current epoch passed it.
// Recording a completion happens in the caller's transaction, right after the progress it depends on
// (the caller holds lock("official", officialId), so "already recorded?" cannot race).
import { and, eq, isNotNull, notExists, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { courseCompletions, courses, lessonProgress, lessonVersions } from "~/db/schema";
import { hasPassed, quizFor } from "~/quizzes/queries.server";
import { markCompleted } from "./status.server";

/** Lessons of the version the official has not marked done: one counting query (one round trip on PostgreSQL). */
export async function lessonsRemaining(tx: Db, officialId: number, courseVersionId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(lessonVersions)
    .where(
      and(
        eq(lessonVersions.courseVersionId, courseVersionId),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(lessonProgress)
            .where(
              and(
                eq(lessonProgress.officialId, officialId),
                eq(lessonProgress.lessonId, lessonVersions.lessonId),
                isNotNull(lessonProgress.completedAt),
              ),
            ),
        ),
      ),
    );
  return Number(row?.n ?? 0);
}

/**
 * Records the course completion when the rule is now met and not yet recorded for this epoch.
 * Returns true only when this call recorded it. Call inside the transaction, as `tx`.
 */
export async function evaluateCompletion(tx: Db, officialId: number, courseId: number, at: string): Promise<boolean> {
  const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).limit(1);
  if (!course?.currentVersionId) return false;
  const [already] = await tx
    .select({ id: courseCompletions.id })
    .from(courseCompletions)
    .where(
      and(
        eq(courseCompletions.officialId, officialId),
        eq(courseCompletions.courseId, courseId),
        eq(courseCompletions.epoch, course.epoch),
      ),
    )
    .limit(1);
  if (already) return false;
  if ((await lessonsRemaining(tx, officialId, course.currentVersionId)) > 0) return false;
  if ((await quizFor(course.currentVersionId)) && !(await hasPassed(officialId, courseId, course.epoch))) return false;
  await tx
    .insert(courseCompletions)
    .values({ officialId, courseId, epoch: course.epoch, courseVersionId: course.currentVersionId, completedAt: at });
  await markCompleted(officialId, courseId, course.epoch, at);
  return true;
}
