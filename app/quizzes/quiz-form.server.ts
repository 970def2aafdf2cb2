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

/** A new question id from its prompt (or a title), not among `taken`. */
export function questionId(prompt: string, taken: Set<string>): string {
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
