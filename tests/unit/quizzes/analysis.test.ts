import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { publishedCourse } from "~/courses/catalogue.server";
import { db, transaction } from "~/db/client.server";
import { courses, officials, quizAnswers, quizAttempts } from "~/db/schema";
import type { Question, QuizDefinition } from "~/quizzes/definition.server";
import { normaliseShortText } from "~/quizzes/grading.server";
import { quizStats } from "~/quizzes/analysis.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { loader as analysisLoader } from "~/routes/trainer.quizzes.$slug";
import { getUnitByCode } from "~/units/tree.server";
import fs from "node:fs";
import path from "node:path";
import { syncContent } from "~/courses/sync.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { dropContentCopy, useContentCopy } from "../../support/content";
import { formFor } from "../../support/quiz";
import { ctx, requestAs, statusOf } from "../../support/requests";
import { viCollator } from "~/i18n/format";
import { t } from "~/i18n/vi";

let file: string;
let content: string;
const SLUG = "mot-cua-dien-tu-so-hoa-ho-so";

before(async () => {
  file = await useTestDatabase({ content: true });
  // Every shipped quiz draws from a larger bank (issue 21); these figures need every item in every
  // attempt, so this copy of the course asks all of its questions (a new version, synced here).
  content = useContentCopy();
  const quizFile = path.join(content, "courses", SLUG, "quiz.yaml");
  fs.writeFileSync(quizFile, fs.readFileSync(quizFile, "utf8").replace(/^draw: \d+\n/m, ""));
  await syncContent();
  const course = (await publishedCourse(SLUG))!;
  const quiz = (await quizFor(course.currentVersionId!))!;
  const targetId = quiz.questions[0]!.id;
  // Commune A (Bắc Hòa): 12 officials, everyone answers right except the first question,
  // which the weaker half gets wrong. Commune B (Tân Trụ's Đức Tân): 6 officials, all right.
  const take = async (unitCode: string, n: number, rightFor: (i: number, questionId: string) => boolean) => {
    const unit = (await getUnitByCode(unitCode))!;
    const people = await db().select().from(officials).where(eq(officials.unitId, unit.id)).limit(n);
    for (const [i, p] of people.entries()) {
      const r = await startAttempt(p.id, course.id);
      assert.ok(r.ok);
      const a = (await attemptFor(r.token, p.id))!;
      await submitAttempt(
        r.token,
        p.id,
        formFor(quiz, a.layout, (pos) => rightFor(i, a.layout[pos]!.questionId)),
      );
    }
  };
  await take("LA-TT-X02", 12, (i, q) => (i < 6 ? true : q !== targetId && q.length % 3 !== 0));
  await take("LA-TTR-X05", 6, () => true);
});
after(async () => {
  await dropTestDatabase(file);
  dropContentCopy(content);
});

describe("item analysis", () => {
  test("counts attempts, pass rate and average, and scopes them to a unit subtree", async () => {
    const course = (await publishedCourse(SLUG))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const all = await quizStats(course.id, course.epoch, quiz, null);
    assert.equal(all.attempts, 18);
    const tanTru = await quizStats(course.id, course.epoch, quiz, (await getUnitByCode("LA-TTR"))!);
    assert.equal(tanTru.attempts, 6);
    assert.equal(tanTru.passed, 6);
    assert.equal(tanTru.averageScore, 100);
    assert.ok(tanTru.questions.every((q) => q.shareCorrect === 1 && q.commonWrong === null));
  });

  test("shows which question confuses which unit: share correct, discrimination, most chosen wrong option", async () => {
    const course = (await publishedCourse(SLUG))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const target = quiz.questions[0]!;
    const bacHoa = await quizStats(course.id, course.epoch, quiz, (await getUnitByCode("LA-TT-X02"))!);
    const row = bacHoa.questions.find((q) => q.questionId === target.id)!;
    assert.equal(row.answered, 12);
    assert.equal(row.shareCorrect, 0.5);
    assert.ok(row.discrimination !== null && row.discrimination > 0.9, `discrimination ${row.discrimination}`);
    assert.ok(row.commonWrong && row.commonWrong.count >= 1);
    if (target.type === "single" || target.type === "multiple") {
      assert.ok(target.options.some((o) => !o.correct && o.text === row.commonWrong!.text));
    }
    assert.equal(bacHoa.questions[0]!.shareCorrect <= row.shareCorrect, true, "hardest questions first");
  });

  test("learners and managers cannot open it", async () => {
    for (const who of ["canbo", "lanhdao.tanthanh"]) {
      const request = await requestAs(who, `/trainer/quizzes/${SLUG}`);
      assert.equal(await statusOf(analysisLoader({ request, params: { slug: SLUG }, context: ctx })), 403);
    }
    const ok = await analysisLoader({
      request: await requestAs("giangvien", `/trainer/quizzes/${SLUG}?unit=${(await getUnitByCode("LA-TT"))!.id}`),
      params: { slug: SLUG },
      context: ctx,
    });
    assert.equal(ok.stats.attempts, 12);
  });
});

