// Question banks in and out (issue 14 item 7): GIFT, Aiken and the Excel template read into a dry-run
// plan with line numbers; GIFT out and back; apply all or nothing, once; limits before parsing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { createCourse, draftQuizText, saveQuiz } from "~/courses/authoring.server";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import type { Question } from "~/quizzes/definition.server";
import {
  applyImport,
  bankTemplate,
  BankFileError,
  MAX_BANK_BYTES,
  parseAiken,
  parseExcel,
  parseGift,
  planFromForm,
  planImport,
  readBank,
  toGift,
} from "~/quizzes/question-bank.server";
import { quizFromText } from "~/quizzes/quiz-form.server";
import { action } from "~/routes/trainer.courses.$courseId.quiz-import";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

const M = t.quizImport;
const fixture = (name: string) => readFileSync(path.resolve("tests/fixtures/quiz-bank", name));
const withoutIds = (qs: Question[]) => qs.map(({ id: _id, ...rest }) => rest);

describe("GIFT in", () => {
  const bank = parseGift(fixture("ngan-hang.gift").toString("utf8"));

  test("reads multiple choice (one and several right), true/false and short answer, Vietnamese intact", () => {
    const byType = (type: Question["type"]) => bank.questions.filter((q) => q.question.type === type);
    const single = byType("single")[0]!;
    assert.equal(single.line, 4);
    assert.equal(single.title, "dvc-cong");
    assert.equal(single.question.prompt, "Cổng Dịch vụ công quốc gia có địa chỉ nào?");
    assert.deepEqual(single.question.type === "single" && single.question.options.map((o) => [o.text, o.correct]), [
      ["vnexpress.net", false],
      ["dichvucong.gov.vn", true],
      ["google.com", false],
    ]);
    // General feedback is the explanation; per-answer feedback (#…) is dropped.
    assert.equal(single.question.explanation, "Địa chỉ chính thức: dichvucong.gov.vn.");
    const multiple = byType("multiple")[0]!;
    assert.equal(multiple.line, 11);
    assert.deepEqual(multiple.question.type === "multiple" && multiple.question.options.map((o) => o.correct), [true, false, true]);
    const tf = byType("true-false")[0]!;
    assert.equal(tf.line, 17);
    assert.equal(tf.question.type === "true-false" && tf.question.answer, true);
    const short = byType("short-text")[0]!;
    assert.equal(short.line, 19);
    assert.deepEqual(short.question.type === "short-text" && short.question.accept, ["DVC", "dịch vụ công"]);
    // Item 6: imported short answers are tone-sensitive by default.
    assert.equal(short.question.type === "short-text" && short.question.ignoreTones, false);
  });

  test("resolves the escapes \\~ \\= \\# \\{ \\} \\:", () => {
    const escaped = bank.questions.find((q) => q.line === 26)!;
    assert.equal(escaped.question.prompt, "Tỉ lệ 1:1 nghĩa là gì với ký hiệu {x} và ~ và = và #?");
  });

  test("refuses matching with its line and notes $CATEGORY without refusing it", () => {
    assert.deepEqual(bank.refused, [{ line: 21, message: M.matching }]);
    assert.equal(bank.notes.length, 1);
    assert.equal(bank.notes[0]!.line, 2);
  });

  test("refuses every other GIFT type by line with the reason", () => {
    const text = [
      "// chú thích",
      "Số tỉnh thành sau sắp xếp? {#34}",
      "",
      "Hãy mô tả quy trình tiếp nhận hồ sơ. {}",
      "",
      "Đây chỉ là một đoạn mô tả, không có đáp án.",
      "",
      "Thủ đô {=Hà Nội ~Huế} là thành phố lớn.",
      "",
      "Câu không có đáp án đúng {~một ~hai}",
      "",
      "Câu thiếu ngoặc đóng {=một ~hai",
      "",
      "[html]<p>Chữ <b>đậm</b> &amp; thường</p> {=Có ~Không}",
    ].join("\n");
    const r = parseGift(text);
    assert.deepEqual(r.refused, [
      { line: 2, message: M.numeric },
      { line: 4, message: M.essay },
      { line: 6, message: M.description },
      { line: 8, message: M.missingWord },
      { line: 10, message: M.noCorrect },
      { line: 12, message: M.unclosed },
    ]);
    // [html] is stripped to plain text: imported text is never rendered as HTML.
    assert.equal(r.questions.length, 1);
    assert.equal(r.questions[0]!.line, 14);
    assert.equal(r.questions[0]!.question.prompt, "Chữ đậm & thường");
  });

  test("checks the quiz file's own limits (a prompt over 2,000 characters is refused by line)", () => {
    const r = parseGift(`${"Rất dài ".repeat(300)}{T}`);
    assert.equal(r.questions.length, 0);
    assert.equal(r.refused[0]!.line, 1);
  });
});

