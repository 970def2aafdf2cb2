// "Xem trước như học viên" (issue 14 item 3): the trainer takes the draft quiz exactly as a learner
// would (drawn and shuffled the same way, the same page component) and sees the graded result, but
// nothing is recorded: no attempt row, no answers, no course status, no rollup. This module reads the
// draft and never writes.
import { z } from "zod";
import { draftQuizText } from "~/courses/authoring.server";
import type { AttemptLayout } from "~/db/schema";
import { drawLayout, responsesFromForm } from "./attempts.server";
import { parseQuiz, type QuizDefinition } from "./definition.server";
import { creditFor, scorePercent } from "./grading.server";
import { feedbackForAttempt, questionsForAttempt, type FeedbackView, type QuestionView } from "./views.server";

/** The draft quiz as attempts see it (draw filled in), or null when the draft has no valid quiz. */
async function draftQuiz(courseId: number): Promise<QuizDefinition | null> {
  const text = await draftQuizText(courseId);
  if (!text.trim()) return null;
  const parsed = parseQuiz("quiz", text);
  return parsed.ok ? parsed.quiz : null;
}

export type PreviewPaper = {
  title: string;
  passMark: number;
  questions: QuestionView[];
  /**
   * The draw, carried by the form instead of an attempt row: question ids and which option index each
   * per-attempt id stands for. No key is in it (no `correct`, no `answer`, no `accept`).
   */
  layout: string;
  deadlineAt: string | null;
};

/** A fresh paper from the draft, as startAttempt would draw it; nothing written. */
export async function previewPaper(courseId: number, now = new Date()): Promise<PreviewPaper | null> {
  const quiz = await draftQuiz(courseId);
  if (!quiz) return null;
  const layout = drawLayout(quiz);
  return {
    title: quiz.title,
    passMark: quiz.passMark,
    questions: questionsForAttempt(quiz, layout),
    layout: JSON.stringify(layout),
    deadlineAt: quiz.timeLimitMinutes ? new Date(now.getTime() + quiz.timeLimitMinutes * 60_000).toISOString() : null,
  };
}

const Layout = z
  .array(z.object({ questionId: z.string(), options: z.array(z.object({ id: z.string(), index: z.number().int().min(0) })) }))
  .min(1);

/** The posted layout, only if it still fits the draft (every question there, every option index in range). */
function layoutFrom(quiz: QuizDefinition, value: FormDataEntryValue | null): AttemptLayout | null {
  let json: unknown;
  try {
    json = JSON.parse(typeof value === "string" ? value : "");
  } catch {
    return null;
  }
  const parsed = Layout.safeParse(json);
  if (!parsed.success) return null;
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const fits = parsed.data.every((slot) => {
    const q = byId.get(slot.questionId);
    if (!q) return false;
    const count = q.type === "single" || q.type === "multiple" ? q.options.length : 0;
    return slot.options.length === count && slot.options.every((o) => o.index < count);
  });
  return fits ? parsed.data : null;
}

export type PreviewResult = { score: number; passed: boolean; passMark: number; feedback: FeedbackView[] };

/**
 * Grades a preview with the learner's grading (same responses, credits and score) and shows every
 * answer and explanation. Null when the draft changed under the paper (start again).
 */
export async function gradePreview(courseId: number, form: FormData): Promise<PreviewResult | null> {
  const quiz = await draftQuiz(courseId);
  if (!quiz) return null;
  const layout = layoutFrom(quiz, form.get("layout"));
  if (!layout) return null;
  const responses = responsesFromForm(quiz, layout, form);
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const answers = layout.map((slot, position) => {
    const response = responses.get(slot.questionId) ?? null;
    return { questionId: slot.questionId, position, response, credit: creditFor(byId.get(slot.questionId)!, response) };
  });
  const score = scorePercent(answers.map((a) => a.credit));
  return { score, passed: score >= quiz.passMark, passMark: quiz.passMark, feedback: feedbackForAttempt(quiz, answers, true) };
}
