// The quiz file (quiz.yaml beside a course): parsed and validated on the server only.
// A broken file names the file, the question and the reason; only its own course is affected.
import { isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import type { ContentProblem } from "~/db/schema";
import { t } from "~/i18n/vi";

const Q = t.quizFile;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const Option = z.object({
  text: z.string().trim().min(1, Q.emptyOption).max(500),
  correct: z.boolean().optional().default(false),
});

const Base = {
  id: z.string().regex(ID, Q.badId),
  prompt: z.string().trim().min(3, Q.promptRequired).max(2000),
  explanation: z.string().trim().max(3000).optional().default(""),
};

const Single = z
  .object({ ...Base, type: z.literal("single"), options: z.array(Option).min(2, Q.twoOptions).max(10) })
  .refine((q) => q.options.filter((o) => o.correct).length === 1, Q.singleOneCorrect);

const Multiple = z
  .object({
    ...Base,
    type: z.literal("multiple"),
    scoring: z.enum(["all-or-nothing", "partial"]).optional().default("all-or-nothing"),
    options: z.array(Option).min(2, Q.twoOptions).max(10),
  })
  .refine((q) => q.options.some((o) => o.correct), Q.multipleOneCorrect);

const TrueFalse = z.object({ ...Base, type: z.literal("true-false"), answer: z.boolean({ error: Q.trueFalseAnswer }) });

const ShortText = z.object({
  ...Base,
  type: z.literal("short-text"),
  accept: z.array(z.coerce.string().trim().min(1)).min(1, Q.shortTextAccept),
  /** Opt-in: accept an answer typed without tone marks or other diacritics (decision 0021). */
  ignoreTones: z.boolean().optional().default(false),
});

export const Question = z.discriminatedUnion("type", [Single, Multiple, TrueFalse, ShortText], {
  error: Q.badType,
});
export type Question = z.infer<typeof Question>;

const Settings = z.object({
  title: z.string().trim().min(2).max(200).default(Q.defaultTitle),
  passMark: z.number().min(0).max(100),
  attempts: z
    .union([z.number().int().positive(), z.literal("unlimited"), z.null()])
    .optional()
    .default(null),
  timeLimitMinutes: z.number().int().positive().max(600).optional(),
  draw: z.number().int().positive().optional(),
  shuffleQuestions: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
  feedback: z.enum(["after-each-attempt", "after-passing", "never"]).default("after-each-attempt"),
  /**
   * When the result page may show the correct answers and explanations (decision 0020): by default
   * only once the learner has passed or has no attempt left ("when-final"); "always" opts in to
   * showing them after every attempt.
   */
  showAnswers: z.enum(["when-final", "always"]).default("when-final"),
  questions: z.array(z.unknown()).min(1, Q.oneQuestion),
});

export type QuizDefinition = Omit<z.infer<typeof Settings>, "questions" | "attempts"> & {
  attempts: number | null;
  draw: number;
  questions: Question[];
};

export type ParseResult = { ok: true; quiz: QuizDefinition } | { ok: false; problems: ContentProblem[] };

/** Parse quiz.yaml text. `file` names it in problems ("courses/<slug>/quiz.yaml"). */
export function parseQuiz(file: string, text: string): ParseResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: counter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: counter.linePos(e.pos[0]).line,
        column: counter.linePos(e.pos[0]).col,
        message: t.contentSync.badYaml(e.message.split("\n")[0] ?? ""),
      })),
    };
  }
  const settings = Settings.safeParse(doc.toJS());
  if (!settings.success) {
    return {
      ok: false,
      problems: settings.error.issues.map((i) => ({
        file,
        line: null,
        column: null,
        message: `${i.path.join(".") || t.contentSync.wholeFile}: ${i.message}`,
      })),
    };
  }
  const problems: ContentProblem[] = [];
  const questions: Question[] = [];
  const ids = new Set<string>();
  settings.data.questions.forEach((raw, index) => {
    const label = Q.questionLabel(
      String(index + 1),
      raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : null,
    );
    const line = lineOf(doc, counter, index);
    const q = Question.safeParse(raw);
    if (!q.success) {
      for (const issue of q.error.issues) {
        problems.push({
          file,
          line,
          column: null,
          message: `${label}: ${issue.path.length ? issue.path.join(".") + ": " : ""}${issue.message}`,
        });
      }
      return;
    }
    if (ids.has(q.data.id)) {
      problems.push({ file, line, column: null, message: Q.duplicateId(label, q.data.id) });
      return;
    }
    ids.add(q.data.id);
    questions.push(q.data);
  });
  const draw = settings.data.draw ?? questions.length;
  if (problems.length === 0 && draw > questions.length) {
    problems.push({ file, line: null, column: null, message: Q.drawTooMany(String(draw), String(questions.length)) });
  }
  if (problems.length > 0) return { ok: false, problems };
  const { attempts, questions: _raw, ...rest } = settings.data;
  return {
    ok: true,
    quiz: { ...rest, attempts: typeof attempts === "number" ? attempts : null, draw, questions },
  };
}

/** The line where question `index` starts in the YAML, for error messages. */
function lineOf(doc: Document, counter: LineCounter, index: number): number | null {
  const seq = doc.get("questions", true);
  if (!isSeq(seq)) return null;
  const offset =
    seq.items[index] && "range" in (seq.items[index] as object)
      ? (seq.items[index] as { range?: [number, number, number] }).range?.[0]
      : undefined;
  return offset === undefined ? null : counter.linePos(offset).line;
}
