import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { courseProgress } from "~/courses/progress.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { attemptsOf, quizFor, startAttempt } from "~/quizzes/attempts.server";
import { AttemptHistory } from "~/quizzes/attempt-history";
import { grantsFor } from "~/quizzes/grants.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t.quiz.title} · ${data?.course.title ?? ""} · ${t.app.name}` }];

async function load(slug: string | undefined) {
  const course = await publishedCourse(slug ?? "");
  const quiz = course?.currentVersionId ? await quizFor(course.currentVersionId) : null;
  if (!course || !quiz) throw new Response("Not Found", { status: 404 });
  return { course, quiz };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, quiz } = await load(params.slug);
  const attempts = await attemptsOf(user.id, course.id, course.epoch);
  const open = attempts.find((a) => a.status === "open" && (!a.deadlineAt || new Date(a.deadlineAt) > new Date()));
  const progress = await courseProgress(user.id, course);
  const grants = await grantsFor(user.id, course.id, course.epoch);
  const extra = grants.reduce((sum, g) => sum + g.count, 0);
  return {
    course: { slug: course.slug, title: course.title },
    quiz: {
      title: quiz.title,
      passMark: quiz.passMark,
      // The quiz's limit plus the extra attempts granted to this person or their unit (decision 0022).
      attempts: quiz.attempts === null ? null : quiz.attempts + extra,
      timeLimitMinutes: quiz.timeLimitMinutes ?? null,
      questionCount: quiz.draw,
    },
    history: attempts.map((a) => ({
      token: a.token,
      number: a.number,
      status: a.status,
      startedAt: a.startedAt,
      durationSeconds: a.durationSeconds,
      score: a.score,
      passed: a.passed,
    })),
    grants: grants.map((g) => ({ id: g.id, count: g.count, grantedAt: g.grantedAt })),
    extra,
    openToken: open?.token ?? null,
    passed: attempts.some((a) => a.passed),
    used: attempts.length,
    courseCompletedAt: progress.completedAt,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { course } = await load(params.slug);
  const result = await startAttempt(user.id, course.id);
  if (result.ok) return redirect(`/courses/${course.slug}/quiz/${result.token}`);
  const message = result.reason === "limit" ? t.quiz.limitReached : result.reason === "passed" ? t.quiz.alreadyPassed : t.errors.notFound;
  return data({ message }, { status: 409 });
}

export default function QuizHome() {
  const d = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const limitReached = d.quiz.attempts !== null && d.used >= d.quiz.attempts && !d.openToken;
  return (
    <div className="stack">
      <p>
        <Link to={`/courses/${d.course.slug}`}>← {d.course.title}</Link>
      </p>
      <h1>{d.quiz.title}</h1>
      <ul>
        <li>{t.quiz.questionCount(formatNumber(d.quiz.questionCount))}</li>
        <li>{t.quiz.passMark(`${formatNumber(d.quiz.passMark)}%`)}</li>
        <li>{d.quiz.timeLimitMinutes ? t.quiz.timeLimit(formatNumber(d.quiz.timeLimitMinutes)) : t.quiz.noTimeLimit}</li>
        <li>
          {d.quiz.attempts === null ? t.quiz.attemptsUnlimited : t.quiz.attemptsUsed(formatNumber(d.used), formatNumber(d.quiz.attempts))}
        </li>
      </ul>
      {refused && !limitReached ? (
        <p className="alert" role="alert">
          {refused.message}
        </p>
      ) : null}
      {d.courseCompletedAt ? <p className="alert alert--ok">{t.quiz.courseComplete}</p> : null}
      <div className="actions">
        {d.passed && !d.openToken ? (
          <p className="status status--done">{t.quiz.alreadyPassed}</p>
        ) : limitReached ? (
          <div className="alert" data-testid="out-of-attempts">
            <p>{t.attemptGrants.outOfAttempts(formatNumber(d.used))}</p>
            <p>{t.attemptGrants.whatNext}</p>
          </div>
        ) : (
          <Form method="post">
            <button type="submit" className="button">
              {d.openToken ? t.quiz.continue : d.used > 0 ? t.quiz.retry : t.quiz.start}
            </button>
          </Form>
        )}
      </div>
      {limitReached || d.passed ? null : <p className="muted">{t.quiz.lessonsFirst}</p>}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t.quiz.history}</h2>
        <AttemptHistory slug={d.course.slug} attempts={d.history} />
        {d.grants.length ? (
          <ul data-testid="attempt-grants">
            {d.grants.map((g) => (
              <li key={g.id}>{t.attemptGrants.historyLine(formatNumber(g.count), formatDate(g.grantedAt))}</li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
