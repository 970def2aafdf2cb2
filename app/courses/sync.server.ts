// content/courses/<slug>/ → database. On start (and on reload in development) each course folder is
// hashed; an unchanged folder costs one hash. A changed folder is checked and compiled lesson by
// lesson (a lesson whose source is unchanged reuses its stored HTML), then becomes a new course
// version in one transaction. A broken folder never takes the site down: the course is marked with
// its problems (file, line, reason), keeps serving its last good version if it has one, and every
// other course carries on.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq, isNull } from "drizzle-orm";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { db, lock, transaction } from "~/db/client.server";
import { courses, courseVersions, lessonVersions, type ContentProblem } from "~/db/schema";
import { env } from "~/env.server";
import { foldVietnamese } from "~/i18n/format";
import { imagesIn } from "~/mdx/check.server";
import { compileLesson, PIPELINE_VERSION } from "~/mdx/compile.server";
import { parseQuiz, type QuizDefinition } from "~/quizzes/definition.server";
import { createVersion, type PreparedLesson } from "./versions.server";
import { t } from "~/i18n/vi";

const S = t.contentSync;

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const LESSON_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

const CourseFile = z.object({
  title: z.string({ error: S.titleRequired }).trim().min(3, S.titleTooShort).max(200, S.titleTooLong),
  summary: z.string({ error: S.summaryText }).trim().max(2000, S.summaryTooLong).default(""),
  audience: z.string({ error: S.audienceText }).trim().max(500).default(""),
  minutes: z.number({ error: S.minutesNumber }).int(S.minutesInteger).positive(S.minutesPositive).max(10_000),
  mandatory: z.boolean({ error: S.mandatoryBoolean }).default(false),
  tags: z.array(z.string().trim().min(1).max(60), { error: S.tagsList }).max(12).default([]),
  order: z.number({ error: S.orderNumber }).int().optional(),
});

const Frontmatter = z.object({
  title: z.string({ error: S.lessonTitleRequired }).trim().min(2, S.lessonTitleRequired).max(200, S.lessonTitleTooLong),
  minutes: z.number({ error: S.lessonMinutesNumber }).int(S.minutesInteger).positive(S.lessonMinutesPositive).max(600),
});

export const coursesDir = () => path.resolve(process.cwd(), env().CONTENT_DIR, "courses");
export const assetUrl = (slug: string) => `/course-files/${slug}/`;

function zodProblems(file: string, error: z.ZodError): ContentProblem[] {
  return error.issues.map((i) => ({
    file,
    line: null,
    column: null,
    message: `${i.path.join(".") || S.wholeFile}: ${i.message}`,
  }));
}

function readYaml(file: string, text: string): { value: unknown; problems: ContentProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: counter });
  if (doc.errors.length > 0) {
    return {
      value: undefined,
      problems: doc.errors.map((e) => ({
        file,
        line: counter.linePos(e.pos[0]).line,
        column: counter.linePos(e.pos[0]).col,
        message: S.badYaml(e.message.split("\n")[0] ?? ""),
      })),
    };
  }
  return { value: doc.toJS(), problems: [] };
}

/** Hash of every file in the folder (names and bytes) and of the pipeline that renders them. */
export function folderHash(dir: string): string {
  const hash = createHash("sha256").update(`pipeline:${PIPELINE_VERSION}\0`);
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(name).update("\0").update(fs.readFileSync(full)).update("\0");
  }
  return hash.digest("hex");
}

/** Stored HTML for a lesson source already compiled by this pipeline, if any. */
async function storedRender(sourceHash: string) {
  const [stored] = await db()
    .select({
      html: lessonVersions.html,
      toc: lessonVersions.toc,
      words: lessonVersions.words,
      title: lessonVersions.title,
      minutes: lessonVersions.minutes,
    })
    .from(lessonVersions)
    .where(eq(lessonVersions.sourceHash, sourceHash))
    .limit(1);
  return stored;
}

