// The indicator page on paper (issue 18 item 4): the same official frame as the unit report's print
// view (app/reports/print-frame.tsx) around each indicator's figures, trend and child units, the
// signatures kept with the last rows of the last table. Scoped like the page (requireReportUnit).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate, formatNumber, formatPercent, formatPercentOneDecimal } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { IndicatorTrend } from "~/indicators/charts";
import { signedPoints } from "~/indicators/chart-scale";
import { formatPeriod } from "~/indicators/periods";
import { indicatorReport } from "~/indicators/report.server";
import { AsOfBoundary } from "~/reports/as-of";
import { PrintFrame, PrintSignatures, PrintTail, splitTail } from "~/reports/print-frame";
import { refuseBadAsOf, reportQuery } from "~/reports/query.server";
import { reportTrail, requireReportUnit } from "~/reports/report-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${t.printViews.indicatorsTitle} · ${data?.unit.name ?? ""}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = reportQuery(new URL(request.url));
  const { unit, canSee } = await requireReportUnit(request, params.unitId);
  refuseBadAsOf(query, `/reports/${unit.id}/chi-so/print`);
  const [trail, report] = await Promise.all([reportTrail(unit, canSee), indicatorReport(unit, query.asOf)]);
  return {
    unit: { id: unit.id, name: unit.name, code: unit.code },
    parent: trail[trail.length - 1]?.name ?? null,
    asOf: query.asOf,
    search: query.asOf ? `?asOf=${query.asOf}` : "",
    today: new Date().toISOString(),
    ...report,
  };
}

type Block = ReturnType<typeof useLoaderData<typeof loader>>["blocks"][number];

export default function IndicatorPrint() {
  const d = useLoaderData<typeof loader>();
  const demo = d.blocks.some((b) => b.demo);
  const last = d.blocks.length - 1;
  return (
    <PrintFrame
      parentName={d.parent}
      unitName={d.unit.name}
      unitCode={d.unit.code}
      title={t.printViews.indicatorsTitle}
      back={`/reports/${d.unit.id}/chi-so${d.search}`}
      lines={[
        <>
          {d.asOf ? t.reports.asOfLabel(formatDate(d.asOf)) : t.reports.nowLabel(formatDate(d.day))} {t.indicators.asOfNote}
        </>,
      ]}
    >
      <p>{t.indicators.pageIntro}</p>
      {demo ? (
        <p className="alert" role="note" data-testid="demo-notice">
          {t.indicators.demoNotice}
        </p>
      ) : null}
      {d.blocks.length === 0 ? (
        <div className="print-tail">
          <p>{t.indicators.noIndicators}</p>
          <PrintSignatures today={d.today} />
        </div>
      ) : null}
      {d.blocks.map((b, i) => (
        <IndicatorSection key={b.indicator.id} block={b} today={i === last ? d.today : null} />
      ))}
    </PrintFrame>
  );
}

