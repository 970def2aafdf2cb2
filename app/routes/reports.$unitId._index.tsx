import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { TrendChart } from "~/reports/charts";
import { AsOfField } from "~/reports/as-of";
import { refuseBadAsOf, reportQuery, reportSearch } from "~/reports/query.server";
import { reportTrail, requireReportUnitWith } from "~/reports/report-access.server";
import { CourseSelect, FiguresCells, RateBar, TargetMark } from "~/reports/report-ui";
import { reportFirstReads, unitReportWithTrend } from "~/reports/unit-report.server";
import { unitAssignments } from "~/reports/assignment-report.server";
import { assignmentDates } from "~/reports/assignment-ui";
import { figureLabels } from "~/reports/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t.reports.titleFor(data?.report.unit.name ?? "")} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = reportQuery(new URL(request.url));
  // The courses and the children are read beside the unit and its scope check (the check decides what
  // is answered; a bad date is refused, after the check, before anything is read with it).
  const { unit, canSee, prefetched } = await requireReportUnitWith(request, params.unitId, async (unitId) => {
    refuseBadAsOf(query, `/reports/${unitId}`);
    return reportFirstReads(unitId, query.asOf);
  });
  // The breadcrumb, the figures and the trend: independent reads, at once.
  const [trail, { report, trend }, assignments] = await Promise.all([
    reportTrail(unit, canSee),
    unitReportWithTrend(unit, { asOf: query.asOf, selection: query.selection }, prefetched),
    unitAssignments(unit, query.asOf, prefetched.assignments),
  ]);
  return {
    trail,
    report,
    assignments,
    trend,
    search: reportSearch({ selection: report.selection, asOf: query.asOf }),
    today: new Date().toISOString(),
  };
}