describe("Aiken in", () => {
  test("reads single-choice questions and refuses malformed ones with their line numbers", () => {
    const r = parseAiken(fixture("aiken.txt").toString("utf8"));
    assert.equal(r.questions.length, 2);
    assert.equal(r.questions[0]!.line, 1);
    assert.equal(r.questions[0]!.question.prompt, "Hồ sơ trực tuyến được tra cứu bằng gì?");
    const q = r.questions[1]!.question;
    assert.deepEqual(q.type === "single" && q.options.map((o) => [o.text, o.correct]), [
      ["Người dân", false],
      ["Cán bộ tiếp nhận được giao", true],
    ]);
    assert.deepEqual(r.refused, [
      { line: 12, message: M.missingAnswer },
      { line: 19, message: M.answerNotOption("D") },
    ]);
  });

  test("refuses options out of order", () => {
    const r = parseAiken("Câu hỏi?\nA. một\nC. hai\nANSWER: A\n");
    assert.deepEqual(r.refused, [{ line: 3, message: M.optionOrder("B") }]);
  });
});

describe("Excel in", () => {
  test("reads the template's rows by type and refuses bad rows with their row numbers", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Câu hỏi");
    sheet.addRow([
      "Loại câu",
      "Câu hỏi",
      "Lựa chọn A",
      "Lựa chọn B",
      "Lựa chọn C",
      "Lựa chọn D",
      "Lựa chọn E",
      "Lựa chọn F",
      "Đáp án đúng",
      "Giải thích",
    ]);
    sheet.addRow(["Một đáp án", "Mã hồ sơ dùng để làm gì?", "Tra cứu", "Trang trí", "", "", "", "", "A", "Tra cứu tiến độ."]);
    sheet.addRow([
      "Nhiều đáp án",
      "Việc nào an toàn?",
      "Xác thực hai lớp",
      "Dùng chung mật khẩu",
      "Khóa máy khi rời bàn",
      "",
      "",
      "",
      "A, C",
      "",
    ]);
    sheet.addRow(["Đúng/Sai", "Chữ ký số có giá trị pháp lý.", "", "", "", "", "", "", "Đúng", ""]);
    sheet.addRow(["Trả lời ngắn", "Viết tắt của dịch vụ công?", "", "", "", "", "", "", "DVC; dvc", ""]);
    sheet.addRow(["Ghép cặp", "Ghép?", "", "", "", "", "", "", "A", ""]);
    sheet.addRow([]);
    sheet.addRow(["Một đáp án", "Không có đáp án đúng?", "Một", "Hai", "", "", "", "", "", ""]);
    sheet.addRow(["Một đáp án", "Đáp án E không có?", "Một", "Hai", "", "", "", "", "E", ""]);
    const r = await parseExcel(new Uint8Array(await book.xlsx.writeBuffer()));
    assert.deepEqual(
      r.questions.map((q) => [q.line, q.question.type]),
      [
        [2, "single"],
        [3, "multiple"],
        [4, "true-false"],
        [5, "short-text"],
      ],
    );
    const multiple = r.questions[1]!.question;
    assert.deepEqual(multiple.type === "multiple" && multiple.options.map((o) => o.correct), [true, false, true]);
    assert.deepEqual(r.questions[3]!.question.type === "short-text" && r.questions[3]!.question.accept, ["DVC", "dvc"]);
    assert.deepEqual(r.refused, [
      { line: 6, message: M.unknownType("Ghép cặp") },
      { line: 8, message: M.noCorrect },
      { line: 9, message: M.badLetters("E") },
    ]);
  });

  test("the downloadable template has Vietnamese headers, an example per type and an instructions sheet; its examples import", async () => {
    const bytes = await bankTemplate();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      [M.sheet, M.sheetHelp],
    );
    assert.equal(book.worksheets[0]!.getRow(1).getCell(1).value, M.headers.type);
    const r = await parseExcel(new Uint8Array(bytes));
    assert.deepEqual(
      r.questions.map((q) => q.question.type),
      ["single", "multiple", "true-false", "short-text"],
    );
    assert.deepEqual(r.refused, []);
  });
});

