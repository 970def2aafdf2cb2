// Courses written in the browser: drafts (only trainers see them), lessons through the gate, uploaded
// images checked by their bytes, a quiz in the quiz-file format, and publishing into an immutable
// version through the same compile path as repo content. Every publish, unpublish, material change
// and quiz edit is written to the audit log.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, desc, eq, gt, lt } from "drizzle-orm";
import { stringify } from "yaml";
import { db, lock, transaction } from "~/db/client.server";
import { audit, recentAudit } from "~/audit/log.server";
import { courseAssets, courseDrafts, courses, courseVersions, draftLessons, officials, type DraftMeta } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import type { Problem } from "~/mdx/check.server";
import { compileLesson, PIPELINE_VERSION, type Compiled } from "~/mdx/compile.server";
import { runGate } from "~/mdx/gate-pool.server";
import { parseQuiz } from "~/quizzes/definition.server";
import { quizFor } from "~/quizzes/queries.server";
import { lessonSources, lessonsOf } from "./catalogue.server";
import { assetUrl, coursesDir, SLUG } from "./sync.server";
import { createVersion, type PreparedLesson } from "./versions.server";
import { t } from "~/i18n/vi";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export { audit, recentAudit };

/** "Dịch vụ công: bài 1" → "dich-vu-cong-bai-1". */
export function slugify(text: string): string {
  return (
    foldVietnamese(text)
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 60)
      .replace(/^-+|-+$/g, "") || "khoa-hoc"
  );
}

async function uniqueSlug(base: string): Promise<string> {
  const taken = async (slug: string) =>
    (await db().select({ id: courses.id }).from(courses).where(eq(courses.slug, slug)).limit(1)).length > 0 ||
    fs.existsSync(path.join(coursesDir(), slug));
  let slug = base;
  for (let i = 2; await taken(slug); i++) slug = `${base}-${i}`;
  return slug;
}

export async function authoringList() {
  return db()
    .select({
      id: courses.id,
      slug: courses.slug,
      title: courses.title,
      source: courses.source,
      currentVersionId: courses.currentVersionId,
      retiredAt: courses.retiredAt,
    })
    .from(courses)
    .orderBy(asc(courses.title));
}

export async function createCourse(meta: DraftMeta, by: number) {
  return transaction(async (tx) => {
    // The free slug is read, then taken: one course creation at a time.
    await lock("course-create");
    const [course] = await tx
      .insert(courses)
      .values({
        slug: await uniqueSlug(slugify(meta.title)),
        source: "app",
        title: meta.title,
        summary: meta.summary,
        minutes: meta.minutes,
        mandatory: meta.mandatory,
        tags: meta.tags,
      })
      .returning();
    await tx.insert(courseDrafts).values({ courseId: course!.id, meta, updatedBy: by });
    await audit(by, "course.create", "course", course!.slug, { title: meta.title });
    return course!;
  });
}

export async function editableCourse(courseId: number) {
  const [course] = await db().select().from(courses).where(eq(courses.id, courseId)).limit(1);
  if (!course || course.source !== "app") return null;
  const [draft] = await db().select().from(courseDrafts).where(eq(courseDrafts.courseId, courseId)).limit(1);
  if (!draft) return null;
  return { course, draft };
}

export async function draftLessonsOf(courseId: number) {
  return db().select().from(draftLessons).where(eq(draftLessons.courseId, courseId)).orderBy(asc(draftLessons.position));
}

export async function assetsOf(courseId: number) {
  return db()
    .select({ fileName: courseAssets.fileName, mime: courseAssets.mime, size: courseAssets.size })
    .from(courseAssets)
    .where(eq(courseAssets.courseId, courseId))
    .orderBy(asc(courseAssets.fileName));
}

export async function assetBytes(courseId: number, fileName: string) {
  const [asset] = await db()
    .select({ bytes: courseAssets.bytes, mime: courseAssets.mime })
    .from(courseAssets)
    .where(and(eq(courseAssets.courseId, courseId), eq(courseAssets.fileName, fileName)))
    .limit(1);
  return asset;
}

const hasAsset = async (courseId: number) => {
  const names = new Set((await assetsOf(courseId)).map((a) => a.fileName));
  return (file: string) => names.has(file);
};

export async function saveMeta(courseId: number, meta: DraftMeta, by: number) {
  await transaction(async (tx) => {
    await tx
      .update(courseDrafts)
      .set({ meta, updatedBy: by, updatedAt: new Date().toISOString() })
      .where(eq(courseDrafts.courseId, courseId));
  });
}

