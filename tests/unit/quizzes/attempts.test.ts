import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson, courseProgress } from "~/courses/progress.server";
import { db } from "~/db/client.server";
import { courseCompletions, quizAnswers } from "~/db/schema";
import { findByIdentifier } from "~/people/officials.server";
import { attemptFor, attemptsOf, GRACE_SECONDS, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { action as attemptAction, loader as attemptLoader } from "~/routes/courses.$slug.quiz.$token";
import { action as startAction } from "~/routes/courses.$slug.quiz._index";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

const official = async (u: string) => (await findByIdentifier(u))!.id;
const SLUG = "dich-vu-cong-truc-tuyen";

async function started(username: string, now = new Date()) {
  const course = (await publishedCourse(SLUG))!;
  const result = await startAttempt(await official(username), course.id, now);
  assert.ok(result.ok);
  const attempt = (await attemptFor(result.token, await official(username), now))!;
  return { course, attempt, quiz: (await quizFor(attempt.courseVersionId))! };
}

describe("starting an attempt", () => {
  test("draws the configured number of questions, shuffled, with option ids that say nothing", async () => {
    const { attempt, quiz } = await started("canbo");
    assert.equal(attempt.layout.length, quiz.draw);
    assert.ok(quiz.questions.length > quiz.draw, "this course's bank is larger than its draw");
    const ids = attempt.layout.flatMap((q) => q.options.map((o) => o.id));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{8}$/);
    // Starting again while one is open returns the same attempt: a double click makes one.
    const again = await startAttempt(await official("canbo"), attempt.courseId);
    assert.deepEqual(again, { ok: true, token: attempt.token });
  });
});

describe("submitting", () => {
  test("twice (double click, retry, back button) grades once and gives the same result", async () => {
    const { attempt, quiz } = await started("lanhdao.tanthanh");
    const form = formFor(quiz, attempt.layout, (i) => i % 2 === 0);
    const first = await submitAttempt(attempt.token, await official("lanhdao.tanthanh"), form);
    const second = await submitAttempt(attempt.token, await official("lanhdao.tanthanh"), formFor(quiz, attempt.layout, true));
    assert.equal(first.status, "graded");
    assert.equal(second.status, "already-graded");
    assert.equal(second.attempt!.score, first.attempt!.score);
    // Through the route as well: both POSTs redirect to the same result page.
    for (let i = 0; i < 2; i++) {
      const request = await requestAs("lanhdao.tanthanh", `/courses/${SLUG}/quiz/${attempt.token}`, {
        method: "POST",
        body: formFor(quiz, attempt.layout, true),
      });
      const response = (await attemptAction({ request, params: { slug: SLUG, token: attempt.token }, context: ctx })) as Response;
      assert.equal(response.status, 302);
    }
    const rows = await attemptsOf(await official("lanhdao.tanthanh"), attempt.courseId, attempt.epoch);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.score, first.attempt!.score);
    assert.equal((await db().select().from(quizAnswers).where(eq(quizAnswers.attemptId, attempt.id))).length, quiz.draw);
  });

  test("after the time limit (and the grace period) counts as an attempt with no points", async () => {
    const t0 = new Date("2026-11-20T01:00:00Z");
    const { attempt, quiz } = await started("quantri", t0);
    assert.ok(quiz.timeLimitMinutes);
    const late = new Date(t0.getTime() + (quiz.timeLimitMinutes! * 60 + GRACE_SECONDS + 1) * 1000);
    const result = await submitAttempt(attempt.token, await official("quantri"), formFor(quiz, attempt.layout, true), late);
    assert.equal(result.status, "expired");
    assert.equal(result.attempt!.score, 0);
    assert.equal(result.attempt!.passed, false);
  });

  test("within the grace period still counts", async () => {
    const t0 = new Date("2026-11-21T01:00:00Z");
    const { attempt, quiz } = await started("quantri", t0);
    const justLate = new Date(t0.getTime() + (quiz.timeLimitMinutes! * 60 + GRACE_SECONDS - 5) * 1000);
    const result = await submitAttempt(attempt.token, await official("quantri"), formFor(quiz, attempt.layout, true), justLate);
    assert.equal(result.status, "graded");
    assert.equal(result.attempt!.score, 100);
  });

  test("an abandoned attempt past its deadline is closed when the official comes back, and counts", async () => {
    const t0 = new Date("2026-11-22T01:00:00Z");
    const { attempt } = await started("giangvien", t0);
    const later = new Date(t0.getTime() + 3 * 3600 * 1000);
    const next = await startAttempt(await official("giangvien"), attempt.courseId, later);
    assert.ok(next.ok && next.token !== attempt.token);
    assert.equal((await attemptFor(attempt.token, await official("giangvien")))!.status, "expired");
  });

  test("the attempt limit is enforced on the server", async () => {
    const who = (await findByIdentifier("LA000100"))!;
    const course = (await publishedCourse(SLUG))!;
    for (let i = 0; i < 3; i++) {
      const r = await startAttempt(who.id, course.id);
      assert.ok(r.ok, `attempt ${i + 1}`);
      const a = (await attemptFor(r.token, who.id))!;
      await submitAttempt(r.token, who.id, formFor((await quizFor(a.courseVersionId))!, a.layout, false));
    }
    assert.deepEqual(await startAttempt(who.id, course.id), { ok: false, reason: "limit" });
    const request = await requestAs("la000100", `/courses/${SLUG}/quiz`, { method: "POST", body: new FormData() });
    const response = await startAction({ request, params: { slug: SLUG }, context: ctx });
    assert.equal((response as { init: ResponseInit | null }).init?.status, 409);
    assert.equal((await attemptsOf(who.id, course.id, course.epoch)).length, 3);
  });

  test("another official's attempt token is unknown to you", async () => {
    const { attempt } = await started("LA000200");
    const request = await requestAs("canbo", `/courses/${SLUG}/quiz/${attempt.token}`);
    await assert.rejects(
      attemptLoader({ request, params: { slug: SLUG, token: attempt.token }, context: ctx }),
      (e: unknown) => e instanceof Response && e.status === 404,
    );
    assert.equal((await submitAttempt(attempt.token, await official("canbo"), new FormData())).status, "not-found");
  });
});

