import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useSyncExternalStore } from "react";
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
      <div className="no-print actions">
        <Link to={`/reports/${report.unit.id}${back}`}>← {t.common.back}</Link>
        <PrintButton />
      </div>
      {/* Nghị định 30/2020/NĐ-CP: the issuing body and the number on the left, Quốc hiệu and Tiêu ngữ
          and the place and date on the right (issue 20 item 2). */}
      <div className="print-head" data-testid="print-head">
        <div>
          <p className="print-head__line">{parent ? parent.toUpperCase() : ""}</p>
          <p className="print-head__line print-head__unit">{report.unit.name.toUpperCase()}</p>
          <p className="print-head__line print-head__number">{t.offices.printNumber(report.unit.code)}</p>
        </div>
        <div>
          <p className="print-head__line print-head__unit">{t.exports.nationalMotto}</p>
          <p className="print-head__line print-head__motto">{t.exports.nationalSubMotto}</p>
          <p className="print-head__line print-head__date">
            <em>{t.offices.printPlaceDate(t.offices.printPlace)}</em>
          </p>
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
      {/* The date line and the signatures stay together, and with the rows above them: never a
          signature block alone on a page (break-inside / break-before: avoid, app.css). */}
      <div className="print-end" data-testid="print-end">
        <p>{t.reports.printDate(formatDate(today))}</p>
        <div className="signatures">
          <div>
            <strong>{t.reports.signature}</strong>
            <br />
            <em>{t.reports.signatureHint}</em>
            <div className="print-recipients">
              <strong>
                <em>{t.offices.printRecipients}</em>
              </strong>
              {t.offices.printRecipientsLines.map((line) => (
                <span key={line}>{line}</span>
              ))}
            </div>
          </div>
          <div>
            <strong>{t.reports.signatureLeader}</strong>
            <br />
            <em>{t.reports.signatureHint}</em>
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * "In báo cáo": the browser's print dialog. It needs JavaScript, so it appears once the page runs it;
 * before (or without) it, the page says to use the browser's own print command.
 */
const noSubscription = () => () => {};

function PrintButton() {
  // false on the server and while hydrating, true after (as admin.units.tsx's unit filter).
  const ready = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return ready ? (
    <button type="button" className="button" onClick={() => window.print()} data-testid="print-button">
      {t.offices.printButton}
    </button>
  ) : (
    <span className="muted">{t.offices.printHint}</span>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
