// The lesson editor route: opening an unchanged draft does not run the gate again, and a lesson over
// the size limit is refused with a message for the source field (nothing saved).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addLesson, draftLesson } from "~/courses/authoring.server";
import { findByIdentifier } from "~/people/officials.server";
import { closeGatePool, gateRuns } from "~/mdx/gate-pool.server";
import { MAX_SOURCE_CHARS } from "~/mdx/limits";
import { action as homeAction } from "~/routes/trainer._index";
import { action, loader } from "~/routes/trainer.courses.$courseId.lessons.$key";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
let courseId = 0;
let key = "";
before(async () => {
  file = await useTestDatabase({ seeded: true });
  assert.ok(await findByIdentifier("giangvien"));
  const request = await requestAs("giangvien", "/trainer", {
    method: "POST",
    body: new URLSearchParams({ title: "Khóa thử trình soạn bài", summary: "Thử.", minutes: "10", tags: "thử" }),
  });
  const response = (await homeAction({ request, params: {}, context: ctx })) as Response;
  courseId = Number(response.headers.get("Location")!.split("/").pop());
  key = (await addLesson(courseId, "Bài một")).lessonKey;
});
after(async () => {
  await closeGatePool();
  await dropTestDatabase(file);
});

const url = () => `/trainer/courses/${courseId}/lessons/${key}`;
const get = async () => loader({ request: await requestAs("giangvien", url()), params: { courseId: String(courseId), key }, context: ctx });
const post = async (fields: Record<string, string>) => {
  const request = await requestAs("giangvien", url(), { method: "POST", body: new URLSearchParams(fields) });
  const result = (await action({ request, params: { courseId: String(courseId), key }, context: ctx })) as unknown as {
    data: { errors: Record<string, string>; problems: { message: string }[]; saved: boolean; html: string | null };
    init: { status?: number } | null;
  };
  return { ...result.data, status: result.init?.status ?? 200 };
};

describe("the lesson editor", () => {
  test("opening an unchanged draft again does not run the gate again", async () => {
    const saved = await post({
      intent: "save",
      title: "Bài một",
      minutes: "5",
      source: "## Mở đầu\n\nKính gửi {họ tên}, thời hạn <5 ngày.",
    });
    assert.equal(saved.saved, true);
    assert.deepEqual(saved.problems, []);
    const runs = gateRuns();
    for (let i = 0; i < 3; i++) assert.deepEqual((await get()).problems, []);
    assert.equal(gateRuns(), runs, "the gate ran again for an unchanged draft");
  });

  test("a lesson over the size limit is refused with a message for the field, and nothing is saved", async () => {
    const before = (await draftLesson(courseId, key))!.source;
    const long = `## Bài dài\n\n${"Nội dung. ".repeat(Math.ceil(MAX_SOURCE_CHARS / 10))}`;
    for (const intent of ["save", "preview"]) {
      const r = await post({ intent, title: "Bài một", minutes: "5", source: long });
      assert.equal(r.status, 400);
      assert.equal(r.saved, false);
      assert.match(r.errors.source ?? "", /^Nội dung bài quá dài: [\d.]+ ký tự, tối đa 60\.000\./);
    }
    assert.equal((await draftLesson(courseId, key))!.source, before);
  });

  test("the preview shows what trainers paste", async () => {
    const r = await post({ intent: "preview", title: "Bài một", minutes: "5", source: "Xem <https://dichvucong.gov.vn>.\n\n    mã {a}\n" });
    assert.deepEqual(r.problems, []);
    assert.match(r.html ?? "", /<a href="https:\/\/dichvucong.gov.vn">/);
    assert.match(r.html ?? "", /<pre><code>mã \{a\}/);
  });
});
