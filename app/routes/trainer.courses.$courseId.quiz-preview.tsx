// "Xem trước như học viên" (issue 14 item 3): the draft quiz on the learner's own quiz page component,
// graded with the learner's grading, recorded nowhere (app/quizzes/preview.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { gradePreview, previewPaper } from "~/quizzes/preview.server";
import { AnswerKeeper } from "~/quizzes/quiz-islands";
import { FeedbackList, QuizTakeForm } from "~/quizzes/quiz-take";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.quizForms.preview} · ${t.app.name}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  return { course: { id: course.id, title: draft.meta.title }, paper: await previewPaper(course.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.courseId);
  const result = await gradePreview(course.id, await readForm(request));
  if (!result) return data({ result: null, message: t.quizForms.previewStale }, { status: 409 });
  return { result, message: null };
}

export default function QuizPreview() {
  const d = useLoaderData<typeof loader>();
  const graded = useActionData<typeof action>();
  const storageKey = `quiz-preview:${d.course.id}`;
  return (
    <div className="stack">
      <p>
        <Link to={`/trainer/courses/${d.course.id}/quiz`}>← {t.quizForms.backToEditor}</Link>
      </p>
      <h1>{t.quizForms.previewTitle(d.paper?.title ?? d.course.title)}</h1>
      <p className="alert alert--info">{t.quizForms.previewNote}</p>
      {graded?.message ? (
        <p className="alert" role="alert">
          {graded.message}
        </p>
      ) : null}
      {graded?.result ? (
        <>
          <h2>{t.quizForms.previewResult}</h2>
          <AnswerKeeper.Clear storageKey={storageKey} />
          <p className="verdict-line" data-testid="quiz-score">
            <strong>{t.quiz.yourScore(`${formatNumber(graded.result.score)}%`, `${formatNumber(graded.result.passMark)}%`)}</strong>
          </p>
          <p className={graded.result.passed ? "alert alert--ok" : "alert"}>
            <span className={`verdict ${graded.result.passed ? "verdict--right" : "verdict--wrong"}`}>
              {graded.result.passed ? t.quiz.passed : t.quiz.failed}.
            </span>
          </p>
          <p>
            <a className="button button--secondary" href={`/trainer/courses/${d.course.id}/quiz-preview`}>
              {t.quizForms.previewAgain}
            </a>
          </p>
          <FeedbackList feedback={graded.result.feedback} answersWithheld={false} />
        </>
      ) : d.paper ? (
        <>
          <p className="muted">{t.quiz.submitHint}</p>
          <QuizTakeForm questions={d.paper.questions} deadlineAt={d.paper.deadlineAt} storageKey={storageKey}>
            <input type="hidden" name="layout" value={d.paper.layout} />
          </QuizTakeForm>
        </>
      ) : (
        <p className="alert">{t.quizForms.previewNoQuiz}</p>
      )}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
