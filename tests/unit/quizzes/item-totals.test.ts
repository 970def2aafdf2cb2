// The item analysis running totals (issue 14 item 9, docs/decisions/0025): after the demo's twelve
// weeks, more gradings, a move, a deactivation, a unit merge and a unit move, quiz_item_totals and
// quiz_attempt_totals equal a recomputation from the raw attempts and answers; the analysis read from
// them equals the old aggregate over every answer; and the migration's backfill writes the same rows.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { publishedCourse } from "~/courses/catalogue.server";
import { db, dialect, exec, transaction } from "~/db/client.server";
import { courses, officials, quizAnswers, quizAttempts, quizAttemptTotals, quizItemTotals, units } from "~/db/schema";
import { ancestorIds } from "~/db/unit-path";
import { EVERYONE } from "~/figures/item-totals.server";
import { moveOfficial, setActive } from "~/people/lifecycle.server";
import { quizStats, quizStatsFromAnswers, type QuizStats } from "~/quizzes/analysis.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { reportCourses } from "~/reports/unit-report.server";
import { mergeUnits, moveUnit } from "~/units/reorganise.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
});
after(() => dropTestDatabase(file));

const DAY = "2026-11-25";

type Figures = Map<string, number[]>;

/**
 * The oracle: every graded attempt of a course's current epoch counts for everyone (unit 0) and, if its
 * official is active, for their current unit and each ancestor; per question, attempt score and
 * response key ('' when fully right, else the response as JSON): answers and credit.
 */
async function recomputed(): Promise<{ heads: Figures; items: Figures }> {
  const answers = await db()
    .select({
      attemptId: quizAttempts.id,
      courseId: quizAttempts.courseId,
      epoch: quizAttempts.epoch,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      active: officials.active,
      path: units.path,
      questionId: quizAnswers.questionId,
      response: quizAnswers.response,
      credit: quizAnswers.credit,
    })
    .from(quizAttempts)
    .innerJoin(courses, and(eq(courses.id, quizAttempts.courseId), eq(courses.epoch, quizAttempts.epoch)))
    .innerJoin(officials, eq(officials.id, quizAttempts.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .innerJoin(quizAnswers, eq(quizAnswers.attemptId, quizAttempts.id))
    .where(eq(quizAttempts.status, "graded"));
  const heads: Figures = new Map();
  const items: Figures = new Map();
  const seen = new Set<number>();
  const add = (map: Figures, key: string, values: number[]) => {
    const now = map.get(key) ?? values.map(() => 0);
    map.set(
      key,
      now.map((v, i) => v + values[i]!),
    );
  };
  for (const r of answers) {
    const score = r.score ?? 0;
    const unitsOf = [EVERYONE, ...(r.active ? ancestorIds(r.path) : [])];
    const response = r.credit < 1 ? JSON.stringify(r.response ?? null) : "";
    for (const u of unitsOf) {
      if (!seen.has(r.attemptId)) add(heads, `${u}/${r.courseId}/${r.epoch}`, [1, r.passed ? 1 : 0, score]);
      add(items, `${u}/${r.courseId}/${r.epoch}/${r.questionId}/${score}/${response}`, [1, r.credit]);
    }
    seen.add(r.attemptId);
  }
  return { heads, items };
}

/** The stored totals of current epochs, rows netted to zero left out, response keys re-read as JSON. */
async function stored(): Promise<{ heads: Figures; items: Figures }> {
  const current = and(eq(courses.id, quizAttemptTotals.courseId), eq(courses.epoch, quizAttemptTotals.epoch));
  const heads: Figures = new Map();
  for (const r of await db().select().from(quizAttemptTotals).innerJoin(courses, current)) {
    const h = r.quiz_attempt_totals;
    if (h.attempts !== 0 || h.passed !== 0 || h.scoreSum !== 0)
      heads.set(`${h.unitId}/${h.courseId}/${h.epoch}`, [h.attempts, h.passed, h.scoreSum]);
  }
  const items: Figures = new Map();
  const rows = await db()
    .select()
    .from(quizItemTotals)
    .innerJoin(courses, and(eq(courses.id, quizItemTotals.courseId), eq(courses.epoch, quizItemTotals.epoch)));
  for (const { quiz_item_totals: i } of rows) {
    if (i.answered === 0 && Math.abs(i.credit) < 1e-9) continue;
    const response = i.response === "" ? "" : JSON.stringify(JSON.parse(i.response));
    const key = `${i.unitId}/${i.courseId}/${i.epoch}/${i.questionId}/${i.score}/${response}`;
    const before = items.get(key) ?? [0, 0];
    items.set(key, [before[0]! + i.answered, before[1]! + i.credit]);
  }
  return { heads, items };
}

function assertSame(actual: Figures, expected: Figures, what: string) {
  const missing = [...expected.keys()].filter((k) => !actual.has(k));
  const extra = [...actual.keys()].filter((k) => !expected.has(k));
  assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }, { missing: [], extra: [] }, `${what}: rows differ`);
  for (const [key, values] of expected) {
    const got = actual.get(key)!;
    values.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-6, `${what} ${key}[${i}]: stored ${got[i]}, recomputed ${v}`));
  }
}

