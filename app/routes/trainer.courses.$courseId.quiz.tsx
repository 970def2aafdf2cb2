import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { draftQuizText } from "~/courses/authoring.server";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { t } from "~/i18n/vi";
import type { Question } from "~/quizzes/definition.server";
import { editDraftQuiz, formNonce, quizWarnings } from "~/quizzes/quiz-editor.server";
import { draftOf, MAX_OPTIONS, type QuestionDraft } from "~/quizzes/question-draft";
import { quizFromText } from "~/quizzes/quiz-form.server";
import { QuizImportForm } from "~/quizzes/quiz-import-form";
import { readForm } from "~/ui/form.server";
import { InlineScript } from "~/ui/inline-script";

// A plain page (decision 0049): every form posts to this route's action, with or without JavaScript.
// With it, a few lines of inline script (SWITCH below) change a question form's fields at once when its
// type is chosen, instead of the "Đổi loại câu hỏi" round trip.

export const meta: MetaFunction = () => [{ title: `${t.authoring.quiz} · ${t.app.name}` }];

// The quiz with its keys goes only to the trainers editing this course, never to learners.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  const text = await draftQuizText(course.id);
  return { course: { id: course.id, title: draft.meta.title }, text, quiz: quizFromText(text), warnings: quizWarnings(text) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.courseId);
  const form = await readForm(request);
  const result = await editDraftQuiz(course.id, user.id, form);
  if (result.ok === true) return redirect(`/trainer/courses/${course.id}/quiz?saved=1`);
  // A new nonce each time: the form the draft is for is mounted afresh with it (values as sent back).
  const nonce = formNonce();
  if (result.ok === "draft") return data({ where: result.where, message: "", problems: null, text: null, draft: result.draft, nonce });
  if ("unknownIntent" in result) throw new Response("Bad Request", { status: 400 });
  const { where, message, problems, text, draft } = result;
  return data({ where, message, problems, text, draft: draft ?? null, nonce }, { status: 400 });
}

const TYPES = ["single", "multiple", "true-false", "short-text"] as const;

/**
 * One question's form: only the fields of its type (issue 14 item 2). Without JavaScript "Đổi loại câu
 * hỏi" asks the server for the form again with the chosen type's fields; with it, SWITCH swaps them at
 * once from the <template>s the form carries for the other types (inert until used: neither shown nor
 * sent). "Thêm lựa chọn" and "Bỏ lựa chọn" go through the server (values kept, nothing saved): the draft
 * comes back for this form only.
 */
