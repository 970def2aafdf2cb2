import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { refuseBadAsOf, reportQuery, reportSearch } from "~/reports/query.server";
import { reportTrail, requireReportUnit } from "~/reports/report-access.server";
import { unitReport } from "~/reports/unit-report.server";
import { unitAssignments } from "~/reports/assignment-report.server";
import { assignmentDates } from "~/reports/assignment-ui";
import { figureLabels } from "~/reports/labels";
import { PrintFrame, PrintTail, splitTail } from "~/reports/print-frame";

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

// Laid out like an official report (Nghị định 30/2020): the shared print frame, the figures, and the
// signatures kept with the last rows of the last table (app/reports/print-frame.tsx).
export default function PrintReport() {
  const { report, parent, back, today, assignments } = useLoaderData<typeof loader>();
  const labels = figureLabels(report.selection);
  const rows = [
    { name: report.unit.name, members: report.members, f: report.headline, strong: true },
    ...report.children.map((c) => ({ name: c.name, members: c.members, f: c.figures, strong: false })),
  ];
  const unitRow = (r: (typeof rows)[number]) => (
    <tr key={r.name} style={r.strong ? { fontWeight: 700 } : undefined}>
      <td>{r.name}</td>
      <td className="num">{formatNumber(r.members)}</td>
      <td className="num">{formatNumber(r.f.notStarted)}</td>
      <td className="num">{formatNumber(r.f.inProgress)}</td>
      <td className="num">{formatNumber(r.f.completed)}</td>
      <td className="num">{formatPercent(r.f.rate)}</td>
      <td className="num">{r.f.passRate === null ? "—" : formatPercent(r.f.passRate)}</td>
    </tr>
  );
  const assignmentRow = (a: (typeof assignments)[number]) => (
    <tr key={a.id}>
      <td>{a.courseTitle}</td>
      <td>{assignmentDates(a)}</td>
      <td className="num">{formatNumber(a.counts.assigned)}</td>
      <td className="num">{formatNumber(a.counts.overdue)}</td>
      <td className="num">{formatPercent(a.counts.rate)}</td>
    </tr>
  );
  // The signatures close the last table: the assignments' when there are any, else the units'.
  const signUnits = assignments.length === 0;
  const unitParts = signUnits ? splitTail(rows) : { body: rows, tail: [] };
  const assignmentParts = splitTail(assignments);
  return (
    <PrintFrame
      parentName={parent}
      unitName={report.unit.name}
      unitCode={report.unit.code}
      title={t.reports.printTitle}
      back={`/reports/${report.unit.id}${back}`}
      lines={[
        <>
          {t.reports.course}: {report.selection === "mandatory" ? t.reports.allMandatory : report.selectionTitle}
        </>,
        report.asOf ? t.reports.asOfLabel(formatDate(report.asOf)) : t.reports.nowLabel(formatDate(today)),
      ]}
    >
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="print-units">
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
          {unitParts.body.length > 0 ? <tbody>{unitParts.body.map(unitRow)}</tbody> : null}
          {signUnits ? (
            <PrintTail columns={7} today={today}>
              {unitParts.tail.map(unitRow)}
            </PrintTail>
          ) : null}
        </table>
      </div>
      {assignments.length > 0 ? (
        <>
          <h2 className="print-keep-with-next">{t.assignments.activeInScope}</h2>
          <div className="table-wrap" tabIndex={0}>
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
              {assignmentParts.body.length > 0 ? <tbody>{assignmentParts.body.map(assignmentRow)}</tbody> : null}
              <PrintTail columns={5} today={today}>
                {assignmentParts.tail.map(assignmentRow)}
              </PrintTail>
            </table>
          </div>
        </>
      ) : null}
    </PrintFrame>
  );
}

export { AsOfBoundary as ErrorBoundary } from "~/reports/as-of";
