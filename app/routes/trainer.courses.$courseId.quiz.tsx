import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { draftQuizText } from "~/courses/authoring.server";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { t } from "~/i18n/vi";
import type { Question } from "~/quizzes/definition.server";
import { editDraftQuiz } from "~/quizzes/quiz-editor.server";
import { quizFromText } from "~/quizzes/quiz-form.server";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.authoring.quiz} · ${t.app.name}` }];

// The quiz with its keys goes only to the trainers editing this course, never to learners.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  const text = await draftQuizText(course.id);
  return { course: { id: course.id, title: draft.meta.title }, text, quiz: quizFromText(text) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.courseId);
  const form = await readForm(request);
  const result = await editDraftQuiz(course.id, user.id, form);
  if (result.ok) return redirect(`/trainer/courses/${course.id}/quiz?saved=1`);
  if ("unknownIntent" in result) throw new Response("Bad Request", { status: 400 });
  const { where, message, problems, text } = result;
  return data({ where, message, problems, text }, { status: 400 });
}

function QuestionForm({ q, index, error }: { q?: Question; index: number | "new"; error?: string }) {
  const options = q && (q.type === "single" || q.type === "multiple") ? q.options : [];
  const rows = Math.max(4, options.length + 1);
  return (
    <Form
      method="post"
      className="card"
      aria-label={index === "new" ? t.quizEditor.newQuestion : t.quizEditor.question(String(Number(index) + 1))}
    >
      <input type="hidden" name="intent" value="question" />
      <input type="hidden" name="index" value={String(index)} />
      <h3>{index === "new" ? t.quizEditor.newQuestion : t.quizEditor.question(String(Number(index) + 1))}</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label>
          {t.quizEditor.type}
          <select name="type" defaultValue={q?.type ?? "single"}>
            {(["single", "multiple", "true-false", "short-text"] as const).map((type) => (
              <option key={type} value={type}>
                {t.quizEditor.types[type]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field">
        <label>
          {t.quizEditor.prompt}
          <textarea name="prompt" rows={2} defaultValue={q?.prompt} />
        </label>
      </div>
      <fieldset className="field">
        <legend>{t.quizEditor.options}</legend>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="actions" style={{ margin: "0.2rem 0" }}>
            <label>
              <input type="checkbox" name="correct" value={i} defaultChecked={options[i]?.correct} /> {t.quizEditor.correct}
            </label>
            <input name="option" aria-label={t.quizEditor.option(String(i + 1))} defaultValue={options[i]?.text} style={{ flex: 1 }} />
          </div>
        ))}
        <label>
          <input type="checkbox" name="scoring" value="partial" defaultChecked={q?.type === "multiple" && q.scoring === "partial"} />{" "}
          {t.quizEditor.partial}
        </label>
      </fieldset>
      <fieldset className="field">
        <legend>{t.quizEditor.trueFalse}</legend>
        <label>
          <input type="radio" name="answer" value="true" defaultChecked={q?.type === "true-false" ? q.answer : true} /> {t.quiz.trueLabel}
        </label>
        <label>
          <input type="radio" name="answer" value="false" defaultChecked={q?.type === "true-false" && !q.answer} /> {t.quiz.falseLabel}
        </label>
      </fieldset>
      <div className="field">
        <label>
          {t.quizEditor.accept}
          <textarea name="accept" rows={2} defaultValue={q?.type === "short-text" ? q.accept.join("\n") : ""} />
        </label>
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="ignoreTones" defaultChecked={q?.type === "short-text" && q.ignoreTones} /> {t.quizEditor.ignoreTones}
        </label>
      </div>
      <div className="field">
        <label>
          {t.quizEditor.explanation}
          <textarea name="explanation" rows={2} defaultValue={q?.explanation} />
        </label>
      </div>
      <button type="submit" className="button button--secondary">
        {t.quizEditor.saveQuestion}
      </button>
    </Form>
  );
}

export default function QuizEditor() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const quiz = d.quiz;
  return (
    <div className="stack">
      <p>
        <Link to={`/trainer/courses/${d.course.id}`}>
          ← {t.authoring.back}: {d.course.title}
        </Link>
      </p>
      <h1>{t.authoring.quiz}</h1>
      <p className="muted">{t.quizEditor.intro}</p>
      {params.get("saved") ? (
        <p className="alert alert--ok" role="status">
          {t.authoring.saved}
        </p>
      ) : null}
      {quiz ? (
        <>
          <Form method="post" className="card">
            <h2>{t.quizEditor.settings}</h2>
            <input type="hidden" name="intent" value="settings" />
            {r?.where === "settings" ? (
              <p className="field-error" role="alert">
                {r.message}
              </p>
            ) : null}
            <div className="field">
              <label>
                {t.quizEditor.title}
                <input name="title" defaultValue={quiz.title} />
              </label>
            </div>
            <div className="field">
              <label>
                {t.quizEditor.passMark}
                <input name="passMark" inputMode="numeric" defaultValue={quiz.passMark} />
              </label>
            </div>
            <div className="field">
              <label>
                {t.quizEditor.attempts}
                <input name="attempts" inputMode="numeric" defaultValue={quiz.attempts ?? ""} />
              </label>
            </div>
            <div className="field">
              <label>
                {t.quizEditor.timeLimit}
                <input name="timeLimitMinutes" inputMode="numeric" defaultValue={quiz.timeLimitMinutes ?? ""} />
              </label>
            </div>
            <div className="field">
              <label>
                {t.quizEditor.draw}
                <input name="draw" inputMode="numeric" defaultValue={quiz.draw || ""} />
              </label>
            </div>
            <div className="field">
              <label>
                {t.quizEditor.feedback}
                <select name="feedback" defaultValue={quiz.feedback}>
                  {(["after-each-attempt", "after-passing", "never"] as const).map((f) => (
                    <option key={f} value={f}>
                      {t.quizEditor.feedbacks[f]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="shuffleQuestions" defaultChecked={quiz.shuffleQuestions} /> {t.quizEditor.shuffleQuestions}
              </label>
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="shuffleOptions" defaultChecked={quiz.shuffleOptions} /> {t.quizEditor.shuffleOptions}
              </label>
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="showAnswers" defaultChecked={quiz.showAnswers === "always"} />{" "}
                {t.quizFeedback.showAnswersAlways}
              </label>
            </div>
            <button type="submit" className="button button--secondary">
              {t.quizEditor.saveSettings}
            </button>
          </Form>
          <h2>{t.quizEditor.questions(String(quiz.questions.length))}</h2>
          {quiz.questions.map((q, i) => (
            <div key={q.id}>
              <QuestionForm q={q} index={i} error={r?.where === String(i) ? r.message : undefined} />
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="index" value={i} />
                <button type="submit" className="button button--secondary">
                  {t.quizEditor.deleteQuestion(String(i + 1))}
                </button>
              </Form>
            </div>
          ))}
          {/* Keyed by the bank's size: once a question is added (a client-side navigation with
              JavaScript) the form is a new, empty one instead of keeping the previous question's
              options, ticks and explanation; after a refused save it keeps what was typed. */}
          <QuestionForm key={`new-${quiz.questions.length}`} index="new" error={r?.where === "new" ? r.message : undefined} />
        </>
      ) : (
        <p className="alert">{t.quizEditor.invalidText}</p>
      )}
      <details className="card" open={!quiz || r?.where === "text"}>
        <summary>{t.quizEditor.asText}</summary>
        <p className="muted">{t.authoring.quizHint}</p>
        {r?.problems ? (
          <ul className="alert" role="alert">
            {r.problems.map((p, i) => (
              <li key={i}>
                {p.line ? `${t.authoring.at(String(p.line), String(p.column ?? 1))}: ` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="text" />
          <div className="field">
            <label htmlFor="quiz">{t.authoring.quiz}</label>
            <textarea
              id="quiz"
              name="quiz"
              rows={20}
              defaultValue={r?.text ?? d.text}
              spellCheck={false}
              style={{ fontFamily: "ui-monospace, monospace" }}
            />
          </div>
          <button type="submit" className="button button--secondary">
            {t.authoring.saveQuiz}
          </button>
        </Form>
      </details>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
