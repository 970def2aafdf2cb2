import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import {
  addLesson,
  createCourse,
  draftLessonsOf,
  previewLesson,
  publish,
  recentAudit,
  saveLesson,
  saveQuiz,
  uploadAsset,
} from "~/courses/authoring.server";
import { catalogue, lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson, courseProgress } from "~/courses/progress.server";
import { db } from "~/db/client.server";
import { courseCompletions } from "~/db/schema";
import { findByIdentifier } from "~/people/officials.server";
import { personCourses } from "~/reports/people.server";
import { unitReport } from "~/reports/unit-report.server";
import { action as editorAction } from "~/routes/trainer.courses.$courseId._index";
import { action as lessonAction } from "~/routes/trainer.courses.$courseId.lessons.$key";
import { action as quizAction } from "~/routes/trainer.courses.$courseId.quiz";
import { action as homeAction } from "~/routes/trainer._index";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const png = fs.readFileSync(path.resolve("tests/fixtures/anh-minh-hoa.png"));
const trainer = async () => (await findByIdentifier("giangvien"))!.id;

const LESSON = [
  "## Vì sao cần cập nhật phần mềm",
  "",
  '<Callout type="warning" title="Quan trọng">',
  "",
  "Cập nhật phần mềm ngay khi có thông báo của bộ phận CNTT.",
  "",
  "</Callout>",
  "",
  '<Figure src="anh-minh-hoa.png" alt="Hộp thoại cập nhật phần mềm" caption="Hình 1" />',
].join("\n");

// Each test builds the course it needs (no test relies on an earlier one): a draft with the image, …
async function draftCourse(title: string) {
  const course = await createCourse(
    { title, summary: "Vì sao và cách cập nhật.", audience: "", minutes: 10, mandatory: false, tags: ["an toàn"] },
    await trainer(),
  );
  assert.deepEqual(await uploadAsset(course.id, "Ảnh minh họa.jpg", png, await trainer()), { ok: true, fileName: "anh-minh-hoa.png" });
  return course;
}

// … or that draft with one lesson, published as version 1.
async function publishedCourse1(title: string) {
  const course = await draftCourse(title);
  const lesson = await addLesson(course.id, "Cập nhật phần mềm");
  assert.deepEqual(await saveLesson(course.id, lesson.lessonKey, { title: "Cập nhật phần mềm", minutes: 6, source: LESSON }), []);
  assert.deepEqual(await publish(course.id, { materialChange: false }, await trainer()), { ok: true, version: 1 });
  return { courseId: course.id, slug: course.slug };
}

