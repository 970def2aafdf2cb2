// Item analysis running totals (issue 14 item 9, docs/decisions/0025): the only writer of
// quiz_item_totals and quiz_attempt_totals. Like the rollups (decision 0007), a graded attempt is added
// in its grading transaction to the official's unit and every ancestor, and to unit 0 — every graded
// attempt of the course epoch, whoever and wherever the official is now (moves never touch it). The
// trainers' item analysis (app/quizzes/analysis.server.ts) then reads a few hundred rows whatever the
// number of attempts. shiftOfficial (rollups.server.ts) moves an official's totals of current epochs
// when they move or are (de)activated, so a unit's analysis follows its current members.
// The upserts add to the stored figure (x = x + excluded.x): concurrent PostgreSQL transactions never
// lose each other's increments. This module imports only app/db, like the rest of the kernel.
import { and, eq, sql } from "drizzle-orm";
import { db, exec } from "~/db/client.server";
import { courses, quizAnswers, quizAttempts } from "~/db/schema";
import { ancestorIds } from "~/db/unit-path";

/** The unit id of the totals of every graded attempt (no unit has id 0). */
export const EVERYONE = 0;

export type GradedAnswer = { questionId: string; response: unknown; credit: number };
export type GradedAttempt = {
  courseId: number;
  epoch: number;
  score: number;
  passed: boolean;
  answers: GradedAnswer[];
};

/**
 * The response key of an answer: '' when fully right, otherwise the response as JSON text (no spaces,
 * as JSON.stringify writes it; a blank answer is 'null'). The migration's backfill writes the same text.
 */
export function responseKey(response: unknown, credit: number): string {
  return credit < 1 ? JSON.stringify(response ?? null) : "";
}

type ItemRow = {
  unit: number;
  courseId: number;
  epoch: number;
  questionId: string;
  score: number;
  response: string;
  answered: number;
  credit: number;
};
type AttemptRow = { unit: number; courseId: number; epoch: number; attempts: number; passed: number; scoreSum: number };

const list = (parts: ReturnType<typeof sql>[]) => sql.join(parts, sql`, `);
const CHUNK = 500;

/** Adds the attempts, each `times` (+1, or −1 to take away), to the given units; rows netted in JS first. */
function accumulate(attempts: GradedAttempt[], unitsOf: (a: GradedAttempt) => [unit: number, times: number][]) {
  const items = new Map<string, ItemRow>();
  const heads = new Map<string, AttemptRow>();
  for (const a of attempts) {
    for (const [unit, times] of unitsOf(a)) {
      const hk = `${unit}/${a.courseId}/${a.epoch}`;
      const h = heads.get(hk) ?? { unit, courseId: a.courseId, epoch: a.epoch, attempts: 0, passed: 0, scoreSum: 0 };
      h.attempts += times;
      h.passed += a.passed ? times : 0;
      h.scoreSum += a.score * times;
      heads.set(hk, h);
      for (const ans of a.answers) {
        const response = responseKey(ans.response, ans.credit);
        const ik = `${hk}/${a.score}/${ans.questionId}\u0000${response}`;
        const i = items.get(ik) ?? {
          unit,
          courseId: a.courseId,
          epoch: a.epoch,
          questionId: ans.questionId,
          score: a.score,
          response,
          answered: 0,
          credit: 0,
        };
        i.answered += times;
        i.credit += ans.credit * times;
        items.set(ik, i);
      }
    }
  }
  // One order for every writer (by key), so two PostgreSQL transactions upserting overlapping rows
  // take their row locks in the same order and cannot deadlock (a layout's question order is random).
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { items: byKey(items), heads: byKey(heads) };
}

async function write(items: ItemRow[], heads: AttemptRow[]) {
  for (let i = 0; i < heads.length; i += CHUNK) {
    const chunk = heads.slice(i, i + CHUNK);
    await exec(
      sql`INSERT INTO quiz_attempt_totals (unit_id, course_id, epoch, attempts, passed, score_sum)
      VALUES ${list(chunk.map((r) => sql`(${r.unit}, ${r.courseId}, ${r.epoch}, ${r.attempts}, ${r.passed}, ${r.scoreSum})`))}
      ON CONFLICT (unit_id, course_id, epoch) DO UPDATE SET
        attempts = quiz_attempt_totals.attempts + excluded.attempts, passed = quiz_attempt_totals.passed + excluded.passed,
        score_sum = quiz_attempt_totals.score_sum + excluded.score_sum`,
      { prepare: chunk.length <= 12 },
    );
  }
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    await exec(
      sql`INSERT INTO quiz_item_totals (unit_id, course_id, epoch, question_id, score, response, answered, credit)
      VALUES ${list(chunk.map((r) => sql`(${r.unit}, ${r.courseId}, ${r.epoch}, ${r.questionId}, ${r.score}, ${r.response}, ${r.answered}, ${r.credit})`))}
      ON CONFLICT (unit_id, course_id, epoch, question_id, score, response) DO UPDATE SET
        answered = quiz_item_totals.answered + excluded.answered, credit = quiz_item_totals.credit + excluded.credit`,
    );
  }
}

/**
 * Counts graded attempts (the grading transaction's, or a bulk writer's batch) for the official's unit
 * with this path, its ancestors and everyone: one upsert per table for the whole batch.
 */
export async function addGradedAttempts(graded: { unitPath: string | null; attempt: GradedAttempt }[]) {
  if (graded.length === 0) return;
  const pathOf = new Map(graded.map((g) => [g.attempt, g.unitPath]));
  const { items, heads } = accumulate(
    graded.map((g) => g.attempt),
    (a) => [[EVERYONE, 1], ...(pathOf.get(a) ? ancestorIds(pathOf.get(a)!) : []).map((u): [number, number] => [u, 1])],
  );
  await write(items, heads);
}

/**
 * The official's graded attempts of every course's current epoch leave the units with −1 and join those
 * with +1 (already netted per unit by shiftOfficial). Unit 0 is never among them.
 */
export async function shiftItemTotals(officialId: number, moved: [unit: number, delta: number][]) {
  if (moved.length === 0) return;
  // The drizzle builder maps the JSON response column the same on both engines.
  const answers = await db()
    .select({
      attemptId: quizAttempts.id,
      courseId: quizAttempts.courseId,
      epoch: quizAttempts.epoch,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      questionId: quizAnswers.questionId,
      response: quizAnswers.response,
      credit: quizAnswers.credit,
    })
    .from(quizAttempts)
    .innerJoin(courses, and(eq(courses.id, quizAttempts.courseId), eq(courses.epoch, quizAttempts.epoch)))
    .leftJoin(quizAnswers, eq(quizAnswers.attemptId, quizAttempts.id))
    .where(and(eq(quizAttempts.officialId, officialId), eq(quizAttempts.status, "graded")));
  if (answers.length === 0) return;
  const byAttempt = new Map<number, GradedAttempt>();
  for (const r of answers) {
    const a = byAttempt.get(r.attemptId) ?? { courseId: r.courseId, epoch: r.epoch, score: r.score ?? 0, passed: !!r.passed, answers: [] };
    if (r.questionId !== null) a.answers.push({ questionId: r.questionId, response: r.response, credit: r.credit ?? 0 });
    byAttempt.set(r.attemptId, a);
  }
  const { items, heads } = accumulate([...byAttempt.values()], () => moved);
  await write(items, heads);
}
