// One unit's adoption indicators and training together (issue 18): each indicator's trend, target,
// child units worst first with the completion of the supporting courses beside them, and a scatter of
// the children. Scoped like every report (requireReportUnit); "as of" any past day.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { isAdmin } from "~/auth/permissions.server";
import { formatDate, formatNumber, formatPercent, formatPercentOneDecimal } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { signedPoints } from "~/indicators/chart-scale";
import { IndicatorTrend, TrainingScatter } from "~/indicators/charts";
import { formatPeriod } from "~/indicators/periods";
import { indicatorReport } from "~/indicators/report.server";
import { AsOfBoundary, AsOfField } from "~/reports/as-of";
import { refuseBadAsOf, reportQuery } from "~/reports/query.server";
import { reportTrail, requireReportUnit } from "~/reports/report-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t.indicators.pageTitle(data?.unit.name ?? "")} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = reportQuery(new URL(request.url));
  const { user, unit, canSee } = await requireReportUnit(request, params.unitId);
  refuseBadAsOf(query, `/reports/${unit.id}/chi-so`);
  const [trail, report] = await Promise.all([reportTrail(unit, canSee), indicatorReport(unit, query.asOf)]);
  return {
    unit: { id: unit.id, name: unit.name },
    trail,
    asOf: query.asOf,
    search: query.asOf ? `?asOf=${query.asOf}` : "",
    canEnter: isAdmin(user) || user.managedUnitId !== null,
    ...report,
  };
}

