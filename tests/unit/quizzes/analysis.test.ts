import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { publishedCourse } from "~/courses/catalogue.server";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
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
    const all = await quizStats(course.id, quiz, null);
    assert.equal(all.attempts, 18);
    const tanTru = await quizStats(course.id, quiz, (await getUnitByCode("LA-TTR"))!);
    assert.equal(tanTru.attempts, 6);
    assert.equal(tanTru.passed, 6);
    assert.equal(tanTru.averageScore, 100);
    assert.ok(tanTru.questions.every((q) => q.shareCorrect === 1 && q.commonWrong === null));
  });

  test("shows which question confuses which unit: share correct, discrimination, most chosen wrong option", async () => {
    const course = (await publishedCourse(SLUG))!;
    const quiz = (await quizFor(course.currentVersionId!))!;
    const target = quiz.questions[0]!;
    const bacHoa = await quizStats(course.id, quiz, (await getUnitByCode("LA-TT-X02"))!);
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
