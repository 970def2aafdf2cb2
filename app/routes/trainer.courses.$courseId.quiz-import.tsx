// Question banks in (issue 14 item 7): the upload from the quiz editor comes here and is answered with
// the dry run (each question that would be added, each refused line with its number and reason); its
// "Nhập N câu hỏi" posts the plan back and applies it, all or nothing. Works without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import type { Question } from "~/quizzes/definition.server";
import {
  applyImport,
  BANK_FORMATS,
  BankFileError,
  guessFormat,
  MAX_BANK_BYTES,
  planFromForm,
  planImport,
  type BankFormat,
  type ImportPlan,
} from "~/quizzes/question-bank.server";
import { QuizImportForm } from "~/quizzes/quiz-import-form";
import { normalizeForm, readForm } from "~/ui/form.server";

const M = t.quizImport;

export const meta: MetaFunction = () => [{ title: `${M.title} · ${t.app.name}` }];

/** Room for the multipart envelope and the format field around the file itself. */
const ENVELOPE = 64 * 1024;

type Result =
  | { stage: "upload"; fileError: string; format: string }
  | { stage: "plan"; plan: ImportPlan; planJson: string; message: string | null; already: boolean; closed: boolean };

// Opened directly (a bookmark, the back button after applying): the upload form, nothing else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  return { course: { id: course.id, title: draft.meta.title } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.courseId);
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const upload = (fileError: string, status: number, format = "auto") => data<Result>({ stage: "upload", fileError, format }, { status });
    // Refused from its announced length before any of it is read (a 20 MB workbook is never unzipped).
    const length = Number(request.headers.get("Content-Length") ?? "");
    if (Number.isFinite(length) && length > MAX_BANK_BYTES + ENVELOPE) return upload(M.tooBig, 413);
    let form: FormData;
    try {
      form = normalizeForm(
        await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BANK_BYTES })),
      );
    } catch (error) {
      return error instanceof MaxPartSizeExceededError ? upload(M.tooBig, 413) : upload(M.noFile, 400);
    }
    const file = form.get("file");
    const chosen = String(form.get("format") ?? "auto");
    if (!(file instanceof File) || file.size === 0) return upload(M.noFile, 400, chosen);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const format: BankFormat | null = (BANK_FORMATS as readonly string[]).includes(chosen)
      ? (chosen as BankFormat)
      : guessFormat(file.name, bytes);
    if (!format) return upload(M.unknownFormat, 400, chosen);
    try {
      const plan = await planImport(course.id, file.name.normalize("NFC"), bytes, format);
      return data<Result>({ stage: "plan", plan, planJson: JSON.stringify(plan), message: null, already: false, closed: false });
    } catch (error) {
      if (error instanceof BankFileError) return upload(error.message, 400, chosen);
      throw error;
    }
  }
  const form = await readForm(request);
  const plan = planFromForm(form.get("plan"));
  if (!plan) return data<Result>({ stage: "upload", fileError: M.badPlan, format: "auto" }, { status: 400 });
  const result = await applyImport(course.id, user.id, plan, form.get("confirmPartial") === "on");
  if (result.ok) return redirect(`/trainer/courses/${course.id}/quiz?imported=${result.added}`);
  return data<Result>(
    {
      stage: "plan",
      plan,
      planJson: JSON.stringify(plan),
      message: result.message,
      already: result.already === true,
      closed: result.closed === true,
    },
    { status: result.already ? 409 : 400 },
  );
}

function QuestionPreview({ q }: { q: Question }) {
  if (q.type === "single" || q.type === "multiple") {
    return (
      <ul className="bank-options">
        {q.options.map((o, i) => (
          <li key={i}>
            <strong>{o.correct ? M.correctMark : M.wrongMark}</strong>: {o.text}
          </li>
        ))}
      </ul>
    );
  }
  if (q.type === "true-false") return <p>{M.answerIs(q.answer ? t.quiz.trueLabel : t.quiz.falseLabel)}</p>;
  return (
    <p>
      {M.accepts}: {q.accept.join("; ")} <span className="muted">({M.tones})</span>
    </p>
  );
}

function PlanView({ plan, planJson, message, already, closed, courseId }: Extract<Result, { stage: "plan" }> & { courseId: number }) {
  const where = (line: number) => (plan.format === "xlsx" ? M.row(String(line)) : M.line(String(line)));
  const n = formatNumber(plan.questions.length);
  return (
    <>
      <h2>{M.planTitle}</h2>
      <p data-testid="bank-summary">{M.summary(plan.fileName, n, formatNumber(plan.refused.length))}</p>
      {plan.refused.length > 0 ? (
        <section className="card" aria-labelledby="bank-refused">
          <h3 id="bank-refused">{M.refusedTitle(formatNumber(plan.refused.length))}</h3>
          <ul data-testid="bank-refused">
            {plan.refused.map((r, i) => (
              <li key={i}>{M.at(where(r.line), r.message)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.notes.length > 0 ? (
        <section className="card" aria-labelledby="bank-notes">
          <h3 id="bank-notes">{M.notesTitle}</h3>
          <ul>
            {plan.notes.map((r, i) => (
              <li key={i}>{M.at(where(r.line), r.message)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.questions.length > 0 ? (
        <section aria-labelledby="bank-accepted" className="stack">
          <h3 id="bank-accepted">{M.acceptedTitle(n)}</h3>
          <ol className="stack bank-questions" data-testid="bank-accepted">
            {plan.questions.map((item, i) => (
              <li key={i} className="card">
                <p className="muted">
                  {where(item.line)} · {t.quizEditor.types[item.question.type]}
                </p>
                <p className="bank-prompt">{item.question.prompt}</p>
                <QuestionPreview q={item.question} />
                {item.question.explanation ? (
                  <p>
                    {M.explanation}: {item.question.explanation}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {message ? (
        <p className={already ? "alert" : "field-error"} role="alert" data-testid="bank-apply-error">
          {message}
        </p>
      ) : null}
      {plan.questions.length > 0 && !closed ? (
        <Form method="post" action={`/trainer/courses/${courseId}/quiz-import`} className="card stack">
          <input type="hidden" name="plan" value={planJson} />
          {plan.refused.length > 0 ? (
            <label>
              <input type="checkbox" name="confirmPartial" /> {M.confirmPartial(n, plan.refused.map((r) => where(r.line)).join(", "))}
            </label>
          ) : null}
          <p>
            <button type="submit" className="button">
              {M.apply(n)}
            </button>
          </p>
        </Form>
      ) : null}
    </>
  );
}

export default function QuizImport() {
  const { course } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  return (
    <div className="stack bank-import">
      <p>
        <Link to={`/trainer/courses/${course.id}/quiz`}>← {M.back}</Link>
      </p>
      <h1>
        {M.title}: {course.title}
      </h1>
      {r?.stage === "plan" ? <PlanView {...r} courseId={course.id} /> : null}
      <section className="card" aria-labelledby="bank-upload">
        <h2 id="bank-upload">{r?.stage === "plan" ? M.uploadAgain : M.title}</h2>
        {r?.stage !== "plan" ? <p className="muted">{M.intro}</p> : null}
        <QuizImportForm
          courseId={course.id}
          error={r?.stage === "upload" ? r.fileError : null}
          format={r?.stage === "upload" ? r.format : undefined}
        />
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
