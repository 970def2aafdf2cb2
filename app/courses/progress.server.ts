// An official's progress through lessons: started when first opened, completed by an explicit click.
import { and, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { db, exec, lock, rows, transaction } from "~/db/client.server";
import { courses, lessonProgress } from "~/db/schema";
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

type ProgressRow = { lessonId: number | null; startedAt: string | null; completedAt: string | null; courseCompletedAt: string | null };

/**
 * One official's progress through a course's current lessons, and whether they completed the course in
 * its current epoch: one statement (the lesson rows, then the completion as a row of its own).
 */
export async function courseProgress(officialId: number, course: { id: number; currentVersionId: number | null; epoch: number }) {
  const found = await rows<ProgressRow>(
    sql`SELECT lp.lesson_id AS "lessonId", lp.started_at AS "startedAt", lp.completed_at AS "completedAt", NULL AS "courseCompletedAt"
          FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
         WHERE lp.official_id = ${officialId} AND l.course_id = ${course.id}
        UNION ALL
        SELECT NULL, NULL, NULL, cc.completed_at FROM course_completions cc
         WHERE cc.official_id = ${officialId} AND cc.course_id = ${course.id} AND cc.epoch = ${course.epoch}`,
    { prepare: true },
  );
  return progressOf(course.currentVersionId ? await lessonsOf(course.currentVersionId) : [], found);
}

export type LearnerCourse = { id: number; slug: string; title: string; currentVersionId: number; epoch: number };

/**
 * The published course at this address with the official's progress in it, in one statement: the
 * lesson page's read (issue 19 item 5: every statement is a round trip on PostgreSQL). Null when no
 * published, current course has this slug.
 */
export async function publishedCourseProgress(slug: string, officialId: number) {
  const found = await rows<LearnerCourse & ProgressRow>(
    sql`SELECT c.id, c.slug, c.title, c.current_version_id AS "currentVersionId", c.epoch,
               lp.lesson_id AS "lessonId", lp.started_at AS "startedAt", lp.completed_at AS "completedAt",
               cc.completed_at AS "courseCompletedAt"
          FROM courses c
          LEFT JOIN course_completions cc ON cc.official_id = ${officialId} AND cc.course_id = c.id AND cc.epoch = c.epoch
          LEFT JOIN (lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id) ON lp.official_id = ${officialId} AND l.course_id = c.id
         WHERE c.slug = ${slug} AND c.current_version_id IS NOT NULL AND c.retired_at IS NULL`,
    { prepare: true },
  );
  const first = found[0];
  if (!first) return null;
  const course: LearnerCourse = {
    id: Number(first.id),
    slug: first.slug,
    title: first.title,
    currentVersionId: Number(first.currentVersionId),
    epoch: Number(first.epoch),
  };
  return { course, progress: progressOf(await lessonsOf(course.currentVersionId), found) };
}

function progressOf(list: LessonSummary[], found: ProgressRow[]) {
  const byLesson = new Map<number, ProgressRow>();
  let completedAt: string | null = null;
  for (const r of found) {
    if (r.lessonId !== null) byLesson.set(Number(r.lessonId), r);
    if (r.courseCompletedAt !== null) completedAt = r.courseCompletedAt;
  }
  const withProgress: LessonWithProgress[] = list.map((l) => ({
    ...l,
    startedAt: byLesson.get(l.lessonId)?.startedAt ?? null,
    completedAt: byLesson.get(l.lessonId)?.completedAt ?? null,
  }));
  const done = withProgress.filter((l) => l.completedAt).length;
  return {
    lessons: withProgress,
    done,
    total: withProgress.length,
    completedAt,
    /** "Tiếp tục học": the first lesson not yet done, or null when all are done. */
    resume: withProgress.find((l) => !l.completedAt) ?? null,
  };
}

export async function courseById(id: number) {
  const [course] = await db().select().from(courses).where(eq(courses.id, id)).limit(1);
  return course;
}