export const NEW_LESSON_TEMPLATE = t.authoringServer.newLessonTemplate;

export async function addLesson(courseId: number, title: string) {
  return transaction(async (tx) => {
    // The free key and the next position are read, then taken: one writer of this draft at a time.
    await lock("course", courseId);
    const existing = await draftLessonsOf(courseId);
    let key = slugify(title);
    for (let i = 2; existing.some((l) => l.lessonKey === key); i++) key = `${slugify(title)}-${i}`;
    const [lesson] = await tx
      .insert(draftLessons)
      .values({ courseId, lessonKey: key, position: existing.length + 1, title, minutes: 5, source: NEW_LESSON_TEMPLATE })
      .returning();
    return lesson!;
  });
}

export async function draftLesson(courseId: number, key: string) {
  const [lesson] = await db()
    .select()
    .from(draftLessons)
    .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
    .limit(1);
  return lesson ?? null;
}

/** Saves the draft (even with problems: a draft may be unfinished) and returns the gate's verdict. */
export async function saveLesson(
  courseId: number,
  key: string,
  input: { title: string; minutes: number; source: string },
): Promise<Problem[]> {
  await transaction(async (tx) => {
    await tx
      .update(draftLessons)
      .set({ ...input, updatedAt: new Date().toISOString() })
      .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)));
  });
  return checkLesson(courseId, input.source);
}

/** The gate, in a worker with a time budget; an unchanged lesson is answered from the cache. */
async function gateLesson(courseId: number, source: string) {
  const [course] = await db().select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId)).limit(1);
  const images = (await assetsOf(courseId)).map((a) => a.fileName);
  return runGate(source, { images, assetUrl: assetUrl(course!.slug) });
}

export async function checkLesson(courseId: number, source: string): Promise<Problem[]> {
  return (await gateLesson(courseId, source)).problems;
}

const emptyDir = () => {
  const dir = path.join(os.tmpdir(), "taphuan-authored");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

/** Server-rendered preview: the gate first; only a lesson that passes is compiled (as the gate rewrote it). */
export async function previewLesson(courseId: number, source: string): Promise<{ html: string | null; problems: Problem[] }> {
  const compiled = await compileDraftLesson(courseId, source);
  return compiled.ok ? { html: compiled.html, problems: [] } : { html: null, problems: compiled.problems };
}

/**
 * The gate, then the one compile path the repo sync uses: HTML, contents (headings decoded, as
 * tableOfContents reads them) and word count, exactly as a published repo lesson has them.
 */
async function compileDraftLesson(courseId: number, source: string): Promise<Compiled> {
  const verdict = await gateLesson(courseId, source);
  if (verdict.problems.length > 0) return { ok: false, problems: verdict.problems };
  const [course] = await db().select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId)).limit(1);
  return compileLesson(verdict.mdx, { dir: emptyDir(), assetUrl: assetUrl(course!.slug), hasImage: await hasAsset(courseId) });
}

export async function moveLesson(courseId: number, key: string, direction: "up" | "down") {
  await transaction(async (tx) => {
    // Positions are read, then swapped: one writer of this draft at a time.
    await lock("course", courseId);
    const [lesson] = await tx
      .select()
      .from(draftLessons)
      .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
      .limit(1);
    if (!lesson) return;
    const [neighbour] = await tx
      .select()
      .from(draftLessons)
      .where(
        and(
          eq(draftLessons.courseId, courseId),
          direction === "up" ? lt(draftLessons.position, lesson.position) : gt(draftLessons.position, lesson.position),
        ),
      )
      .orderBy(direction === "up" ? desc(draftLessons.position) : asc(draftLessons.position))
      .limit(1);
    if (!neighbour) return;
    await tx.update(draftLessons).set({ position: neighbour.position }).where(eq(draftLessons.id, lesson.id));
    await tx.update(draftLessons).set({ position: lesson.position }).where(eq(draftLessons.id, neighbour.id));
  });
}

export async function removeLesson(courseId: number, key: string) {
  await transaction(async (tx) => {
    // The remaining lessons are read, then renumbered: one writer of this draft at a time.
    await lock("course", courseId);
    await tx.delete(draftLessons).where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)));
    const rest = await tx.select().from(draftLessons).where(eq(draftLessons.courseId, courseId)).orderBy(asc(draftLessons.position));
    for (const [i, l] of rest.entries()) {
      await tx
        .update(draftLessons)
        .set({ position: i + 1 })
        .where(eq(draftLessons.id, l.id));
    }
  });
}

