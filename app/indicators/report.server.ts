// The page of one unit: adoption and training together (/reports/<unit>/chi-so). For each indicator:
// its trend over the subtree, the target, the child units worst first, and beside them the completion
// of the indicator's supporting courses in the same units (the training report's own figures); then
// each child's change since training began against its share trained. Association only: the page
// never says training caused a change (docs/decisions/0035).
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { viCollator } from "~/i18n/format";
import { unitReport } from "~/reports/unit-report.server";
import type { Unit } from "~/units/tree.server";
import { listIndicators, supportingCourses, type Indicator } from "./catalogue.server";
import { lastPeriods, periodOf, previousPeriod } from "./periods";
import { indicatorSums, rate, targetResolver, type Sum } from "./rollup.server";

export const TREND_PERIODS = { month: 12, quarter: 8 } as const;

export type Training = { completed: number; inScope: number; rate: number | null };
export type ChildRow = {
  id: number;
  name: string;
  sum: Sum | null;
  rate: number | null;
  /** Denominator below the indicator's minimum: too few cases to read much into the rate. */
  small: boolean;
  target: number | null;
  belowTarget: boolean;
  training: Training | null;
  /** Rate in the latest period minus the rate in the period before training began (null when either is missing). */
  change: number | null;
};
export type IndicatorBlock = {
  indicator: Pick<
    Indicator,
    "id" | "code" | "name" | "numeratorLabel" | "denominatorLabel" | "period" | "higherIsBetter" | "minDenominator"
  >;
  courses: { id: number; title: string }[];
  trend: { period: string; sum: Sum | null; rate: number | null; target: number | null }[];
  latestPeriod: string | null;
  latest: Sum | null;
  latestRate: number | null;
  small: boolean;
  target: number | null;
  belowTarget: boolean;
  training: Training | null;
  /** The period before the supporting courses were first started in this unit (the "before" of the change). */
  baselinePeriod: string | null;
  children: ChildRow[];
  /** Mean change of the better-trained half of the children and of the other half (null: too few children with both figures). */
  association: { higher: number; lower: number; pairs: number } | null;
  demo: boolean;
};

const trainingOf = (completed: number, inScope: number): Training => ({
  completed,
  inScope,
  rate: inScope > 0 ? completed / inScope : null,
});

/** The first day anyone in the unit's subtree started one of these courses (on or before `day`). */
async function trainingStart(unitId: number, courseIds: number[], day: string): Promise<string | null> {
  if (courseIds.length === 0) return null;
  const [found] = await rows<{ first: string | null }>(
    sql`SELECT min(day) AS first FROM rollup_daily WHERE unit_id = ${unitId} AND ${inIds(sql`course_id`, courseIds)} AND started > 0 AND day <= ${day}`,
  );
  return found?.first ?? null;
}