/**
 * The analysis as it was before issue 14 item 9 (every answer row loaded, grouped in JS), kept here as
 * the reference the SQL aggregation is checked against. `tieCredit` orders rows of equal score by
 * credit ("desc"/"asc"), which gives the largest and the smallest discrimination the old code could
 * print for tied scores (its order among ties was whatever the database returned).
 */
async function oldStats(courseId: number, epoch: number, quiz: QuizDefinition, tieCredit: "asc" | "desc") {
  const rows = await db()
    .select({ score: quizAttempts.score, questionId: quizAnswers.questionId, response: quizAnswers.response, credit: quizAnswers.credit })
    .from(quizAttempts)
    .innerJoin(quizAnswers, eq(quizAnswers.attemptId, quizAttempts.id))
    .where(and(eq(quizAttempts.courseId, courseId), eq(quizAttempts.epoch, epoch), eq(quizAttempts.status, "graded")));
  type R = (typeof rows)[number];
  const byQuestion = new Map<string, R[]>();
  for (const r of rows) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r]);
  return new Map(
    quiz.questions.map((q: Question) => {
      const rs = byQuestion.get(q.id) ?? [];
      const answered = rs.length;
      const shareCorrect = answered ? rs.reduce((s, r) => s + r.credit, 0) / answered : 0;
      let discrimination: number | null = null;
      if (answered >= 10) {
        const sign = tieCredit === "desc" ? 1 : -1;
        const sorted = [...rs].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || sign * (b.credit - a.credit));
        const n = Math.max(1, Math.round(answered * 0.27));
        const mean = (xs: R[]) => xs.reduce((s, r) => s + r.credit, 0) / xs.length;
        discrimination = mean(sorted.slice(0, n)) - mean(sorted.slice(-n));
      }
      const counts = new Map<string, number>();
      const add = (text: string) => counts.set(text, (counts.get(text) ?? 0) + 1);
      for (const r of rs) {
        if (r.credit >= 1 || r.response === null) continue;
        if ((q.type === "single" || q.type === "multiple") && Array.isArray(r.response)) {
          for (const i of r.response) if (q.options[i] && !q.options[i]!.correct) add(q.options[i]!.text);
        } else if (q.type === "true-false" && typeof r.response === "boolean") add(r.response ? t.quiz.trueLabel : t.quiz.falseLabel);
        else if (q.type === "short-text" && typeof r.response === "string" && r.response.trim()) add(normaliseShortText(r.response));
      }
      const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || viCollator.compare(a[0], b[0]))[0];
      return [q.id, { answered, shareCorrect, discrimination, commonWrong: best ? { text: best[0], count: best[1] } : null }] as const;
    }),
  );
}

