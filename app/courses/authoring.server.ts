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
import { db } from "~/db/client.server";
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

function uniqueSlug(base: string): string {
  const taken = (slug: string) =>
    !!db().select({ id: courses.id }).from(courses).where(eq(courses.slug, slug)).get() || fs.existsSync(path.join(coursesDir(), slug));
  let slug = base;
  for (let i = 2; taken(slug); i++) slug = `${base}-${i}`;
  return slug;
}

export function authoringList() {
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
    .orderBy(asc(courses.title))
    .all();
}

export function createCourse(meta: DraftMeta, by: number) {
  return db().transaction((tx) => {
    const course = tx
      .insert(courses)
      .values({
        slug: uniqueSlug(slugify(meta.title)),
        source: "app",
        title: meta.title,
        summary: meta.summary,
        minutes: meta.minutes,
        mandatory: meta.mandatory,
        tags: meta.tags,
      })
      .returning()
      .get();
    tx.insert(courseDrafts).values({ courseId: course.id, meta, updatedBy: by }).run();
    audit(by, "course.create", "course", course.slug, { title: meta.title });
    return course;
  });
}

export function editableCourse(courseId: number) {
  const course = db().select().from(courses).where(eq(courses.id, courseId)).get();
  if (!course || course.source !== "app") return null;
  const draft = db().select().from(courseDrafts).where(eq(courseDrafts.courseId, courseId)).get();
  if (!draft) return null;
  return { course, draft };
}

export function draftLessonsOf(courseId: number) {
  return db().select().from(draftLessons).where(eq(draftLessons.courseId, courseId)).orderBy(asc(draftLessons.position)).all();
}

export function assetsOf(courseId: number) {
  return db()
    .select({ fileName: courseAssets.fileName, mime: courseAssets.mime, size: courseAssets.size })
    .from(courseAssets)
    .where(eq(courseAssets.courseId, courseId))
    .orderBy(asc(courseAssets.fileName))
    .all();
}

export function assetBytes(courseId: number, fileName: string) {
  return db()
    .select({ bytes: courseAssets.bytes, mime: courseAssets.mime })
    .from(courseAssets)
    .where(and(eq(courseAssets.courseId, courseId), eq(courseAssets.fileName, fileName)))
    .get();
}

const hasAsset = (courseId: number) => {
  const names = new Set(assetsOf(courseId).map((a) => a.fileName));
  return (file: string) => names.has(file);
};

export function saveMeta(courseId: number, meta: DraftMeta, by: number) {
  db()
    .update(courseDrafts)
    .set({ meta, updatedBy: by, updatedAt: new Date().toISOString() })
    .where(eq(courseDrafts.courseId, courseId))
    .run();
}

export const NEW_LESSON_TEMPLATE = t.authoringServer.newLessonTemplate;

export function addLesson(courseId: number, title: string) {
  const existing = draftLessonsOf(courseId);
  let key = slugify(title);
  for (let i = 2; existing.some((l) => l.lessonKey === key); i++) key = `${slugify(title)}-${i}`;
  return db()
    .insert(draftLessons)
    .values({ courseId, lessonKey: key, position: existing.length + 1, title, minutes: 5, source: NEW_LESSON_TEMPLATE })
    .returning()
    .get();
}

export function draftLesson(courseId: number, key: string) {
  return (
    db()
      .select()
      .from(draftLessons)
      .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
      .get() ?? null
  );
}

/** Saves the draft (even with problems: a draft may be unfinished) and returns the gate's verdict. */
export async function saveLesson(
  courseId: number,
  key: string,
  input: { title: string; minutes: number; source: string },
): Promise<Problem[]> {
  db()
    .update(draftLessons)
    .set({ ...input, updatedAt: new Date().toISOString() })
    .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
    .run();
  return checkLesson(courseId, input.source);
}

/** The gate, in a worker with a time budget; an unchanged lesson is answered from the cache. */
function gateLesson(courseId: number, source: string) {
  const course = db().select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId)).get()!;
  return runGate(source, { images: assetsOf(courseId).map((a) => a.fileName), assetUrl: assetUrl(course.slug) });
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
  const course = db().select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId)).get()!;
  return compileLesson(verdict.mdx, { dir: emptyDir(), assetUrl: assetUrl(course.slug), hasImage: hasAsset(courseId) });
}

export function moveLesson(courseId: number, key: string, direction: "up" | "down") {
  db().transaction((tx) => {
    const lesson = tx
      .select()
      .from(draftLessons)
      .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
      .get();
    if (!lesson) return;
    const neighbour = tx
      .select()
      .from(draftLessons)
      .where(
        and(
          eq(draftLessons.courseId, courseId),
          direction === "up" ? lt(draftLessons.position, lesson.position) : gt(draftLessons.position, lesson.position),
        ),
      )
      .orderBy(direction === "up" ? desc(draftLessons.position) : asc(draftLessons.position))
      .get();
    if (!neighbour) return;
    tx.update(draftLessons).set({ position: neighbour.position }).where(eq(draftLessons.id, lesson.id)).run();
    tx.update(draftLessons).set({ position: lesson.position }).where(eq(draftLessons.id, neighbour.id)).run();
  });
}

