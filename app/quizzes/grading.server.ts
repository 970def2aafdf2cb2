// Grading rules, pure functions: one answer in, credit from 0 to 1 out.
import { foldVietnamese } from "~/i18n/format";
import type { Question } from "./definition.server";

export type Response = number[] | boolean | string | null;

const TONE = "[\u0300\u0301\u0303\u0309\u0323]";
// Old and new tone placement write one word two ways ("hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy"):
// in an open syllable ending in oa, oe or uy the mark goes on the second vowel here, whichever way it
// was typed. Works on NFD text (a tone is a combining mark after its vowel).
const TONE_ON_FIRST = new RegExp(`(o)(${TONE})([ae])(?![\\p{L}\\p{M}])|(u)(${TONE})(y)(?![\\p{L}\\p{M}])`, "gu");

/**
 * The form two short answers are compared in (decision 0021): Unicode NFC, lower case, spaces
 * collapsed, surrounding punctuation dropped, tone placement made one — but tone marks and the other
 * diacritics kept, because "ma", "mã" and "má" are different words. With `ignoreTones` (a question's
 * opt-in) every diacritic is folded and đ becomes d, as if typed without a Vietnamese keyboard.
 */
export function normaliseShortText(value: string, ignoreTones = false): string {
  const base = ignoreTones
    ? foldVietnamese(value)
    : value
        .normalize("NFD")
        .toLocaleLowerCase("vi")
        .replace(TONE_ON_FIRST, (_m, o?: string, ot?: string, v?: string, u?: string, ut?: string, y?: string) =>
          o ? `${o}${v}${ot}` : `${u}${y}${ut}`,
        )
        .normalize("NFC")
        .replace(/\s+/g, " ")
        .trim();
  return base.replace(/^[\s"'“”‘’.,;:!?()\-–]+|[\s"'“”‘’.,;:!?()\-–]+$/g, "").replace(/\s+/g, " ");
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
      const given = normaliseShortText(response, question.ignoreTones);
      return question.accept.some((a) => normaliseShortText(a, question.ignoreTones) === given) ? 1 : 0;
    }
  }
}

/** Score in whole percent (rounded down, so 69.9 % never passes a 70 % mark). */
export function scorePercent(credits: number[]): number {
  if (credits.length === 0) return 0;
  const sum = credits.reduce((a, b) => a + b, 0);
  return Math.floor((sum / credits.length) * 100 + 1e-9);
}