async function prepareLessons(slug: string, dir: string, problems: ContentProblem[]): Promise<PreparedLesson[]> {
  const out: PreparedLesson[] = [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".mdx"))
    .sort();
  const keys = new Set<string>();
  // Images are part of a lesson's identity: deleting one must re-check the lessons that show it.
  const assets = fs
    .readdirSync(dir)
    .filter((f) => !f.endsWith(".mdx") && !f.endsWith(".yaml"))
    .sort()
    .join("|");
  for (const fileName of files) {
    const rel = `courses/${slug}/${fileName}`;
    const m = LESSON_FILE.exec(fileName);
    if (!m) {
      problems.push({ file: rel, line: null, column: null, message: S.lessonFileName });
      continue;
    }
    const key = m[2]!;
    if (keys.has(key)) {
      problems.push({ file: rel, line: null, column: null, message: S.duplicateLessonKey(key) });
      continue;
    }
    keys.add(key);
    const source = fs.readFileSync(path.join(dir, fileName), "utf8");
    const sourceHash = createHash("sha256").update(`${PIPELINE_VERSION}\0${slug}\0${assets}\0`).update(source).digest("hex");
    const stored = await storedRender(sourceHash);
    if (stored) {
      out.push({ key, position: Number(m[1]), fileName, source, sourceHash, ...stored });
      continue;
    }
    const compiled = await compileLesson(source, { dir, assetUrl: assetUrl(slug), hasImage: imagesIn(dir) });
    if (!compiled.ok) {
      for (const p of compiled.problems) problems.push({ file: rel, ...p });
      continue;
    }
    const fm = Frontmatter.safeParse(compiled.frontmatter);
    if (!fm.success) {
      problems.push(...zodProblems(rel, fm.error).map((p) => ({ ...p, message: S.frontmatter(p.message) })));
      continue;
    }
    out.push({
      key,
      position: Number(m[1]),
      fileName,
      title: fm.data.title,
      minutes: fm.data.minutes,
      source,
      sourceHash,
      html: compiled.html,
      toc: compiled.toc,
      words: compiled.words,
    });
  }
  if (files.length === 0) problems.push({ file: `courses/${slug}/`, line: null, column: null, message: S.noLessons });
  return out;
}

export type SyncReport = {
  slug: string;
  status: "unchanged" | "updated" | "broken" | "retired";
  version?: number;
  problems: ContentProblem[];
};

async function syncCourse(slug: string, dir: string): Promise<SyncReport> {
  const hash = folderHash(dir);
  const [existing] = await db().select().from(courses).where(eq(courses.slug, slug)).limit(1);
  if (existing && existing.source !== "repo") return slugTaken(slug);
  // A clean, unchanged folder costs one hash. A broken one is checked again (in production only at
  // start), so a failure that was not the content's fault does not stick.
  const recheckBroken = existing?.problems && env().NODE_ENV !== "development";
  if (existing && existing.checkedHash === hash && existing.retiredAt === null && !recheckBroken) {
    return { slug, status: existing.problems ? "broken" : "unchanged", problems: existing.problems ?? [] };
  }

  const problems: ContentProblem[] = [];
  const courseRel = `courses/${slug}/course.yaml`;
  let meta: z.infer<typeof CourseFile> | undefined;
  const courseFile = path.join(dir, "course.yaml");
  if (!fs.existsSync(courseFile)) {
    problems.push({ file: courseRel, line: null, column: null, message: S.missingCourseYaml });
  } else {
    const yaml = readYaml(courseRel, fs.readFileSync(courseFile, "utf8"));
    problems.push(...yaml.problems);
    if (yaml.problems.length === 0) {
      const parsed = CourseFile.safeParse(yaml.value ?? {});
      if (parsed.success) meta = parsed.data;
      else problems.push(...zodProblems(courseRel, parsed.error));
    }
  }
  const prepared = await prepareLessons(slug, dir, problems);
  let quiz: QuizDefinition | null = null;
  const quizFile = path.join(dir, "quiz.yaml");
  if (fs.existsSync(quizFile)) {
    const parsed = parseQuiz(`courses/${slug}/quiz.yaml`, fs.readFileSync(quizFile, "utf8"));
    if (parsed.ok) quiz = parsed.quiz;
    else problems.push(...parsed.problems);
  }

  return transaction(async (tx) => {
    // Another app process may be syncing the same folder: one at a time, and the course row is read
    // again under the lock (what was read before compiling may be stale).
    await lock("content-sync");
    const [current] = await tx.select().from(courses).where(eq(courses.slug, slug)).limit(1);
    if (current && current.source !== "repo") return slugTaken(slug);
    if (current && current.checkedHash === hash && current.retiredAt === null && current.checkedHash !== existing?.checkedHash) {
      return { slug, status: current.problems ? ("broken" as const) : ("unchanged" as const), problems: current.problems ?? [] };
    }
    const now = new Date().toISOString();
    if (problems.length > 0 || !meta) {
      if (current) {
        await tx.update(courses).set({ problems, checkedHash: hash, retiredAt: null, updatedAt: now }).where(eq(courses.id, current.id));
      } else {
        await tx.insert(courses).values({ slug, title: meta?.title ?? slug, problems, checkedHash: hash });
      }
      return { slug, status: "broken" as const, problems };
    }
    const fields = {
      title: meta.title,
      summary: meta.summary,
      audience: meta.audience,
      minutes: meta.minutes,
      mandatory: meta.mandatory,
      tags: meta.tags,
      sortOrder: meta.order ?? 1000,
      searchText: foldVietnamese([meta.title, meta.summary, meta.tags.join(" "), ...prepared.map((l) => l.title)].join(" ")),
      problems: null,
      checkedHash: hash,
      retiredAt: null,
      updatedAt: now,
    };
    const [course] = current
      ? await tx.update(courses).set(fields).where(eq(courses.id, current.id)).returning()
      : await tx
          .insert(courses)
          .values({ slug, ...fields })
          .returning();

    const version = await createVersion(tx, course!.id, prepared, quiz, { contentHash: hash });
    return { slug, status: "updated" as const, version: version.number, problems: [] };
  });
}