/** One indicator: its figures, trend, child units and the association; the last one carries the signatures. */
function IndicatorSection({ block: b, today }: { block: Block; today: string | null }) {
  const closing = b.courses.length > 0 && b.children.length > 0 ? <Association block={b} /> : null;
  return (
    <section className="print-section" aria-labelledby={`ind-${b.indicator.id}-h`} data-testid={`indicator-${b.indicator.code}`}>
      <h2 id={`ind-${b.indicator.id}-h`} className="print-keep-with-next">
        {b.indicator.name} {b.demo ? <span className="badge">{t.indicators.demoBadge}</span> : null}
      </h2>
      <p>
        {t.indicators.numerator}: {b.indicator.numeratorLabel}. {t.indicators.denominator}: {b.indicator.denominatorLabel}.
      </p>
      <p>
        {b.latestPeriod && b.latest ? (
          <>
            {t.printViews.latestLine(
              formatPeriod(b.latestPeriod),
              b.latestRate === null ? "—" : formatPercentOneDecimal(b.latestRate),
              t.indicators.fraction(formatNumber(b.latest.numerator), formatNumber(b.latest.denominator)),
            )}{" "}
            {b.small ? `⚠ ${t.indicators.fewCases}. ` : null}
            {b.target === null ? t.indicators.noTarget + "." : t.printViews.targetLine(formatPercent(b.target))}{" "}
            {b.training?.rate != null
              ? t.printViews.trainingLine(formatPercent(b.training.rate), b.courses.map((c) => c.title).join("; "))
              : null}
          </>
        ) : (
          t.indicators.noData
        )}
      </p>
      <IndicatorTrend
        id={`ind-${b.indicator.id}-trend`}
        title={t.indicators.trendTitle(b.indicator.name)}
        points={b.trend.map((p) => ({
          period: p.period,
          rate: p.rate,
          target: p.target,
          numerator: p.sum?.numerator ?? null,
          denominator: p.sum?.denominator ?? null,
        }))}
      />
      {/* The association and the note on small denominators before the table, not after it: the
          table's last rows end the section, with the signatures under them in the last one. */}
      {b.children.length === 0 ? (
        <Closing today={today}>
          {closing}
          <p>{t.indicators.noChildren}</p>
        </Closing>
      ) : (
        <>
          {closing}
          {b.children.some((c) => c.small) ? <p>⚠ {t.indicators.fewCasesHint(formatNumber(b.indicator.minDenominator))}</p> : null}
          <ChildrenTable block={b} today={today} />
        </>
      )}
    </section>
  );
}

/** Text with nothing to keep the signatures with but itself: one unbreakable group with them. */
function Closing({ today, children }: { today: string | null; children: ReactNode }) {
  if (!today) return <>{children}</>;
  return (
    <div className="print-tail">
      {children}
      <PrintSignatures today={today} />
    </div>
  );
}

function Association({ block: b }: { block: Block }) {
  return (
    <p data-testid="association">
      {b.association
        ? t.indicators.association(
            t.indicators.points(signedPoints(b.association.higher)),
            t.indicators.points(signedPoints(b.association.lower)),
          )
        : t.indicators.associationTooFew}{" "}
      {t.indicators.associationCaveat}
    </p>
  );
}

function ChildrenTable({ block: b, today }: { block: Block; today: string | null }) {
  const row = (c: Block["children"][number]) => <ChildTableRow key={c.id} child={c} />;
  const parts = today ? splitTail(b.children) : { body: b.children, tail: [] };
  return (
    <div className="table-wrap" tabIndex={0}>
      <table data-testid="children">
        <thead>
          <tr>
            <th scope="col">{t.indicators.unit}</th>
            <th scope="col" className="num">
              {t.indicators.value}
              {b.latestPeriod ? ` (${formatPeriod(b.latestPeriod)})` : ""}
            </th>
            <th scope="col">{t.indicators.target}</th>
            <th scope="col" className="num">
              {t.indicators.training}
            </th>
            <th scope="col" className="num">
              {b.baselinePeriod ? t.indicators.changeSince(formatPeriod(b.baselinePeriod)) : t.indicators.change}
            </th>
          </tr>
        </thead>
        {parts.body.length > 0 ? <tbody>{parts.body.map(row)}</tbody> : null}
        {today ? (
          <PrintTail columns={5} today={today}>
            {parts.tail.map(row)}
          </PrintTail>
        ) : null}
      </table>
    </div>
  );
}

function ChildTableRow({ child: c }: { child: Block["children"][number] }) {
  return (
    <tr data-unit={c.name}>
      <th scope="row">{c.name}</th>
      <td className="num">
        {c.rate === null || !c.sum ? (
          "—"
        ) : (
          <>
            {formatPercentOneDecimal(c.rate)} ({t.indicators.fraction(formatNumber(c.sum.numerator), formatNumber(c.sum.denominator))})
            {c.small ? ` ⚠ ${t.indicators.fewCases}` : null}
          </>
        )}
      </td>
      <td>{c.target === null ? "—" : `${c.belowTarget ? "⚠" : "✓"} ${formatPercent(c.target)}`}</td>
      <td className="num">{c.training?.rate != null ? formatPercent(c.training.rate) : "—"}</td>
      <td className="num">{c.change === null ? "—" : t.indicators.points(signedPoints(c.change))}</td>
    </tr>
  );
}

export { AsOfBoundary as ErrorBoundary };
