// The browser quiz editor's changes to a course's draft quiz: replace the whole text, change the
// settings, add/replace/delete one question. Each change is parsed, applied to the draft quiz and
// saved through the course's draft (courses/authoring.server.ts), or refused with a Vietnamese
// message for the part of the page it came from ("where": "text", "settings", a question's index or
// "new"). The route only checks permission and renders.
import { randomBytes } from "node:crypto";
import { parse } from "yaml";
import { z } from "zod";
import { draftQuizText, saveQuiz } from "~/courses/authoring.server";
import type { Problem } from "~/mdx/check.server";
import { t } from "~/i18n/vi";
import { draftFromForm, type QuestionDraft } from "./question-draft";
import { questionFromForm, quizFromText, quizToText } from "./quiz-form.server";

const Settings = z.object({
  title: z.string().trim().min(2).max(200),
  passMark: z.coerce.number().min(0).max(100),
  attempts: z.union([z.literal(""), z.coerce.number().int().positive()]),
  timeLimitMinutes: z.union([z.literal(""), z.coerce.number().int().positive().max(600)]),
  draw: z.union([z.literal(""), z.coerce.number().int().min(0)]),
  feedback: z.enum(["after-each-attempt", "after-passing", "never"]),
});

export type QuizEditResult =
  | { ok: true }
  | { ok: false; where: string; message: string; problems: Problem[] | null; text: string | null; draft?: QuestionDraft }
  /** A question form asked for another option row, one fewer, or another type: shown again, nothing saved. */
  | { ok: "draft"; where: string; draft: QuestionDraft }
  /** An intent the editor does not send: the route answers 400. */
  | { ok: false; unknownIntent: true };

export async function editDraftQuiz(courseId: number, by: number, form: FormData): Promise<QuizEditResult> {
  const intent = String(form.get("intent") ?? "");
  // A refused question keeps what the trainer typed, in its own form only.
  const fail = (message: string, where: string): QuizEditResult => ({
    ok: false,
    where,
    message,
    problems: null,
    text: null,
    ...(intent === "question" ? { draft: draftFromForm(form, "") } : {}),
  });
  if (intent === "text") {
    const text = String(form.get("quiz") ?? "").replace(/\r\n/g, "\n");
    const problems = await saveQuiz(courseId, text, by);
    if (problems.length > 0) return { ok: false, where: "text", message: "", problems, text };
    return { ok: true };
  }
  const quiz = quizFromText(await draftQuizText(courseId));
  if (!quiz) return fail(t.quizEditor.invalidText, "text");
  if (intent === "settings") {
    const parsed = Settings.safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail(t.quizEditor.badSettings, "settings");
    const s = parsed.data;
    Object.assign(quiz, {
      title: s.title,
      passMark: s.passMark,
      attempts: s.attempts === "" ? null : s.attempts,
      timeLimitMinutes: s.timeLimitMinutes === "" ? undefined : s.timeLimitMinutes,
      draw: s.draw === "" ? 0 : s.draw,
      feedback: s.feedback,
      shuffleQuestions: form.get("shuffleQuestions") === "on",
      shuffleOptions: form.get("shuffleOptions") === "on",
      showAnswers: form.get("showAnswers") === "on" ? "always" : "when-final",
    });
  } else if (intent === "question") {
    const index = form.get("index") === "new" ? -1 : Number(form.get("index"));
    const where = index >= 0 ? String(index) : "new";
    const op = String(form.get("op") ?? "");
    if (op) return { ok: "draft", where, draft: draftFromForm(form, op) };
    const existing = index >= 0 ? quiz.questions[index] : undefined;
    const taken = new Set(quiz.questions.map((q) => q.id));
    const q = questionFromForm(form, taken, existing?.id);
    if (typeof q === "string") return fail(q, where);
    if (existing) quiz.questions[index] = q;
    else quiz.questions.push(q);
  } else if (intent === "delete") {
    quiz.questions.splice(Number(form.get("index")), 1);
  } else {
    return { ok: false, unknownIntent: true };
  }
  const problems = quiz.questions.length === 0 ? [] : await saveQuiz(courseId, quizToText(quiz), by);
  if (quiz.questions.length === 0) await saveQuiz(courseId, "", by);
  if (problems.length > 0) return fail(problems.map((p) => p.message).join(" "), String(form.get("index") ?? intent));
  return { ok: true };
}

const sameText = (text: string) => text.normalize("NFC").toLocaleLowerCase("vi").replace(/\s+/g, " ").trim();

function listOf(numbers: number[]): string {
  const names = numbers.map(String);
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} ${t.quizForms.and} ${names.at(-1)!}`;
}

/**
 * What looks odd in a draft quiz, for the trainer to confirm before publishing (issue 14 item 2): a
 * draw larger than the bank or of one question, a question without a correct option, the same
 * explanation on several questions. Read from the text itself, loosely, so that it also speaks about
 * a quiz the validation would refuse; an empty or unreadable text has no warnings (publishing
 * reports its problems).
 */
export function quizWarnings(text: string): string[] {
  if (!text.trim()) return [];
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    return [];
  }
  if (!raw || typeof raw !== "object") return [];
  const doc = raw as { draw?: unknown; questions?: unknown };
  const questions = Array.isArray(doc.questions) ? (doc.questions as unknown[]) : [];
  const warnings: string[] = [];
  const draw = typeof doc.draw === "number" ? doc.draw : questions.length;
  if (draw > questions.length) warnings.push(t.quizForms.warnDrawTooMany(String(draw), String(questions.length)));
  else if (draw === 1) warnings.push(t.quizForms.warnDrawOne);
  const explained = new Map<string, { text: string; numbers: number[] }>();
  questions.forEach((item, i) => {
    const q = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const options = Array.isArray(q.options) ? (q.options as unknown[]) : [];
    const hasCorrect =
      q.type === "true-false"
        ? typeof q.answer === "boolean"
        : q.type === "short-text"
          ? Array.isArray(q.accept) && q.accept.some((a) => String(a).trim() !== "")
          : options.some((o) => !!o && typeof o === "object" && (o as { correct?: unknown }).correct === true);
    if (!hasCorrect) warnings.push(t.quizForms.warnNoCorrect(String(i + 1)));
    const explanation = typeof q.explanation === "string" ? q.explanation.trim() : "";
    if (!explanation) return;
    const key = sameText(explanation);
    const seen = explained.get(key) ?? { text: explanation, numbers: [] };
    seen.numbers.push(i + 1);
    explained.set(key, seen);
  });
  for (const { text: same, numbers } of explained.values()) {
    if (numbers.length > 1) warnings.push(t.quizForms.warnSameExplanation(listOf(numbers), same));
  }
  return warnings;
}

/** A fresh key for a question form the server sends back a draft for (the page remounts that form). */
export const formNonce = () => randomBytes(6).toString("base64url");
