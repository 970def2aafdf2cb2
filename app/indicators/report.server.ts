// The page of one unit: adoption and training together (/reports/<unit>/chi-so). For each indicator:
// its trend over the subtree, the target, the child units worst first, and beside them the completion
// of the indicator's supporting courses in the same units (the training report's own figures); then
// each child's change since training began against its share trained. Association only: the page
// never says training caused a change (docs/decisions/0035).
import { viCollator } from "~/i18n/format";
import type { Unit } from "~/units/tree.server";
import { listIndicators, supportingCourses, type Indicator } from "./catalogue.server";
import { lastPeriods, periodOf, previousPeriod } from "./periods";
import {
  indicatorSums,
  latestPeriods,
  rate,
  subtreeMap,
  targetResolver,
  totalsPlan,
  type IndicatorSums,
  type SubtreeMap,
  type Sum,
  type TotalsPlan,
} from "./rollup.server";
import { trainingFigures, trainingOf, trainingStarts, type Training } from "./training.server";

export type { Training } from "./training.server";
export const TREND_PERIODS = { month: 12, quarter: 8 } as const;

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

/** Adds the sums of a second read (other periods) into the first. */
function merge(into: IndicatorSums, more: IndicatorSums) {
  const add = (target: Map<number, Map<string, Sum>>, from: Map<number, Map<string, Sum>>) => {
    for (const [id, periods] of from) {
      if (!target.has(id)) target.set(id, new Map());
      for (const [p, v] of periods) target.get(id)!.set(p, v);
    }
  };
  add(into.total, more.total);
  for (const [child, m] of more.byChild) {
    if (!into.byChild.has(child)) into.byChild.set(child, new Map());
    add(into.byChild.get(child)!, m);
  }
  for (const id of more.demo) into.demo.add(id);
}

export async function indicatorReport(unit: Unit, asOf: string | null): Promise<{ day: string; blocks: IndicatorBlock[] }> {
  const list = await listIndicators();
  // "Now" from the stored totals (docs/decisions/0044); "as of" a past day summed on read (decision 0040).
  const [map, target, courseMap] = await Promise.all([
    (asOf === null ? totalsPlan(unit) : Promise.resolve(null)).then(
      (plan): Promise<SubtreeMap | TotalsPlan> | TotalsPlan => plan ?? subtreeMap(unit, asOf),
    ),
    targetResolver(asOf),
    supportingCourses(list.map((i) => i.id)),
  ]);
  const day = map.day;
  // The training figures of every supporting course, for the unit and its children, in one read.
  const courseIds = [...new Set([...courseMap.values()].flat().map((c) => c.id))];
  const [training, starts] = await Promise.all([
    trainingFigures([unit.id, ...map.children.map((c) => c.id)], courseIds, asOf),
    trainingStarts(unit.id, courseIds, day),
  ]);
  // The period before anyone in the unit started a supporting course: the "before" of the change.
  const baselineOf = new Map<number, string | null>();
  for (const indicator of list) {
    const ids = (courseMap.get(indicator.id) ?? []).map((c) => c.id);
    const started = ids.flatMap((id) => (starts.has(id) ? [starts.get(id)!] : [])).sort()[0] ?? null;
    baselineOf.set(indicator.id, started ? previousPeriod(periodOf(started, indicator.period)) : null);
  }
  // Only the periods the page shows are read: the trend (ending with the latest period with figures,
  // usually this one or the one before) and the baseline. First the trend's window ending today, one
  // period longer (this period is often not reported yet); the periods still missing after that in a
  // second read.
  const wanted = new Map(
    list.map((i) => {
      const ps = lastPeriods(day, i.period, TREND_PERIODS[i.period] + 1);
      const base = baselineOf.get(i.id);
      return [i.id, base && !ps.includes(base) ? [base, ...ps] : ps] as const;
    }),
  );
  // From the stored totals the children are read afterwards, for the two periods their rows show.
  const stored = "displaced" in map;
  const noPeriods = new Map<number, string[]>();
  const sums = await indicatorSums(unit, list, asOf, wanted, map, stored ? noPeriods : undefined);
  // An indicator without figures in that window: its latest period with any (a read of all its periods, rare).
  // (The baseline, read with the window, may lie before it: it does not count as the latest.)
  const latestOf = new Map<number, string>();
  for (const indicator of list) {
    const window = lastPeriods(day, indicator.period, TREND_PERIODS[indicator.period] + 1);
    const found = window.filter((p) => sums.total.get(indicator.id)?.has(p)).at(-1);
    if (found) latestOf.set(indicator.id, found);
  }
  const stale = list.filter((i) => !latestOf.has(i.id)).map((i) => i.id);
  if (stale.length > 0) {
    const full = "displaced" in map ? await subtreeMap(unit, asOf) : map;
    for (const [id, p] of await latestPeriods(full, stale, asOf)) latestOf.set(id, p);
  }
  const trendOf = new Map<number, string[]>();
  const missing = new Map<number, string[]>();
  for (const indicator of list) {
    const latestPeriod = latestOf.get(indicator.id) ?? null;
    const periods = lastPeriods(day, indicator.period, TREND_PERIODS[indicator.period]);
    // The trend ends with the latest period that has figures (the current one is often not reported yet).
    const end = latestPeriod && latestPeriod < periods.at(-1)! ? latestPeriod : periods.at(-1)!;
    const trend = lastPeriods(endDay(end, indicator.period), indicator.period, TREND_PERIODS[indicator.period]);
    trendOf.set(indicator.id, trend);
    const read = new Set(wanted.get(indicator.id));
    const more = [...trend, ...(latestPeriod ? [latestPeriod] : [])].filter((p) => !read.has(p));
    if (more.length > 0) missing.set(indicator.id, [...new Set(more)]);
  }
  if (missing.size > 0) merge(sums, await indicatorSums(unit, list, asOf, missing, map, stored ? noPeriods : undefined));
  if (stored && map.children.length > 0) {
    // The children's rows: the latest period and the baseline (all they show).
    const childPeriods = new Map(
      list.map((i) => [i.id, [latestOf.get(i.id), baselineOf.get(i.id)].filter((p): p is string => !!p)] as const),
    );
    merge(sums, await indicatorSums(unit, list, asOf, noPeriods, map, childPeriods));
  }

  const blocks: IndicatorBlock[] = [];
  for (const indicator of list) {
    const courses = courseMap.get(indicator.id) ?? [];
    const ids = courses.map((c) => c.id);
    const total = sums.total.get(indicator.id) ?? new Map<string, Sum>();
    const latestPeriod = latestOf.get(indicator.id) ?? null;
    const trendPeriods = trendOf.get(indicator.id)!;
    const latest = latestPeriod ? (total.get(latestPeriod) ?? null) : null;
    const latestRate = rate(latest ?? undefined);
    const unitTarget = latestPeriod ? target(indicator.id, unit, latestPeriod) : null;
    const baselinePeriod = baselineOf.get(indicator.id) ?? null;
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
        training: trainingOf(training, ids, c.id),
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
      training: trainingOf(training, ids, unit.id),
      baselinePeriod,
      children,
      association: association(children),
      demo: sums.demo.has(indicator.id),
    });
  }
  return { day, blocks };
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
