import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import { assignedPeople, reportAssignment, type AssignmentState } from "~/reports/assignment-report.server";
import { assignmentDates, STATE_ORDER, STATE_PARAM } from "~/reports/assignment-ui";
import { refuseBadAsOf, reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { NO_DUE_DAY } from "~/db/schema.shared";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? t.assignments.peopleTitle(data.assignment.courseTitle, data.unit.name) : t.reports.title} · ${t.app.name}` },
];

const PAGE = 50;
const FROM_PARAM = Object.fromEntries(STATE_ORDER.map((s) => [STATE_PARAM[s], s])) as Record<string, AssignmentState>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit } = await requireReportUnit(request, params.unitId);
  const assignment = await reportAssignment(Number(params.assignmentId));
  if (!assignment) throw new Response(t.errors.notFound, { status: 404 });
  const url = new URL(request.url);
  const query = reportQuery(url);
  refuseBadAsOf(query, `/reports/${unit.id}/assignments/${assignment.id}/people`);
  const asked = url.searchParams.get("state");
  const stateParam = asked !== null && Object.hasOwn(FROM_PARAM, asked) ? asked : undefined;
  const people = await assignedPeople(unit, assignment.id, {
    asOf: query.asOf,
    state: stateParam ? FROM_PARAM[stateParam] : null,
    q: query.q,
  });
  const pages = Math.max(1, Math.ceil(people.length / PAGE));
  const page = Math.min(query.page, pages);
  return {
    unit: { id: unit.id, name: unit.name },
    assignment,
    state: stateParam ?? "",
    q: query.q,
    asOf: query.asOf,
    total: people.length,
    page,
    pages,
    people: people.slice((page - 1) * PAGE, page * PAGE).map((p) => ({ ...p, fullName: fullName(p) })),
  };
}

const MARK: Record<AssignmentState, string> = {
  overdue: "status--todo",
  notStarted: "status--todo",
  inProgress: "status--started",
  late: "status--done",
  onTime: "status--done",
};

export default function AssignmentPeople() {
  const d = useLoaderData<typeof loader>();
  const A = t.assignments;
  const back = `/reports/${d.unit.id}/assignments/${d.assignment.id}${d.asOf ? `?asOf=${d.asOf}` : ""}`;
  const pageLink = (page: number) => {
    const q = new URLSearchParams();
    if (d.asOf) q.set("asOf", d.asOf);
    if (d.state) q.set("state", d.state);
    if (d.q) q.set("q", d.q);
    q.set("page", String(page));
    return `?${q.toString()}`;
  };
  return (
    <div className="stack">
      <p>
        <Link to={back}>← {A.reportTitle(d.assignment.courseTitle, d.unit.name)}</Link>
      </p>
      <h1>{A.peopleTitle(d.assignment.courseTitle, d.unit.name)}</h1>
      <p>{assignmentDates(d.assignment)}</p>
      {d.asOf ? <p className="muted">{t.reports.asOfLabel(formatDate(d.asOf))}</p> : null}
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="state">{t.reports.status}</label>
          <select id="state" name="state" defaultValue={d.state}>
            <option value="">{t.reports.all}</option>
            {STATE_ORDER.map((s) => (
              <option key={s} value={STATE_PARAM[s]}>
                {A.states[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t.reports.search}</label>
          <input id="q" name="q" type="search" defaultValue={d.q} maxLength={100} />
        </div>
        {d.asOf ? <input type="hidden" name="asOf" value={d.asOf} /> : null}
        <button type="submit" className="button button--secondary">
          {t.reports.filter}
        </button>
      </Form>
      <p aria-live="polite" data-testid="people-count">
        {t.reports.count(formatNumber(d.total))}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="people">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.units.staffCode}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.units.position}</th>
              <th scope="col">{A.dueOn}</th>
              <th scope="col">{t.reports.status}</th>
              <th scope="col">{t.reports.completedOn}</th>
            </tr>
          </thead>
          <tbody>
            {d.people.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/reports/${d.unit.id}/officials/${p.id}${d.asOf ? `?asOf=${d.asOf}` : ""}`}>{p.fullName}</Link>
                </th>
                <td>{p.staffCode}</td>
                <td>{p.unitName}</td>
                <td>{p.position}</td>
                <td>{p.dueOn === NO_DUE_DAY ? A.noDue : formatDate(p.dueOn)}</td>
                <td>
                  <span className={`status ${MARK[p.state]}`} data-state={STATE_PARAM[p.state]}>
                    {A.states[p.state]}
                  </span>
                </td>
                <td>{p.completedOn ? formatDate(p.completedOn) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <nav className="pager" aria-label={t.reports.page(formatNumber(d.page), formatNumber(d.pages))}>
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>← {t.reports.previous}</Link> : null}
          <span>{t.reports.page(formatNumber(d.page), formatNumber(d.pages))}</span>
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>{t.reports.next} →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
