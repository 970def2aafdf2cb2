import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { quizStats } from "~/quizzes/analysis.server";
import { quizFor } from "~/quizzes/queries.server";
import { getUnit } from "~/units/tree.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t.analysis.title}: ${data?.course.title ?? ""} · ${t.app.name}` },
];

const Query = z.object({ unit: z.coerce.number().int().positive().optional().catch(undefined) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "trainer", "admin");
  const course = await publishedCourse(params.slug ?? "");
  const quiz = course?.currentVersionId ? await quizFor(course.currentVersionId) : null;
  if (!course || !quiz) throw new Response("Not Found", { status: 404 });
  const { unit: unitId } = Query.parse({ unit: new URL(request.url).searchParams.get("unit") ?? undefined });
  const unit = unitId ? await getUnit(unitId) : null;
  if (unitId && !unit) throw new Response("Not Found", { status: 404 });
  const units = await currentUnitOptions();
  return {
    course: { slug: course.slug, title: course.title },
    passMark: quiz.passMark,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    units,
    stats: await quizStats(course.id, quiz, unit ?? null),
  };
}

export default function QuizAnalysis() {
  const d = useLoaderData<typeof loader>();
  const s = d.stats;
  return (
    <div className="stack">
      <p>
        <Link to="/trainer/quizzes">← {t.analysis.quizzes}</Link>
      </p>
      <h1>
        {t.analysis.title}: {d.course.title}
      </h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="unit">{t.analysis.unit}</label>
          <select id="unit" name="unit" defaultValue={d.unitId ?? ""}>
            <option value="">{t.analysis.allUnits}</option>
            <UnitOptions units={d.units} />
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t.analysis.apply}
        </button>
      </Form>
      <dl className="card" data-testid="quiz-headline">
        <dt>{t.analysis.attempts}</dt>
        <dd>{formatNumber(s.attempts)}</dd>
        <dt>{t.analysis.passRate}</dt>
        <dd>{s.attempts ? formatPercent(s.passed / s.attempts) : "—"}</dd>
        <dt>{t.analysis.averageScore}</dt>
        <dd>{s.averageScore !== null ? `${formatNumber(Math.round(s.averageScore * 10) / 10)}%` : "—"}</dd>
      </dl>
      {s.attempts === 0 ? (
        <p>{t.analysis.none}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="item-analysis">
            <caption>{d.unitName ?? t.analysis.allUnits}</caption>
            <thead>
              <tr>
                <th scope="col">{t.analysis.question}</th>
                <th scope="col" className="num">
                  {t.analysis.answeredBy}
                </th>
                <th scope="col" className="num">
                  {t.analysis.shareCorrect}
                </th>
                <th scope="col" className="num">
                  <abbr title={t.analysis.discriminationHelp}>{t.analysis.discrimination}</abbr>
                </th>
                <th scope="col">{t.analysis.commonWrong}</th>
              </tr>
            </thead>
            <tbody>
              {s.questions.map((q) => (
                <tr key={q.questionId} data-question={q.questionId}>
                  <td>{q.prompt}</td>
                  <td className="num">{formatNumber(q.answered)}</td>
                  <td className="num">{q.answered ? formatPercent(q.shareCorrect) : "—"}</td>
                  <td className="num">
                    {q.discrimination === null ? "—" : formatNumber(Math.round(q.discrimination * 100) / 100)}
                    {q.discrimination !== null && q.discrimination < 0.2 ? <span className="tag"> ⚠ {t.analysis.weak}</span> : null}
                  </td>
                  <td>{q.commonWrong ? `${q.commonWrong.text} (${formatNumber(q.commonWrong.count)})` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{t.analysis.discriminationHelp}</p>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