export function removeLesson(courseId: number, key: string) {
  db().transaction((tx) => {
    tx.delete(draftLessons)
      .where(and(eq(draftLessons.courseId, courseId), eq(draftLessons.lessonKey, key)))
      .run();
    const rest = tx.select().from(draftLessons).where(eq(draftLessons.courseId, courseId)).orderBy(asc(draftLessons.position)).all();
    rest.forEach((l, i) =>
      tx
        .update(draftLessons)
        .set({ position: i + 1 })
        .where(eq(draftLessons.id, l.id))
        .run(),
    );
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

export function uploadAsset(courseId: number, originalName: string, bytes: Uint8Array, by: number): UploadResult {
  if (bytes.length === 0) return { ok: false, message: t.authoringServer.emptyFile };
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, message: t.authoringServer.imageTooBig };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, message: t.authoringServer.imageType };
  const base = slugify(originalName.replace(/\.[^.]*$/, "")) || "anh";
  const taken = new Set(assetsOf(courseId).map((a) => a.fileName));
  let fileName = `${base}.${kind.ext}`;
  for (let i = 2; taken.has(fileName); i++) fileName = `${base}-${i}.${kind.ext}`;
  db()
    .insert(courseAssets)
    .values({ courseId, fileName, mime: kind.mime, bytes: Buffer.from(bytes), size: bytes.length, createdBy: by })
    .run();
  return { ok: true, fileName };
}

export function draftQuizText(courseId: number): string {
  const draft = db().select({ quiz: courseDrafts.quiz }).from(courseDrafts).where(eq(courseDrafts.courseId, courseId)).get();
  return typeof draft?.quiz === "string" ? draft.quiz : "";
}

/** Saves the quiz text (the quiz-file format) when it is valid; the keys never leave the server. */
export function saveQuiz(courseId: number, text: string, by: number): Problem[] {
  if (text.trim() !== "") {
    const parsed = parseQuiz("quiz", text);
    if (!parsed.ok) return parsed.problems.map((p) => ({ line: p.line, column: p.column, message: p.message }));
  }
  db()
    .update(courseDrafts)
    .set({ quiz: text, updatedBy: by, updatedAt: new Date().toISOString() })
    .where(eq(courseDrafts.courseId, courseId))
    .run();
  audit(by, "quiz.edit", "course", String(courseId), { questions: (text.match(/^\s*- id:/gm) ?? []).length });
  return [];
}

export type PublishResult = { ok: true; version: number } | { ok: false; problems: (Problem & { lesson?: string })[] };

export async function publish(courseId: number, opts: { materialChange: boolean }, by: number): Promise<PublishResult> {
  const editable = editableCourse(courseId);
  if (!editable) return { ok: false, problems: [{ line: null, column: null, message: t.authoringServer.notEditable }] };
  const { course, draft } = editable;
  const list = draftLessonsOf(courseId);
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
  const version = db().transaction((tx) => {
    tx.update(courses)
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
      .where(eq(courses.id, courseId))
      .run();
    const v = createVersion(tx, courseId, prepared, quiz && quiz.ok ? quiz.quiz : null, {
      contentHash: hash,
      createdBy: by,
      materialChange: opts.materialChange,
    });
    audit(by, opts.materialChange ? "course.publish.material-change" : "course.publish", "course", course.slug, {
      version: v.number,
      epoch: v.epoch,
    });
    return v;
  });
  return { ok: true, version: version.number };
}

export function unpublish(courseId: number, by: number) {
  const course = db().select().from(courses).where(eq(courses.id, courseId)).get();
  if (!course || course.source !== "app") return;
  db().update(courses).set({ currentVersionId: null }).where(eq(courses.id, courseId)).run();
  audit(by, "course.unpublish", "course", course.slug);
}

export function versionsOf(courseId: number) {
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
    .orderBy(desc(courseVersions.number))
    .all();
}

/** A repo course becomes an editable app course: lessons, images and quiz copied into a draft. */
export function copyRepoCourse(courseId: number, by: number) {
  const source = db().select().from(courses).where(eq(courses.id, courseId)).get();
  if (!source || source.source !== "repo" || !source.currentVersionId) return null;
  const meta: DraftMeta = {
    title: t.authoringServer.copyTitle(source.title),
    summary: source.summary,
    audience: source.audience,
    minutes: source.minutes,
    mandatory: false,
    tags: source.tags,
  };
  const copy = createCourse(meta, by);
  const dir = path.join(coursesDir(), source.slug);
  const quiz = quizFor(source.currentVersionId);
  const sources = lessonSources(source.currentVersionId);
  db().transaction((tx) => {
    lessonsOf(source.currentVersionId!).forEach((l, i) => {
      // The title and minutes move to their fields; the body keeps the MDX.
      const body = (sources.get(l.lessonId) ?? "").replace(/^---[\s\S]*?---\s*/, "");
      tx.insert(draftLessons)
        .values({ courseId: copy.id, lessonKey: l.key, position: i + 1, title: l.title, minutes: l.minutes, source: body })
        .run();
    });
    if (fs.existsSync(dir)) {
      for (const name of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, name));
        const kind = sniffImage(bytes);
        // Repo SVGs are not copied: browser-authored courses accept only PNG, JPEG and WebP.
        if (kind && SLUG.test(copy.slug))
          tx.insert(courseAssets)
            .values({ courseId: copy.id, fileName: name, mime: kind.mime, bytes, size: bytes.length, createdBy: by })
            .run();
      }
    }
    if (quiz)
      tx.update(courseDrafts)
        .set({ quiz: stringify(quiz) })
        .where(eq(courseDrafts.courseId, copy.id))
        .run();
  });
  audit(by, "course.copy", "course", copy.slug, { from: source.slug });
  return copy;
}
