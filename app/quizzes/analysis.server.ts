// Item analysis for trainers: which questions confuse which units. Only graded attempts of the course's
// current epoch count (expired ones measured the clock, not the question; an earlier epoch was another
// quiz). Figures are aggregates; no names leave here.
import { and, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials, quizAnswers, quizAttempts, quizAttemptTotals, quizItemTotals, units } from "~/db/schema";
import { ancestorIds } from "~/db/unit-path";
import { EVERYONE } from "~/figures/item-totals.server";
import { viCollator } from "~/i18n/format";
import type { Unit } from "~/units/tree.server";
import { pathUpperBound } from "~/units/tree.server";
import type { Question, QuizDefinition } from "./definition.server";
import { normaliseShortText } from "./grading.server";
import { t } from "~/i18n/vi";

export type QuestionStats = {
  questionId: string;
  prompt: string;
  answered: number;
  /** Mean credit, 0–1 (partial credit counts as its share). */
  shareCorrect: number;
  /** Upper-27 % minus lower-27 % mean credit, by total score; null with too few attempts. */
  discrimination: number | null;
  commonWrong: { text: string; count: number } | null;
};

export type QuizStats = {
  attempts: number;
  passed: number;
  averageScore: number | null;
  questions: QuestionStats[];
};

/** Groups of the top and bottom 27 % need at least this many attempts to mean anything. */
const MIN_FOR_DISCRIMINATION = 10;

/** One question's answers at one attempt score: how many, and their summed credit. */
type ScoreGroup = { questionId: string; score: number; answered: number; credit: number };
/** One question's identical wrong responses (same options, same text as typed). */
type WrongGroup = { questionId: string; response: number[] | boolean | string | null; count: number };

/** What the analysis is computed from: the head figures and per question × attempt score × response key cells. */
type Cell = { questionId: string; score: number; wrong: WrongGroup["response"] | undefined; answered: number; credit: number };

/**
 * Item analysis of the course's current epoch (issue 14 item 9), read from the running totals the
 * figures kernel keeps at grading (app/figures/item-totals.server.ts, docs/decisions/0025): a few
 * hundred rows whatever the number of attempts. Unfiltered it reads unit 0 (every graded attempt of the
 * epoch, deactivated officials included); filtered, the unit's row, which follows its current active
 * members as the report does. Discrimination is read from the per-score histogram (attempts at the
 * score where the upper or lower 27 % ends count with their group's mean credit, so ties do not
 * depend on row order). Wrong responses are counted per identical response; short answers that only
 * differ in case, spacing or Unicode form are then added up and shown as learners typed them most.
 */
export async function quizStats(
  courseId: number,
  epoch: number,
  quiz: QuizDefinition,
  unit: Pick<Unit, "path"> | null,
): Promise<QuizStats> {
  const unitId = unit ? ancestorIds(unit.path).at(-1)! : EVERYONE;
  const [head] = await db()
    .select({ attempts: quizAttemptTotals.attempts, passed: quizAttemptTotals.passed, scoreSum: quizAttemptTotals.scoreSum })
    .from(quizAttemptTotals)
    .where(and(eq(quizAttemptTotals.unitId, unitId), eq(quizAttemptTotals.courseId, courseId), eq(quizAttemptTotals.epoch, epoch)))
    .limit(1);
  const totals = await db()
    .select({
      questionId: quizItemTotals.questionId,
      score: quizItemTotals.score,
      response: quizItemTotals.response,
      answered: quizItemTotals.answered,
      credit: quizItemTotals.credit,
    })
    .from(quizItemTotals)
    .where(
      and(
        eq(quizItemTotals.unitId, unitId),
        eq(quizItemTotals.courseId, courseId),
        eq(quizItemTotals.epoch, epoch),
        ne(quizItemTotals.answered, 0),
      ),
    );
  const cells: Cell[] = totals.map((c) => ({
    questionId: c.questionId,
    score: c.score,
    wrong: c.response === "" ? null : (JSON.parse(c.response) as WrongGroup["response"]),
    answered: c.answered,
    credit: c.credit,
  }));
  const attempts = head?.attempts ?? 0;
  return analyse(quiz, { attempts, passed: head?.passed ?? 0, averageScore: attempts ? head!.scoreSum / attempts : null }, cells);
}

