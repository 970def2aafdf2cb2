// What the browser may see of a quiz. Before grading: prompts and options with per-attempt ids,
// nothing else (no `correct`, no `answer`, no `accept`, no explanation). After grading: feedback as
// the quiz allows it.
import type { AttemptLayout } from "~/db/schema";
import { t } from "~/i18n/vi";
import type { Attempt } from "./attempts.server";
import type { Question, QuizDefinition } from "./definition.server";
import type { Response } from "./grading.server";

export type QuestionView = {
  position: number;
  type: Question["type"];
  prompt: string;
  options: { id: string; text: string }[];
};

export function questionsForAttempt(quiz: QuizDefinition, layout: AttemptLayout): QuestionView[] {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  return layout.map((slot, position) => {
    const q = byId.get(slot.questionId)!;
    const options =
      q.type === "single" || q.type === "multiple"
        ? slot.options.map((o) => ({ id: o.id, text: q.options[o.index]!.text }))
        : q.type === "true-false"
          ? [
              { id: "true", text: t.quiz.trueLabel },
              { id: "false", text: t.quiz.falseLabel },
            ]
          : [];
    return { position, type: q.type, prompt: q.prompt, options };
  });
}

/**
 * One question of a graded attempt. `correctAnswers` and `explanation` are absent (not null: the
 * keys are not in the data at all) while the answers are withheld (decision 0020).
 */
export type FeedbackView = {
  position: number;
  prompt: string;
  given: string[];
  credit: number;
  correctAnswers?: string[];
  explanation?: string;
};

function describe(q: Question, response: Response): string[] {
  if (response === null || response === undefined) return [];
  if (q.type === "single" || q.type === "multiple") return Array.isArray(response) ? response.map((i) => q.options[i]?.text ?? "") : [];
  if (q.type === "true-false") return [response === true ? t.quiz.trueLabel : t.quiz.falseLabel];
  return [String(response)];
}

function correctOf(q: Question): string[] {
  if (q.type === "single" || q.type === "multiple") return q.options.filter((o) => o.correct).map((o) => o.text);
  if (q.type === "true-false") return [q.answer ? t.quiz.trueLabel : t.quiz.falseLabel];
  return q.accept.slice(0, 3);
}

export function mayShowFeedback(quiz: QuizDefinition, attempt: Attempt, passedAny: boolean): boolean {
  if (attempt.status === "open") return false;
  if (quiz.feedback === "never") return false;
  if (quiz.feedback === "after-passing") return passedAny;
  return true;
}

/**
 * Fair feedback (decision 0020): the correct answers and explanations of a graded attempt are shown
 * once the learner has passed or has no attempt left; before that only right/wrong per question, so
 * the next attempt is still a test. A quiz file may opt in to always showing them. `extra` counts the
 * attempts granted on top of the quiz's limit.
 */
export function mayRevealAnswers(quiz: QuizDefinition, attempts: Pick<Attempt, "passed">[], extra: number): boolean {
  if (quiz.showAnswers === "always") return true;
  if (attempts.some((a) => a.passed)) return true;
  // Extra attempts granted (decision 0022) are attempts left: the keys stay hidden until they are used.
  return quiz.attempts !== null && attempts.length >= quiz.attempts + extra;
}

export function feedbackForAttempt(
  quiz: QuizDefinition,
  answers: { questionId: string; position: number; response: Response; credit: number }[],
  reveal: boolean,
): FeedbackView[] {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  return answers.map((a) => {
    const q = byId.get(a.questionId)!;
    const view: FeedbackView = { position: a.position, prompt: q.prompt, given: describe(q, a.response), credit: a.credit };
    if (!reveal) return view;
    return { ...view, correctAnswers: correctOf(q), ...(q.explanation ? { explanation: q.explanation } : {}) };
  });
}