async function totalsAgree(step: string) {
  const [want, have] = [await recomputed(), await stored()];
  assert.ok(want.heads.size > 0, "there are graded attempts to compare");
  assertSame(have.heads, want.heads, `${step}, attempts`);
  assertSame(have.items, want.items, `${step}, items`);
}

function assertSameStats(now: QuizStats, old: QuizStats, what: string) {
  assert.equal(now.attempts, old.attempts, `${what}: attempts`);
  assert.equal(now.passed, old.passed, `${what}: passed`);
  if (old.averageScore === null) assert.equal(now.averageScore, null, what);
  else assert.ok(Math.abs(now.averageScore! - old.averageScore) < 1e-9, `${what}: average ${now.averageScore} vs ${old.averageScore}`);
  assert.deepEqual(
    now.questions.map((q) => q.questionId),
    old.questions.map((q) => q.questionId),
    `${what}: the same order (hardest first)`,
  );
  now.questions.forEach((q, i) => {
    const o = old.questions[i]!;
    assert.equal(q.answered, o.answered, `${what} ${q.questionId}: answered`);
    assert.ok(Math.abs(q.shareCorrect - o.shareCorrect) < 1e-9, `${what} ${q.questionId}: share correct`);
    if (o.discrimination === null) assert.equal(q.discrimination, null);
    else assert.ok(Math.abs(q.discrimination! - o.discrimination) < 1e-9, `${what} ${q.questionId}: discrimination`);
    assert.deepEqual(q.commonWrong, o.commonWrong, `${what} ${q.questionId}: most common wrong answer`);
  });
}

async function demoQuizzes() {
  const out = [];
  for (const c of await reportCourses()) {
    const course = (await publishedCourse(c.slug))!;
    const quiz = await quizFor(course.currentVersionId!);
    if (quiz) out.push({ course, quiz });
  }
  return out;
}