describe("item analysis in SQL (issue 14 item 9)", () => {
  test("gives the old result: answered, share correct, most common wrong option; discrimination within the old one's tie range", async () => {
    const course = (await publishedCourse(SLUG))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const now = await quizStats(course.id, course.epoch, quiz, null);
    const high = await oldStats(course.id, course.epoch, quiz, "desc");
    const low = await oldStats(course.id, course.epoch, quiz, "asc");
    assert.equal(now.questions.length, quiz.questions.length);
    let compared = 0;
    for (const q of now.questions) {
      const old = high.get(q.questionId)!;
      assert.equal(q.answered, old.answered, q.questionId);
      assert.ok(Math.abs(q.shareCorrect - old.shareCorrect) < 1e-9, q.questionId);
      assert.deepEqual(q.commonWrong, old.commonWrong, q.questionId);
      if (old.discrimination === null) assert.equal(q.discrimination, null);
      else {
        const lo = low.get(q.questionId)!.discrimination!;
        assert.ok(
          q.discrimination! >= lo - 1e-9 && q.discrimination! <= old.discrimination + 1e-9,
          `${q.questionId}: ${q.discrimination} in [${lo}, ${old.discrimination}]`,
        );
        compared++;
      }
    }
    assert.ok(compared > 0, "some questions have enough answers for discrimination");
  });

  test("counts only the course's current epoch", async () => {
    const course = (await publishedCourse(SLUG))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const before = await quizStats(course.id, course.epoch, quiz, null);
    assert.equal(before.attempts, 18);
    // A material change starts a new epoch: one attempt there, none of the 18 earlier ones.
    await transaction(async () => {
      await db()
        .update(courses)
        .set({ epoch: course.epoch + 1 })
        .where(eq(courses.id, course.id));
    });
    try {
      const person = (await db().select().from(officials).where(eq(officials.username, "canbo")).limit(1))[0]!;
      const r = await startAttempt(person.id, course.id);
      assert.ok(r.ok);
      const a = (await attemptFor(r.token, person.id))!;
      await submitAttempt(r.token, person.id, formFor(quiz, a.layout, true));
      const page = await analysisLoader({
        request: await requestAs("giangvien", `/trainer/quizzes/${SLUG}`),
        params: { slug: SLUG },
        context: ctx,
      });
      assert.equal(page.stats.attempts, 1);
      assert.equal(page.stats.averageScore, 100);
      assert.ok(page.stats.questions.filter((q) => q.answered > 0).every((q) => q.answered === 1 && q.shareCorrect === 1));
    } finally {
      await transaction(async () => {
        await db().update(courses).set({ epoch: course.epoch }).where(eq(courses.id, course.id));
      });
    }
  });

  test("shows a wrong short answer as learners typed it, with its diacritics, counting the variants that grade the same", async () => {
    const slug = "chu-ky-so-van-ban-dien-tu";
    const course = (await publishedCourse(slug))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const target = quiz.questions.find((q) => q.type === "short-text")!;
    const unit = (await getUnitByCode("LA-TT-X02"))!;
    // The quiz draws 8 of its bank: an attempt may not hold the question. Each typed answer goes to the
    // next attempt that holds it (the others are submitted as they are), so the figures do not depend
    // on the random draw.
    const people = await db().select().from(officials).where(eq(officials.unitId, unit.id)).limit(40);
    const typed = ["Chín Mươi phần trăm", " Chín  Mươi phần trăm", "chín mươi phần trăm", "90%"];
    let next = 0;
    for (const p of people) {
      if (next === typed.length) break;
      const r = await startAttempt(p.id, course.id);
      if (!r.ok) continue;
      const a = (await attemptFor(r.token, p.id))!;
      const form = formFor(quiz, a.layout, true);
      const position = a.layout.findIndex((slot) => slot.questionId === target.id);
      if (position !== -1) form.set(`q${position}`, typed[next++]!);
      await submitAttempt(r.token, p.id, form);
    }
    assert.equal(next, typed.length, "four attempts held the short-answer question");
    const stats = await quizStats(course.id, course.epoch, quiz, null);
    const row = stats.questions.find((q) => q.questionId === target.id)!;
    assert.deepEqual(row.commonWrong, { text: "Chín Mươi phần trăm", count: 3 });
  });
});
