import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { freshContent } from "~/bootstrap.server";
import { requireUser } from "~/auth/session.server";
import { CourseStatus } from "~/courses/course-card";
import { publishedCourse } from "~/courses/catalogue.server";
import { courseProgress } from "~/courses/progress.server";
import { certificateForCourse } from "~/certificates/certificates.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { ProgressBar } from "~/ui/progress";
import { attemptsOf, quizFor } from "~/quizzes/attempts.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? ""} · ${t.app.name}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await freshContent();
  const course = await publishedCourse(params.slug ?? "");
  if (!course) throw new Response("Not Found", { status: 404 });
  const progress = await courseProgress(user.id, course);
  const quiz = await quizFor(course.currentVersionId!);
  const attempts = quiz ? await attemptsOf(user.id, course.id, course.epoch) : [];
  const certificate = progress.completedAt ? await certificateForCourse(user.id, course.id, course.epoch) : undefined;
  return {
    certificateNumber: certificate?.number ?? null,
    quiz: quiz
      ? {
          title: quiz.title,
          passMark: quiz.passMark,
          passed: attempts.some((a) => a.passed),
          used: attempts.length,
          best: attempts.reduce((m, a) => Math.max(m, a.score ?? 0), 0),
        }
      : null,
    course: {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      audience: course.audience,
      minutes: course.minutes,
      mandatory: course.mandatory,
      tags: course.tags,
    },
    lessons: progress.lessons.map((l) => ({
      key: l.key,
      title: l.title,
      minutes: l.minutes,
      startedAt: l.startedAt,
      completedAt: l.completedAt,
    })),
    done: progress.done,
    total: progress.total,
    completedAt: progress.completedAt,
    resumeKey: progress.resume?.key ?? null,
  };
}

export default function CoursePage() {
  const { course, lessons, done, total, completedAt, resumeKey, quiz, certificateNumber } = useLoaderData<typeof loader>();
  const first = lessons[0]?.key;
  return (
    <div className="stack">
      <p>
        <Link to="/courses">← {t.catalogue.title}</Link>
      </p>
      <h1>{course.title}</h1>
      <p>
        <span className={`badge ${course.mandatory ? "badge--mandatory" : "badge--optional"}`}>
          {course.mandatory ? t.catalogue.mandatory : t.catalogue.optional}
        </span>{" "}
        {course.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </p>
      <p>{course.summary}</p>
      <dl>
        {course.audience ? (
          <>
            <dt>
              <strong>{t.course.audience}</strong>
            </dt>
            <dd>{course.audience}</dd>
          </>
        ) : null}
        <dt>
          <strong>{t.course.duration}</strong>
        </dt>
        <dd>{t.catalogue.minutes(formatNumber(course.minutes))}</dd>
      </dl>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t.course.progressLabel}</h2>
        <ProgressBar
          done={done}
          total={total}
          label={t.course.progressLabel}
          text={t.course.progress(formatNumber(done), formatNumber(total))}
        />
        <p>
          <CourseStatus course={{ doneCount: done, completedAt }} />
        </p>
        {certificateNumber ? (
          <p>
            {t.certificates.coursePageCertificate} {certificateNumber}:{" "}
            <a href={`/certificates/${certificateNumber}.pdf`} download data-testid="certificate-pdf">
              {t.certificates.downloadPdf}
            </a>
          </p>
        ) : null}
        <div className="actions">
          {resumeKey ? (
            <Link className="button" to={`/courses/${course.slug}/${resumeKey}`} data-testid="resume">
              {done > 0 ? t.course.resume : t.course.start}
            </Link>
          ) : quiz && !quiz.passed ? (
            <Link className="button" to={`/courses/${course.slug}/quiz`}>
              {t.course.takeQuiz}
            </Link>
          ) : first ? (
            <Link className="button button--secondary" to={`/courses/${course.slug}/${first}`}>
              {t.course.review}
            </Link>
          ) : null}
        </div>
      </section>
      <section aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t.course.lessons}</h2>
        <ol className="lesson-list">
          {lessons.map((l, i) => (
            <li key={l.key}>
              <span>
                {i + 1}. <Link to={`/courses/${course.slug}/${l.key}`}>{l.title}</Link>{" "}
                <span className="muted">({t.catalogue.minutes(formatNumber(l.minutes))})</span>
              </span>
              {l.completedAt ? (
                <span className="status status--done" title={formatDate(l.completedAt)}>
                  {t.course.lessonDone}
                </span>
              ) : l.startedAt ? (
                <span className="status status--started">{t.course.lessonStarted}</span>
              ) : (
                <span className="status status--todo">{t.course.lessonNotStarted}</span>
              )}
            </li>
          ))}
        </ol>
      </section>
      {quiz ? (
        <section className="card" aria-labelledby="quiz-title">
          <h2 id="quiz-title">{quiz.title}</h2>
          <p>{t.course.quizRule(`${formatNumber(quiz.passMark)}%`)}</p>
          <p>
            {quiz.passed ? (
              <span className="status status--done">{t.quiz.passed}</span>
            ) : quiz.used > 0 ? (
              <span className="status status--failed">{t.course.quizBest(`${formatNumber(quiz.best)}%`)}</span>
            ) : (
              <span className="status status--todo">{t.course.quizNotTaken}</span>
            )}
          </p>
          <Link to={`/courses/${course.slug}/quiz`}>{t.course.openQuiz}</Link>
        </section>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
