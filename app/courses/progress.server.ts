// An official's progress through lessons: started when first opened, completed by an explicit click.
import { and, eq } from "drizzle-orm";
import { db, lock, transaction } from "~/db/client.server";
import { courseCompletions, courses, lessonProgress } from "~/db/schema";
import { evaluateCompletion } from "./completion.server";
import { markStarted } from "./status.server";
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

/** Marks a lesson done (idempotent) and, in the same transaction, records the course completion. */
export async function completeLesson(officialId: number, courseId: number, lessonId: number, at = new Date().toISOString()) {
  return transaction(async (tx) => {
    // "Is this lesson already done?" and "is the course now complete?" decide the writes below.
    await lock("official", officialId);
    const [row] = await tx
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)))
      .limit(1);
    await markStarted(officialId, courseId, at);
    // The first completion time is kept: marking a lesson done twice changes nothing.
    if (!row) await tx.insert(lessonProgress).values({ officialId, lessonId, startedAt: at, completedAt: at });
    else if (!row.completedAt)
      await tx
        .update(lessonProgress)
        .set({ completedAt: at })
        .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)));
    const courseCompleted = await evaluateCompletion(tx, officialId, courseId, at);
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
