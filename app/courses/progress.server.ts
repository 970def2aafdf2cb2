// An official's progress through lessons: started when first opened, completed by an explicit click.
import { and, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { db, exec, lock, transaction } from "~/db/client.server";
import { courseCompletions, courses, lessonProgress } from "~/db/schema";
import { completionFacts, recordCompletionIfMet } from "./completion.server";
import { markStarted, recordCourseEvents } from "./status.server";
import { lessonsOf, type LessonSummary } from "./catalogue.server";

export async function recordLessonStarted(officialId: number, courseId: number, lessonId: number, at = new Date().toISOString()) {
  // Read first: re-opening a lesson is the common case and must not take the write lock.
  const [seen] = await db()
    .select({ startedAt: lessonProgress.startedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)))
    .limit(1);
  if (seen) return;
  await transaction(async () => {
    // markStarted reads the course status and then inserts it: one writer per official at a time.
    await lock("official", officialId);
    await db().insert(lessonProgress).values({ officialId, lessonId, startedAt: at }).onConflictDoNothing();
    await markStarted(officialId, courseId, at);
  });
}

/**
 * Marks a lesson done (idempotent) and, in the same transaction, records the course's start and
 * completion with their figures. What the writes depend on is read in one query after the lock
 * (completionFacts): the last lesson of a course costs the lock, that read and its writes.
 */
export async function completeLesson(officialId: number, courseId: number, lessonId: number, at = new Date().toISOString()) {
  return transaction(async () => {
    // "Is this lesson already done?" and "is the course now complete?" decide the writes below.
    await lock("official", officialId);
    const facts = await completionFacts(officialId, courseId, lessonId);
    if (!facts) throw new Error(`completeLesson: course ${courseId} or official ${officialId} not found`);
    // The first completion time is kept: marking a lesson done twice changes nothing.
    if (facts.lessonStartedAt === null)
      await exec(
        sql`INSERT INTO lesson_progress (official_id, lesson_id, started_at, completed_at) VALUES (${officialId}, ${lessonId}, ${at}, ${at})`,
        { prepare: true },
      );
    else if (facts.lessonCompletedAt === null)
      await exec(sql`UPDATE lesson_progress SET completed_at = ${at} WHERE official_id = ${officialId} AND lesson_id = ${lessonId}`, {
        prepare: true,
      });
    const courseCompleted = await recordCompletionIfMet(officialId, courseId, facts, at);
    // Not complete yet: the first "mark done" still records the start of the course.
    if (!courseCompleted && facts.startedAt === null) await recordCourseEvents(officialId, courseId, facts, at, { complete: false });
    return { courseCompleted };
  });
}

export type LessonWithProgress = LessonSummary & { startedAt: string | null; completedAt: string | null };

export async function courseProgress(officialId: number, course: { id: number; currentVersionId: number | null; epoch: number }) {
  const list = course.currentVersionId ? await lessonsOf(course.currentVersionId) : [];
  const rows = await db().select().from(lessonProgress).where(eq(lessonProgress.officialId, officialId));
  const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
  const withProgress: LessonWithProgress[] = list.map((l) => ({
    ...l,
    startedAt: byLesson.get(l.lessonId)?.startedAt ?? null,
    completedAt: byLesson.get(l.lessonId)?.completedAt ?? null,
  }));
  const [completion] = await db()
    .select({ completedAt: courseCompletions.completedAt })
    .from(courseCompletions)
    .where(
      and(
        eq(courseCompletions.officialId, officialId),
        eq(courseCompletions.courseId, course.id),
        eq(courseCompletions.epoch, course.epoch),
      ),
    )
    .limit(1);
  const done = withProgress.filter((l) => l.completedAt).length;
  return {
    lessons: withProgress,
    done,
    total: withProgress.length,
    completedAt: completion?.completedAt ?? null,
    /** "Tiếp tục học": the first lesson not yet done, or null when all are done. */
    resume: withProgress.find((l) => !l.completedAt) ?? null,
  };
}

export async function courseById(id: number) {
  const [course] = await db().select().from(courses).where(eq(courses.id, id)).limit(1);
  return course;
}