/**
 * The same analysis aggregated from every answer row of the epoch (what quizStats did before the
 * running totals): the bench's same-run baseline and the tests' oracle. Filtered by the officials now
 * in the unit's subtree (active or not).
 */
export async function quizStatsFromAnswers(
  courseId: number,
  epoch: number,
  quiz: QuizDefinition,
  unit: Pick<Unit, "path"> | null,
): Promise<QuizStats> {
  // The drizzle builder rather than raw SQL: it maps the boolean and JSON columns the same on both engines.
  // A unit filter is a semi-join on the officials of the subtree, so the answer queries join nothing else.
  const where = and(
    eq(quizAttempts.courseId, courseId),
    eq(quizAttempts.epoch, epoch),
    eq(quizAttempts.status, "graded"),
    unit
      ? inArray(
          quizAttempts.officialId,
          db()
            .select({ id: officials.id })
            .from(officials)
            .innerJoin(units, eq(units.id, officials.unitId))
            .where(and(gte(units.path, unit.path), lt(units.path, pathUpperBound(unit.path)))),
        )
      : undefined,
  );
  const [head] = await db()
    .select({
      attempts: sql<number>`count(*)`.mapWith(Number),
      passed: sql<number>`coalesce(sum(CASE WHEN ${quizAttempts.passed} THEN 1 ELSE 0 END), 0)`.mapWith(Number),
      average: sql<number | null>`avg(${quizAttempts.score})`.mapWith(Number),
    })
    .from(quizAttempts)
    .where(where);
  // One pass over the answers: grouped by question, attempt score and, for answers not fully right,
  // the response itself (two separate groupings cost a second pass over every answer). Literals only
  // inside the expressions, so PostgreSQL sees the same text in SELECT and GROUP BY.
  const scoreExpr = sql<number>`coalesce(${quizAttempts.score}, 0)`.mapWith(Number);
  const wrongExpr = sql<WrongGroup["response"]>`CASE WHEN ${quizAnswers.credit} < 1 THEN ${quizAnswers.response} END`.mapWith(
    quizAnswers.response,
  );
  const cells = await db()
    .select({
      questionId: quizAnswers.questionId,
      score: scoreExpr,
      wrong: wrongExpr,
      answered: sql<number>`count(*)`.mapWith(Number),
      credit: sql<number>`coalesce(sum(${quizAnswers.credit}), 0)`.mapWith(Number),
    })
    .from(quizAttempts)
    .innerJoin(quizAnswers, eq(quizAnswers.attemptId, quizAttempts.id))
    .where(where)
    .groupBy(quizAnswers.questionId, scoreExpr, wrongExpr);
  return analyse(quiz, { attempts: head?.attempts ?? 0, passed: head?.passed ?? 0, averageScore: head?.average ?? null }, cells);
}

/** Two shares closer than this are equal (float sums added up in another order differ in the last bits). */
const SAME_SHARE = 1e-9;

