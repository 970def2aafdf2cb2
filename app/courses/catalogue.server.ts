// What a learner sees of the courses: the catalogue with their own progress, and one course's page.
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { immutableCache } from "~/db/immutable-cache.server";
import { db, rows } from "~/db/client.server";
import { courses, lessonVersions, lessons } from "~/db/schema";
import { foldVietnamese, viCollator } from "~/i18n/format";
import { assetUrl } from "./sync.server";
import { z } from "zod";

export type CatalogueEntry = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  mandatory: boolean;
  tags: string[];
  lessonCount: number;
  doneCount: number;
  completedAt: string | null;
};

// Raw SQL gives engine-shaped values: mandatory is 0/1 on SQLite and a boolean on PostgreSQL; tags
// (a JSON column) is text on SQLite and already parsed on PostgreSQL. Normalised below.
type Row = Omit<CatalogueEntry, "tags" | "mandatory"> & {
  tags: string | string[];
  mandatory: number | boolean;
  searchText: string;
  sortOrder: number;
};

const catalogueSql = (officialId: number) => sql`
  SELECT c.id, c.slug, c.title, c.summary, c.minutes, c.mandatory, c.tags, c.search_text AS "searchText",
         c.sort_order AS "sortOrder",
         (SELECT count(*) FROM lesson_versions lv WHERE lv.course_version_id = c.current_version_id) AS "lessonCount",
         (SELECT count(*) FROM lesson_versions lv
            JOIN lesson_progress lp ON lp.lesson_id = lv.lesson_id AND lp.official_id = ${officialId} AND lp.completed_at IS NOT NULL
           WHERE lv.course_version_id = c.current_version_id) AS "doneCount",
         (SELECT cc.completed_at FROM course_completions cc
           WHERE cc.official_id = ${officialId} AND cc.course_id = c.id AND cc.epoch = c.epoch) AS "completedAt"
    FROM courses c
   WHERE c.current_version_id IS NOT NULL AND c.retired_at IS NULL`;

/** Published courses with this official's progress: mandatory first, then the trainers' order. */
export async function catalogue(officialId: number, filter: { q?: string; tag?: string } = {}): Promise<CatalogueEntry[]> {
  const list = await rows<Row>(catalogueSql(officialId));
  const q = filter.q ? foldVietnamese(filter.q) : "";
  const words = q.split(" ").filter(Boolean);
  return list
    .map((r) => ({
      ...r,
      tags: (typeof r.tags === "string" ? JSON.parse(r.tags) : r.tags) as string[],
      mandatory: Boolean(r.mandatory),
    }))
    .filter((r) => words.every((w) => r.searchText.includes(w)))
    .filter((r) => !filter.tag || r.tags.includes(filter.tag))
    .sort((a, b) => Number(b.mandatory) - Number(a.mandatory) || a.sortOrder - b.sortOrder || viCollator.compare(a.title, b.title))
    .map(({ searchText: _s, sortOrder: _o, ...entry }) => entry);
}

/** Every tag in use, sorted for people. */
export async function allTags(): Promise<string[]> {
  const list = await db()
    .select({ tags: courses.tags })
    .from(courses)
    .where(and(isNotNull(courses.currentVersionId), isNull(courses.retiredAt)));
  return [...new Set(list.flatMap((r) => r.tags))].sort(viCollator.compare);
}

export async function publishedCourse(slug: string) {
  const [course] = await db()
    .select()
    .from(courses)
    .where(and(eq(courses.slug, slug), isNotNull(courses.currentVersionId), isNull(courses.retiredAt)))
    .limit(1);
  return course ?? null;
}

export type LessonSummary = { lessonId: number; key: string; title: string; minutes: number; position: number };

// A version's lessons never change once written: read once per process (app/db/immutable-cache.server.ts).
const versionLessons = immutableCache<number, LessonSummary[]>(1000);
const readableLessons = immutableCache<string, Awaited<ReturnType<typeof readLesson>>>(2000);

/** The lessons of a course version in order (without their HTML). */
export function lessonsOf(courseVersionId: number): Promise<LessonSummary[]> {
  return versionLessons(courseVersionId, () => readLessons(courseVersionId));
}

async function readLessons(courseVersionId: number): Promise<LessonSummary[]> {
  return db()
    .select({
      lessonId: lessonVersions.lessonId,
      key: lessons.lessonKey,
      title: lessonVersions.title,
      minutes: lessonVersions.minutes,
      position: lessonVersions.position,
    })
    .from(lessonVersions)
    .innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
    .where(eq(lessonVersions.courseVersionId, courseVersionId))
    .orderBy(asc(lessonVersions.position));
}

/** One lesson of the current version, with its stored HTML: no compiling here, ever. */
export function lessonForReading(courseVersionId: number, lessonKey: string) {
  return readableLessons(`${courseVersionId}/${lessonKey}`, () => readLesson(courseVersionId, lessonKey));
}

async function readLesson(courseVersionId: number, lessonKey: string) {
  const [lesson] = await db()
    .select({
      lessonId: lessonVersions.lessonId,
      key: lessons.lessonKey,
      title: lessonVersions.title,
      minutes: lessonVersions.minutes,
      position: lessonVersions.position,
      html: lessonVersions.html,
      toc: lessonVersions.toc,
    })
    .from(lessonVersions)
    .innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
    .where(and(eq(lessonVersions.courseVersionId, courseVersionId), eq(lessons.lessonKey, lessonKey)))
    .limit(1);
  return lesson ?? null;
}

/** Every course with its sync state, for the administrators' content page. */
export async function contentStatus() {
  return db().select().from(courses).orderBy(asc(courses.slug));
}

/** The MDX source of each lesson of a version, by lesson id (for "copy to edit"). */
export async function lessonSources(courseVersionId: number): Promise<Map<number, string>> {
  const list = await db()
    .select({ lessonId: lessonVersions.lessonId, source: lessonVersions.source })
    .from(lessonVersions)
    .where(eq(lessonVersions.courseVersionId, courseVersionId));
  return new Map(list.map((r) => [r.lessonId, r.source]));
}

export async function courseBySlug(slug: string) {
  const [course] = await db().select().from(courses).where(eq(courses.slug, slug)).limit(1);
  return course ?? null;
}

/**
 * May a learner fetch this file of the course? Only when the course is published and not retired,
 * and, for a course written in the app, only when a lesson of the published version shows the file
 * (an image uploaded for the next draft stays with the trainers until it is published).
 */
export async function isPublishedCourseFile(
  course: Pick<typeof courses.$inferSelect, "slug" | "source" | "currentVersionId" | "retiredAt">,
  file: string,
): Promise<boolean> {
  if (course.currentVersionId === null || course.retiredAt !== null) return false;
  if (course.source !== "app") return true;
  const needle = `${assetUrl(course.slug)}${file}`;
  const pages = await db()
    .select({ html: lessonVersions.html })
    .from(lessonVersions)
    .where(eq(lessonVersions.courseVersionId, course.currentVersionId));
  // Stored HTML escapes nothing in these URLs (slug and file name are [a-z0-9._-]).
  return pages.some((p) => p.html.includes(`"${needle}"`));
}

/** The catalogue's search: a word and a tag, cut to size; anything else reads as empty. */
export const CatalogueQuery = z.object({ q: z.string().trim().max(100).catch(""), tag: z.string().trim().max(60).catch("") });