function QuestionForm({ q, draft, index, error }: { q?: Question; draft?: QuestionDraft; index: number | "new"; error?: string }) {
  const start = draft ?? draftOf(q);
  const label = index === "new" ? t.quizEditor.newQuestion : t.quizEditor.question(String(Number(index) + 1));
  const id = `q-${index}`;
  return (
    <Form method="post" className="card" aria-label={label} data-question-form="">
      {/* The first submit button is the one Enter uses: saving, never an option-row button. */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t.quizEditor.saveQuestion}
      </button>
      <input type="hidden" name="intent" value="question" />
      <input type="hidden" name="index" value={String(index)} />
      <h3>{label}</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-type`}>{t.quizEditor.type}</label>
        <div className="actions">
          <select id={`${id}-type`} name="type" defaultValue={start.type}>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t.quizEditor.types[value]}
              </option>
            ))}
          </select>
          <button type="submit" name="op" value="retype" className="button button--quiet" data-retype="">
            {t.quizForms.changeType}
          </button>
        </div>
      </div>
      <div className="field">
        <label>
          {t.quizEditor.prompt}
          <textarea name="prompt" rows={2} defaultValue={start.prompt} />
        </label>
      </div>
      <TypeFields type={start.type} start={start} />
      {TYPES.filter((other) => other !== start.type).map((other) => (
        <template key={other} data-type-template={other}>
          <TypeFields type={other} start={{ ...start, focus: undefined }} />
        </template>
      ))}
      <div className="field">
        <label>
          {t.quizEditor.explanation}
          <textarea name="explanation" rows={2} defaultValue={start.explanation} />
        </label>
      </div>
      <button type="submit" className="button button--secondary">
        {t.quizEditor.saveQuestion}
      </button>
    </Form>
  );
}

/** The fields of one type, in one element SWITCH can swap. */
function TypeFields({ type, start }: { type: QuestionDraft["type"]; start: QuestionDraft }) {
  const choice = type === "single" || type === "multiple";
  // A choice type shown for a question of another type starts from blank rows.
  const rows = start.options.length >= 2 ? start.options : draftOf().options;
  return (
    <div data-type-fields={type}>
      {choice ? (
        <fieldset className="field" data-testid="options">
          <legend>{type === "single" ? t.quizForms.correctOne : t.quizForms.correctMany}</legend>
          {rows.map((o, i) => (
            <div key={i} className="option-row">
              <label className="option-row__tick">
                <input type={type === "single" ? "radio" : "checkbox"} name="correct" value={i} defaultChecked={o.correct} />{" "}
                {t.quizEditor.correct}
              </label>
              <input
                name="option"
                aria-label={t.quizEditor.option(String(i + 1))}
                defaultValue={o.text}
                className="option-row__text"
                autoFocus={start.focus === i}
              />
              {rows.length > 2 ? (
                <button type="submit" name="op" value={`remove-option:${i}`} className="button button--quiet">
                  {t.quizForms.removeOption(String(i + 1))}
                </button>
              ) : null}
            </div>
          ))}
          {rows.length < MAX_OPTIONS ? (
            <button type="submit" name="op" value="add-option" className="button button--secondary">
              {t.quizForms.addOption}
            </button>
          ) : (
            <p className="muted">{t.quizForms.maxOptions(String(MAX_OPTIONS))}</p>
          )}
          {type === "multiple" ? (
            <label className="option-row__partial">
              <input type="checkbox" name="scoring" value="partial" defaultChecked={start.scoring === "partial"} /> {t.quizEditor.partial}
            </label>
          ) : null}
        </fieldset>
      ) : null}
      {type === "true-false" ? (
        <fieldset className="field">
          <legend>{t.quizEditor.trueFalse}</legend>
          <label>
            <input type="radio" name="answer" value="true" defaultChecked={start.answer} /> {t.quiz.trueLabel}
          </label>{" "}
          <label>
            <input type="radio" name="answer" value="false" defaultChecked={!start.answer} /> {t.quiz.falseLabel}
          </label>
        </fieldset>
      ) : null}
      {type === "short-text" ? (
        <>
          <div className="field">
            <label>
              {t.quizEditor.accept}
              <textarea name="accept" rows={2} defaultValue={start.accept} />
            </label>
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="ignoreTones" defaultChecked={start.ignoreTones} /> {t.quizEditor.ignoreTones}
            </label>
          </div>
        </>
      ) : null}
    </div>
  );
}

/**
 * The type select swaps the fields at once: the fields of the type left are kept aside (what was typed
 * there comes back if the trainer returns to it), those of the type chosen come from its <template> the
 * first time. Between the two choice types the option rows' text and ticks go along, as one list.
 */
const SWITCH = `function (o) {
  if (!("content" in document.createElement("template"))) return;
  function choice(type) { return type === "single" || type === "multiple"; }
  function enhance(form) {
    var select = form.elements.type, shown = form.querySelector("[data-type-fields]"), kept = {};
    if (!select || !shown) return;
    var retype = form.querySelector("[data-retype]");
    if (retype) retype.hidden = true;
    function swap() {
      var was = shown.getAttribute("data-type-fields"), next = select.value, node = kept[next];
      if (was === next) return;
      if (!node) {
        var template = form.querySelector('template[data-type-template="' + next + '"]');
        if (!template) return;
        node = document.importNode(template.content, true).querySelector("[data-type-fields]");
      }
      if (choice(was) && choice(next)) {
        var from = shown.querySelectorAll("input[name=option]"), to = node.querySelectorAll("input[name=option]");
        var ticksFrom = shown.querySelectorAll("input[name=correct]"), ticksTo = node.querySelectorAll("input[name=correct]");
        for (var i = 0; i < from.length && i < to.length; i++) {
          to[i].value = from[i].value;
          ticksTo[i].checked = ticksFrom[i].checked;
        }
      }
      kept[was] = shown;
      shown.parentNode.replaceChild(node, shown);
      shown = node;
    }
    select.addEventListener("change", swap);
    // A browser that restored the select's value (back, reload) gets that type's fields too.
    swap();
  }
  var forms = document.querySelectorAll(o.forms);
  for (var i = 0; i < forms.length; i++) enhance(forms[i]);
}`;

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
      {quiz && quiz.questions.length > 0 ? (
        <p>
          <Link className="button button--secondary" to={`/trainer/courses/${d.course.id}/quiz-preview`}>
            {t.quizForms.preview}
          </Link>
        </p>
      ) : null}
      {d.warnings.length > 0 ? (
        <section className="alert" aria-labelledby="quiz-warnings" data-testid="quiz-warnings">
          <h2 id="quiz-warnings">{t.quizForms.warningsTitle}</h2>
          <ul>
            {d.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {params.get("imported") ? (
        <p className="alert alert--ok" role="status" data-testid="bank-imported">
          {t.quizImport.imported(String(Number(params.get("imported")) || 0))}
        </p>
      ) : null}
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
              <QuestionForm
                key={r?.where === String(i) ? r.nonce : "saved"}
                q={q}
                index={i}
                draft={r?.where === String(i) ? (r.draft ?? undefined) : undefined}
                error={r?.where === String(i) && r.message ? r.message : undefined}
              />
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
              options, ticks and explanation. A draft sent back (a refused save, an option row added
              or removed, another type) is for this form only and remounts it with a new nonce. */}
          <QuestionForm
            key={`new-${quiz.questions.length}-${r?.where === "new" ? r.nonce : ""}`}
            index="new"
            draft={r?.where === "new" ? (r.draft ?? undefined) : undefined}
            error={r?.where === "new" && r.message ? r.message : undefined}
          />
        </>
      ) : (
        <p className="alert">{t.quizEditor.invalidText}</p>
      )}
      {quiz ? (
        <section className="card bank-import" aria-labelledby="quiz-import">
          <h2 id="quiz-import">{t.quizImport.title}</h2>
          <p className="muted">{t.quizImport.intro}</p>
          <QuizImportForm courseId={d.course.id} />
        </section>
      ) : null}
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
      <InlineScript code={SWITCH} options={{ forms: "form[data-question-form]" }} />
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