function slugTaken(slug: string): SyncReport {
  return {
    slug,
    status: "broken",
    problems: [{ file: `courses/${slug}/`, line: null, column: null, message: S.slugTakenByApp }],
  };
}

let running: Promise<SyncReport[]> | undefined;

/** Bring every course folder into the database. Concurrent callers share one run. */
export function syncContent(): Promise<SyncReport[]> {
  running ??= (async () => {
    try {
      const root = coursesDir();
      const slugs = fs.existsSync(root)
        ? fs
            .readdirSync(root)
            .filter((name) => fs.statSync(path.join(root, name)).isDirectory())
            .sort()
        : [];
      const reports: SyncReport[] = [];
      for (const slug of slugs) {
        if (!SLUG.test(slug)) {
          reports.push({
            slug,
            status: "broken",
            problems: [{ file: `courses/${slug}/`, line: null, column: null, message: S.badFolderName }],
          });
          continue;
        }
        try {
          reports.push(await syncCourse(slug, path.join(root, slug)));
        } catch (error) {
          // One course failing in an unexpected way must not stop the others.
          const problem = { file: `courses/${slug}/`, line: null, column: null, message: S.readFailed((error as Error).message) };
          await transaction(async (tx) => {
            await tx
              .update(courses)
              .set({ problems: [problem] })
              .where(eq(courses.slug, slug));
          });
          reports.push({ slug, status: "broken", problems: [problem] });
        }
      }
      // Repo courses whose folder is gone are retired, never deleted: their history stays.
      const present = new Set(slugs);
      const live = await db()
        .select()
        .from(courses)
        .where(and(eq(courses.source, "repo"), isNull(courses.retiredAt)));
      for (const c of live) {
        if (!present.has(c.slug)) {
          await transaction(async (tx) => {
            // Only a course still live is retired (another process may have retired it already).
            await tx
              .update(courses)
              .set({ retiredAt: new Date().toISOString() })
              .where(and(eq(courses.id, c.id), isNull(courses.retiredAt)));
          });
          reports.push({ slug: c.slug, status: "retired", problems: [] });
        }
      }
      for (const r of reports) {
        for (const p of r.problems) {
          console.error(`${S.logPrefix} ${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""} ${p.message}`);
        }
      }
      return reports;
    } finally {
      running = undefined;
    }
  })();
  return running;
}

/** Latest version numbers per course, for the admin page. */
export async function latestVersionNumber(courseId: number): Promise<number | null> {
  const [row] = await db()
    .select({ number: courseVersions.number })
    .from(courseVersions)
    .where(eq(courseVersions.courseId, courseId))
    .orderBy(desc(courseVersions.number))
    .limit(1);
  return row?.number ?? null;
}
