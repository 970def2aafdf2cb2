// Issue 14 items 2 and 3 on the server: one form per question type (option rows added and removed
// through the server, values kept, nothing saved), the warnings publishing shows before the trainer
// confirms, and "Xem trước như học viên", which grades and records nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { addLesson, createCourse, draftQuizText, saveQuiz, versionsOf } from "~/courses/authoring.server";
import { rows } from "~/db/client.server";
import { findByIdentifier } from "~/people/officials.server";
import { quizWarnings } from "~/quizzes/quiz-editor.server";
import { draftFromForm, type QuestionDraft } from "~/quizzes/question-draft";
import { action as publishAction } from "~/routes/trainer.courses.$courseId._index";
import { action as editorAction } from "~/routes/trainer.courses.$courseId.quiz";
import { action as previewAction, loader as previewLoader } from "~/routes/trainer.courses.$courseId.quiz-preview";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
let trainer = 0;
before(async () => {
  file = await useTestDatabase({ progress: true });
  trainer = (await findByIdentifier("giangvien"))!.id;
});
after(() => dropTestDatabase(file));

async function newCourse(title: string) {
  return (await createCourse({ title, summary: "", audience: "", minutes: 10, mandatory: false, tags: [] }, trainer)).id;
}

const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};

type Returned = { init: ResponseInit | null; data: Record<string, unknown> };

describe("one form per question type", () => {
  const typed: [string, string][] = [
    ["intent", "question"],
    ["index", "new"],
    ["type", "multiple"],
    ["prompt", "Những việc nào giúp giữ an toàn?"],
    ["option", "Khoá màn hình"],
    ["correct", "0"],
    ["option", "Dùng chung mật khẩu"],
    ["option", "Cập nhật phần mềm"],
    ["correct", "2"],
    ["scoring", "partial"],
    ["explanation", "Khoá máy và cập nhật."],
  ];

  test("'Thêm lựa chọn' comes back with one more blank row, every value kept; 'Bỏ lựa chọn' removes that row", () => {
    const added = draftFromForm(form(typed), "add-option");
    assert.equal(added.type, "multiple");
    assert.deepEqual(
      added.options.map((o) => [o.text, o.correct]),
      [
        ["Khoá màn hình", true],
        ["Dùng chung mật khẩu", false],
        ["Cập nhật phần mềm", true],
        ["", false],
      ],
    );
    assert.equal(added.focus, 3);
    assert.equal(added.prompt, "Những việc nào giúp giữ an toàn?");
    assert.equal(added.scoring, "partial");
    assert.equal(added.explanation, "Khoá máy và cập nhật.");
    const removed = draftFromForm(form(typed), "remove-option:1");
    assert.deepEqual(
      removed.options.map((o) => [o.text, o.correct]),
      [
        ["Khoá màn hình", true],
        ["Cập nhật phần mềm", true],
      ],
    );
    // Never fewer than two rows, never more than ten.
    assert.equal(
      draftFromForm(form([...typed.filter(([k]) => k !== "option"), ["option", "A"], ["option", "B"]]), "remove-option:0").options.length,
      2,
    );
    const ten = form([["type", "single"], ...Array.from({ length: 10 }, (_, i): [string, string] => ["option", `Lựa chọn ${i}`])]);
    assert.equal(draftFromForm(ten, "add-option").options.length, 10);
  });

  test("another type keeps the prompt and explanation; a single-choice question keeps one tick", () => {
    const single = draftFromForm(form(typed.map(([k, v]) => (k === "type" ? [k, "single"] : [k, v]))), "retype");
    assert.equal(single.type, "single");
    assert.deepEqual(
      single.options.map((o) => o.correct),
      [true, false, false],
    );
    const tf = draftFromForm(form(typed.map(([k, v]) => (k === "type" ? [k, "true-false"] : [k, v]))), "retype");
    assert.equal(tf.type, "true-false");
    assert.equal(tf.prompt, "Những việc nào giúp giữ an toàn?");
    assert.equal(draftFromForm(form([["type", "<script>"]]), "retype").type, "single", "an unknown type is not echoed");
  });

  test("through the route: the draft comes back for its own form only, and nothing is saved", async () => {
    const course = await newCourse("Khoá thử biểu mẫu theo loại");
    const body = new URLSearchParams([...typed, ["op", "add-option"]]);
    const request = await requestAs("giangvien", `/trainer/courses/${course}/quiz`, { method: "POST", body });
    const result = (await editorAction({ request, params: { courseId: String(course) }, context: ctx })) as Returned;
    assert.equal(result.init?.status ?? 200, 200);
    assert.equal(result.data.where, "new");
    assert.equal((result.data.draft as QuestionDraft).options.length, 4);
    assert.equal(typeof result.data.nonce, "string");
    assert.equal(await draftQuizText(course), "", "asking for a row saves nothing");
  });
});

