import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseQuiz, type Question } from "~/quizzes/definition.server";
import { creditFor, normaliseShortText, scorePercent } from "~/quizzes/grading.server";

const single: Question = {
  id: "s",
  type: "single",
  prompt: "?",
  explanation: "",
  options: [
    { text: "a", correct: false },
    { text: "b", correct: true },
    { text: "c", correct: false },
  ],
};
const multi = (scoring: "partial" | "all-or-nothing"): Question => ({
  id: "m",
  type: "multiple",
  scoring,
  prompt: "?",
  explanation: "",
  options: [
    { text: "a", correct: true },
    { text: "b", correct: true },
    { text: "c", correct: true },
    { text: "d", correct: false },
    { text: "e", correct: false },
  ],
});
const short: Question = {
  id: "t",
  type: "short-text",
  prompt: "?",
  explanation: "",
  accept: ["mã số biên nhận", "Số biên nhận"],
  ignoreTones: false,
};

describe("grading", () => {
  test("single choice: only the right option earns credit; two options chosen earn none", () => {
    assert.equal(creditFor(single, [1]), 1);
    assert.equal(creditFor(single, [0]), 0);
    assert.equal(creditFor(single, [0, 1]), 0);
    assert.equal(creditFor(single, null), 0);
  });

  test("multiple choice, all-or-nothing: exactly the right set", () => {
    const q = multi("all-or-nothing");
    assert.equal(creditFor(q, [0, 1, 2]), 1);
    assert.equal(creditFor(q, [0, 1]), 0);
    assert.equal(creditFor(q, [0, 1, 2, 3]), 0);
  });

  test("multiple choice, partial credit: a share per right choice, minus a share per wrong one, never below 0", () => {
    const q = multi("partial");
    assert.equal(creditFor(q, [0, 1, 2]), 1);
    assert.equal(creditFor(q, [0, 1]), 2 / 3);
    assert.equal(creditFor(q, [0, 1, 3]), 1 / 3);
    assert.equal(creditFor(q, [0, 3, 4]), 0);
    assert.equal(creditFor(q, [0, 1, 2, 3, 4]), 1 / 3, "ticking everything is not a free pass");
    assert.equal(creditFor(q, []), 0);
  });

  test("true/false", () => {
    const q: Question = { id: "tf", type: "true-false", prompt: "?", explanation: "", answer: false };
    assert.equal(creditFor(q, false), 1);
    assert.equal(creditFor(q, true), 0);
    assert.equal(creditFor(q, null), 0);
  });

  test("short answers fold case, spacing, punctuation and Unicode form, and keep the tone marks", () => {
    assert.equal(creditFor(short, "  MÃ SỐ BIÊN NHẬN. "), 1);
    assert.equal(creditFor(short, "số   BIÊN nhận"), 1, "an accepted alternative, extra spaces");
    assert.equal(creditFor(short, "ma so bien nhan"), 0, "typed without tone marks: a different text");
    assert.equal(creditFor(short, "mã hồ sơ"), 0);
    assert.equal(creditFor(short, ""), 0);
    // One word, two Unicode forms (precomposed, or a + combining tilde): the same answer.
    assert.equal(creditFor(short, "ma\u0303 số biên nhận".normalize("NFD")), 1);
    assert.equal(normaliseShortText("“Đề án 06”"), "đề án 06");
    const ma: Question = { id: "ma", type: "short-text", prompt: "?", explanation: "", accept: ["mã"], ignoreTones: false };
    assert.equal(creditFor(ma, "Mã"), 1);
    assert.equal(creditFor(ma, "ma"), 0, "ma is not mã");
    assert.equal(creditFor(ma, "má"), 0, "má is not mã");
    assert.equal(creditFor({ ...short, accept: ["Đề án 06"] }, "de an 06"), 0, "đ is not d");
  });

  test("old and new tone placement are one word: hoà = hòa, khoẻ = khỏe, thuỷ = thủy (and của stays của)", () => {
    const q: Question = {
      id: "h",
      type: "short-text",
      prompt: "?",
      explanation: "",
      accept: ["Hòa bình", "sức khoẻ", "thủy lợi"],
      ignoreTones: false,
    };
    assert.equal(creditFor(q, "hoà bình"), 1);
    assert.equal(creditFor(q, "sức khỏe"), 1);
    assert.equal(creditFor(q, "thuỷ lợi"), 1);
    assert.equal(normaliseShortText("của"), "của");
    assert.equal(normaliseShortText("mùa"), "mùa");
  });

  test("a question may opt in to tone-insensitive matching: every diacritic and đ folded", () => {
    const loose: Question = { ...short, accept: ["mã số biên nhận", "Đề án 06"], ignoreTones: true } as Question;
    assert.equal(creditFor(loose, "ma so bien nhan"), 1);
    assert.equal(creditFor(loose, "MÁ SỐ BIỀN NHẶN"), 1);
    assert.equal(creditFor(loose, "de an 06"), 1);
    assert.equal(creditFor(loose, "mã hồ sơ"), 0);
    assert.equal(normaliseShortText("“Đề án 06”", true), "de an 06");
  });

  test("the quiz file says ignoreTones: true to opt in; without it tones count", () => {
    const file = (extra: string) =>
      ["passMark: 70", "questions:", "  - id: ma", "    type: short-text", "    prompt: Viết từ mã", "    accept: [mã]", extra].join("\n");
    const strict = parseQuiz("quiz", file(""));
    const loose = parseQuiz("quiz", file("    ignoreTones: true"));
    assert.ok(strict.ok && loose.ok);
    assert.equal(creditFor(strict.quiz.questions[0]!, "ma"), 0);
    assert.equal(creditFor(loose.quiz.questions[0]!, "ma"), 1);
  });

  test("the score is a whole percent rounded down, so 69.9 % does not pass a 70 % mark", () => {
    assert.equal(scorePercent([1, 1, 0]), 66);
    assert.equal(scorePercent([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]), 70);
    assert.equal(scorePercent(Array(699).fill(1).concat(Array(301).fill(0))), 69);
    assert.equal(scorePercent([]), 0);
  });
});
