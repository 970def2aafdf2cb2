// Fair feedback (issue 14 item 5, decision 0020): while attempts remain and the learner has not
// passed, the result page's data says which answers were right or wrong, never the correct answers.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { publishedCourse } from "~/courses/catalogue.server";
import { findByIdentifier } from "~/people/officials.server";
import { parseQuiz, type QuizDefinition } from "~/quizzes/definition.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { mayRevealAnswers } from "~/quizzes/views.server";
import { loader as attemptLoader } from "~/routes/courses.$slug.quiz.$token";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

const SLUG = "dich-vu-cong-truc-tuyen"; // attempts: 3, draw: 8, feedback: after-each-attempt, no showAnswers

/** One attempt of `username`, answered right or wrong, then the result page's loader data. */
async function attemptAndResult(username: string, right: boolean | "blank") {
  const who = (await findByIdentifier(username))!;
  const course = (await publishedCourse(SLUG))!;
  const started = await startAttempt(who.id, course.id);
  assert.ok(started.ok, JSON.stringify(started));
  const attempt = (await attemptFor(started.token, who.id))!;
  const quiz = (await quizFor(attempt.courseVersionId))!;
  const form = right === "blank" ? new FormData() : formFor(quiz, attempt.layout, right);
  assert.equal((await submitAttempt(attempt.token, who.id, form)).status, "graded");
  const request = await requestAs(username, `/courses/${SLUG}/quiz/${attempt.token}`);
  const data = await attemptLoader({ request, params: { slug: SLUG, token: attempt.token }, context: ctx });
  assert.notEqual(data.state, "open");
  return { data: data as Exclude<typeof data, { state: "open" }>, quiz, attempt };
}

/** Every piece of key text (correct option, true/false answer, accepted answer, explanation) found in the data. */
function keysIn(json: string, quiz: QuizDefinition, questionIds: string[]): string[] {
  const found: string[] = [];
  for (const q of quiz.questions.filter((x) => questionIds.includes(x.id))) {
    const secrets = [
      q.explanation.slice(0, 40),
      ...(q.type === "single" || q.type === "multiple" ? q.options.filter((o) => o.correct).map((o) => o.text) : []),
      ...(q.type === "short-text" ? q.accept.filter((a) => a.length >= 6) : []),
    ].filter(Boolean);
    for (const s of secrets) if (json.includes(JSON.stringify(s).slice(1, -1)) && !q.prompt.includes(s)) found.push(`${q.id}: ${s}`);
  }
  return found;
}

describe("the result page while attempts remain and the learner has not passed", () => {
  test("a blank first attempt: right/wrong per question, and no correct answer, no explanation, not even the keys", async () => {
    const { data, quiz, attempt } = await attemptAndResult("LA000500", "blank");
    assert.equal(data.passed, false);
    assert.ok(data.feedback, "the verdicts are shown");
    assert.equal(data.feedback.length, attempt.layout.length);
    for (const f of data.feedback) {
      assert.deepEqual(Object.keys(f).sort(), ["credit", "given", "position", "prompt"]);
      assert.equal(f.credit, 0);
    }
    const json = JSON.stringify(data);
    assert.doesNotMatch(json, /"(correctAnswers|explanation|correct|answer|accept)"/);
    assert.deepEqual(
      keysIn(
        json,
        quiz,
        attempt.layout.map((s) => s.questionId),
      ),
      [],
    );
    assert.equal(data.answersWithheld, true, "the page says when the answers will show");
  });

  test("a wrong second attempt still withholds them; the third (last) attempt shows everything", async () => {
    await attemptAndResult("LA000501", false);
    const second = await attemptAndResult("LA000501", false);
    assert.ok(second.data.feedback!.every((f) => !("correctAnswers" in f) && !("explanation" in f)));
    assert.equal(second.data.answersWithheld, true);
    const third = await attemptAndResult("LA000501", false);
    assert.equal(third.data.answersWithheld, false);
    assert.ok(third.data.feedback!.every((f) => Array.isArray(f.correctAnswers) && f.correctAnswers.length > 0));
    assert.ok(third.data.feedback!.some((f) => f.explanation));
  });
});

describe("after passing", () => {
  test("the full feedback, as before", async () => {
    const { data } = await attemptAndResult("LA000502", true);
    assert.equal(data.passed, true);
    assert.equal(data.answersWithheld, false);
    assert.ok(data.feedback!.every((f) => Array.isArray(f.correctAnswers) && f.correctAnswers.length > 0));
  });
});

describe("the quiz file's choice", () => {
  const quizText = (extra: string) =>
    [
      "passMark: 70",
      "attempts: 3",
      extra,
      "questions:",
      "  - id: a",
      "    type: true-false",
      "    prompt: Câu hỏi thử",
      "    answer: true",
    ].join("\n");
  test("the default is fair (when-final); showAnswers: always opts in to showing everything after each attempt", () => {
    const fair = parseQuiz("quiz", quizText(""));
    const always = parseQuiz("quiz", quizText("showAnswers: always"));
    assert.ok(fair.ok && always.ok);
    assert.equal(fair.quiz.showAnswers, "when-final");
    assert.equal(mayRevealAnswers(fair.quiz, [{ passed: false }], 0), false);
    assert.equal(mayRevealAnswers(fair.quiz, [{ passed: false }, { passed: false }, { passed: false }], 0), true, "no attempt left");
    assert.equal(mayRevealAnswers(fair.quiz, [{ passed: false }, { passed: true }], 0), true, "passed");
    assert.equal(mayRevealAnswers({ ...fair.quiz, attempts: null }, Array(9).fill({ passed: false }), 0), false, "unlimited attempts");
    assert.equal(mayRevealAnswers(always.quiz, [{ passed: false }], 0), true);
    // Extra attempts granted (decision 0022) are attempts left: three used of three plus one granted.
    assert.equal(
      mayRevealAnswers(fair.quiz, [{ passed: false }, { passed: false }, { passed: false }], 1),
      false,
      "a granted attempt left",
    );
    assert.ok(!parseQuiz("quiz", quizText("showAnswers: sometimes")).ok, "an unknown value is refused");
  });

  test("the shipped quizzes use the fair default", () => {
    for (const slug of fs.readdirSync(path.resolve("content/courses"))) {
      const parsed = parseQuiz(slug, fs.readFileSync(path.resolve("content/courses", slug, "quiz.yaml"), "utf8"));
      assert.ok(parsed.ok, slug);
      assert.equal(parsed.quiz.showAnswers, "when-final", slug);
    }
  });
});
