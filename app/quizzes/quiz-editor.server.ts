// The browser quiz editor's changes to a course's draft quiz: replace the whole text, change the
// settings, add/replace/delete one question. Each change is parsed, applied to the draft quiz and
// saved through the course's draft (courses/authoring.server.ts), or refused with a Vietnamese
// message for the part of the page it came from ("where": "text", "settings", a question's index or
// "new"). The route only checks permission and renders.
import { z } from "zod";
import { draftQuizText, saveQuiz } from "~/courses/authoring.server";
import type { Problem } from "~/mdx/check.server";
import { t } from "~/i18n/vi";
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
  | { ok: false; where: string; message: string; problems: Problem[] | null; text: string | null }
  /** An intent the editor does not send: the route answers 400. */
  | { ok: false; unknownIntent: true };

export async function editDraftQuiz(courseId: number, by: number, form: FormData): Promise<QuizEditResult> {
  const intent = String(form.get("intent") ?? "");
  const fail = (message: string, where: string): QuizEditResult => ({ ok: false, where, message, problems: null, text: null });
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
    const existing = index >= 0 ? quiz.questions[index] : undefined;
    const taken = new Set(quiz.questions.map((q) => q.id));
    const q = questionFromForm(form, taken, existing?.id);
    if (typeof q === "string") return fail(q, String(form.get("index")));
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
