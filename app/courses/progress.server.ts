// An official's progress through lessons: started when first opened, completed by an explicit click.
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { courseCompletions, courses, lessonProgress } from "~/db/schema";
import { evaluateCompletion } from "./completion.server";
import { markStarted } from "./status.server";
import { lessonsOf, type LessonSummary } from "./catalogue.server";

export function recordLessonStarted(officialId: number, courseId: number, lessonId: number, at = new Date().toISOString()) {
  // Read first: re-opening a lesson is the common case and must not take the write lock.
  const seen = db()
    .select({ startedAt: lessonProgress.startedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)))
    .get();
  if (seen) return;
  db().transaction(() => {
    db().insert(lessonProgress).values({ officialId, lessonId, startedAt: at }).onConflictDoNothing().run();
    markStarted(officialId, courseId, at);
  });
}

/** Marks a lesson done (idempotent) and, in the same transaction, records the course completion. */
export function completeLesson(officialId: number, courseId: number, lessonId: number, at = new Date().toISOString()) {
  return db().transaction((tx) => {
    const row = tx
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)))
      .get();
    markStarted(officialId, courseId, at);
    // The first completion time is kept: marking a lesson done twice changes nothing.
    if (!row) tx.insert(lessonProgress).values({ officialId, lessonId, startedAt: at, completedAt: at }).run();
    else if (!row.completedAt)
      tx.update(lessonProgress)
        .set({ completedAt: at })
        .where(and(eq(lessonProgress.officialId, officialId), eq(lessonProgress.lessonId, lessonId)))
        .run();
    const courseCompleted = evaluateCompletion(tx, officialId, courseId, at);
    return { courseCompleted };
  });
}

export type LessonWithProgress = LessonSummary & { startedAt: string | null; completedAt: string | null };

export function courseProgress(officialId: number, course: { id: number; currentVersionId: number | null; epoch: number }) {
  const list = course.currentVersionId ? lessonsOf(course.currentVersionId) : [];
  const rows = db().select().from(lessonProgress).where(eq(lessonProgress.officialId, officialId)).all();
  const byLesson = new Map(rows.map((r) => [r.lessonId, r]));
  const withProgress: LessonWithProgress[] = list.map((l) => ({
    ...l,
    startedAt: byLesson.get(l.lessonId)?.startedAt ?? null,
    completedAt: byLesson.get(l.lessonId)?.completedAt ?? null,
  }));
  const completion = db()
    .select({ completedAt: courseCompletions.completedAt })
    .from(courseCompletions)
    .where(
      and(
        eq(courseCompletions.officialId, officialId),
        eq(courseCompletions.courseId, course.id),
        eq(courseCompletions.epoch, course.epoch),
      ),
    )
    .get();
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

export function courseById(id: number) {
  return db().select().from(courses).where(eq(courses.id, id)).get();
}
