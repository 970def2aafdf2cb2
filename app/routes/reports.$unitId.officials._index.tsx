import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { peoplePage } from "~/reports/people-page.server";
import { STATUSES } from "~/reports/statuses";
import { refuseBadAsOf, reportQuery, reportSearch } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { CourseSelect } from "~/reports/report-ui";
import { unitReport } from "~/reports/unit-report.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t.reports.peopleOf(data?.unit.name ?? "")} · ${t.app.name}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit } = await requireReportUnit(request, params.unitId);
  const query = reportQuery(new URL(request.url));
  refuseBadAsOf(query, `/reports/${unit.id}/officials`);
  // The report settles the selection ("all assignments" before any has started: its first course) and
  // its figures count the list where they count the same people (peoplePage decides).
  const report = await unitReport(unit, { asOf: query.asOf, selection: query.selection });
  const filter = { status: query.status, q: query.q, asOf: query.asOf };
  const found = await peoplePage(unit, report.selection, filter, { page: query.page, headline: report.headline });
  return {
    unit: { id: unit.id, name: unit.name },
    courses: report.courses.map((c) => ({ id: c.id, title: c.title })),
    selection: report.selection,
    status: query.status ?? "",
    q: query.q,
    asOf: query.asOf,
    total: found.total,
    more: found.more,
    page: found.page,
    pages: found.pages,
    people: found.people,
    back: reportSearch({ selection: query.selection, asOf: query.asOf }),
  };
}

const LABEL = { "not-started": t.reports.notStarted, "in-progress": t.reports.inProgress, completed: t.reports.completed };
const CLASS = { "not-started": "status--todo", "in-progress": "status--started", completed: "status--done" };

export default function ReportPeople() {
  const d = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const q = new URLSearchParams(d.back.slice(1));
    if (d.status) q.set("status", d.status);
    if (d.q) q.set("q", d.q);
    q.set("page", String(page));
    return `?${q.toString()}`;
  };
  return (
    <div className="stack">
      <p>
        <Link to={`/reports/${d.unit.id}${d.back}`}>← {t.reports.titleFor(d.unit.name)}</Link>
      </p>
      <h1>{t.reports.peopleOf(d.unit.name)}</h1>
      <Form method="get" className="filters" role="search">
        <CourseSelect courses={d.courses} selection={d.selection} />
        <div className="field">
          <label htmlFor="status">{t.reports.status}</label>
          <select id="status" name="status" defaultValue={d.status}>
            <option value="">{t.reports.all}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t.reports.search}</label>
          <input id="q" name="q" type="search" defaultValue={d.q} />
        </div>
        {d.asOf ? <input type="hidden" name="asOf" value={d.asOf} /> : null}
        <button type="submit" className="button button--secondary">
          {t.reports.filter}
        </button>
      </Form>
      <p aria-live="polite" data-testid="people-count">
        {d.more ? t.nameSearch.countMore(formatNumber(d.total)) : t.reports.count(formatNumber(d.total))}
      </p>
      {d.more ? <p data-testid="search-more">{t.nameSearch.more(formatNumber(d.total))}</p> : null}
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="people">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.units.staffCode}</th>
              <th scope="col">{t.reports.unit}</th>
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
                <td>
                  <span className={`status ${CLASS[p.status]}`}>{LABEL[p.status]}</span>
                </td>
                <td>{p.completedAt ? formatDate(p.completedAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <nav className="pager" aria-label={t.reports.page(formatNumber(d.page), formatNumber(d.pages))}>
          {d.page > 2 ? <Link to={pageLink(1)}>« {t.reports.firstPage}</Link> : null}
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>← {t.reports.previous}</Link> : null}
          <span>{t.reports.page(formatNumber(d.page), formatNumber(d.pages))}</span>
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>{t.reports.next} →</Link> : null}
          {d.page < d.pages - 1 ? <Link to={pageLink(d.pages)}>{t.reports.lastPage} »</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
