// Server-rendered SVG for the indicator page (like the report's weekly trend): shows without
// JavaScript, prints, and carries a table fallback. Rates are drawn 0–100%.
import { Link } from "@remix-run/react";
import { formatPercent, formatPercentOneDecimal } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { SCATTER_BOX, scatterScale, signedPoints } from "./chart-scale";
import { formatPeriod } from "./periods";

type Point = { period: string; rate: number | null; target: number | null; numerator: number | null; denominator: number | null };

export function IndicatorTrend({ id, title, points }: { id: string; title: string; points: Point[] }) {
  const width = 640;
  const height = 200;
  const pad = { left: 44, right: 16, top: 14, bottom: 30 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = innerW / Math.max(1, points.length);
  const x = (i: number) => pad.left + i * step + step / 2;
  const y = (r: number) => pad.top + innerH - Math.min(1, Math.max(0, r)) * innerH;
  // A gap where a period has no figures: a new segment after it.
  let d = "";
  let pen = false;
  points.forEach((p, i) => {
    if (p.rate === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(p.rate).toFixed(1)} `;
    pen = true;
  });
  const target = points.at(-1)?.target ?? null;
  const known = points.filter((p) => p.rate !== null);
  const summary =
    known.length > 0
      ? t.indicators.trendSummary(
          formatPercentOneDecimal(known[0]!.rate!),
          formatPercentOneDecimal(known.at(-1)!.rate!),
          String(known.length),
        )
      : t.indicators.noData;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} width="100%">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {[0, 0.5, 1].map((r) => (
          <g key={r}>
            <line x1={pad.left} x2={pad.left + innerW} y1={y(r)} y2={y(r)} stroke="#e3e7eb" strokeDasharray="3 3" />
            <text x={pad.left - 6} y={y(r) + 4} fontSize="11" fill="#55606b" textAnchor="end">
              {formatPercent(r)}
            </text>
          </g>
        ))}
        {target !== null ? (
          <line
            x1={pad.left}
            x2={pad.left + innerW}
            y1={y(target)}
            y2={y(target)}
            stroke="#9b6a00"
            strokeWidth="1.5"
            strokeDasharray="6 4"
          />
        ) : null}
        <path d={d} fill="none" stroke="#0b4f8a" strokeWidth="2.5" />
        {points.map((p, i) =>
          p.rate === null ? null : (
            <circle key={p.period} cx={x(i)} cy={y(p.rate)} r="3.5" fill="#0b4f8a">
              <title>{`${formatPeriod(p.period)}: ${formatPercentOneDecimal(p.rate)}`}</title>
            </circle>
          ),
        )}
        {points
          .filter((_, i) => i % Math.ceil(points.length / 6) === 0)
          .map((p) => (
            <text key={p.period} x={x(points.indexOf(p))} y={height - 10} fontSize="11" fill="#55606b" textAnchor="middle">
              {formatPeriod(p.period)}
            </text>
          ))}
      </svg>
      <figcaption>
        <span className="legend legend--bar">━ {t.indicators.value}</span>{" "}
        {target !== null ? <span className="legend">┅ {t.indicators.target}</span> : null}
        <details>
          <summary>{t.indicators.trendAsTable}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.indicators.period_}</th>
                <th scope="col" className="num">
                  {t.indicators.numerator}
                </th>
                <th scope="col" className="num">
                  {t.indicators.denominator}
                </th>
                <th scope="col" className="num">
                  {t.indicators.value}
                </th>
                <th scope="col" className="num">
                  {t.indicators.target}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.period}>
                  <td>{formatPeriod(p.period)}</td>
                  <td className="num">{p.numerator ?? "—"}</td>
                  <td className="num">{p.denominator ?? "—"}</td>
                  <td className="num">{p.rate === null ? "—" : formatPercentOneDecimal(p.rate)}</td>
                  <td className="num">{p.target === null ? "—" : formatPercent(p.target)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

/** Child units: x = share trained, y = change of the indicator since training began; each point links to the unit's page. */
export function TrainingScatter({
  id,
  title,
  points,
  search,
}: {
  id: string;
  title: string;
  points: { id: number; name: string; x: number; y: number }[];
  search: string;
}) {
  const { width, height, pad } = SCATTER_BOX;
  const { innerW, innerH, span, px, py } = scatterScale(
    points.map((p) => p.y),
    SCATTER_BOX,
  );
  const points_ = signedPoints;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="group" aria-labelledby={`${id}-title ${id}-desc`} width="100%">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{t.indicators.scatterSummary(String(points.length))}</desc>
        <line x1={pad.left} x2={pad.left + innerW} y1={py(0)} y2={py(0)} stroke="#8a96a3" />
        <line x1={pad.left} x2={pad.left} y1={pad.top} y2={pad.top + innerH} stroke="#8a96a3" />
        {[0, 0.5, 1].map((v) => (
          <text key={v} x={px(v)} y={pad.top + innerH + 14} fontSize="11" fill="#55606b" textAnchor="middle">
            {formatPercent(v)}
          </text>
        ))}
        {[-span, 0, span].map((v) => (
          <text key={v} x={pad.left - 6} y={py(v) + 4} fontSize="11" fill="#55606b" textAnchor="end">
            {points_(v)}
          </text>
        ))}
        <text x={pad.left + innerW / 2} y={height - 4} fontSize="11" fill="#55606b" textAnchor="middle">
          {t.indicators.scatterX}
        </text>
        {points.map((p) => (
          <Link key={p.id} to={`/reports/${p.id}/chi-so${search}`} aria-label={`${p.name}: ${formatPercent(p.x)}, ${points_(p.y)}`}>
            <circle cx={px(p.x)} cy={py(p.y)} r="6" fill="#0b4f8a" fillOpacity="0.75">
              <title>{`${p.name}: ${formatPercent(p.x)}; ${t.indicators.points(points_(p.y))}`}</title>
            </circle>
          </Link>
        ))}
      </svg>
      <figcaption>
        <span className="muted">{t.indicators.scatterY}</span>
        {/* The same points as text: each unit, its share trained and its change, with its link. */}
        <details data-testid="scatter-table">
          <summary>{t.printViews.scatterAsTable}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.printViews.scatterUnit}</th>
                <th scope="col" className="num">
                  {t.indicators.scatterX}
                </th>
                <th scope="col" className="num">
                  {t.indicators.scatterY}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/reports/${p.id}/chi-so${search}`}>{p.name}</Link>
                  </th>
                  <td className="num">{formatPercent(p.x)}</td>
                  <td className="num">{t.indicators.points(points_(p.y))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