describe("passing the final quiz", () => {
  test("completes the course once every lesson is done too, in the same transaction as the grading", async () => {
    const who = (await findByIdentifier("LA000300"))!;
    const course = (await publishedCourse(SLUG))!;
    for (const l of await lessonsOf(course.currentVersionId!)) await completeLesson(who.id, course.id, l.lessonId);
    assert.equal((await courseProgress(who.id, course)).completedAt, null, "lessons alone are not enough");
    const r = await startAttempt(who.id, course.id);
    assert.ok(r.ok);
    const a = (await attemptFor(r.token, who.id))!;
    const graded = await submitAttempt(r.token, who.id, formFor((await quizFor(a.courseVersionId))!, a.layout, true));
    assert.equal(graded.attempt!.passed, true);
    const [completion] = await db()
      .select()
      .from(courseCompletions)
      .where(and(eq(courseCompletions.officialId, who.id), eq(courseCompletions.courseId, course.id)));
    assert.equal(completion!.completedAt, graded.attempt!.submittedAt);
    assert.deepEqual(await startAttempt(who.id, course.id), { ok: false, reason: "passed" });
  });
});

describe("before grading", () => {
  test("the attempt page's data holds prompts and option ids only: no key, no explanation, no accepted answer", async () => {
    const { attempt, quiz } = await started("LA000400");
    const request = await requestAs("la000400", `/courses/${SLUG}/quiz/${attempt.token}`);
    const data = await attemptLoader({ request, params: { slug: SLUG, token: attempt.token }, context: ctx });
    assert.equal(data.state, "open");
    const json = JSON.stringify(data);
    // Server-only text must not appear beyond what the page shows anyway (prompts and option texts,
    // which may legitimately share words with another question's answer).
    let hidden = json;
    if (data.state === "open") {
      for (const q of data.questions)
        for (const text of [q.prompt, ...q.options.map((o) => o.text)]) hidden = hidden.split(JSON.stringify(text).slice(1, -1)).join("");
    }
    for (const q of quiz.questions) {
      if (q.explanation) assert.ok(!hidden.includes(q.explanation.slice(0, 40)), `explanation of ${q.id}`);
      if (q.type === "short-text") for (const a of q.accept) assert.ok(!hidden.includes(a), `accepted answer of ${q.id}`);
    }
    assert.doesNotMatch(json, /"(correct|answer|accept|explanation|credit|index)"/);
    if (data.state === "open") {
      for (const q of data.questions) for (const o of q.options) assert.deepEqual(Object.keys(o).sort(), ["id", "text"]);
    }
  });
});
