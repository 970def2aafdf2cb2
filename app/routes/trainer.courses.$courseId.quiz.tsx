import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { draftQuizText, saveQuiz } from "~/courses/authoring.server";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [{ title: `${t.authoring.quiz} · ${t.app.name}` }];

const TEMPLATE = `title: Kiểm tra cuối khoá
passMark: 70
attempts: 3
shuffleQuestions: true
shuffleOptions: true
feedback: after-each-attempt
questions:
  - id: cau-1
    type: single
    prompt: Câu hỏi?
    options:
      - text: Đáp án đúng
        correct: true
      - text: Đáp án sai
    explanation: Giải thích.
`;

// The quiz text (with its keys) goes only to trainers editing this course, never to learners.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  return { course: { id: course.id, title: draft.meta.title }, text: draftQuizText(course.id) || TEMPLATE };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.courseId);
  const text = String((await request.formData()).get("quiz") ?? "").replace(/\r\n/g, "\n");
  const problems = saveQuiz(course.id, text, user.id);
  if (problems.length > 0) return data({ problems, text }, { status: 400 });
  return redirect(`/trainer/courses/${course.id}/quiz?saved=1`);
}

export default function QuizEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <p>
        <Link to={`/trainer/courses/${d.course.id}`}>← {t.authoring.back}: {d.course.title}</Link>
      </p>
      <h1>{t.authoring.quiz}</h1>
      <p className="muted">{t.authoring.quizHint}</p>
      {params.get("saved") ? <p className="alert alert--ok">{t.authoring.saved}</p> : null}
      {result?.problems ? (
        <div className="alert" role="alert">
          <ul>
            {result.problems.map((p, i) => (
              <li key={i}>
                {p.line ? `${t.authoring.at(String(p.line), String(p.column ?? 1))}: ` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post">
        <div className="field">
          <label htmlFor="quiz">{t.authoring.quiz}</label>
          <textarea id="quiz" name="quiz" rows={28} defaultValue={result?.text ?? d.text} spellCheck={false} style={{ fontFamily: "ui-monospace, monospace" }} />
        </div>
        <button type="submit" className="button">
          {t.authoring.saveQuiz}
        </button>
      </Form>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
