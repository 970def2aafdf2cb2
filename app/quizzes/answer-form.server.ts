// Builds the form a learner's browser would send for an attempt, answering each question right or
// wrong. Used by the demo data (simulated officials) and by tests; it reads keys, so server-only.
import type { AttemptLayout } from "~/db/schema";
import type { Question, QuizDefinition } from "./definition.server";

function answerFor(q: Question, slot: AttemptLayout[number], right: boolean): string[] {
  switch (q.type) {
    case "single":
    case "multiple": {
      const ids = slot.options.filter((o) => q.options[o.index]!.correct === right).map((o) => o.id);
      return q.type === "single" || !right ? ids.slice(0, 1) : ids;
    }
    case "true-false":
      return [String(right ? q.answer : !q.answer)];
    case "short-text":
      return [right ? q.accept[0]! : "không biết"];
  }
}

export function answerForm(quiz: QuizDefinition, layout: AttemptLayout, right: boolean | ((position: number) => boolean)): FormData {
  const form = new FormData();
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  layout.forEach((slot, position) => {
    const ok = typeof right === "function" ? right(position) : right;
    for (const value of answerFor(byId.get(slot.questionId)!, slot, ok)) form.append(`q${position}`, value);
  });
  return form;
}