describe("publishing warns first", () => {
  const clean = [
    "title: Kiểm tra",
    "passMark: 70",
    "questions:",
    "  - id: mot",
    "    type: true-false",
    "    prompt: Câu hỏi thứ nhất?",
    "    answer: true",
    "    explanation: Vì thế.",
    "  - id: hai",
    "    type: single",
    "    prompt: Câu hỏi thứ hai?",
    "    options: [{ text: A, correct: true }, { text: B }]",
    "    explanation: Lý do khác.",
    "",
  ].join("\n");

  test("no warning on an ordinary quiz", () => {
    assert.deepEqual(quizWarnings(clean), []);
    assert.deepEqual(quizWarnings(""), []);
    assert.deepEqual(quizWarnings(": : not yaml ["), []);
  });

  test("a draw larger than the bank, a draw of 1, a question without a correct option, duplicated explanations", () => {
    assert.match(quizWarnings(`draw: 5\n${clean}`).join("\n"), /Số câu bốc ngẫu nhiên \(5\) lớn hơn số câu trong ngân hàng \(2\)/);
    assert.match(quizWarnings(`draw: 1\n${clean}`).join("\n"), /chỉ có 1 câu hỏi/);
    const noKey = clean.replace("{ text: A, correct: true }", "{ text: A }");
    assert.deepEqual(quizWarnings(noKey), ["Câu 2 không có đáp án đúng."]);
    const same = clean.replace("Lý do khác.", "  vì THẾ. ");
    assert.deepEqual(quizWarnings(same), ["Các câu 1 và 2 có cùng lời giải thích: “Vì thế.”."]);
  });

  test("the publish button shows the warnings and publishes nothing until the trainer confirms", async () => {
    const course = await newCourse("Khoá thử cảnh báo xuất bản");
    await addLesson(course, "Bài một");
    assert.deepEqual(await saveQuiz(course, clean.replace("Lý do khác.", "Vì thế."), trainer), []);
    const post = async (fields: [string, string][]) => {
      const request = await requestAs("giangvien", `/trainer/courses/${course}`, { method: "POST", body: new URLSearchParams(fields) });
      return publishAction({ request, params: { courseId: String(course) }, context: ctx });
    };
    const warned = (await post([["intent", "publish"]])) as Returned;
    assert.equal(warned.init?.status ?? 200, 200, "a question to the trainer, not an error");
    assert.deepEqual(warned.data.warnings, ["Các câu 1 và 2 có cùng lời giải thích: “Vì thế.”."]);
    assert.equal((await versionsOf(course)).length, 0, "nothing published before the trainer confirms");
    const confirmed = (await post([
      ["intent", "publish"],
      ["confirmWarnings", "1"],
    ])) as Response;
    assert.equal(confirmed.status, 302);
    assert.equal((await versionsOf(course)).length, 1);
  });
});