export async function indicatorReport(unit: Unit, asOf: string | null): Promise<{ day: string; blocks: IndicatorBlock[] }> {
  const list = await listIndicators();
  const [sums, target, courseMap] = await Promise.all([
    indicatorSums(unit, list, asOf),
    targetResolver(asOf),
    supportingCourses(list.map((i) => i.id)),
  ]);
  // The training figures of every supporting course, for the unit and its children (the report's own reads).
  const courseIds = [...new Set([...courseMap.values()].flat().map((c) => c.id))];
  const reports = new Map(await Promise.all(courseIds.map(async (id) => [id, await unitReport(unit, { asOf, selection: id })] as const)));
  const trainingFor = (ids: number[], unitId: number): Training | null => {
    let completed = 0;
    let inScope = 0;
    for (const id of ids) {
      const r = reports.get(id);
      if (!r) continue;
      const f = unitId === unit.id ? r.headline : r.children.find((c) => c.id === unitId)?.figures;
      if (!f) continue;
      completed += f.completed;
      inScope += f.inScope;
    }
    return ids.length === 0 ? null : trainingOf(completed, inScope);
  };

  const blocks: IndicatorBlock[] = [];
  for (const indicator of list) {
    const courses = courseMap.get(indicator.id) ?? [];
    const ids = courses.map((c) => c.id);
    const total = sums.total.get(indicator.id) ?? new Map<string, Sum>();
    const withData = [...total.keys()].sort();
    const latestPeriod = withData.at(-1) ?? null;
    const periods = lastPeriods(sums.day, indicator.period, TREND_PERIODS[indicator.period]);
    // The trend ends with the latest period that has figures (the current one is often not reported yet).
    const end = latestPeriod && latestPeriod < periods.at(-1)! ? latestPeriod : periods.at(-1)!;
    const trendPeriods = lastPeriods(endDay(end, indicator.period), indicator.period, TREND_PERIODS[indicator.period]);
    const latest = latestPeriod ? (total.get(latestPeriod) ?? null) : null;
    const latestRate = rate(latest ?? undefined);
    const unitTarget = latestPeriod ? target(indicator.id, unit, latestPeriod) : null;
    const started = await trainingStart(unit.id, ids, sums.day);
    const baselinePeriod = started ? previousPeriod(periodOf(started, indicator.period)) : null;
    const children: ChildRow[] = sums.children.map((c) => {
      const own = sums.byChild.get(c.id)?.get(indicator.id);
      const sum = latestPeriod ? (own?.get(latestPeriod) ?? null) : null;
      const r = rate(sum ?? undefined);
      const before = baselinePeriod ? rate(own?.get(baselinePeriod)) : null;
      const tg = latestPeriod ? target(indicator.id, c, latestPeriod) : null;
      return {
        id: c.id,
        name: c.name,
        sum,
        rate: r,
        small: sum !== null && sum.denominator < indicator.minDenominator,
        target: tg,
        belowTarget: tg !== null && r !== null && (indicator.higherIsBetter ? r < tg : r > tg),
        training: trainingFor(ids, c.id),
        change: r !== null && before !== null && latestPeriod !== baselinePeriod ? r - before : null,
      };
    });
    // Worst first: where help is needed (no figures at all come last).
    const sign = indicator.higherIsBetter ? 1 : -1;
    children.sort(
      (a, b) =>
        (a.rate === null ? 1 : 0) - (b.rate === null ? 1 : 0) ||
        sign * ((a.rate ?? 0) - (b.rate ?? 0)) ||
        viCollator.compare(a.name, b.name),
    );
    blocks.push({
      indicator,
      courses: courses.map((c) => ({ id: c.id, title: c.title })),
      trend: trendPeriods.map((p) => {
        const s = total.get(p) ?? null;
        return { period: p, sum: s, rate: rate(s ?? undefined), target: target(indicator.id, unit, p) };
      }),
      latestPeriod,
      latest,
      latestRate,
      small: latest !== null && latest.denominator < indicator.minDenominator,
      target: unitTarget,
      belowTarget:
        unitTarget !== null && latestRate !== null && (indicator.higherIsBetter ? latestRate < unitTarget : latestRate > unitTarget),
      training: trainingFor(ids, unit.id),
      baselinePeriod,
      children,
      association: association(children),
      demo: sums.demo.has(indicator.id),
    });
  }
  return { day: sums.day, blocks };
}

/** The last day of a period, for lastPeriods(). */
function endDay(period: string, kind: Indicator["period"]): string {
  if (kind === "month") return `${period}-28`;
  const [y, q] = period.split("-Q");
  return `${y}-${String(Number(q) * 3).padStart(2, "0")}-28`;
}

/** Mean change in the better-trained half of the children against the other half; null below four children with both figures. */
function association(children: ChildRow[]): IndicatorBlock["association"] {
  const pairs = children
    .filter((c) => c.change !== null && c.training?.rate !== null && c.training !== null && !c.small)
    .map((c) => ({ x: c.training!.rate!, y: c.change! }))
    .sort((a, b) => a.x - b.x);
  if (pairs.length < 4) return null;
  const half = Math.floor(pairs.length / 2);
  const mean = (list: { y: number }[]) => list.reduce((s, p) => s + p.y, 0) / list.length;
  return { lower: mean(pairs.slice(0, half)), higher: mean(pairs.slice(pairs.length - half)), pairs: pairs.length };
}
