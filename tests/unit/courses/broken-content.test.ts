// Bad content never takes the site down: the broken course is marked with file, line and reason,
// keeps its last good version, and every other course keeps serving.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { bootstrap } from "~/bootstrap.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { syncContent } from "~/courses/sync.server";
import { loader as contentLoader } from "~/routes/admin.content";
import { loader as courseLoader } from "~/routes/courses.$slug._index";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { dropContentCopy, useContentCopy } from "../../support/content";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
let content: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
  content = useContentCopy();
});
after(async () => {
  await dropTestDatabase(file);
  dropContentCopy(content);
});

const lessonFile = (slug: string, prefix: string) => {
  const dir = path.join(content, "courses", slug);
  return path.join(
    dir,
    fs.readdirSync(dir).find((f) => f.startsWith(prefix))!,
  );
};

describe("a broken lesson file", () => {
  test("a course that was never good is not served; the app still starts and the others serve", async () => {
    const broken = lessonFile("an-toan-thong-tin-can-bo", "02-");
    const lines = fs.readFileSync(broken, "utf8").split("\n");
    const at = lines.findIndex((l, i) => i > 5 && l.trim() === "") + 1; // a blank line after the frontmatter
    lines.splice(at, 0, '<Callout type="note">', "", "Hộp ghi chú không được đóng.", "");
    fs.writeFileSync(broken, lines.join("\n"));
    // A missing image in another course, a bad frontmatter in a third.
    const figure = lessonFile("dich-vu-cong-truc-tuyen", "03-");
    fs.writeFileSync(figure, fs.readFileSync(figure, "utf8").replace(/src="[^"]+\.svg"/, 'src="khong-co-anh.png"'));
    const fm = lessonFile("mot-cua-dien-tu-so-hoa-ho-so", "01-");
    fs.writeFileSync(fm, fs.readFileSync(fm, "utf8").replace(/^minutes: .*$/m, "minutes: nhiều"));

    await bootstrap(); // migrate + sync: must not throw

    assert.equal(await publishedCourse("an-toan-thong-tin-can-bo"), null);
    assert.equal(await publishedCourse("dich-vu-cong-truc-tuyen"), null);
    assert.equal(await publishedCourse("mot-cua-dien-tu-so-hoa-ho-so"), null);
    for (const ok of ["chuyen-doi-so-co-quan-nha-nuoc", "chu-ky-so-van-ban-dien-tu"]) {
      const request = await requestAs("canbo", `/courses/${ok}`);
      const data = await courseLoader({ request, params: { slug: ok }, context: ctx });
      assert.ok(data.lessons.length >= 3, ok);
    }
    assert.equal(
      await statusOf(
        courseLoader({
          request: await requestAs("canbo", "/courses/an-toan-thong-tin-can-bo"),
          params: { slug: "an-toan-thong-tin-can-bo" },
          context: ctx,
        }),
      ),
      404,
    );

    const page = await contentLoader({ request: await requestAs("quantri", "/admin/content"), params: {}, context: ctx });
    const problemsOf = (slug: string) => page.courses.find((c) => c.slug === slug)!.problems;
    const syntax = problemsOf("an-toan-thong-tin-can-bo");
    assert.equal(syntax.length, 1);
    assert.match(syntax[0]!.file, /courses\/an-toan-thong-tin-can-bo\/02-.*\.mdx$/);
    assert.equal(syntax[0]!.line, at + 1, "the line of the unclosed <Callout>");
    assert.match(syntax[0]!.message, /closing tag for `<Callout>`/);
    const image = problemsOf("dich-vu-cong-truc-tuyen");
    assert.match(image[0]!.message, /Không tìm thấy ảnh "khong-co-anh.png"/);
    assert.ok(image[0]!.line && image[0]!.line > 3);
    assert.match(problemsOf("mot-cua-dien-tu-so-hoa-ho-so")[0]!.message, /minutes/);
    assert.deepEqual(problemsOf("chu-ky-so-van-ban-dien-tu"), []);
  });

  test("a course that breaks after a good version keeps serving that version", async () => {
    // Repair everything from the pristine content, sync, then break one lesson again.
    fs.rmSync(content, { recursive: true, force: true });
    fs.cpSync(path.resolve("content"), content, { recursive: true });
    await syncContent();
    const good = (await publishedCourse("an-toan-thong-tin-can-bo"))!;
    const broken = lessonFile("an-toan-thong-tin-can-bo", "01-");
    fs.writeFileSync(broken, fs.readFileSync(broken, "utf8") + "\n\n{process.exit(1)}\n");
    const reports = await syncContent();
    const report = reports.find((r) => r.slug === "an-toan-thong-tin-can-bo")!;
    assert.equal(report.status, "broken");
    assert.match(report.problems[0]!.message, /biểu thức JavaScript/);
    assert.equal((await publishedCourse("an-toan-thong-tin-can-bo"))?.currentVersionId, good.currentVersionId);
  });

  test("learners and managers cannot open the content status page", async () => {
    for (const who of ["canbo", "lanhdao.tanthanh"]) {
      assert.equal(await statusOf(contentLoader({ request: await requestAs(who, "/admin/content"), params: {}, context: ctx })), 403);
    }
  });
});