describe("preview as a learner", () => {
  const quiz = [
    "title: Kiểm tra xem trước",
    "passMark: 50",
    "timeLimitMinutes: 10",
    "questions:",
    "  - id: mot",
    "    type: single",
    "    prompt: Thủ đô của Việt Nam?",
    "    options: [{ text: Hà Nội, correct: true }, { text: Huế }, { text: Đà Nẵng }]",
    "    explanation: GIAI-THICH-BI-MAT",
    "  - id: hai",
    "    type: short-text",
    "    prompt: Viết tắt của dịch vụ công?",
    "    accept: [DVC-DAP-AN]",
    "",
  ].join("\n");

  const snapshot = async () => ({
    attempts: await rows<{ n: number }>(sql`SELECT count(*) AS n FROM quiz_attempts`),
    answers: await rows<{ n: number }>(sql`SELECT count(*) AS n FROM quiz_answers`),
    status: await rows(sql`SELECT * FROM course_status ORDER BY official_id, course_id`),
    rollupTotals: await rows(sql`SELECT * FROM rollup_totals ORDER BY 1, 2, 3`),
    rollupDaily: await rows<{ n: number }>(sql`SELECT count(*) AS n FROM rollup_daily`),
    audit: await rows<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`),
  });

  test("the trainer takes the draft quiz with no key in the page, is graded, and nothing is recorded", async () => {
    const course = await newCourse("Khoá thử xem trước");
    assert.deepEqual(await saveQuiz(course, quiz, trainer), []);
    const url = `/trainer/courses/${course}/quiz-preview`;
    const page = (await previewLoader({
      request: await requestAs("giangvien", url),
      params: { courseId: String(course) },
      context: ctx,
    })) as {
      paper: { questions: { prompt: string; options: { id: string; text: string }[] }[]; layout: string; deadlineAt: string | null };
    };
    const sent = JSON.stringify(page);
    for (const secret of ["correct", "GIAI-THICH-BI-MAT", "DVC-DAP-AN", "accept"])
      assert.ok(!sent.includes(secret), `no ${secret} before grading`);
    assert.equal(page.paper.questions.length, 2);
    assert.ok(page.paper.deadlineAt, "a timed quiz has its deadline");

    const before = await snapshot();
    const body = new URLSearchParams([["layout", page.paper.layout]]);
    page.paper.questions.forEach((q, position) => {
      if (q.options.length) body.append(`q${position}`, q.options.find((o) => o.text === "Hà Nội")!.id);
      else body.append(`q${position}`, "dvc-dap-an");
    });
    const graded = (await previewAction({
      request: await requestAs("giangvien", url, { method: "POST", body }),
      params: { courseId: String(course) },
      context: ctx,
    })) as {
      result: { score: number; passed: boolean; feedback: { credit: number; correctAnswers?: string[]; explanation?: string }[] };
    };
    assert.equal(graded.result.score, 100);
    assert.ok(graded.result.passed);
    assert.ok(graded.result.feedback.every((f) => f.credit === 1 && f.correctAnswers));
    assert.ok(graded.result.feedback.some((f) => f.explanation === "GIAI-THICH-BI-MAT"));
    assert.deepEqual(await snapshot(), before, "no attempt, no answer, no status, no rollup, no audit row");
  });

  test("a tampered or stale paper is a Vietnamese 409, not a 500; a learner cannot open the preview", async () => {
    const course = await newCourse("Khoá thử xem trước cũ");
    assert.deepEqual(await saveQuiz(course, quiz, trainer), []);
    const url = `/trainer/courses/${course}/quiz-preview`;
    for (const layout of ["", "[]", "{", JSON.stringify([{ questionId: "khac", options: [] }])]) {
      const body = new URLSearchParams([["layout", layout]]);
      const r = (await previewAction({
        request: await requestAs("giangvien", url, { method: "POST", body }),
        params: { courseId: String(course) },
        context: ctx,
      })) as Returned;
      assert.equal(r.init?.status, 409);
      assert.match(String(r.data.message), /Bản xem trước không còn khớp/);
    }
    await assert.rejects(
      async () => previewLoader({ request: await requestAs("canbo", url), params: { courseId: String(course) }, context: ctx }),
      (e: unknown) => e instanceof Response && e.status === 403,
    );
  });
});