/** The image type from the first bytes, never from the name. SVG (which can carry script) is refused. */
export function sniffImage(bytes: Uint8Array): { mime: string; ext: string } | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", ext: "png" };
  if (starts([0xff, 0xd8, 0xff])) return { mime: "image/jpeg", ext: "jpg" };
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return { mime: "image/webp", ext: "webp" };
  return null;
}

export type UploadResult = { ok: true; fileName: string } | { ok: false; message: string };

export async function uploadAsset(courseId: number, originalName: string, bytes: Uint8Array, by: number): Promise<UploadResult> {
  if (bytes.length === 0) return { ok: false, message: t.authoringServer.emptyFile };
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, message: t.authoringServer.imageTooBig };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, message: t.authoringServer.imageType };
  const base = slugify(originalName.replace(/\.[^.]*$/, "")) || "anh";
  return transaction(async (tx) => {
    // The free file name is read, then taken: one writer of this course's images at a time.
    await lock("course", courseId);
    const taken = new Set((await assetsOf(courseId)).map((a) => a.fileName));
    let fileName = `${base}.${kind.ext}`;
    for (let i = 2; taken.has(fileName); i++) fileName = `${base}-${i}.${kind.ext}`;
    await tx
      .insert(courseAssets)
      .values({ courseId, fileName, mime: kind.mime, bytes: Buffer.from(bytes), size: bytes.length, createdBy: by });
    return { ok: true, fileName } as const;
  });
}

export async function draftQuizText(courseId: number): Promise<string> {
  const [draft] = await db().select({ quiz: courseDrafts.quiz }).from(courseDrafts).where(eq(courseDrafts.courseId, courseId)).limit(1);
  return typeof draft?.quiz === "string" ? draft.quiz : "";
}

/** Saves the quiz text (the quiz-file format) when it is valid; the keys never leave the server. */
export async function saveQuiz(courseId: number, text: string, by: number): Promise<Problem[]> {
  if (text.trim() !== "") {
    const parsed = parseQuiz("quiz", text);
    if (!parsed.ok) return parsed.problems.map((p) => ({ line: p.line, column: p.column, message: p.message }));
  }
  await transaction(async (tx) => {
    await tx
      .update(courseDrafts)
      .set({ quiz: text, updatedBy: by, updatedAt: new Date().toISOString() })
      .where(eq(courseDrafts.courseId, courseId));
    await audit(by, "quiz.edit", "course", String(courseId), { questions: (text.match(/^\s*- id:/gm) ?? []).length });
  });
  return [];
}

export type PublishResult = { ok: true; version: number } | { ok: false; problems: (Problem & { lesson?: string })[] };

export async function publish(courseId: number, opts: { materialChange: boolean }, by: number): Promise<PublishResult> {
  const editable = await editableCourse(courseId);
  if (!editable) return { ok: false, problems: [{ line: null, column: null, message: t.authoringServer.notEditable }] };
  const { course, draft } = editable;
  const list = await draftLessonsOf(courseId);
  const problems: (Problem & { lesson?: string })[] = [];
  if (list.length === 0) problems.push({ line: null, column: null, message: t.authoringServer.noLessons });
  const prepared: PreparedLesson[] = [];
  for (const l of list) {
    const p = await compileDraftLesson(courseId, l.source);
    if (!p.ok) {
      problems.push(...p.problems.map((x) => ({ ...x, lesson: l.title })));
      continue;
    }
    prepared.push({
      key: l.lessonKey,
      position: l.position,
      fileName: `${String(l.position).padStart(2, "0")}-${l.lessonKey}.mdx`,
      title: l.title,
      minutes: l.minutes,
      source: l.source,
      sourceHash: createHash("sha256").update(`${PIPELINE_VERSION}\0app:${course.slug}\0${l.source}`).digest("hex"),
      html: p.html,
      toc: p.toc,
      words: p.words,
    });
  }
  const quizText = typeof draft.quiz === "string" ? draft.quiz : "";
  const quiz = quizText.trim() ? parseQuiz("quiz", quizText) : null;
  if (quiz && !quiz.ok)
    problems.push(...quiz.problems.map((p) => ({ line: p.line, column: p.column, message: t.authoringServer.quizProblem(p.message) })));
  if (problems.length > 0) return { ok: false, problems };
  const meta = draft.meta;
  const hash = createHash("sha256")
    .update(JSON.stringify({ meta, list: list.map((l) => [l.lessonKey, l.title, l.minutes, l.source]), quizText }))
    .digest("hex");
  const version = await transaction(async (tx) => {
    // createVersion reads the last version number, then writes the next: one publisher at a time.
    await lock("course", courseId);
    await tx
      .update(courses)
      .set({
        title: meta.title,
        summary: meta.summary,
        audience: meta.audience,
        minutes: meta.minutes,
        mandatory: meta.mandatory,
        tags: meta.tags,
        searchText: foldVietnamese([meta.title, meta.summary, meta.tags.join(" "), ...list.map((l) => l.title)].join(" ")),
        retiredAt: null,
      })
      .where(eq(courses.id, courseId));
    const v = await createVersion(tx, courseId, prepared, quiz && quiz.ok ? quiz.quiz : null, {
      contentHash: hash,
      createdBy: by,
      materialChange: opts.materialChange,
    });
    await audit(by, opts.materialChange ? "course.publish.material-change" : "course.publish", "course", course.slug, {
      version: v.number,
      epoch: v.epoch,
    });
    return v;
  });
  return { ok: true, version: version.number };
}

