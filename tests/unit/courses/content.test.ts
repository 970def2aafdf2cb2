// The shipped courses, the compile-once rule, and progress surviving a corrected lesson.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { lessonsOf, publishedCourse, catalogue } from "~/courses/catalogue.server";
import { completeLesson, courseProgress } from "~/courses/progress.server";
import { syncContent } from "~/courses/sync.server";
import { compileCount } from "~/mdx/compile.server";
import { findByIdentifier } from "~/people/officials.server";
import { loader as lessonLoader } from "~/routes/courses.$slug.$lessonKey";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { dropContentCopy, useContentCopy } from "../../support/content";
import { ctx, requestAs } from "../../support/requests";

let file: string;
let content: string;
before(async () => {
  file = await useTestDatabase({ content: true });
  content = useContentCopy();
});
after(async () => {
  await dropTestDatabase(file);
  dropContentCopy(content);
});

describe("shipped courses", () => {
  test("at least five courses of 3–6 lessons each sync without a single problem", async () => {
    const reports = await syncContent();
    assert.ok(reports.length >= 5, `only ${reports.length} courses`);
    for (const r of reports) {
      assert.deepEqual(r.problems, [], `${r.slug}: ${JSON.stringify(r.problems)}`);
      const course = (await publishedCourse(r.slug))!;
      const n = (await lessonsOf(course.currentVersionId!)).length;
      assert.ok(n >= 3 && n <= 6, `${r.slug} has ${n} lessons`);
    }
  });
});

describe("serving lessons", () => {
  test("never calls esbuild after start: every lesson of every course served, zero compiles", async () => {
    await syncContent(); // nothing changed: no compile either
    const before = compileCount();
    const official = (await findByIdentifier("canbo"))!;
    let served = 0;
    for (const c of await catalogue(official.id)) {
      const course = (await publishedCourse(c.slug))!;
      for (const l of await lessonsOf(course.currentVersionId!)) {
        const request = await requestAs("canbo", `/courses/${c.slug}/${l.key}`);
        const data = await lessonLoader({ request, params: { slug: c.slug, lessonKey: l.key }, context: ctx });
        assert.match(data.lesson.html, /<h2/);
        served++;
      }
    }
    assert.ok(served >= 15);
    await syncContent();
    assert.equal(compileCount(), before, "a lesson request or an unchanged sync compiled MDX");
  });
});

describe("a corrected lesson", () => {
  test("makes a new course version and keeps everyone's progress", async () => {
    const slug = "dich-vu-cong-truc-tuyen";
    const official = (await findByIdentifier("canbo"))!;
    const course = (await publishedCourse(slug))!;
    const [first, second] = await lessonsOf(course.currentVersionId!);
    await completeLesson(official.id, course.id, first!.lessonId);
    await completeLesson(official.id, course.id, second!.lessonId);

    const dir = path.join(content, "courses", slug);
    const fileName = fs.readdirSync(dir).find((f) => f.startsWith("02-"))!;
    const full = path.join(dir, fileName);
    fs.writeFileSync(full, fs.readFileSync(full, "utf8").replace(/\n## /, "\nMột câu được sửa lại cho rõ hơn.\n\n## "));
    const compilesBefore = compileCount();
    const reports = await syncContent();
    assert.equal(reports.find((r) => r.slug === slug)?.status, "updated");
    assert.equal(compileCount() - compilesBefore, 1, "only the edited lesson is compiled again");

    const after = (await publishedCourse(slug))!;
    assert.notEqual(after.currentVersionId, course.currentVersionId);
    const progress = await courseProgress(official.id, after);
    assert.equal(progress.done, 2);
    assert.equal(progress.lessons[1]!.lessonId, second!.lessonId, "the lesson keeps its stable id");
    assert.ok(progress.lessons[1]!.completedAt);
    assert.equal(progress.resume?.lessonId, progress.lessons[2]!.lessonId);
  });
});