describe("GIFT out", () => {
  test("export then import gives the same questions (Vietnamese and special characters intact)", () => {
    const questions: Question[] = [
      {
        id: "a",
        type: "single",
        prompt: "Địa chỉ {cổng} = ~dichvucong~ # 1: ở đâu?\nDòng hai \\ gạch chéo",
        explanation: "Giải thích: có dấu #, = và ~.",
        options: [
          { text: "Một: {một}", correct: false },
          { text: "Hai = 2", correct: true },
        ],
      },
      {
        id: "b",
        type: "multiple",
        prompt: "Những việc nào đúng?",
        explanation: "",
        scoring: "all-or-nothing",
        options: [
          { text: "Một", correct: true },
          { text: "Hai", correct: false },
          { text: "Ba", correct: true },
        ],
      },
      {
        id: "c",
        type: "multiple",
        prompt: "Chỉ một đúng nhưng nhiều lựa chọn được?",
        explanation: "",
        scoring: "all-or-nothing",
        options: [
          { text: "Có", correct: true },
          { text: "Không", correct: false },
        ],
      },
      { id: "d", type: "true-false", prompt: "Đúng hay sai?", explanation: "Sai, vì thế.", answer: false },
      { id: "e", type: "short-text", prompt: "Viết tắt?", explanation: "", accept: ["DVC", "mã số"], ignoreTones: false },
    ];
    const gift = toGift(questions, "Khóa thử");
    assert.match(gift, /\\\{cổng\\\} \\= \\~dichvucong\\~ \\# 1\\:/);
    const back = parseGift(gift);
    assert.deepEqual(back.refused, []);
    assert.deepEqual(withoutIds(back.questions.map((q) => q.question)), withoutIds(questions));
    assert.deepEqual(
      back.questions.map((q) => q.title),
      ["a", "b", "c", "d", "e"],
    );
  });
});

describe("limits before reading", () => {
  test("a file over 2 MB is refused before it is decoded or unzipped", async () => {
    // Not UTF-8 and not a zip: had it been read, the message would be another one.
    const big = new Uint8Array(MAX_BANK_BYTES + 1).fill(0xff);
    await assert.rejects(readBank("lon.gift", big, "gift"), (e: Error) => e instanceof BankFileError && e.message === M.tooBig);
    const xlsx = new Uint8Array(20 * 1024 * 1024);
    xlsx.set([0x50, 0x4b, 0x03, 0x04]);
    await assert.rejects(readBank("lon.xlsx", xlsx, "xlsx"), (e: Error) => e.message === M.tooBig);
  });

  test("more than 500 questions is refused before any is parsed", () => {
    const text = Array.from({ length: 501 }, (_, i) => `Câu ${i} {T}`).join("\n\n");
    assert.throws(
      () => parseGift(text),
      (e: Error) => e instanceof BankFileError && e.message === M.tooMany("500"),
    );
  });

  test("UTF-8 with a BOM is read; a Windows-1258 file gets a clear Vietnamese message", async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Chữ ký số hợp lệ? {T}")]);
    const r = await readBank("bom.gift", bom, "gift");
    assert.equal(r.questions[0]!.question.prompt, "Chữ ký số hợp lệ?");
    // "Chữ" in Windows-1258: C h 0xDF (ư) + 0xEC (combining tilde)…
    const cp1258 = new Uint8Array([0x43, 0x68, 0xdd, 0xde, 0x20, 0x7b, 0x54, 0x7d]);
    await assert.rejects(readBank("cu.gift", cp1258, "gift"), (e: Error) => e.message === M.notUtf8);
  });
});