describe("item analysis totals (issue 14 item 9)", () => {
  test("the analysis read from the totals equals the aggregate over every answer, on the shipped demo data", async () => {
    const quizzes = await demoQuizzes();
    assert.ok(quizzes.length > 0);
    const scopes = [null, ...(await Promise.all(["LA", "LA-TT", "LA-TTR", "LA-TT-X02", "LA-TTR-X05"].map((c) => getUnitByCode(c))))];
    let withAttempts = 0;
    for (const { course, quiz } of quizzes) {
      for (const unit of scopes) {
        const what = `${course.slug} ${unit?.code ?? "every unit"}`;
        const old = await quizStatsFromAnswers(course.id, course.epoch, quiz, unit ?? null);
        assertSameStats(await quizStats(course.id, course.epoch, quiz, unit ?? null), old, what);
        if (old.attempts > 0) withAttempts++;
      }
    }
    assert.ok(withAttempts > 5, "the demo has graded attempts in these scopes");
  });

  test("after the demo's gradings, more gradings, a move, a deactivation, a unit merge and a unit move, the totals equal a recomputation from the raw rows", async () => {
    await totalsAgree("the demo");

    // More gradings, by officials of a commune merged below.
    const { course, quiz } = (await demoQuizzes())[0]!;
    const x03 = (await getUnitByCode("LA-TT-X03"))!;
    const people = await db()
      .select({ id: officials.id })
      .from(officials)
      .where(and(eq(officials.unitId, x03.id), eq(officials.active, true), isNull(officials.passwordHash)))
      .orderBy(asc(officials.id))
      .limit(8);
    let graded = 0;
    for (const [i, p] of people.entries()) {
      const r = await startAttempt(p.id, course.id);
      if (!r.ok) continue;
      const a = (await attemptFor(r.token, p.id))!;
      await submitAttempt(
        r.token,
        p.id,
        formFor(quiz, a.layout, (pos) => (pos + i) % 3 !== 0),
      );
      graded++;
    }
    assert.ok(graded > 0, "someone could take the quiz");
    await totalsAgree("more gradings");

    // People with graded attempts of a current epoch: one moves, one is deactivated.
    const takers = await db()
      .selectDistinct({ id: quizAttempts.officialId, unitId: officials.unitId })
      .from(quizAttempts)
      .innerJoin(courses, and(eq(courses.id, quizAttempts.courseId), eq(courses.epoch, quizAttempts.epoch)))
      .innerJoin(officials, eq(officials.id, quizAttempts.officialId))
      .where(and(eq(quizAttempts.status, "graded"), eq(officials.active, true)))
      .orderBy(asc(quizAttempts.officialId));
    const tanTru = (await getUnitByCode("LA-TTR-X05"))!;
    const mover = takers.find((t) => t.unitId !== tanTru.id)!;
    const everyoneBefore = await quizStats(course.id, course.epoch, quiz, null);
    const tanTruBefore = (await stored()).heads;
    await moveOfficial(mover.id, tanTru.id, DAY, null);
    await totalsAgree("a move");
    assert.notDeepEqual((await stored()).heads, tanTruBefore, "the move changed some unit's totals");

    const leaver = takers.find((t) => t.id !== mover.id)!;
    await setActive(leaver.id, false, DAY, null);
    await totalsAgree("a deactivation");
    assert.deepEqual(
      await quizStats(course.id, course.epoch, quiz, null),
      everyoneBefore,
      "unfiltered, every graded attempt still counts: moves and deactivations never touch it",
    );

    await mergeUnits([x03.id, (await getUnitByCode("LA-TT-X04"))!.id], { name: "Xã Hậu Thạnh", code: "LA-TT-HT" }, DAY, null);
    await totalsAgree("a unit merge");
    await moveUnit((await getUnitByCode("LA-TT-X13"))!.id, (await getUnitByCode("LA-TTR"))!.id, DAY, null);
    await totalsAgree("a unit move");

    // The merged commune's analysis is its members' attempts (those of both old communes).
    const merged = (await getUnitByCode("LA-TT-HT"))!;
    assertSameStats(
      await quizStats(course.id, course.epoch, quiz, merged),
      await quizStatsFromAnswers(course.id, course.epoch, quiz, merged),
      "the merged commune",
    );
  });

  test("the migration's backfill writes the same totals as grading and moves did", async () => {
    const dir = path.join("drizzle", dialect() === "postgres" ? "postgres" : "sqlite");
    const migration = fs.readdirSync(dir).find((f) => f.endsWith("_item_totals.sql"))!;
    const inserts = fs
      .readFileSync(path.join(dir, migration), "utf8")
      .split("--> statement-breakpoint")
      .filter((s) => /INSERT INTO/.test(s));
    assert.equal(inserts.length, 2);
    const before = await stored();
    await transaction(async () => {
      await exec(sql`DELETE FROM quiz_item_totals`);
      await exec(sql`DELETE FROM quiz_attempt_totals`);
      for (const statement of inserts) await exec(sql.raw(statement));
    });
    const after = await stored();
    assertSame(after.heads, before.heads, "backfill, attempts");
    assertSame(after.items, before.items, "backfill, items");
    await totalsAgree("the backfill");
  });
});
