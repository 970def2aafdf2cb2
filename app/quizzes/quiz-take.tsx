// The quiz as a learner takes it and the graded result, shared by the learner's attempt page and the
// trainer's "Xem trước như học viên" (issue 14 item 3), so the preview is the same page, not a copy.
// Only prompts and per-attempt option ids come in before grading; never a key.
import { Form } from "@remix-run/react";
import { formatDateTime, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import type { FeedbackView, QuestionView } from "./views.server";
import { AnswerKeeper, Countdown } from "./quiz-islands";

/**
 * The questions, each in its card (the legend inside it), and the sticky "Nộp bài" bar, which shows
 * the countdown on a timed quiz. The page keeps a focused answer clear of the bar (scroll-padding in
 * app.css, issue 14 item 8). A native POST (reloadDocument): on a dropped connection the browser
 * keeps the form on "back", and AnswerKeeper restores the choices from this device.
 */
export function QuizTakeForm({
  questions,
  deadlineAt,
  storageKey,
  token,
  initial,
  children,
}: {
  questions: QuestionView[];
  deadlineAt: string | null;
  storageKey: string;
  token?: string;
  /** Answers to show filled in (the confirmation step of a partly blank submission keeps them all). */
  initial?: readonly (readonly [name: string, value: string])[];
  children?: React.ReactNode;
}) {
  const total = questions.length;
  const given = (name: string, value: string) => initial?.some(([k, v]) => k === name && v === value) ?? false;
  const typed = (name: string) => initial?.find(([k]) => k === name)?.[1];
  return (
    <Form method="post" reloadDocument id="quiz-form" data-token={token}>
      {children}
      {questions.map((q) => (
        <fieldset key={q.position} className="quiz-question" id={`question-${q.position}`}>
          <legend>
            <span className="quiz-question__count">{t.quiz.questionOf(formatNumber(q.position + 1), formatNumber(total))}</span>
            {q.prompt}
          </legend>
          {q.type === "short-text" ? (
            <div className="field">
              <label htmlFor={`q${q.position}`}>{t.quiz.typeAnswer}</label>
              <input
                id={`q${q.position}`}
                name={`q${q.position}`}
                autoComplete="off"
                maxLength={500}
                defaultValue={typed(`q${q.position}`)}
              />
            </div>
          ) : (
            <>
              <p className="muted">{q.type === "multiple" ? t.quiz.chooseMany : t.quiz.chooseOne}</p>
              {q.options.map((o) => (
                <label key={o.id} className="quiz-option">
                  <input
                    type={q.type === "multiple" ? "checkbox" : "radio"}
                    name={`q${q.position}`}
                    value={o.id}
                    defaultChecked={given(`q${q.position}`, o.id)}
                  />
                  <span>{o.text}</span>
                </label>
              ))}
            </>
          )}
        </fieldset>
      ))}
      <div className="quiz-bar" data-testid="quiz-bar">
        <span className="quiz-bar__status">
          <AnswerKeeper formId="quiz-form" storageKey={storageKey} total={total} />
          {deadlineAt ? (
            <span className="quiz-bar__time">
              {t.quizForms.deadlineShort(formatDateTime(deadlineAt))} <Countdown deadline={deadlineAt} />
            </span>
          ) : null}
        </span>
        <button type="submit" className="button">
          {t.quiz.submit}
        </button>
      </div>
    </Form>
  );
}

/** The graded questions: right/wrong, what was given, and the keys only when `reveal`ed by the server. */
export function FeedbackList({ feedback, answersWithheld }: { feedback: FeedbackView[]; answersWithheld: boolean }) {
  return (
    <section aria-label={t.quiz.result}>
      {answersWithheld ? (
        <p className="alert alert--info" data-testid="answers-withheld">
          {t.quizFeedback.withheld}
        </p>
      ) : null}
      {feedback.map((f) => (
        <article key={f.position} className="feedback">
          <h3>
            {t.quiz.questionOf(formatNumber(f.position + 1), formatNumber(feedback.length))}: {f.prompt}
          </h3>
          <p>
            {f.credit >= 1 ? (
              <span className="verdict verdict--right">{t.quiz.correct}</span>
            ) : f.credit > 0 ? (
              <span className="verdict verdict--part">{t.quiz.partly(formatPercent(f.credit))}</span>
            ) : (
              <span className="verdict verdict--wrong">{t.quiz.wrong}</span>
            )}
          </p>
          <dl>
            <dt>{t.quiz.yourAnswer}</dt>
            <dd>{f.given.length ? f.given.join("; ") : t.quiz.unanswered}</dd>
            {f.correctAnswers ? (
              <>
                <dt>{t.quiz.correctAnswer}</dt>
                <dd>{f.correctAnswers.join("; ")}</dd>
              </>
            ) : null}
            {f.explanation ? (
              <>
                <dt>{t.quiz.explanation}</dt>
                <dd>{f.explanation}</dd>
              </>
            ) : null}
          </dl>
        </article>
      ))}
    </section>
  );
}