export async function unpublish(courseId: number, by: number) {
  await transaction(async (tx) => {
    const [course] = await tx.select().from(courses).where(eq(courses.id, courseId)).limit(1);
    if (!course || course.source !== "app") return;
    await tx.update(courses).set({ currentVersionId: null }).where(eq(courses.id, courseId));
    await audit(by, "course.unpublish", "course", course.slug);
  });
}

export async function versionsOf(courseId: number) {
  return db()
    .select({
      number: courseVersions.number,
      createdAt: courseVersions.createdAt,
      materialChange: courseVersions.materialChange,
      epoch: courseVersions.epoch,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
    })
    .from(courseVersions)
    .leftJoin(officials, eq(officials.id, courseVersions.createdBy))
    .where(eq(courseVersions.courseId, courseId))
    .orderBy(desc(courseVersions.number));
}

/** A repo course becomes an editable app course: lessons, images and quiz copied into a draft. */
export async function copyRepoCourse(courseId: number, by: number) {
  const [source] = await db().select().from(courses).where(eq(courses.id, courseId)).limit(1);
  if (!source || source.source !== "repo" || !source.currentVersionId) return null;
  const meta: DraftMeta = {
    title: t.authoringServer.copyTitle(source.title),
    summary: source.summary,
    audience: source.audience,
    minutes: source.minutes,
    mandatory: false,
    tags: source.tags,
  };
  const quiz = await quizFor(source.currentVersionId);
  const sources = await lessonSources(source.currentVersionId);
  const list = await lessonsOf(source.currentVersionId);
  // The folder is read before the transaction opens (no file work while holding the writer).
  const dir = path.join(coursesDir(), source.slug);
  const images: { name: string; bytes: Buffer; mime: string }[] = [];
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir)) {
      const bytes = fs.readFileSync(path.join(dir, name));
      const kind = sniffImage(bytes);
      // Repo SVGs are not copied: browser-authored courses accept only PNG, JPEG and WebP.
      if (kind) images.push({ name, bytes, mime: kind.mime });
    }
  }
  // One transaction: the new course, its draft lessons, images and quiz, and the audit entries, or nothing.
  return transaction(async (tx) => {
    const copy = await createCourse(meta, by);
    for (const [i, l] of list.entries()) {
      // The title and minutes move to their fields; the body keeps the MDX.
      const body = (sources.get(l.lessonId) ?? "").replace(/^---[\s\S]*?---\s*/, "");
      await tx
        .insert(draftLessons)
        .values({ courseId: copy.id, lessonKey: l.key, position: i + 1, title: l.title, minutes: l.minutes, source: body });
    }
    if (SLUG.test(copy.slug)) {
      for (const image of images) {
        await tx.insert(courseAssets).values({
          courseId: copy.id,
          fileName: image.name,
          mime: image.mime,
          bytes: image.bytes,
          size: image.bytes.length,
          createdBy: by,
        });
      }
    }
    if (quiz)
      await tx
        .update(courseDrafts)
        .set({ quiz: stringify(quiz) })
        .where(eq(courseDrafts.courseId, copy.id));
    await audit(by, "course.copy", "course", copy.slug, { from: source.slug });
    return copy;
  });
}
