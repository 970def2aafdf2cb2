// The one place that decides whether a course is complete for an official.
// Rule: every lesson of the course's current version is done and, when the course has a final quiz,
// an attempt of the current epoch passed it.
// Recording a completion happens in the caller's transaction, right after the progress it depends on.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { courseCompletions, courses, lessonProgress, lessonVersions } from "~/db/schema";
import { hasPassed, quizFor } from "~/quizzes/queries.server";
import { markCompleted } from "./status.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export function lessonsRemaining(tx: Tx | Db, officialId: number, courseVersionId: number): number {
  const required = tx
    .select({ lessonId: lessonVersions.lessonId })
    .from(lessonVersions)
    .where(eq(lessonVersions.courseVersionId, courseVersionId))
    .all();
  const done = new Set(
    tx
      .select({ lessonId: lessonProgress.lessonId })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.officialId, officialId), isNotNull(lessonProgress.completedAt)))
      .all()
      .map((r) => r.lessonId),
  );
  return required.filter((r) => !done.has(r.lessonId)).length;
}

/**
 * Records the course completion when the rule is now met and not yet recorded for this epoch.
 * Returns true only when this call recorded it.
 */
export function evaluateCompletion(tx: Tx, officialId: number, courseId: number, at: string): boolean {
  const course = tx.select().from(courses).where(eq(courses.id, courseId)).get();
  if (!course?.currentVersionId) return false;
  const already = tx
    .select({ id: courseCompletions.id })
    .from(courseCompletions)
    .where(
      and(
        eq(courseCompletions.officialId, officialId),
        eq(courseCompletions.courseId, courseId),
        eq(courseCompletions.epoch, course.epoch),
      ),
    )
    .get();
  if (already) return false;
  if (lessonsRemaining(tx, officialId, course.currentVersionId) > 0) return false;
  if (quizFor(course.currentVersionId) && !hasPassed(officialId, courseId, course.epoch)) return false;
  tx.insert(courseCompletions)
    .values({ officialId, courseId, epoch: course.epoch, courseVersionId: course.currentVersionId, completedAt: at })
    .run();
  markCompleted(officialId, courseId, course.epoch, at);
  return true;
}
