// What one question form of the trainer's quiz editor shows (issue 14 item 2), shared by the route's
// component (the browser renders it) and the server (which sends a draft back): no server-only code.
import type { Question } from "./definition.server";

/** The most options a question may have (the quiz-file format's limit). */
export const MAX_OPTIONS = 10;
/** Blank option rows a new single or multiple question starts with. */
const NEW_ROWS = 4;

/**
 * What one question form shows: a saved question, or what the trainer typed, echoed back by the
 * server when the form asked for one more option row, one fewer, or another type (without
 * JavaScript that is the only way), or when the save was refused. Only the form it came from shows
 * it; every other form shows its own saved question, and the "Thêm câu hỏi" form starts blank.
 */
export type QuestionDraft = {
  type: Question["type"];
  prompt: string;
  options: { text: string; correct: boolean }[];
  scoring: "all-or-nothing" | "partial";
  answer: boolean;
  accept: string;
  ignoreTones: boolean;
  explanation: string;
  /** The option row to focus (the one just added). */
  focus?: number;
};

const TYPES = ["single", "multiple", "true-false", "short-text"] as const;

const blankRows = (n: number) => Array.from({ length: n }, () => ({ text: "", correct: false }));

/** The form of a saved question (one blank row more to add an option), or of a new one (blank). */
export function draftOf(q?: Question): QuestionDraft {
  const base: QuestionDraft = {
    type: q?.type ?? "single",
    prompt: q?.prompt ?? "",
    options: blankRows(NEW_ROWS),
    scoring: "all-or-nothing",
    answer: true,
    accept: "",
    ignoreTones: false,
    explanation: q?.explanation ?? "",
  };
  if (!q) return base;
  switch (q.type) {
    case "single":
    case "multiple":
      return {
        ...base,
        options: [...q.options.map((o) => ({ text: o.text, correct: o.correct })), ...blankRows(q.options.length < MAX_OPTIONS ? 1 : 0)],
        scoring: q.type === "multiple" ? q.scoring : "all-or-nothing",
      };
    case "true-false":
      return { ...base, answer: q.answer };
    case "short-text":
      return { ...base, accept: q.accept.join("\n"), ignoreTones: q.ignoreTones };
  }
}

/**
 * The form as the trainer left it, with the change asked by `op` applied: "add-option",
 * "remove-option:<row>" or "retype" (the type select's value is taken as it is). Nothing is saved.
 */
export function draftFromForm(form: FormData, op: string): QuestionDraft {
  const rawType = String(form.get("type") ?? "single");
  const type = (TYPES as readonly string[]).includes(rawType) ? (rawType as Question["type"]) : "single";
  const correct = new Set(form.getAll("correct").map(Number));
  let options = form
    .getAll("option")
    .slice(0, MAX_OPTIONS)
    .map((o, i) => ({ text: String(o), correct: correct.has(i) }));
  let focus: number | undefined;
  if (type === "single" || type === "multiple") {
    if (options.length < 2) options = [...options, ...blankRows(NEW_ROWS - options.length)];
    if (op === "add-option" && options.length < MAX_OPTIONS) {
      options.push({ text: "", correct: false });
      focus = options.length - 1;
    }
    const remove = /^remove-option:(\d+)$/.exec(op);
    if (remove && options.length > 2) {
      options.splice(Number(remove[1]), 1);
      focus = Math.min(Number(remove[1]), options.length - 1);
    }
    // A single-choice question has one right option: switching from "multiple" keeps the first.
    if (type === "single") {
      const first = options.findIndex((o) => o.correct);
      options = options.map((o, i) => ({ ...o, correct: i === first }));
    }
  }
  return {
    type,
    prompt: String(form.get("prompt") ?? ""),
    options,
    scoring: form.get("scoring") === "partial" ? "partial" : "all-or-nothing",
    answer: form.get("answer") !== "false",
    accept: String(form.get("accept") ?? ""),
    ignoreTones: form.get("ignoreTones") === "on",
    explanation: String(form.get("explanation") ?? ""),
    ...(focus !== undefined ? { focus } : {}),
  };
}
