// Quiz attempts: start (draw and shuffle on the server), show (no keys), submit (grade once).
// Starting and submitting take the official's lock first (lock("official", id): serialised writers on
// SQLite, an advisory lock on PostgreSQL), so "is this attempt still open?" and "grade it" cannot
// interleave, even across app processes: a double click, a retry after a timeout or a back-button
// resubmit finds the attempt graded and gets the same result.
import { randomBytes, randomInt } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { evaluateCompletion } from "~/courses/completion.server";
import { markAttempt, markStarted } from "~/courses/status.server";
import { db, lock, transaction } from "~/db/client.server";
import { addGradedAttempts } from "~/figures/item-totals.server";
import { courses, quizAnswers, quizAttempts, type AttemptLayout } from "~/db/schema";
import type { QuizDefinition, Question } from "./definition.server";
import { extraAttempts } from "./grants.server";
import { creditFor, scorePercent, type Response } from "./grading.server";
import { quizFor } from "./queries.server";

export { quizFor };

/** Network slack after the deadline: a submission sent in time but slowed by the line still counts. */
export const GRACE_SECONDS = 60;

export type Attempt = typeof quizAttempts.$inferSelect;

function shuffle<T>(items: T[], really: boolean): T[] {
  const out = [...items];
  if (!really) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Per-attempt option ids: random, so an id says nothing about the option or its correctness. */
const optionId = () => randomBytes(6).toString("base64url");

function optionCount(q: Question): number {
  if (q.type === "single" || q.type === "multiple") return q.options.length;
  return 0;
}

export function drawLayout(quiz: QuizDefinition): AttemptLayout {
  const drawn = shuffle(quiz.questions, true).slice(0, quiz.draw);
  // Drawn at random; shown in the bank's order unless the trainer asked for shuffling.
  const ordered = quiz.shuffleQuestions ? drawn : quiz.questions.filter((q) => drawn.includes(q));
  return ordered.map((q) => ({
    questionId: q.id,
    options: shuffle(
      Array.from({ length: optionCount(q) }, (_, index) => ({ id: optionId(), index })),
      quiz.shuffleOptions,
    ),
  }));
}

export async function attemptsOf(officialId: number, courseId: number, epoch: number): Promise<Attempt[]> {
  return db()
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.officialId, officialId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.epoch, epoch)))
    .orderBy(asc(quizAttempts.number));
}

function isPastDeadline(attempt: Attempt, now: Date): boolean {
  return !!attempt.deadlineAt && now.getTime() > new Date(attempt.deadlineAt).getTime() + GRACE_SECONDS * 1000;
}

/**
 * Closes open attempts whose time ran out: they count as attempts, with no points. Only an attempt
 * still open is closed (a submission may have graded it meanwhile); then it is read as it now is.
 */
async function expireOverdue(attempts: Attempt[], now: Date): Promise<Attempt[]> {
  const out: Attempt[] = [];
  for (const a of attempts) {
    if (a.status !== "open" || !isPastDeadline(a, now)) {
      out.push(a);
      continue;
    }
    const closed = await transaction(async (tx) => {
      const [expired] = await tx
        .update(quizAttempts)
        .set({ status: "expired", score: 0, passed: false, submittedAt: a.deadlineAt })
        .where(and(eq(quizAttempts.id, a.id), eq(quizAttempts.status, "open")))
        .returning();
      return expired ?? (await tx.select().from(quizAttempts).where(eq(quizAttempts.id, a.id)).limit(1))[0]!;
    });
    out.push(closed);
  }
  return out;
}

export type StartResult = { ok: true; token: string } | { ok: false; reason: "no-quiz" | "limit" | "passed" };

/** Starts an attempt, or returns the one already open (a double click never makes two). */
export async function startAttempt(officialId: number, courseId: number, now = new Date()): Promise<StartResult> {
  return transaction(async () => {
    // The open attempt, the attempt count and the next number are read, then written.
    await lock("official", officialId);
    const [course] = await db().select().from(courses).where(eq(courses.id, courseId)).limit(1);
    if (!course?.currentVersionId) return { ok: false, reason: "no-quiz" } as const;
    const quiz = await quizFor(course.currentVersionId);
    if (!quiz) return { ok: false, reason: "no-quiz" } as const;
    const attempts = await expireOverdue(await attemptsOf(officialId, courseId, course.epoch), now);
    const open = attempts.find((a) => a.status === "open");
    if (open) return { ok: true, token: open.token } as const;
    if (attempts.some((a) => a.passed)) return { ok: false, reason: "passed" } as const;
    // The quiz's own limit plus any extra attempts granted to this person or their unit (decision 0022),
    // read under the same lock, so two starts at once cannot both use the last granted attempt.
    if (quiz.attempts !== null && attempts.length >= quiz.attempts + (await extraAttempts(officialId, courseId, course.epoch)))
      return { ok: false, reason: "limit" } as const;
    const token = randomBytes(16).toString("base64url");
    await db()
      .insert(quizAttempts)
      .values({
        token,
        officialId,
        courseId,
        courseVersionId: course.currentVersionId,
        epoch: course.epoch,
        number: attempts.length + 1,
        layout: drawLayout(quiz),
        startedAt: now.toISOString(),
        deadlineAt: quiz.timeLimitMinutes ? new Date(now.getTime() + quiz.timeLimitMinutes * 60_000).toISOString() : null,
      });
    await markStarted(officialId, courseId, now.toISOString());
    return { ok: true, token } as const;
  });
}

