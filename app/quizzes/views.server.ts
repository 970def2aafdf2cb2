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

export type FeedbackView = {
  position: number;
  prompt: string;
  given: string[];
  credit: number;
  correctAnswers: string[] | null;
  explanation: string | null;
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

export function feedbackForAttempt(
  quiz: QuizDefinition,
  answers: { questionId: string; position: number; response: Response; credit: number }[],
  show: boolean,
): FeedbackView[] {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  return answers.map((a) => {
    const q = byId.get(a.questionId)!;
    return {
      position: a.position,
      prompt: q.prompt,
      given: describe(q, a.response),
      credit: a.credit,
      correctAnswers: show ? correctOf(q) : null,
      explanation: show && q.explanation ? q.explanation : null,
    };
  });
}