function analyse(quiz: QuizDefinition, head: Omit<QuizStats, "questions">, cells: Cell[]): QuizStats {
  const scoreCells = new Map<string, ScoreGroup>();
  const groups: ScoreGroup[] = [];
  const wrong: WrongGroup[] = [];
  for (const c of cells) {
    const key = `${c.questionId}\u0000${c.score}`;
    const g = scoreCells.get(key);
    if (g) {
      g.answered += c.answered;
      g.credit += c.credit;
    } else {
      const fresh = { questionId: c.questionId, score: c.score, answered: c.answered, credit: c.credit };
      scoreCells.set(key, fresh);
      groups.push(fresh);
    }
    if (c.wrong !== null && c.wrong !== undefined) wrong.push({ questionId: c.questionId, response: c.wrong, count: c.answered });
  }

  const byQuestion = new Map<string, ScoreGroup[]>();
  for (const g of groups) {
    const list = byQuestion.get(g.questionId);
    if (list) list.push(g);
    else byQuestion.set(g.questionId, [g]);
  }
  const wrongByQuestion = new Map<string, WrongGroup[]>();
  for (const w of wrong) {
    const list = wrongByQuestion.get(w.questionId);
    if (list) list.push(w);
    else wrongByQuestion.set(w.questionId, [w]);
  }

  const questions = quiz.questions.map((q) => stats(q, byQuestion.get(q.id) ?? [], wrongByQuestion.get(q.id) ?? []));
  // Hardest first: where help is needed (equal shares keep the quiz's order).
  questions.sort(
    (a, b) =>
      (a.answered === 0 ? 1 : 0) - (b.answered === 0 ? 1 : 0) ||
      (Math.abs(a.shareCorrect - b.shareCorrect) < SAME_SHARE ? 0 : a.shareCorrect - b.shareCorrect),
  );
  return { ...head, questions };
}

/** Mean credit of the first n answers of score groups taken in order (a group split at the end counts at its mean). */
function meanOfFirst(ordered: ScoreGroup[], n: number): number {
  let left = n;
  let credit = 0;
  for (const g of ordered) {
    if (left <= 0) break;
    const take = Math.min(left, g.answered);
    credit += (g.credit / g.answered) * take;
    left -= take;
  }
  return credit / n;
}

function stats(q: Question, groups: ScoreGroup[], wrong: WrongGroup[]): QuestionStats {
  const answered = groups.reduce((s, g) => s + g.answered, 0);
  const shareCorrect = answered ? groups.reduce((s, g) => s + g.credit, 0) / answered : 0;
  let discrimination: number | null = null;
  if (answered >= MIN_FOR_DISCRIMINATION) {
    const high = [...groups].sort((a, b) => b.score - a.score);
    const n = Math.max(1, Math.round(answered * 0.27));
    discrimination = meanOfFirst(high, n) - meanOfFirst([...high].reverse(), n);
  }
  return { questionId: q.id, prompt: q.prompt, answered, shareCorrect, discrimination, commonWrong: commonWrong(q, wrong) };
}

/** As typed, tidied only of surrounding and repeated spaces (diacritics and case kept). */
const asTyped = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();

/**
 * The wrong answer chosen most often: an option, "Đúng"/"Sai", or a short answer — those that grade
 * the same (decision 0021) counted together, shown in the form learners typed most often.
 */
function commonWrong(q: Question, wrong: WrongGroup[]): { text: string; count: number } | null {
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  const typedForms = new Map<string, Map<string, number>>();
  for (const w of wrong) {
    const response = w.response;
    if (q.type === "single" || q.type === "multiple") {
      if (!Array.isArray(response)) continue;
      for (const i of response) if (q.options[i] && !q.options[i]!.correct) add(q.options[i]!.text, w.count);
    } else if (q.type === "true-false") {
      if (typeof response === "boolean") add(response ? t.quiz.trueLabel : t.quiz.falseLabel, w.count);
    } else if (typeof response === "string" && response.trim()) {
      const key = normaliseShortText(response);
      add(key, w.count);
      const forms = typedForms.get(key) ?? new Map<string, number>();
      forms.set(asTyped(response), (forms.get(asTyped(response)) ?? 0) + w.count);
      typedForms.set(key, forms);
    }
  }
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || viCollator.compare(a[0], b[0]);
  const best = [...counts.entries()].sort(byCount)[0];
  if (!best) return null;
  const forms = typedForms.get(best[0]);
  const shown = forms ? [...forms.entries()].sort(byCount)[0]![0] : best[0];
  return { text: shown, count: best[1] };
}
