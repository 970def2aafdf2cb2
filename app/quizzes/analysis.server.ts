// Item analysis for trainers: which questions confuse which units. Only graded attempts count
// (expired ones measured the clock, not the question). Figures are aggregates; no names leave here.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials, quizAnswers, quizAttempts, units } from "~/db/schema";
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

type AnswerRow = {
  attemptId: number;
  score: number | null;
  questionId: string;
  response: number[] | boolean | string | null;
  credit: number;
};

/** Groups of the top and bottom 27 % need at least this many attempts to mean anything. */
const MIN_FOR_DISCRIMINATION = 10;

export async function quizStats(courseId: number, quiz: QuizDefinition, unit: Pick<Unit, "path"> | null): Promise<QuizStats> {
  // The drizzle builder rather than raw SQL: it maps the boolean and JSON columns the same on both engines.
  const where = and(
    eq(quizAttempts.courseId, courseId),
    eq(quizAttempts.status, "graded"),
    unit ? and(gte(units.path, unit.path), lt(units.path, pathUpperBound(unit.path))) : undefined,
  );
  const [head] = await db()
    .select({
      attempts: sql<number>`count(*)`.mapWith(Number),
      passed: sql<number>`coalesce(sum(CASE WHEN ${quizAttempts.passed} THEN 1 ELSE 0 END), 0)`.mapWith(Number),
      average: sql<number | null>`avg(${quizAttempts.score})`.mapWith(Number),
    })
    .from(quizAttempts)
    .innerJoin(officials, eq(officials.id, quizAttempts.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(where);
  const rows: AnswerRow[] = await db()
    .select({
      attemptId: quizAttempts.id,
      score: quizAttempts.score,
      questionId: quizAnswers.questionId,
      response: quizAnswers.response,
      credit: quizAnswers.credit,
    })
    .from(quizAttempts)
    .innerJoin(quizAnswers, eq(quizAnswers.attemptId, quizAttempts.id))
    .innerJoin(officials, eq(officials.id, quizAttempts.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(where);

  const byQuestion = new Map<string, AnswerRow[]>();
  for (const r of rows) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), r]);

  const questions = quiz.questions.map((q) => stats(q, byQuestion.get(q.id) ?? []));
  // Hardest first: where help is needed.
  questions.sort((a, b) => (a.answered === 0 ? 1 : 0) - (b.answered === 0 ? 1 : 0) || a.shareCorrect - b.shareCorrect);
  return { attempts: head?.attempts ?? 0, passed: head?.passed ?? 0, averageScore: head?.average ?? null, questions };
}

function stats(q: Question, rows: AnswerRow[]): QuestionStats {
  const answered = rows.length;
  const shareCorrect = answered ? rows.reduce((s, r) => s + r.credit, 0) / answered : 0;
  let discrimination: number | null = null;
  if (answered >= MIN_FOR_DISCRIMINATION) {
    const sorted = [...rows].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    const n = Math.max(1, Math.round(answered * 0.27));
    const mean = (xs: AnswerRow[]) => xs.reduce((s, r) => s + r.credit, 0) / xs.length;
    discrimination = mean(sorted.slice(0, n)) - mean(sorted.slice(-n));
  }
  return { questionId: q.id, prompt: q.prompt, answered, shareCorrect, discrimination, commonWrong: commonWrong(q, rows) };
}

/** The wrong answer chosen most often: an option, "Đúng"/"Sai", or a (normalised) short answer. */
function commonWrong(q: Question, rows: AnswerRow[]): { text: string; count: number } | null {
  const counts = new Map<string, number>();
  const add = (text: string) => counts.set(text, (counts.get(text) ?? 0) + 1);
  for (const r of rows) {
    if (r.credit >= 1 || r.response === null) continue;
    const response = r.response;
    if (q.type === "single" || q.type === "multiple") {
      if (!Array.isArray(response)) continue;
      for (const i of response) if (q.options[i] && !q.options[i]!.correct) add(q.options[i]!.text);
    } else if (q.type === "true-false") {
      if (typeof response === "boolean") add(response ? t.quiz.trueLabel : t.quiz.falseLabel);
    } else if (typeof response === "string" && response.trim()) {
      add(normaliseShortText(response));
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || viCollator.compare(a[0], b[0]))[0];
  return best ? { text: best[0], count: best[1] } : null;
}
