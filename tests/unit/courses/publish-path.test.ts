// Issue 12 item 4: one publish path for repo and browser courses. A browser-written lesson's
// contents (toc) and word count come from the same compile step the repo sync uses, so a heading
// "## Hỏi & đáp" is listed as "Hỏi & đáp", not "Hỏi &amp; đáp".
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addLesson, createCourse, publish, saveLesson } from "~/courses/authoring.server";
import { lessonForReading, lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { compileLesson, tableOfContents } from "~/mdx/compile.server";
import { findByIdentifier } from "~/people/officials.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const SOURCE = [
  "## Hỏi & đáp",
  "",
  "Câu hỏi thường gặp: \"đăng nhập\" & 'mật khẩu'.",
  "",
  "### Khi quên mật khẩu?",
  "",
  "Liên hệ bộ phận CNTT.",
].join("\n");

describe("a browser-written lesson publishes as a repo lesson would", () => {
  test("its contents decode the heading text, as the repo sync's", async () => {
    const by = (await findByIdentifier("giangvien"))!.id;
    const course = await createCourse(
      { title: "Hỏi đáp dịch vụ công", summary: "", audience: "", minutes: 5, mandatory: false, tags: [] },
      by,
    );
    const lesson = await addLesson(course.id, "Hỏi & đáp");
    assert.deepEqual(await saveLesson(course.id, lesson.lessonKey, { title: "Hỏi & đáp", minutes: 5, source: SOURCE }), []);
    assert.deepEqual(await publish(course.id, { materialChange: false }, by), { ok: true, version: 1 });

    const published = (await publishedCourse(course.slug))!;
    const [summary] = await lessonsOf(published.currentVersionId!);
    const stored = (await lessonForReading(published.currentVersionId!, summary!.key))!;
    assert.deepEqual(
      stored.toc.map((e) => [e.depth, e.text]),
      [
        [2, "Hỏi & đáp"],
        [3, "Khi quên mật khẩu?"],
      ],
    );
    assert.ok(!stored.toc.some((e) => /&amp;|&#/.test(e.text)));
    // The same extraction as the repo path, on the same HTML.
    assert.deepEqual(stored.toc, tableOfContents(stored.html));
    const repo = await compileLesson(SOURCE, { dir: process.cwd(), assetUrl: "/course-files/x", hasImage: () => false });
    assert.ok(repo.ok);
    assert.deepEqual(stored.toc, repo.toc);
  });
});