export default function UnitReportPage() {
  const { trail, report, trend, search, today, assignments } = useLoaderData<typeof loader>();
  const h = report.headline;
  // "All mandatory courses" counts person-course pairs: say so in the labels.
  const pairs = report.selection === "mandatory";
  const labels = figureLabels(report.selection);
  const peopleLink = (status?: string) =>
    `/reports/${report.unit.id}/officials${search}${status ? `${search ? "&" : "?"}status=${status}` : ""}`;
  return (
    <div className="stack report">
      <nav aria-label={t.units.breadcrumb} className="breadcrumb">
        <ol>
          {trail.map((a) => (
            <li key={a.id}>{a.open ? <Link to={`/reports/${a.id}${search}`}>{a.name}</Link> : <span>{a.name}</span>}</li>
          ))}
          <li aria-current="page">{report.unit.name}</li>
        </ol>
      </nav>
      <h1>{t.reports.titleFor(report.unit.name)}</h1>
      <p className="muted">{report.asOf ? t.reports.asOfLabel(formatDate(report.asOf)) : t.reports.nowLabel(formatDate(today))}</p>

      <Form method="get" className="filters no-print" noValidate>
        <CourseSelect courses={report.courses} selection={report.selection} />
        <AsOfField value={report.asOf} error={null} />
        <button type="submit" className="button button--secondary">
          {t.reports.show}
        </button>
      </Form>

      <section className="card" aria-labelledby="headline-title" data-testid="headline">
        <h2 id="headline-title">{report.selection === "mandatory" ? t.reports.allMandatory : report.selectionTitle}</h2>
        <div className="headline">
          {(
            [
              [t.reports.members, formatNumber(report.members), "members", ""],
              ...(pairs ? ([[t.reports.assignedPairs, formatNumber(h.inScope), "assigned", null]] as const) : []),
              ...(pairs && h.overdue !== null ? ([[t.reports.overduePairs, formatNumber(h.overdue), "overdue", null]] as const) : []),
              [pairs ? t.reports.completedPairs : t.reports.completed, formatNumber(h.completed), "completed", "completed"],
              [pairs ? t.reports.inProgressPairs : t.reports.inProgress, formatNumber(h.inProgress), "in-progress", "in-progress"],
              [pairs ? t.reports.notStartedPairs : t.reports.notStarted, formatNumber(h.notStarted), "not-started", "not-started"],
              [t.reports.rate, formatPercent(h.rate), "rate", null],
              [t.reports.passRate, h.passRate === null ? t.reports.notAvailable : formatPercent(h.passRate), "pass-rate", null],
            ] as const
          ).map(([label, value, figure, status]) => (
            <p key={figure}>
              <span className="headline__label">{label}</span>
              {status === null ? (
                <span className="headline__value" data-figure={figure}>
                  {value}
                </span>
              ) : (
                <Link className="headline__value" to={peopleLink(status || undefined)} data-figure={figure}>
                  {value}
                </Link>
              )}
            </p>
          ))}
        </div>
        <RateBar rate={h.rate} label={t.reports.rate} />
        {report.selection === "mandatory" ? <p className="muted">{t.reports.mandatoryNote}</p> : null}
      </section>

      <section className="card" aria-labelledby="assignments-title" data-testid="assignments">
        <h2 id="assignments-title">{t.assignments.activeInScope}</h2>
        {assignments.length === 0 ? (
          <p className="muted">{t.assignments.noneInScope}</p>
        ) : (
          <ul className="assignment-lines">
            {assignments.map((a) => {
              const asOf = report.asOf ? `?asOf=${report.asOf}` : "";
              const base = `/reports/${report.unit.id}/assignments/${a.id}`;
              return (
                <li key={a.id} data-assignment={a.id}>
                  <Link to={`${base}${asOf}`}>{a.courseTitle}</Link> <span className="muted">({assignmentDates(a)})</span>
                  {" · "}
                  <Link to={`${base}/people${asOf}${asOf ? "&" : "?"}state=overdue`} data-figure="overdue">
                    {t.assignments.overdueCount(formatNumber(a.counts.overdue))}
                  </Link>
                  {" · "}
                  {t.assignments.states.assigned}: {formatNumber(a.counts.assigned)} · {t.reports.rate}: {formatPercent(a.counts.rate)}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <div className="actions no-print">
        <a className="button button--secondary" href={`/reports/${report.unit.id}/export.xlsx${search}`} download>
          {t.reports.exportXlsx}
        </a>
        <a href={`/reports/${report.unit.id}/export.csv${search}`} download title={t.exports.csvHint}>
          {t.exports.csvPeople}
        </a>
        <a href={`/reports/${report.unit.id}/export.csv${search ? `${search}&` : "?"}table=units`} download title={t.exports.csvHint}>
          {t.exports.csvUnits}
        </a>
        <Link to={`/reports/${report.unit.id}/print${search}`}>{t.reports.print}</Link>
        <Link to={peopleLink()}>{t.reports.people}</Link>
        <Link to={`/reports/${report.unit.id}/chi-so${report.asOf ? `?asOf=${report.asOf}` : ""}`}>{t.indicators.pageLink}</Link>
      </div>

      <section aria-labelledby="children-title">
        <h2 id="children-title">{t.reports.children}</h2>
        {report.children.length === 0 ? (
          <p className="muted">{t.reports.noChildren}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="children">
              <thead>
                <tr>
                  <th scope="col">{t.reports.unit}</th>
                  <th scope="col" className="num">
                    {labels.members}
                  </th>
                  <th scope="col" className="num">
                    {labels.notStarted}
                  </th>
                  <th scope="col" className="num">
                    {labels.inProgress}
                  </th>
                  <th scope="col" className="num">
                    {labels.completed}
                  </th>
                  {pairs ? (
                    <th scope="col" className="num">
                      {labels.overdue}
                    </th>
                  ) : null}
                  <th scope="col">{t.reports.rate}</th>
                  <th scope="col" className="num">
                    {t.reports.passRate}
                  </th>
                  <th scope="col">{t.reports.target}</th>
                </tr>
              </thead>
              <tbody>
                {report.children.map((c) => (
                  <tr key={c.id} data-unit={c.id}>
                    <th scope="row">
                      <Link to={`/reports/${c.id}${search}`}>{c.name}</Link>
                    </th>
                    <FiguresCells unitId={c.id} members={c.members} figures={c.figures} search={search} />
                    <td>
                      <TargetMark target={c.target} below={c.belowTarget} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="trend-h">
        <h2 id="trend-h">{t.reports.trend}</h2>
        <TrendChart points={trend} title={t.reports.trend} />
      </section>

      <section aria-labelledby="courses-title">
        <h2 id="courses-title">{t.reports.byCourse}</h2>
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="by-course">
            <thead>
              <tr>
                <th scope="col">{t.reports.course}</th>
                <th scope="col" className="num">
                  {t.reports.completed}
                </th>
                <th scope="col">{t.reports.rate}</th>
                <th scope="col" className="num">
                  {t.reports.passRate}
                </th>
                <th scope="col" className="num">
                  {t.reports.averageScore}
                </th>
                <th scope="col">{t.reports.target}</th>
              </tr>
            </thead>
            <tbody>
              {report.courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/reports/${report.unit.id}${reportSearchFor(c.id, report.asOf)}`}>{c.title}</Link>
                  </th>
                  <td className="num">{formatNumber(c.figures.completed)}</td>
                  <td>
                    <RateBar rate={c.figures.rate} label={c.title} />
                  </td>
                  <td className="num">{c.figures.passRate === null ? "—" : formatPercent(c.figures.passRate)}</td>
                  <td className="num">
                    {c.figures.averageScore === null ? "—" : formatNumber(Math.round(c.figures.averageScore * 10) / 10)}
                  </td>
                  <td>
                    <TargetMark target={c.target} below={c.belowTarget} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function reportSearchFor(courseId: number, asOf: string | null) {
  const q = new URLSearchParams({ course: String(courseId) });
  if (asOf) q.set("asOf", asOf);
  return `?${q.toString()}`;
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
