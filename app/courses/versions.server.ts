// Making a course version: the one place both content sync (repo courses) and publishing (courses
// written in the app) go through. A version is immutable; learners always see the latest one.
import { and, eq, max } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { courses, courseVersions, lessons, lessonVersions, quizDefinitions, type TocEntry } from "~/db/schema";
import type { QuizDefinition } from "~/quizzes/definition.server";

export type PreparedLesson = {
  key: string;
  position: number;
  fileName: string;
  title: string;
  minutes: number;
  source: string;
  sourceHash: string;
  html: string;
  toc: TocEntry[];
  words: number;
};

/**
 * Adds a version with these lessons (in order) and quiz, and makes it current. A material change
 * starts a new epoch first: everyone is asked to complete the course again; earlier completions stay.
 * Call inside the transaction (as `tx`), after a lock that keeps other writers of this course out
 * (the next version number is read, then written).
 */
export async function createVersion(
  tx: Db,
  courseId: number,
  prepared: PreparedLesson[],
  quiz: QuizDefinition | null,
  opts: { contentHash: string; createdBy?: number | null; materialChange?: boolean },
) {
  const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).limit(1);
  if (!course) throw new Error(`course ${courseId} not found`);
  const epoch = opts.materialChange ? course.epoch + 1 : course.epoch;
  if (opts.materialChange) await tx.update(courses).set({ epoch }).where(eq(courses.id, courseId));
  const [last] = await tx
    .select({ n: max(courseVersions.number) })
    .from(courseVersions)
    .where(eq(courseVersions.courseId, courseId));
  const [version] = await tx
    .insert(courseVersions)
    .values({
      courseId,
      number: (last?.n ?? 0) + 1,
      contentHash: opts.contentHash,
      createdBy: opts.createdBy ?? null,
      materialChange: !!opts.materialChange,
      epoch,
    })
    .returning();
  const ordered = [...prepared].sort((a, b) => a.position - b.position);
  for (const [index, l] of ordered.entries()) {
    const [found] = await tx
      .select()
      .from(lessons)
      .where(and(eq(lessons.courseId, courseId), eq(lessons.lessonKey, l.key)))
      .limit(1);
    const lesson = found ?? (await tx.insert(lessons).values({ courseId, lessonKey: l.key }).returning())[0]!;
    await tx.insert(lessonVersions).values({
      courseVersionId: version!.id,
      lessonId: lesson.id,
      position: index + 1,
      fileName: l.fileName,
      title: l.title,
      minutes: l.minutes,
      source: l.source,
      sourceHash: l.sourceHash,
      html: l.html,
      toc: l.toc,
      words: l.words,
    });
  }
  if (quiz) await tx.insert(quizDefinitions).values({ courseVersionId: version!.id, definition: quiz });
  await tx.update(courses).set({ currentVersionId: version!.id, updatedAt: new Date().toISOString() }).where(eq(courses.id, courseId));
  return version!;
}
