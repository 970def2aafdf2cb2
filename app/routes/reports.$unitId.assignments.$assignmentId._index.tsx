import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { AsOfField } from "~/reports/as-of";
import { assignmentReport, reportAssignment } from "~/reports/assignment-report.server";
import { assignmentDates, STATE_ORDER, STATE_PARAM } from "~/reports/assignment-ui";
import { refuseBadAsOf, reportQuery } from "~/reports/query.server";
import { reportTrail, requireReportUnit } from "~/reports/report-access.server";
import { RateBar } from "~/reports/report-ui";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? t.assignments.reportTitle(data.assignment.courseTitle, data.unit.name) : t.reports.title} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, canSee } = await requireReportUnit(request, params.unitId);
  const assignment = await reportAssignment(Number(params.assignmentId));
  if (!assignment) throw new Response(t.errors.notFound, { status: 404 });
  const query = reportQuery(new URL(request.url));
  const base = `/reports/${unit.id}/assignments/${assignment.id}`;
  refuseBadAsOf(query, base);
  const [trail, report] = await Promise.all([reportTrail(unit, canSee), assignmentReport(unit, assignment, query.asOf)]);
  return {
    trail,
    unit: { id: unit.id, name: unit.name, code: unit.code },
    assignment,
    asOf: query.asOf,
    counts: report.counts,
    children: report.children,
    search: query.asOf ? `?asOf=${query.asOf}` : "",
    today: new Date().toISOString(),
  };
}

export default function AssignmentReportPage() {
  const d = useLoaderData<typeof loader>();
  const A = t.assignments;
  const base = (unitId: number) => `/reports/${unitId}/assignments/${d.assignment.id}`;
  const people = (unitId: number, state?: string) =>
    `${base(unitId)}/people${d.search}${state ? `${d.search ? "&" : "?"}state=${state}` : ""}`;
  const c = d.counts;
  return (
    <div className="stack report">
      <nav aria-label={t.units.breadcrumb} className="breadcrumb">
        <ol>
          {d.trail.map((a) => (
            <li key={a.id}>{a.open ? <Link to={`${base(a.id)}${d.search}`}>{a.name}</Link> : <span>{a.name}</span>}</li>
          ))}
          <li aria-current="page">{d.unit.name}</li>
        </ol>
      </nav>
      <h1>{A.reportTitle(d.assignment.courseTitle, d.unit.name)}</h1>
      <p data-testid="assignment-dates">
        <strong>{assignmentDates(d.assignment)}</strong>
        {d.assignment.note ? ` · ${d.assignment.note}` : ""}
        {d.assignment.status === "withdrawn" ? ` · ${A.statuses.withdrawn}` : ""}
      </p>
      <p className="muted">{d.asOf ? t.reports.asOfLabel(formatDate(d.asOf)) : t.reports.nowLabel(formatDate(d.today))}</p>
      <p className="no-print">
        <Link to={`/reports/${d.unit.id}${d.search}`}>← {t.reports.titleFor(d.unit.name)}</Link>
      </p>

      <Form method="get" className="filters no-print" noValidate>
        <AsOfField value={d.asOf} error={null} />
        <button type="submit" className="button button--secondary">
          {t.reports.show}
        </button>
      </Form>

      <section className="card" aria-labelledby="headline-title" data-testid="headline">
        <h2 id="headline-title">{A.members}</h2>
        <div className="headline">
          <p>
            <span className="headline__label">{A.states.assigned}</span>
            <Link className="headline__value" to={people(d.unit.id)} data-figure="assigned">
              {formatNumber(c.assigned)}
            </Link>
          </p>
          {STATE_ORDER.map((s) => (
            <p key={s}>
              <span className="headline__label">{A.states[s]}</span>
              <Link className="headline__value" to={people(d.unit.id, STATE_PARAM[s])} data-figure={STATE_PARAM[s]}>
                {formatNumber(c[s])}
              </Link>
            </p>
          ))}
        </div>
        <RateBar rate={c.rate} label={A.rate} />
        <p className="muted">{A.rate}</p>
      </section>

      <div className="actions no-print">
        <a className="button button--secondary" href={`${base(d.unit.id)}/export.xlsx${d.search}`} download>
          {t.reports.exportXlsx}
        </a>
        <a href={`${base(d.unit.id)}/export.csv${d.search}`} download title={t.exports.csvHint}>
          {t.exports.csvPeople}
        </a>
        <a href={`${base(d.unit.id)}/export.csv${d.search ? `${d.search}&` : "?"}table=units`} download title={t.exports.csvHint}>
          {t.exports.csvUnits}
        </a>
        <Link to={people(d.unit.id, "overdue")}>{A.overduePeople}</Link>
        {!d.asOf && c.overdue > 0 && d.assignment.status === "active" ? (
          <Link className="button" to={`${base(d.unit.id)}/remind`} data-testid="remind-link">
            {t.digest.remindButton}
          </Link>
        ) : null}
      </div>

      <section aria-labelledby="children-title">
        <h2 id="children-title">{A.childrenWorst}</h2>
        {d.children.length === 0 ? (
          <p className="muted">{t.reports.noChildren}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="children">
              <thead>
                <tr>
                  <th scope="col">{t.reports.unit}</th>
                  <th scope="col" className="num">
                    {A.states.assigned}
                  </th>
                  {STATE_ORDER.map((s) => (
                    <th scope="col" className="num" key={s}>
                      {A.states[s]}
                    </th>
                  ))}
                  <th scope="col">{t.reports.rate}</th>
                </tr>
              </thead>
              <tbody>
                {d.children.map((k) => (
                  <tr key={k.id} data-unit={k.id}>
                    <th scope="row">
                      <Link to={`${base(k.id)}${d.search}`}>{k.name}</Link>
                    </th>
                    <td className="num" data-figure="assigned">
                      {formatNumber(k.counts.assigned)}
                    </td>
                    {STATE_ORDER.map((s) => (
                      <td className="num" key={s} data-figure={STATE_PARAM[s]}>
                        <Link to={people(k.id, STATE_PARAM[s])}>{formatNumber(k.counts[s])}</Link>
                      </td>
                    ))}
                    <td>{formatPercent(k.counts.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
