// Grading rules, pure functions: one answer in, credit from 0 to 1 out.
import { foldVietnamese } from "~/i18n/format";
import type { Question } from "./definition.server";

export type Response = number[] | boolean | string | null;

/** Trim, fold case and diacritics (đ→d), drop surrounding punctuation and collapse spaces. */
export function normaliseShortText(value: string): string {
  return foldVietnamese(value)
    .replace(/^[\s"'“”‘’.,;:!?()\-–]+|[\s"'“”‘’.,;:!?()\-–]+$/g, "")
    .replace(/\s+/g, " ");
}

export function creditFor(question: Question, response: Response): number {
  switch (question.type) {
    case "single": {
      if (!Array.isArray(response) || response.length !== 1) return 0;
      return question.options[response[0]!]?.correct ? 1 : 0;
    }
    case "multiple": {
      if (!Array.isArray(response) || response.length === 0) return 0;
      const chosen = new Set(response);
      const correct = question.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
      const right = correct.filter((i) => chosen.has(i)).length;
      const wrong = [...chosen].filter((i) => !question.options[i]?.correct).length;
      if (question.scoring === "partial") {
        // Each right choice earns its share; each wrong choice takes one share away; never below 0.
        return Math.max(0, (right - wrong) / correct.length);
      }
      return right === correct.length && wrong === 0 ? 1 : 0;
    }
    case "true-false":
      return typeof response === "boolean" && response === question.answer ? 1 : 0;
    case "short-text": {
      if (typeof response !== "string" || response.trim() === "") return 0;
      const given = normaliseShortText(response);
      return question.accept.some((a) => normaliseShortText(a) === given) ? 1 : 0;
    }
  }
}

/** Score in whole percent (rounded down, so 69.9 % never passes a 70 % mark). */
export function scorePercent(credits: number[]): number {
  if (credits.length === 0) return 0;
  const sum = credits.reduce((a, b) => a + b, 0);
  return Math.floor((sum / credits.length) * 100 + 1e-9);
}
