import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Question } from "~/quizzes/definition.server";
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
const short: Question = { id: "t", type: "short-text", prompt: "?", explanation: "", accept: ["mã số biên nhận", "Số biên nhận"] };

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

  test("short answers are compared after trimming and folding case, diacritics and đ", () => {
    assert.equal(creditFor(short, "  MÃ SỐ BIÊN NHẬN. "), 1);
    assert.equal(creditFor(short, "ma so bien nhan"), 1);
    assert.equal(creditFor(short, "so   bien nhan"), 1, "an accepted alternative, extra spaces");
    assert.equal(creditFor(short, "mã hồ sơ"), 0);
    assert.equal(creditFor(short, ""), 0);
    assert.equal(normaliseShortText("“Đề án 06”"), "de an 06");
    assert.equal(creditFor({ ...short, accept: ["Đề án 06"] }, "de an 06"), 1);
  });

  test("the score is a whole percent rounded down, so 69.9 % does not pass a 70 % mark", () => {
    assert.equal(scorePercent([1, 1, 0]), 66);
    assert.equal(scorePercent([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]), 70);
    assert.equal(scorePercent(Array(699).fill(1).concat(Array(301).fill(0))), 69);
    assert.equal(scorePercent([]), 0);
  });
});