/** The attempt, only for its owner (anyone else gets null, as if it did not exist). */
export async function attemptFor(token: string, officialId: number, now = new Date()): Promise<Attempt | null> {
  const [row] = await db()
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.token, token), eq(quizAttempts.officialId, officialId)))
    .limit(1);
  return row ? (await expireOverdue([row], now))[0]! : null;
}

/** Reads the submitted form into responses keyed by question id, in the definition's indexes. */
export function responsesFromForm(quiz: QuizDefinition, layout: AttemptLayout, form: FormData): Map<string, Response> {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const out = new Map<string, Response>();
  layout.forEach((slot, position) => {
    const question = byId.get(slot.questionId);
    if (!question) return;
    const values = form.getAll(`q${position}`).filter((v): v is string => typeof v === "string");
    const indexOf = new Map(slot.options.map((o) => [o.id, o.index]));
    switch (question.type) {
      case "single":
      case "multiple": {
        const picked = [...new Set(values.map((v) => indexOf.get(v)).filter((i): i is number => i !== undefined))];
        out.set(question.id, picked.length ? picked.sort((a, b) => a - b) : null);
        break;
      }
      case "true-false":
        out.set(question.id, values[0] === "true" ? true : values[0] === "false" ? false : null);
        break;
      case "short-text":
        out.set(question.id, values[0]?.slice(0, 500) ?? null);
        break;
    }
  });
  return out;
}

/** Whether a response leaves its question unanswered (nothing chosen, or only spaces typed). */
function isBlank(response: Response | undefined): boolean {
  return response === null || response === undefined || (typeof response === "string" && response.trim() === "");
}

/**
 * Before grading (issue 14 item 4): the positions of the questions this form leaves blank, when the
 * attempt is still open and in time; null when there is nothing to confirm (not open, late, or not
 * this person's), so the submission goes straight to grading. Reads only.
 */
export async function blankPositions(token: string, officialId: number, form: FormData, now = new Date()): Promise<number[] | null> {
  const attempt = await attemptFor(token, officialId, now);
  if (!attempt || attempt.status !== "open" || isPastDeadline(attempt, now)) return null;
  const quiz = await quizFor(attempt.courseVersionId);
  if (!quiz) return null;
  const responses = responsesFromForm(quiz, attempt.layout, form);
  return attempt.layout.flatMap((slot, position) => (isBlank(responses.get(slot.questionId)) ? [position] : []));
}

export type SubmitResult = { status: "graded" | "already-graded" | "expired" | "not-found"; attempt?: Attempt };

/** Grades an open attempt once. Late submissions (past deadline + grace) close it with no points. */
export async function submitAttempt(token: string, officialId: number, form: FormData, now = new Date()): Promise<SubmitResult> {
  return transaction(async (tx) => {
    // "Is this attempt still open?" decides the grading below.
    await lock("official", officialId);
    const [attempt] = await tx
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.token, token), eq(quizAttempts.officialId, officialId)))
      .limit(1);
    if (!attempt) return { status: "not-found" as const };
    if (attempt.status !== "open")
      return { status: attempt.status === "expired" ? ("expired" as const) : ("already-graded" as const), attempt };
    const quiz = await quizFor(attempt.courseVersionId);
    if (!quiz) return { status: "not-found" as const };
    const late = isPastDeadline(attempt, now);
    const responses = responsesFromForm(quiz, attempt.layout, form);
    const byId = new Map(quiz.questions.map((q) => [q.id, q]));
    const credits: number[] = [];
    const answers: { questionId: string; response: Response; credit: number }[] = [];
    for (const [position, slot] of attempt.layout.entries()) {
      const response = responses.get(slot.questionId) ?? null;
      const credit = late ? 0 : creditFor(byId.get(slot.questionId)!, response);
      await tx.insert(quizAnswers).values({ attemptId: attempt.id, questionId: slot.questionId, position, response, credit });
      credits.push(credit);
      answers.push({ questionId: slot.questionId, response, credit });
    }
    const score = late ? 0 : scorePercent(credits);
    const passed = !late && score >= quiz.passMark;
    const [graded] = await tx
      .update(quizAttempts)
      .set({
        status: late ? "expired" : "graded",
        submittedAt: now.toISOString(),
        durationSeconds: Math.round((now.getTime() - new Date(attempt.startedAt).getTime()) / 1000),
        score,
        passed,
      })
      .where(eq(quizAttempts.id, attempt.id))
      .returning();
    if (!late) {
      const unitPath = await markAttempt(officialId, attempt.courseId, attempt.epoch, now.toISOString(), score, passed);
      // The item analysis totals, beside the rollups (docs/decisions/0025).
      await addGradedAttempts([{ unitPath, attempt: { courseId: attempt.courseId, epoch: attempt.epoch, score, passed, answers } }]);
    }
    if (passed) await evaluateCompletion(tx, officialId, attempt.courseId, now.toISOString());
    return { status: late ? ("expired" as const) : ("graded" as const), attempt: graded };
  });
}

export async function answersOf(attemptId: number) {
  return db().select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId)).orderBy(asc(quizAnswers.position));
}