describe("a trainer writes and publishes a course in the browser", () => {
  test("a new course is a draft that learners do not see", async () => {
    const request = await requestAs("giangvien", "/trainer", {
      method: "POST",
      body: new URLSearchParams({ title: "Khóa nháp chưa xuất bản", summary: "Vì sao và cách cập nhật.", minutes: "10", tags: "an toàn" }),
    });
    const response = (await homeAction({ request, params: {}, context: ctx })) as Response;
    assert.equal(response.status, 302);
    const courseId = Number(response.headers.get("Location")!.split("/").pop());
    assert.ok(courseId > 0);
    assert.ok(!(await catalogue((await findByIdentifier("canbo"))!.id)).some((c) => c.title === "Khóa nháp chưa xuất bản"));
  });

  test("images are checked by their bytes, not their names", async () => {
    const courseId = (await draftCourse("Ảnh kiểm tra theo nội dung")).id;
    const svg = fs.readFileSync(path.resolve("tests/fixtures/gia-mao.png"));
    const refused = await uploadAsset(courseId, "gia-mao.png", svg, await trainer());
    assert.equal(refused.ok, false);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(png.subarray(0, 8));
    assert.equal((await uploadAsset(courseId, "lon.png", big, await trainer())).ok, false);
  });

  test("a lesson with a Callout and the uploaded image previews, then publishes", async () => {
    const courseId = (await draftCourse("Cập nhật phần mềm an toàn")).id;
    const lesson = await addLesson(courseId, "Cập nhật phần mềm");
    assert.deepEqual(await saveLesson(courseId, lesson.lessonKey, { title: "Cập nhật phần mềm", minutes: 6, source: LESSON }), []);
    const preview = await previewLesson(courseId, LESSON);
    assert.match(preview.html!, /callout--warning/);
    assert.match(preview.html!, /<img src="\/course-files\/cap-nhat-phan-mem-an-toan\/anh-minh-hoa.png"/);
    const result = await publish(courseId, { materialChange: false }, await trainer());
    assert.deepEqual(result, { ok: true, version: 1 });
    assert.ok((await catalogue((await findByIdentifier("canbo"))!.id)).some((c) => c.title === "Cập nhật phần mềm an toàn"));
  });

  test("a draft that fails the gate cannot be published, and keeps serving the last version", async () => {
    const { courseId, slug } = await publishedCourse1("Bản nháp bị chặn");
    const served = (await publishedCourse(slug))!.currentVersionId;
    const [lesson] = await draftLessonsOf(courseId);
    const problems = await saveLesson(courseId, lesson!.lessonKey, {
      title: lesson!.title,
      minutes: 6,
      source: `${LESSON}\n\n{globalThis.x = 1}`,
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 11);
    const result = await publish(courseId, { materialChange: false }, await trainer());
    assert.equal(result.ok, false);
    assert.equal((await publishedCourse(slug))?.currentVersionId, served, "learners still get version 1");
  });

  test("a material-change republish asks everyone again; the earlier completion stays visible", async () => {
    const { courseId, slug } = await publishedCourse1("Thay đổi quan trọng");
    const learner = (await findByIdentifier("canbo"))!;
    const course = (await publishedCourse(slug))!;
    for (const l of await lessonsOf(course.currentVersionId!))
      await completeLesson(learner.id, course.id, l.lessonId, "2026-11-20T03:00:00.000Z");
    assert.ok((await courseProgress(learner.id, course)).completedAt);
    const commune = (await getUnitByCode("LA-TT-X03"))!;
    assert.equal((await unitReport(commune, { selection: course.id })).headline.completed, 1);

    // A small fix: progress carries over.
    const [lesson] = await draftLessonsOf(courseId);
    await saveLesson(courseId, lesson!.lessonKey, { title: lesson!.title, minutes: 6, source: `${LESSON}\n\nThêm một câu.` });
    assert.deepEqual(await publish(courseId, { materialChange: false }, await trainer()), { ok: true, version: 2 });
    assert.ok((await courseProgress(learner.id, (await publishedCourse(slug))!)).completedAt);

    // A material change: everyone completes again.
    assert.deepEqual(await publish(courseId, { materialChange: true }, await trainer()), { ok: true, version: 3 });
    const after = (await publishedCourse(slug))!;
    assert.equal(after.epoch, 2);
    const progress = await courseProgress(learner.id, after);
    assert.equal(progress.completedAt, null);
    assert.equal((await unitReport(commune, { selection: course.id })).headline.completed, 0, "the report counts the new version only");
    const old = await db()
      .select()
      .from(courseCompletions)
      .where(and(eq(courseCompletions.officialId, learner.id), eq(courseCompletions.courseId, course.id)));
    assert.equal(old.length, 1);
    assert.equal(old[0]!.epoch, 1);
    const row = (await personCourses(learner.id)).find((c) => c.id === course.id)!;
    assert.equal(row.completedAt, null);
    assert.equal(row.earlierCompletedAt, "2026-11-20T03:00:00.000Z");
    assert.equal(
      (await unitReport(commune, { selection: course.id, asOf: "2026-11-21" })).headline.completed,
      1,
      "history as of before the change",
    );
  });

  test("publishing, material changes and quiz edits are in the audit log", async () => {
    const { courseId } = await publishedCourse1("Nhật ký biên soạn");
    assert.deepEqual(await publish(courseId, { materialChange: true }, await trainer()), { ok: true, version: 2 });
    assert.deepEqual(
      (await saveQuiz(courseId, "passMark: 70\nquestions: []\n", await trainer())).length > 0,
      true,
      "a bad quiz is refused",
    );
    assert.deepEqual(
      await saveQuiz(
        courseId,
        "passMark: 70\nquestions:\n  - id: a\n    type: true-false\n    prompt: Cập nhật là cần thiết?\n    answer: true\n",
        await trainer(),
      ),
      [],
    );
    const actions = (await recentAudit()).map((r) => r.action);
    for (const a of ["course.create", "course.publish", "course.publish.material-change", "quiz.edit"]) assert.ok(actions.includes(a), a);
  });
});

describe("trainer actions called directly by others", () => {
  test("a learner's or a manager's crafted POST gets 403 and changes nothing", async () => {
    const { courseId, slug } = await publishedCourse1("Khóa không ai khác sửa được");
    const before = (await draftLessonsOf(courseId)).length;
    for (const who of ["canbo", "lanhdao.tanthanh"]) {
      const calls: [string, () => Promise<unknown>][] = [
        [
          "create",
          async () =>
            homeAction({
              request: await requestAs(who, "/trainer", { method: "POST", body: new URLSearchParams({ title: "Khóa lạ", minutes: "5" }) }),
              params: {},
              context: ctx,
            }),
        ],
        [
          "add lesson",
          async () =>
            editorAction({
              request: await requestAs(who, `/trainer/courses/${courseId}`, {
                method: "POST",
                body: new URLSearchParams({ intent: "add-lesson", lessonTitle: "Bài lạ" }),
              }),
              params: { courseId: String(courseId) },
              context: ctx,
            }),
        ],
        [
          "publish",
          async () =>
            editorAction({
              request: await requestAs(who, `/trainer/courses/${courseId}`, {
                method: "POST",
                body: new URLSearchParams({ intent: "publish", materialChange: "on" }),
              }),
              params: { courseId: String(courseId) },
              context: ctx,
            }),
        ],
        [
          "lesson",
          async () =>
            lessonAction({
              request: await requestAs(who, `/trainer/courses/${courseId}/lessons/x`, {
                method: "POST",
                body: new URLSearchParams({ intent: "save", title: "x", minutes: "1", source: "x" }),
              }),
              params: { courseId: String(courseId), key: "cap-nhat-phan-mem" },
              context: ctx,
            }),
        ],
        [
          "quiz",
          async () =>
            quizAction({
              request: await requestAs(who, `/trainer/courses/${courseId}/quiz`, {
                method: "POST",
                body: new URLSearchParams({ quiz: "" }),
              }),
              params: { courseId: String(courseId) },
              context: ctx,
            }),
        ],
      ];
      for (const [name, call] of calls) assert.equal(await statusOf(call()), 403, `${who} ${name}`);
    }
    assert.equal((await draftLessonsOf(courseId)).length, before);
    assert.equal((await publishedCourse(slug))!.epoch, 1, "no republish");
    assert.deepEqual(
      await publish(courseId, { materialChange: false }, await trainer()),
      { ok: true, version: 2 },
      "no version was added by them",
    );
  });
});