export default function IndicatorPage() {
  const d = useLoaderData<typeof loader>();
  const demo = d.blocks.some((b) => b.demo);
  return (
    <div className="stack report">
      <nav aria-label={t.units.breadcrumb} className="breadcrumb">
        <ol>
          {d.trail.map((a) => (
            <li key={a.id}>{a.open ? <Link to={`/reports/${a.id}/chi-so${d.search}`}>{a.name}</Link> : <span>{a.name}</span>}</li>
          ))}
          <li aria-current="page">{d.unit.name}</li>
        </ol>
      </nav>
      <h1>{t.indicators.pageTitle(d.unit.name)}</h1>
      <p className="muted">
        {d.asOf ? t.reports.asOfLabel(formatDate(d.asOf)) : t.reports.nowLabel(formatDate(d.day))} {t.indicators.asOfNote}
      </p>
      <p>{t.indicators.pageIntro}</p>
      {demo ? (
        <p className="alert" role="note" data-testid="demo-notice">
          {t.indicators.demoNotice}
        </p>
      ) : null}
      <Form method="get" className="filters no-print" noValidate>
        <AsOfField value={d.asOf} error={null} />
        <button type="submit" className="button button--secondary">
          {t.reports.show}
        </button>
      </Form>
      <p className="no-print">
        <Link to={`/reports/${d.unit.id}${d.search}`}>{t.indicators.backToReport}</Link>
        {" · "}
        <a href={`/reports/${d.unit.id}/chi-so/export.xlsx${d.search}`} download>
          {t.reports.exportXlsx}
        </a>
        {" · "}
        <Link to={`/reports/${d.unit.id}/chi-so/print${d.search}`}>{t.printViews.indicatorsLink}</Link>
        {d.canEnter ? (
          <>
            {" · "}
            <Link to={`/reports/${d.unit.id}/chi-so/nhap`}>{t.indicators.enterLink}</Link>
          </>
        ) : null}
      </p>
      {d.blocks.length === 0 ? <p>{t.indicators.noIndicators}</p> : null}
      {d.blocks.map((b) => {
        const id = `ind-${b.indicator.id}`;
        const scatter = b.children
          .filter((c) => c.change !== null && c.training?.rate != null)
          .map((c) => ({ id: c.id, name: c.name, x: c.training!.rate!, y: c.change! }));
        return (
          <section key={b.indicator.id} className="card stack" aria-labelledby={`${id}-h`} data-testid={`indicator-${b.indicator.code}`}>
            <h2 id={`${id}-h`}>
              {b.indicator.name} {b.demo ? <span className="badge">{t.indicators.demoBadge}</span> : null}
            </h2>
            <p className="muted">
              {t.indicators.numerator}: {b.indicator.numeratorLabel}. {t.indicators.denominator}: {b.indicator.denominatorLabel}.
            </p>
            {b.latestPeriod && b.latest ? (
              <dl className="headline">
                <div>
                  <dt>{t.indicators.latest(formatPeriod(b.latestPeriod))}</dt>
                  <dd data-figure="indicator-rate">
                    {b.latestRate === null ? "—" : formatPercentOneDecimal(b.latestRate)}{" "}
                    <span className="muted">
                      ({t.indicators.fraction(formatNumber(b.latest.numerator), formatNumber(b.latest.denominator))})
                    </span>
                    {b.small ? <span className="target target--below"> ⚠ {t.indicators.fewCases}</span> : null}
                  </dd>
                </div>
                <div>
                  <dt>{t.indicators.target}</dt>
                  <dd>
                    {b.target === null ? (
                      <span className="muted">{t.indicators.noTarget}</span>
                    ) : (
                      <>
                        {formatPercent(b.target)}{" "}
                        {b.belowTarget ? (
                          <span className="target target--below">⚠ {t.indicators.belowTarget}</span>
                        ) : (
                          <span className="target target--ok">✓</span>
                        )}
                      </>
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t.indicators.training}</dt>
                  <dd>
                    {b.training?.rate != null ? (
                      <>
                        {formatPercent(b.training.rate)} <span className="muted">({b.courses.map((c) => c.title).join("; ")})</span>
                      </>
                    ) : (
                      <span className="muted">{b.courses.length ? "—" : t.indicators.noTraining}</span>
                    )}
                  </dd>
                </div>
              </dl>
            ) : (
              <p className="muted">{t.indicators.noData}</p>
            )}
            <IndicatorTrend
              id={`${id}-trend`}
              title={t.indicators.trendTitle(b.indicator.name)}
              points={b.trend.map((p) => ({
                period: p.period,
                rate: p.rate,
                target: p.target,
                numerator: p.sum?.numerator ?? null,
                denominator: p.sum?.denominator ?? null,
              }))}
            />
            <h3>{t.indicators.childrenTitle}</h3>
            {b.children.length === 0 ? (
              <p className="muted">{t.indicators.noChildren}</p>
            ) : (
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
                  <tbody>
                    {b.children.map((c) => (
                      <tr key={c.id} data-unit={c.name}>
                        <th scope="row">
                          <Link to={`/reports/${c.id}/chi-so${d.search}`}>{c.name}</Link>
                        </th>
                        <td className="num">
                          {c.rate === null || !c.sum ? (
                            "—"
                          ) : (
                            <>
                              {formatPercentOneDecimal(c.rate)}{" "}
                              <span className="muted">
                                ({t.indicators.fraction(formatNumber(c.sum.numerator), formatNumber(c.sum.denominator))})
                              </span>
                              {c.small ? (
                                <span
                                  className="target target--below"
                                  title={t.indicators.fewCasesHint(formatNumber(b.indicator.minDenominator))}
                                >
                                  {" "}
                                  ⚠ {t.indicators.fewCases}
                                </span>
                              ) : null}
                            </>
                          )}
                        </td>
                        <td>
                          {c.target === null ? (
                            <span className="muted">—</span>
                          ) : c.belowTarget ? (
                            <span className="target target--below">⚠ {formatPercent(c.target)}</span>
                          ) : (
                            <span className="target target--ok">✓ {formatPercent(c.target)}</span>
                          )}
                        </td>
                        <td className="num">{c.training?.rate != null ? formatPercent(c.training.rate) : "—"}</td>
                        <td className="num">{c.change === null ? "—" : t.indicators.points(signedPoints(c.change))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {b.children.some((c) => c.small) ? (
              <p className="muted">⚠ {t.indicators.fewCasesHint(formatNumber(b.indicator.minDenominator))}</p>
            ) : null}
            {scatter.length > 0 ? (
              <TrainingScatter
                id={`${id}-scatter`}
                title={t.indicators.scatterTitle(b.indicator.name)}
                points={scatter}
                search={d.search}
              />
            ) : null}
            {b.courses.length > 0 && b.children.length > 0 ? (
              <p data-testid="association">
                {b.association
                  ? t.indicators.association(
                      t.indicators.points(signedPoints(b.association.higher)),
                      t.indicators.points(signedPoints(b.association.lower)),
                    )
                  : t.indicators.associationTooFew}{" "}
                <span className="muted">{t.indicators.associationCaveat}</span>
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

export { AsOfBoundary as ErrorBoundary };
