import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { contentStatus } from "~/courses/catalogue.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { quizFor } from "~/quizzes/queries.server";

export const meta: MetaFunction = () => [{ title: `${t.analysis.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "trainer", "admin");
  const live = (await contentStatus()).filter((c) => c.currentVersionId !== null && c.retiredAt === null);
  const withQuiz = await Promise.all(live.map(async (c) => ({ slug: c.slug, title: c.title, quiz: await quizFor(c.currentVersionId!) })));
  const quizzes = withQuiz
    .filter((c) => c.quiz !== null)
    .map((c) => ({ slug: c.slug, title: c.title, questions: c.quiz!.questions.length }));
  return { quizzes };
}

export default function TrainerQuizzes() {
  const { quizzes } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t.analysis.title}</h1>
      <p className="muted">{t.analysis.intro}</p>
      <ul>
        {quizzes.map((q) => (
          <li key={q.slug}>
            <Link to={`/trainer/quizzes/${q.slug}`}>{q.title}</Link>{" "}
            <span className="muted">({t.quiz.questionCount(formatNumber(q.questions))})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
