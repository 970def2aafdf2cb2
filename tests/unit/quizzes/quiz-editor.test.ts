import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createCourse, draftQuizText } from "~/courses/authoring.server";
import { findByIdentifier } from "~/people/officials.server";
import { parse } from "yaml";
import { parseQuiz } from "~/quizzes/definition.server";
import { quizFromText } from "~/quizzes/quiz-form.server";
import { action } from "~/routes/trainer.courses.$courseId.quiz";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
let courseId = 0;
before(async () => {
  file = await useTestDatabase({ seeded: true });
  courseId = (
    await createCourse(
      { title: "Khóa thử bài kiểm tra", summary: "", audience: "", minutes: 10, mandatory: false, tags: [] },
      (await findByIdentifier("giangvien"))!.id,
    )
  ).id;
});
after(() => dropTestDatabase(file));

async function post(fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  const request = await requestAs("giangvien", `/trainer/courses/${courseId}/quiz`, { method: "POST", body });
  return (await action({ request, params: { courseId: String(courseId) }, context: ctx })) as
    Response | { init: ResponseInit | null; data: { message: string } };
}

describe("the question-by-question quiz editor", () => {
  test("builds a valid quiz file, question by question, with the keys kept server-side", async () => {
    const single = await post([
      ["intent", "question"],
      ["index", "new"],
      ["type", "single"],
      ["prompt", "Khi nhận thư lạ có tệp đính kèm, cần làm gì?"],
      ["option", "Mở ngay để xem"],
      ["option", "Báo bộ phận CNTT"],
      ["option", ""],
      ["correct", "1"],
      ["explanation", "Không mở tệp lạ; báo CNTT."],
    ]);
    assert.equal((single as Response).status, 302, JSON.stringify((single as { data?: unknown }).data));
    const tf = await post([
      ["intent", "question"],
      ["index", "new"],
      ["type", "true-false"],
      ["prompt", "Dùng hộp thư công vụ để mua sắm là được phép."],
      ["answer", "false"],
    ]);
    assert.equal((tf as Response).status, 302);
    const short = await post([
      ["intent", "question"],
      ["index", "new"],
      ["type", "short-text"],
      ["prompt", "Luật An ninh mạng 2025 có hiệu lực từ ngày nào?"],
      ["accept", "1/7/2026\n01/07/2026"],
    ]);
    assert.equal((short as Response).status, 302);
    await post([
      ["intent", "settings"],
      ["title", "Kiểm tra nhanh"],
      ["passMark", "80"],
      ["attempts", ""],
      ["timeLimitMinutes", "10"],
      ["draw", ""],
      ["feedback", "after-passing"],
      ["shuffleOptions", "on"],
    ]);

    const parsed = parseQuiz("quiz", await draftQuizText(courseId));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    assert.equal(parsed.quiz.title, "Kiểm tra nhanh");
    assert.equal(parsed.quiz.passMark, 80);
    assert.equal(parsed.quiz.attempts, null);
    assert.equal(parsed.quiz.timeLimitMinutes, 10);
    assert.equal(parsed.quiz.questions.length, 3);
    const q = parsed.quiz.questions[0]!;
    assert.ok(q.type === "single" && q.options.length === 2 && q.options[1]!.correct);
  });

  test("a single-choice question without exactly one right option is refused with a reason, nothing saved", async () => {
    const before = await draftQuizText(courseId);
    const result = await post([
      ["intent", "question"],
      ["index", "new"],
      ["type", "single"],
      ["prompt", "Câu hỏi thiếu đáp án đúng?"],
      ["option", "A"],
      ["option", "B"],
    ]);
    assert.equal((result as { init: ResponseInit | null }).init?.status, 400);
    assert.match((result as { data: { message: string } }).data.message, /đúng một lựa chọn/);
    assert.equal(await draftQuizText(courseId), before);
  });

  test("adding questions never sets the draw the trainer did not touch; a draw the trainer chose is kept", async () => {
    const own = (
      await createCourse(
        { title: "Khóa thử số câu bốc", summary: "", audience: "", minutes: 10, mandatory: false, tags: [] },
        (await findByIdentifier("giangvien"))!.id,
      )
    ).id;
    const send = async (fields: [string, string][]) => {
      const request = await requestAs("giangvien", `/trainer/courses/${own}/quiz`, { method: "POST", body: new URLSearchParams(fields) });
      const response = (await action({ request, params: { courseId: String(own) }, context: ctx })) as Response;
      assert.equal(response.status, 302, JSON.stringify((response as unknown as { data?: unknown }).data));
    };
    const add = (prompt: string) =>
      send([
        ["intent", "question"],
        ["index", "new"],
        ["type", "true-false"],
        ["prompt", prompt],
        ["answer", "true"],
      ]);
    const written = async () => (parse(await draftQuizText(own)) as { draw?: number }).draw;
    await add("Câu hỏi thứ nhất về an toàn?");
    await add("Câu hỏi thứ hai về an toàn?");
    assert.equal(await written(), undefined, "no draw written: every question is asked");
    const parsed = parseQuiz("quiz", await draftQuizText(own));
    assert.ok(parsed.ok && parsed.quiz.draw === 2);

    await send([
      ["intent", "settings"],
      ["title", "Kiểm tra"],
      ["passMark", "70"],
      ["attempts", "3"],
      ["timeLimitMinutes", ""],
      ["draw", "2"],
      ["feedback", "after-each-attempt"],
    ]);
    assert.equal(await written(), 2);
    await add("Câu hỏi thứ ba về an toàn?");
    assert.equal(await written(), 2, "the trainer's draw of 2 stays 2 with a third question");
    assert.equal(quizFromText(await draftQuizText(own))!.draw, 2);
  });

  test("the opt-ins ignoreTones and showAnswers survive editing other questions and the settings", async () => {
    const own = (
      await createCourse(
        { title: "Khóa thử tùy chọn", summary: "", audience: "", minutes: 10, mandatory: false, tags: [] },
        (await findByIdentifier("giangvien"))!.id,
      )
    ).id;
    const send = async (fields: [string, string][]) => {
      const request = await requestAs("giangvien", `/trainer/courses/${own}/quiz`, { method: "POST", body: new URLSearchParams(fields) });
      const response = (await action({ request, params: { courseId: String(own) }, context: ctx })) as Response;
      assert.equal(response.status, 302, JSON.stringify((response as unknown as { data?: unknown }).data));
    };
    await send([
      ["intent", "question"],
      ["index", "new"],
      ["type", "short-text"],
      ["prompt", "Viết mã số biên nhận"],
      ["accept", "mã số biên nhận"],
      ["ignoreTones", "on"],
    ]);
    await send([
      ["intent", "settings"],
      ["title", "Kiểm tra"],
      ["passMark", "70"],
      ["attempts", "3"],
      ["timeLimitMinutes", ""],
      ["draw", ""],
      ["feedback", "after-each-attempt"],
      ["showAnswers", "on"],
    ]);
    await send([
      ["intent", "question"],
      ["index", "new"],
      ["type", "true-false"],
      ["prompt", "Câu hỏi đúng sai thứ hai"],
      ["answer", "false"],
    ]);
    const parsed = parseQuiz("quiz", await draftQuizText(own));
    assert.ok(parsed.ok);
    assert.equal(parsed.quiz.showAnswers, "always");
    const q = parsed.quiz.questions[0]!;
    assert.ok(q.type === "short-text" && q.ignoreTones);
  });
});