describe("applying a plan", () => {
  let file: string;
  let courseId = 0;
  let trainer = 0;
  before(async () => {
    file = await useTestDatabase({ seeded: true });
    trainer = (await findByIdentifier("giangvien"))!.id;
    courseId = (
      await createCourse({ title: "Khóa nhập câu hỏi", summary: "", audience: "", minutes: 10, mandatory: false, tags: [] }, trainer)
    ).id;
  });
  after(() => dropTestDatabase(file));

  const questionsNow = async () => quizFromText(await draftQuizText(courseId))?.questions ?? [];

  test("refused items need the trainer's confirmation; then all accepted are added; a second apply adds nothing", async () => {
    const plan = await planImport(courseId, "ngan-hang.gift", fixture("ngan-hang.gift"), "gift");
    assert.equal(plan.questions.length, 5);
    const refused = await applyImport(courseId, trainer, plan, false);
    assert.deepEqual(refused, { ok: false, message: M.needConfirm });
    assert.equal((await questionsNow()).length, 0);

    const applied = await applyImport(courseId, trainer, plan, true);
    assert.deepEqual(applied, { ok: true, added: 5 });
    const saved = await questionsNow();
    assert.deepEqual(
      saved.map((q) => q.id),
      [
        "dvc-cong",
        "bao-ve",
        "chu-ky-so-co-gia-tri-phap-ly-khi-duoc-su",
        "viet-tat-cua-dich-vu-cong-la-gi",
        "ti-le-1-1-nghia-la-gi-voi-ky-hieu-x-va-v",
      ],
    );
    // Double click / back button: the same plan again adds nothing.
    const again = await applyImport(courseId, trainer, plan, true);
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.message, M.alreadyImported);
    assert.equal((await questionsNow()).length, 5);
  });

  test("a stale plan (the quiz changed since the dry run) is refused", async () => {
    const plan = await planImport(courseId, "aiken.txt", fixture("aiken.txt"), "aiken");
    const text = await draftQuizText(courseId);
    const quiz = quizFromText(text)!;
    quiz.questions.pop();
    const { quizToText } = await import("~/quizzes/quiz-form.server");
    assert.deepEqual(await saveQuiz(courseId, quizToText(quiz), trainer), []);
    const r = await applyImport(courseId, trainer, plan, true);
    assert.deepEqual(r, { ok: false, message: M.stale, closed: true });
    assert.equal((await questionsNow()).length, 4);
  });

  test("all or nothing: a failure inside the apply transaction leaves the draft as it was", async () => {
    const before = await draftQuizText(courseId);
    const plan = await planImport(courseId, "aiken.txt", fixture("aiken.txt"), "aiken");
    // An actor that does not exist: the audit row fails after the quiz was rewritten in the transaction.
    await assert.rejects(applyImport(courseId, 987654321, plan, true));
    assert.equal(await draftQuizText(courseId), before);
  });

  test("a plan edited in the browser is checked again", () => {
    assert.equal(planFromForm('{"format":"gift"}'), null);
    assert.equal(planFromForm("không phải JSON"), null);
    // One question made invalid in the browser (an empty prompt): the whole plan is refused, none imported.
    const good = parseGift("Chữ ký số hợp lệ? {T}\n\nMã hồ sơ? {=mã hồ sơ}");
    const plan = { format: "gift", fileName: "a.gift", base: "0".repeat(64), refused: [], notes: [], questions: good.questions };
    assert.ok(planFromForm(JSON.stringify(plan)));
    const broken = structuredClone(plan);
    broken.questions[1]!.question.prompt = "";
    assert.equal(planFromForm(JSON.stringify(broken)), null);
  });

  test("the route: multipart dry run lists refused lines; apply redirects; the same plan again is refused (409)", async () => {
    const form = new FormData();
    form.append("file", new File([fixture("aiken.txt")], "aiken.txt", { type: "text/plain" }));
    form.append("format", "auto");
    const url = `/trainer/courses/${courseId}/quiz-import`;
    const dry = (await action({
      request: await requestAs("giangvien", url, { method: "POST", body: form }),
      params: { courseId: String(courseId) },
      context: ctx,
    })) as unknown as {
      data: { stage: string; planJson: string; plan: { refused: unknown[] } };
    };
    assert.equal(dry.data.stage, "plan");
    assert.deepEqual(dry.data.plan.refused, [
      { line: 12, message: M.missingAnswer },
      { line: 19, message: M.answerNotOption("D") },
    ]);
    const apply = async () =>
      (await action({
        request: await requestAs("giangvien", url, {
          method: "POST",
          body: new URLSearchParams({ plan: dry.data.planJson, confirmPartial: "on" }),
        }),
        params: { courseId: String(courseId) },
        context: ctx,
      })) as unknown as Response | { init: ResponseInit | null };
    const first = await apply();
    assert.ok(first instanceof Response && first.status === 302);
    const second = await apply();
    assert.equal((second as { init: ResponseInit | null }).init?.status, 409);
  });

  test("the route refuses a 20 MB workbook from its announced length, before reading it", async () => {
    const url = `/trainer/courses/${courseId}/quiz-import`;
    let read = false;
    // highWaterMark 0: nothing is pulled until someone reads.
    const body = new ReadableStream(
      {
        pull() {
          read = true;
          throw new Error("the body was read");
        },
      },
      { highWaterMark: 0 },
    );
    const request = await requestAs("giangvien", url, {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(20 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const r = (await action({ request, params: { courseId: String(courseId) }, context: ctx })) as unknown as {
      init: ResponseInit | null;
      data: { stage: string; fileError: string };
    };
    assert.equal(r.init?.status, 413);
    assert.equal(r.data.fileError, M.tooBig);
    assert.equal(read, false);
  });

  test("only trainers and administrators reach it", async () => {
    const request = await requestAs("canbo", `/trainer/courses/${courseId}/quiz-import`, {
      method: "POST",
      body: new URLSearchParams({ plan: "{}" }),
    });
    await assert.rejects(
      action({ request, params: { courseId: String(courseId) }, context: ctx }),
      (e: unknown) => e instanceof Response && (e.status === 403 || e.status === 302),
    );
  });
});
