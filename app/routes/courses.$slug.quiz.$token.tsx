import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { courseProgress } from "~/courses/progress.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { answersOf, attemptFor, attemptsOf, blankPositions, quizFor, submitAttempt } from "~/quizzes/attempts.server";
import { extraAttempts } from "~/quizzes/grants.server";
import { AnswerKeeper } from "~/quizzes/quiz-islands";
import { FeedbackList, QuizTakeForm } from "~/quizzes/quiz-take";
import { feedbackForAttempt, mayRevealAnswers, mayShowFeedback, questionsForAttempt } from "~/quizzes/views.server";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.quiz.title} · ${t.app.name}` }];

async function load(slug: string | undefined) {
  const course = await publishedCourse(slug ?? "");
  if (!course) throw new Response("Not Found", { status: 404 });
  return course;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const course = await load(params.slug);
  const attempt = await attemptFor(params.token ?? "", user.id);
  if (!attempt || attempt.courseId !== course.id) throw new Response("Not Found", { status: 404 });
  const quiz = (await quizFor(attempt.courseVersionId))!;
  const base = {
    course: { slug: course.slug, title: course.title },
    token: attempt.token,
    number: attempt.number,
    passMark: quiz.passMark,
  };
  if (attempt.status === "open") {
    // Before grading: prompts and per-attempt option ids only.
    return {
      ...base,
      state: "open" as const,
      deadlineAt: attempt.deadlineAt,
      questions: questionsForAttempt(quiz, attempt.layout),
    };
  }
  const attempts = await attemptsOf(user.id, course.id, attempt.epoch);
  const show = mayShowFeedback(
    quiz,
    attempt,
    attempts.some((a) => a.passed),
  );
  // Right/wrong per question as the quiz allows; the keys only once passed or out of attempts (0020).
  // Extra attempts granted (decision 0022) count as attempts left.
  const reveal = show && mayRevealAnswers(quiz, attempts, await extraAttempts(user.id, course.id, attempt.epoch));
  return {
    ...base,
    state: attempt.status,
    score: attempt.score ?? 0,
    passed: !!attempt.passed,
    submittedAt: attempt.submittedAt,
    feedbackMode: quiz.feedback,
    feedback: show ? feedbackForAttempt(quiz, await answersOf(attempt.id), reveal) : null,
    answersWithheld: show && !reveal,
    courseCompletedAt: (await courseProgress(user.id, course)).completedAt,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const course = await load(params.slug);
  const form = await readForm(request);
  // A blank or partly blank submission is confirmed first (issue 14 item 4): the page comes back with
  // the list of unanswered questions and every answer given still filled in; "Nộp bài" there sends
  // confirmed=1. Works without JavaScript.
  if (form.get("confirmed") !== "1") {
    const blank = await blankPositions(params.token ?? "", user.id, form);
    if (blank && blank.length) {
      const answers = [...form.entries()]
        .filter(([k, v]) => /^q\d+$/.test(k) && typeof v === "string")
        .map(([k, v]) => [k, String(v)] as const);
      return data({ confirm: { blank, answers } });
    }
  }
  const result = await submitAttempt(params.token ?? "", user.id, form);
  if (result.status === "not-found") throw new Response("Not Found", { status: 404 });
  // Graded now or already: either way the same result page (post/redirect/get).
  return redirect(`/courses/${course.slug}/quiz/${params.token}`);
}

export default function AttemptPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/courses/${d.course.slug}/quiz`}>← {t.quiz.backToQuiz}</Link>
      </p>
      {d.state === "open" ? <OpenAttempt d={d} /> : <Result d={d} />}
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function OpenAttempt({ d }: { d: Extract<Data, { state: "open" }> }) {
  const total = d.questions.length;
  const confirm = useActionData<typeof action>()?.confirm;
  return (
    <>
      <h1>
        {t.quiz.title}: {d.course.title}
      </h1>
      {d.deadlineAt ? <p className="alert alert--info">{t.quiz.deadline(formatDateTime(d.deadlineAt))}</p> : null}
      <p className="muted">{t.quiz.submitHint}</p>
      {confirm ? (
        <section className="alert" role="alert" aria-labelledby="confirm-title" data-testid="confirm-submit">
          <h2 id="confirm-title">{t.quizConfirm.title}</h2>
          <p>{t.quizConfirm.summary(formatNumber(confirm.blank.length), formatNumber(total))}</p>
          <ul>
            {confirm.blank.map((position) => (
              <li key={position}>
                <a href={`#question-${position}`}>
                  {t.quizConfirm.question(formatNumber(position + 1))}: {d.questions[position]?.prompt}
                </a>
              </li>
            ))}
          </ul>
          <p>{t.quizConfirm.blank}</p>
          <div className="actions">
            <button type="submit" form="quiz-form" name="confirmed" value="1" className="button">
              {t.quizConfirm.submit}
            </button>
            <a className="button button--secondary" href={`#question-${confirm.blank[0] ?? 0}`}>
              {t.quizConfirm.back}
            </a>
          </div>
        </section>
      ) : null}
      <QuizTakeForm
        questions={d.questions}
        deadlineAt={d.deadlineAt}
        storageKey={`quiz:${d.token}`}
        token={d.token}
        initial={confirm?.answers}
      />
    </>
  );
}

function Result({ d }: { d: Exclude<Data, { state: "open" }> }) {
  return (
    <>
      <h1>{t.quiz.resultTitle(formatNumber(d.number))}</h1>
      <AnswerKeeper.Clear storageKey={`quiz:${d.token}`} />
      <p className="verdict-line" data-testid="quiz-score">
        <strong>{t.quiz.yourScore(`${formatNumber(d.score)}%`, `${formatNumber(d.passMark)}%`)}</strong>
      </p>
      {d.state === "expired" ? (
        <p className="alert">{t.quiz.expiredBanner}</p>
      ) : d.passed ? (
        <p className="alert alert--ok">
          <span className="verdict verdict--right">{t.quiz.passed}.</span> {t.quiz.passedBanner}
        </p>
      ) : (
        <p className="alert">
          <span className="verdict verdict--wrong">{t.quiz.failed}.</span> {t.quiz.failedBanner}
        </p>
      )}
      {d.courseCompletedAt ? <p className="alert alert--ok">{t.quiz.courseComplete}</p> : null}
      <div className="actions">
        <Link className="button button--secondary" to={`/courses/${d.course.slug}/quiz`}>
          {t.quiz.backToQuiz}
        </Link>
        <Link to={`/courses/${d.course.slug}`}>{t.quiz.backToCourse}</Link>
      </div>
      {d.feedback ? (
        <FeedbackList feedback={d.feedback} answersWithheld={d.answersWithheld} />
      ) : (
        <p className="muted">{d.feedbackMode === "after-passing" ? t.quiz.feedbackAfterPassing : t.quiz.noFeedback}</p>
      )}
    </>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
