// Server-rendered SVG: shows without JavaScript, prints, and carries its own text alternative.
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type TrendPoint = { weekStart: string; completed: number; cumulativeRate: number };

export function TrendChart({ points, title }: { points: TrendPoint[]; title: string }) {
  const width = 640;
  const height = 220;
  const pad = { left: 44, right: 44, top: 16, bottom: 34 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const maxBar = Math.max(1, ...points.map((p) => p.completed));
  const step = innerW / Math.max(1, points.length);
  const x = (i: number) => pad.left + i * step;
  const yBar = (v: number) => pad.top + innerH - (v / maxBar) * innerH;
  const yRate = (r: number) => pad.top + innerH - Math.min(1, r) * innerH;
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${(x(i) + step / 2).toFixed(1)},${yRate(p.cumulativeRate).toFixed(1)}`)
    .join(" ");
  const last = points[points.length - 1];
  const summary = t.reports.trendSummary(
    formatNumber(points.reduce((s, p) => s + p.completed, 0)),
    formatNumber(points.length),
    formatPercent(last?.cumulativeRate ?? 0),
  );
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="trend-title trend-desc" width="100%">
        <title id="trend-title">{title}</title>
        <desc id="trend-desc">{summary}</desc>
        <line x1={pad.left} y1={pad.top + innerH} x2={pad.left + innerW} y2={pad.top + innerH} stroke="#8a96a3" />
        {[0, 0.5, 1].map((r) => (
          <g key={r}>
            <line x1={pad.left} x2={pad.left + innerW} y1={yRate(r)} y2={yRate(r)} stroke="#e3e7eb" strokeDasharray="3 3" />
            <text x={width - pad.right + 4} y={yRate(r) + 4} fontSize="11" fill="#55606b">
              {formatPercent(r)}
            </text>
          </g>
        ))}
        <text x={pad.left - 6} y={pad.top + 10} fontSize="11" fill="#55606b" textAnchor="end">
          {formatNumber(maxBar)}
        </text>
        <text x={pad.left - 6} y={pad.top + innerH} fontSize="11" fill="#55606b" textAnchor="end">
          0
        </text>
        {points.map((p, i) => (
          <rect
            key={p.weekStart}
            x={x(i) + step * 0.15}
            width={step * 0.7}
            y={yBar(p.completed)}
            height={pad.top + innerH - yBar(p.completed)}
            fill="#0b4f8a"
          >
            <title>{`${formatDate(p.weekStart)}: ${formatNumber(p.completed)}`}</title>
          </rect>
        ))}
        <path d={line} fill="none" stroke="#9b1c1c" strokeWidth="2.5" />
        {points
          .filter((_, i) => i % Math.ceil(points.length / 6) === 0)
          .map((p) => {
            const i = points.indexOf(p);
            return (
              <text key={p.weekStart} x={x(i) + step / 2} y={height - 12} fontSize="11" fill="#55606b" textAnchor="middle">
                {formatDate(p.weekStart).slice(0, 5)}
              </text>
            );
          })}
      </svg>
      <figcaption>
        <span className="legend legend--bar">▮ {t.reports.weeklyCompletions}</span>{" "}
        <span className="legend legend--line">━ {t.reports.cumulativeRate}</span>
        <details>
          <summary>{t.reports.chartAsTable}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.reports.weekOf}</th>
                <th scope="col" className="num">
                  {t.reports.weeklyCompletions}
                </th>
                <th scope="col" className="num">
                  {t.reports.cumulativeRate}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.weekStart}>
                  <td>{formatDate(p.weekStart)}</td>
                  <td className="num">{formatNumber(p.completed)}</td>
                  <td className="num">{formatPercent(p.cumulativeRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
