import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { refuseBadAsOf, reportQuery, reportSearch } from "~/reports/query.server";
import { reportTrail, requireReportUnit } from "~/reports/report-access.server";
import { unitReport } from "~/reports/unit-report.server";
import { unitAssignments } from "~/reports/assignment-report.server";
import { assignmentDates } from "~/reports/assignment-ui";
import { figureLabels } from "~/reports/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t.reports.printTitle} · ${data?.report.unit.name ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, canSee } = await requireReportUnit(request, params.unitId);
  const query = reportQuery(new URL(request.url));
  refuseBadAsOf(query, `/reports/${unit.id}/print`);
  const [trail, report, assignments] = await Promise.all([
    reportTrail(unit, canSee),
    unitReport(unit, { asOf: query.asOf, selection: query.selection }),
    unitAssignments(unit, query.asOf),
  ]);
  return {
    report,
    assignments,
    parent: trail[trail.length - 1]?.name ?? null,
    back: reportSearch({ selection: report.selection, asOf: query.asOf }),
    today: new Date().toISOString(),
  };
}

// Laid out like an official report: issuing body, title, date, figures, signature block.
export default function PrintReport() {
  const { report, parent, back, today, assignments } = useLoaderData<typeof loader>();
  const labels = figureLabels(report.selection);
  const rows = [
    { name: report.unit.name, members: report.members, f: report.headline, strong: true },
    ...report.children.map((c) => ({ name: c.name, members: c.members, f: c.figures, strong: false })),
  ];
  return (
    <div className="print-page">
      <p className="no-print">
        <Link to={`/reports/${report.unit.id}${back}`}>← {t.common.back}</Link>
      </p>
      <div className="print-head">
        <div>
          <p style={{ margin: 0 }}>{parent ? parent.toUpperCase() : ""}</p>
          <p style={{ margin: 0, fontWeight: 700 }}>{report.unit.name.toUpperCase()}</p>
        </div>
        <div>
          <p style={{ margin: 0, fontWeight: 700 }}>{t.exports.nationalMotto}</p>
          <p style={{ margin: 0, fontWeight: 700 }}>{t.exports.nationalSubMotto}</p>
        </div>
      </div>
      <h1 className="print-title">{t.reports.printTitle}</h1>
      <p style={{ textAlign: "center", margin: 0 }}>
        {t.reports.course}: {report.selection === "mandatory" ? t.reports.allMandatory : report.selectionTitle}
      </p>
      <p style={{ textAlign: "center" }}>
        {report.asOf ? t.reports.asOfLabel(formatDate(report.asOf)) : t.reports.nowLabel(formatDate(today))}
      </p>
      <div className="table-wrap">
        <table>
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
              <th scope="col" className="num">
                {t.reports.rate}
              </th>
              <th scope="col" className="num">
                {t.reports.passRate}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} style={r.strong ? { fontWeight: 700 } : undefined}>
                <td>{r.name}</td>
                <td className="num">{formatNumber(r.members)}</td>
                <td className="num">{formatNumber(r.f.notStarted)}</td>
                <td className="num">{formatNumber(r.f.inProgress)}</td>
                <td className="num">{formatNumber(r.f.completed)}</td>
                <td className="num">{formatPercent(r.f.rate)}</td>
                <td className="num">{r.f.passRate === null ? "—" : formatPercent(r.f.passRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {assignments.length > 0 ? (
        <>
          <h2>{t.assignments.activeInScope}</h2>
          <div className="table-wrap">
            <table data-testid="print-assignments">
              <thead>
                <tr>
                  <th scope="col">{t.reports.course}</th>
                  <th scope="col">{t.assignments.dates}</th>
                  <th scope="col" className="num">
                    {t.assignments.states.assigned}
                  </th>
                  <th scope="col" className="num">
                    {t.assignments.states.overdue}
                  </th>
                  <th scope="col" className="num">
                    {t.reports.rate}
                  </th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <td>{a.courseTitle}</td>
                    <td>{assignmentDates(a)}</td>
                    <td className="num">{formatNumber(a.counts.assigned)}</td>
                    <td className="num">{formatNumber(a.counts.overdue)}</td>
                    <td className="num">{formatPercent(a.counts.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p>{t.reports.printDate(formatDate(today))}</p>
      <div className="signatures">
        <div>
          <strong>{t.reports.signature}</strong>
          <br />
          <em>{t.reports.signatureHint}</em>
        </div>
        <div>
          <strong>{t.reports.signatureLeader}</strong>
          <br />
          <em>{t.reports.signatureHint}</em>
        </div>
      </div>
    </div>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
