// The scatter's scale (x: share trained, y: change of the indicator since training began), apart from
// the SVG so that a unit test can hold it to the figures: x from 0 to 100 % left to right, y symmetric
// around a zero line in the middle, its half-height the largest change (at least 5 points).

export type Box = { width: number; height: number; pad: { left: number; right: number; top: number; bottom: number } };

/** The scatter's SVG box (app/indicators/charts.tsx). */
export const SCATTER_BOX: Box = { width: 640, height: 260, pad: { left: 52, right: 16, top: 14, bottom: 40 } };

/** The smallest half-range of the y axis: 5 percentage points, so that tiny changes are not blown up. */
export const MIN_SPAN = 0.05;

export function scatterScale(ys: readonly number[], box: Box) {
  const innerW = box.width - box.pad.left - box.pad.right;
  const innerH = box.height - box.pad.top - box.pad.bottom;
  const span = Math.max(MIN_SPAN, ...ys.map((y) => Math.abs(y)));
  return {
    innerW,
    innerH,
    span,
    /** A share (0–1, clamped) to an SVG x. */
    px: (v: number) => box.pad.left + Math.min(1, Math.max(0, v)) * innerW,
    /** A change (−span … +span) to an SVG y: up is better. */
    py: (v: number) => box.pad.top + innerH / 2 - (v / span) * (innerH / 2),
  };
}

/** A change as signed percentage points ("+3,5", "-1", "0"), as the page and the chart write it. */
// One formatter for every call: toLocaleString builds a new one each time (24 ms of the root's page of 34
// children × 6 indicators, docs/decisions/0044); the same output.
const POINTS = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
export const signedPoints = (v: number) => `${v > 0 ? "+" : ""}${POINTS.format(v * 100)}`;
