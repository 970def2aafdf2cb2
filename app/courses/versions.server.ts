// Making a course version: the one place both content sync (repo courses) and publishing (courses
// written in the app) go through. A version is immutable; learners always see the latest one.
import { and, eq, max } from "drizzle-orm";
import { db } from "~/db/client.server";
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

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

/**
 * Adds a version with these lessons (in order) and quiz, and makes it current. A material change
 * starts a new epoch first: everyone is asked to complete the course again; earlier completions stay.
 */
export function createVersion(
  tx: Tx,
  courseId: number,
  prepared: PreparedLesson[],
  quiz: QuizDefinition | null,
  opts: { contentHash: string; createdBy?: number | null; materialChange?: boolean },
) {
  const course = tx.select().from(courses).where(eq(courses.id, courseId)).get();
  if (!course) throw new Error(`course ${courseId} not found`);
  const epoch = opts.materialChange ? course.epoch + 1 : course.epoch;
  if (opts.materialChange) tx.update(courses).set({ epoch }).where(eq(courses.id, courseId)).run();
  const last = tx
    .select({ n: max(courseVersions.number) })
    .from(courseVersions)
    .where(eq(courseVersions.courseId, courseId))
    .get();
  const version = tx
    .insert(courseVersions)
    .values({
      courseId,
      number: (last?.n ?? 0) + 1,
      contentHash: opts.contentHash,
      createdBy: opts.createdBy ?? null,
      materialChange: !!opts.materialChange,
      epoch,
    })
    .returning()
    .get();
  [...prepared]
    .sort((a, b) => a.position - b.position)
    .forEach((l, index) => {
      const lesson =
        tx
          .select()
          .from(lessons)
          .where(and(eq(lessons.courseId, courseId), eq(lessons.lessonKey, l.key)))
          .get() ?? tx.insert(lessons).values({ courseId, lessonKey: l.key }).returning().get();
      tx.insert(lessonVersions)
        .values({
          courseVersionId: version.id,
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
        })
        .run();
    });
  if (quiz) tx.insert(quizDefinitions).values({ courseVersionId: version.id, definition: quiz }).run();
  tx.update(courses).set({ currentVersionId: version.id, updatedAt: new Date().toISOString() }).where(eq(courses.id, courseId)).run();
  return version;
}
