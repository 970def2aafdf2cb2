// The trainers' question-by-question quiz editor works on the quiz-file structure and stores it as
// quiz-file text, so publishing, validation and grading stay exactly as for repo quizzes.
import { parse, stringify } from "yaml";
import { foldVietnamese } from "~/i18n/format";
import { parseQuiz, type Question, type QuizDefinition } from "./definition.server";
import { t } from "~/i18n/vi";

export const EMPTY_QUIZ: QuizDefinition = {
  title: t.quizFile.defaultTitle,
  passMark: 70,
  attempts: 3,
  draw: 0,
  shuffleQuestions: true,
  shuffleOptions: true,
  feedback: "after-each-attempt",
  showAnswers: "when-final",
  questions: [],
};

/**
 * The draft text as a structure, or null when the text is not a valid quiz (edit it as text then).
 * `draw` is what the text says: 0 when the text has no `draw` ("every question"). parseQuiz fills a
 * missing draw with the bank's size for attempts, but the editor must not take that for the trainer's
 * choice: saved back with one more question, it became "draw: 1" (issue 14 item 1).
 */
export function quizFromText(text: string): QuizDefinition | null {
  if (!text.trim()) return { ...EMPTY_QUIZ, questions: [] };
  const parsed = parseQuiz("quiz", text);
  if (!parsed.ok) return null;
  const written = (parse(text) as { draw?: unknown } | null)?.draw;
  return { ...parsed.quiz, draw: typeof written === "number" ? parsed.quiz.draw : 0 };
}

/** Back to text; draw 0 ("every question") is left out, any other draw is kept as the trainer set it. */
export function quizToText(quiz: QuizDefinition): string {
  const { draw, ...rest } = quiz;
  return stringify(draw > 0 ? { ...rest, draw } : rest);
}

function questionId(prompt: string, taken: Set<string>): string {
  const base =
    foldVietnamese(prompt)
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40)
      .replace(/^-+|-+$/g, "") || "cau-hoi";
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}

/** A question from the editor's form fields; returns a Vietnamese message when it cannot be one. */
export function questionFromForm(form: FormData, taken: Set<string>, existingId?: string): Question | string {
  const type = String(form.get("type") ?? "single");
  const prompt = String(form.get("prompt") ?? "").trim();
  const explanation = String(form.get("explanation") ?? "").trim();
  if (prompt.length < 3) return t.quizFile.form.promptRequired;
  const id = existingId ?? questionId(prompt, taken);
  if (type === "true-false") return { id, type, prompt, explanation, answer: form.get("answer") === "true" };
  if (type === "short-text") {
    const accept = String(form.get("accept") ?? "")
      .split(/[\n;]/)
      .map((a) => a.trim())
      .filter(Boolean);
    if (accept.length === 0) return t.quizFile.form.acceptRequired;
    return { id, type, prompt, explanation, accept, ignoreTones: form.get("ignoreTones") === "on" };
  }
  const texts = form.getAll("option").map((o) => String(o).trim());
  const correct = new Set(form.getAll("correct").map(Number));
  const options = texts.map((text, i) => ({ text, correct: correct.has(i) })).filter((o) => o.text);
  if (options.length < 2) return t.quizFile.form.twoOptions;
  const right = options.filter((o) => o.correct).length;
  if (type === "single" && right !== 1) return t.quizFile.form.singleOneCorrect;
  if (type === "multiple") {
    if (right < 1) return t.quizFile.form.multipleOneCorrect;
    return { id, type, prompt, explanation, options, scoring: form.get("scoring") === "partial" ? "partial" : "all-or-nothing" };
  }
  return { id, type: "single", prompt, explanation, options };
}

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
