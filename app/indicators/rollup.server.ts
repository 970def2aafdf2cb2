// Indicator figures of a unit and its children, now or "as of" a day (issue 18, docs/decisions/0035).
// Numerators and denominators are summed over the subtree, then divided: a commune of 10 dossiers
// weighs what it is, not as much as one of 1,000.
//
// Reorganisations: a value stays on the unit row it was entered for. Read for a day D, each value's
// unit is followed along its successors while that row was already closed on D (a merge, a move, an
// abolished tier), so a merged commune's history adds into its successor from the merge on, and a
// report for a day before the change finds the old rows still open and shows the old tree. The
// children are the tree's on D (childrenAt, as the training report). A split unit's history goes to
// its first part (numerators cannot be divided between parts without a source: the decision says so).
// Values themselves are read as of D too: the latest version entered by the end of D.
import { sql } from "drizzle-orm";
import { dialect, rows } from "~/db/client.server";
import { inIds, jsonTable } from "~/db/portable.server";
import { ancestorIds, pathUpperBound } from "~/db/unit-path";
import { endOfVnDay, vnToday } from "~/i18n/time";
import { childrenAt } from "~/reports/unit-report.server";
import { isWithin, type Unit } from "~/units/tree.server";
import type { Indicator } from "./catalogue.server";
import { periodBounds, previousPeriod } from "./periods";

export type Sum = { numerator: number; denominator: number };
export const rate = (s: Sum | undefined): number | null => (s && s.denominator > 0 ? s.numerator / s.denominator : null);

type TreeRow = Pick<Unit, "id" | "path" | "parentId" | "validFrom" | "validTo" | "successorId">;

const TREE_COLUMNS = sql`id, path, parent_id AS "parentId", valid_from AS "validFrom", valid_to AS "validTo", successor_id AS "successorId"`;

/** Unit rows by id, with the rows their successor chains go through (a handful of reads: reorganisations are few). */
async function withSuccessors(found: TreeRow[]): Promise<Map<number, TreeRow>> {
  const byId = new Map(found.map((u) => [u.id, u]));
  for (let hops = 0; hops < 64; hops++) {
    const missing = [...byId.values()].filter((u) => u.successorId !== null && !byId.has(u.successorId)).map((u) => u.successorId!);
    if (missing.length === 0) break;
    for (const u of await rows<TreeRow>(sql`SELECT ${TREE_COLUMNS} FROM units WHERE ${inIds(sql`id`, [...new Set(missing)])}`))
      byId.set(u.id, u);
  }
  return byId;
}

/**
 * The unit rows whose values can land in the subtree of `top`: the rows in its path range (one range
 * scan of the unique path index, open and closed), and the closed rows elsewhere that have a successor
 * (a commune merged into, or moved under, this subtree from outside), with their successor chains.
 */
async function subtreeRows(top: Pick<Unit, "path">): Promise<Map<number, TreeRow>> {
  return withSuccessors(
    await rows<TreeRow>(
      sql`SELECT ${TREE_COLUMNS} FROM units
           WHERE (path >= ${top.path} AND path < ${pathUpperBound(top.path)}) OR (valid_to IS NOT NULL AND successor_id IS NOT NULL)`,
    ),
  );
}

/** The unit row that stands for `id` in the tree of day `day`: itself while open, else its successor open then; null if none. */
export function standIn(byId: Map<number, TreeRow>, id: number, day: string): TreeRow | null {
  let u = byId.get(id);
  for (let hops = 0; u && hops < 64; hops++) {
    if (u.validFrom > day) return null; // not yet in the tree on that day
    if (u.validTo === null || u.validTo > day) return u;
    u = u.successorId ? byId.get(u.successorId) : undefined;
  }
  return null;
}

export type IndicatorSums = {
  /** indicator id → period → sum over the unit's whole subtree. */
  total: Map<number, Map<string, Sum>>;
  /** child unit id → indicator id → period → sum over that child's subtree. */
  byChild: Map<number, Map<number, Map<string, Sum>>>;
  children: Unit[];
  /** Indicator ids with at least one demo value in the sums (labelled as demo data where shown). */
  demo: Set<number>;
  day: string;
};

const addTo = (m: Map<string, Sum>, period: string, v: Sum) => {
  const s = m.get(period) ?? { numerator: 0, denominator: 0 };
  s.numerator += v.numerator;
  s.denominator += v.denominator;
  m.set(period, s);
};

/** Where a subtree's values go on a day: per unit row whose values land in it, the child it adds into (0: the unit's own). */
export type SubtreeMap = { day: string; children: Unit[]; into: [unitId: number, child: number][] };

/** The unit's subtree as it stood at the end of `asOf` (or today): its children, and which rows add into which child. */
export async function subtreeMap(unit: Pick<Unit, "id" | "path">, asOf: string | null): Promise<SubtreeMap> {
  const day = asOf ?? vnToday();
  // The page's unit may itself be closed on that day: its successor's subtree then.
  const own = await withSuccessors(await rows<TreeRow>(sql`SELECT ${TREE_COLUMNS} FROM units WHERE id = ${unit.id}`));
  const top = standIn(own, unit.id, day) ??
    own.get(unit.id) ?? { ...unit, parentId: null, validFrom: "", validTo: null, successorId: null };
  const [byId, children] = await Promise.all([subtreeRows(top), childrenAt(unit.id, asOf)]);
  const childIds = new Set(children.map((c) => c.id));
  const depth = ancestorIds(top.path).length; // the index of a child's id in a descendant's path
  const into: SubtreeMap["into"] = [];
  for (const u of byId.values()) {
    const s = standIn(byId, u.id, day);
    if (!s || !isWithin(top, s)) continue;
    const child = ancestorIds(s.path)[depth];
    // The unit's own value (or one below a row that is not a child that day): in the total, in no child's row.
    into.push([u.id, child !== undefined && childIds.has(child) ? child : 0]);
  }
  return { day, children, into };
}

/** (indicator, period) pairs to read; null: every period that had begun by the day. */
export type PeriodsWanted = Map<number, string[]> | null;

type Grouped = {
  child: number;
  indicatorId: number;
  period: string;
  n: number | string;
  d: number | string;
  /** Values summed in, and of them demo values. */
  c: number | string;
  demo: number | string;
};

/**
 * Numerators and denominators summed in SQL per child (0: the unit's own rows), indicator and period,
 * over the values in force on the day: the current rows, or "as of" per key the latest version entered
 * by the end of that day. Only the periods asked for are read.
 */
async function groupedSums(map: SubtreeMap, indicatorIds: number[], periods: PeriodsWanted, asOf: string | null): Promise<Grouped[]> {
  if (indicatorIds.length === 0 || map.into.length === 0) return [];
  const pairs = periods ? [...periods].flatMap(([i, ps]) => ps.map((p) => [i, p] as [number, string])) : null;
  if (pairs && pairs.length === 0) return [];
  const inForce = asOf
    ? sql`v.id = (SELECT max(o.id) FROM indicator_values o
                   WHERE o.indicator_id = v.indicator_id AND o.unit_id = v.unit_id AND o.period = v.period
                     AND o.entered_at <= ${endOfVnDay(asOf)})`
    : sql`v.current`;
  const unitsTable = jsonTable(map.into, [
    ["u", "int"],
    ["c", "int"],
  ]);
  const select = sql`SELECT m.c AS child, v.indicator_id AS "indicatorId", v.period, sum(v.numerator) AS n, sum(v.denominator) AS d,
                            count(*) AS c, sum(CASE WHEN v.source = 'demo' THEN 1 ELSE 0 END) AS demo`;
  if (pairs) {
    // Both lists read once (MATERIALIZED: SQLite would otherwise parse the JSON again per row of the other),
    // then one lookup per (indicator, period, unit) in the (indicator, unit, period) index.
    const k = jsonTable(pairs, [
      ["i", "int"],
      ["p", "text"],
    ]);
    // PostgreSQL estimates 100 rows for each JSON list and, for a commune's page, would rather scan
    // every value row than probe the index 10,000 times: LATERAL makes it probe, once per pair and unit.
    if (dialect() === "postgres")
      return rows<Grouped>(
        sql`WITH k AS MATERIALIZED ${k}, m AS MATERIALIZED ${unitsTable}
            ${select}
              FROM k CROSS JOIN m
              CROSS JOIN LATERAL (SELECT v.numerator, v.denominator, v.source, v.indicator_id, v.period FROM indicator_values v
                                   WHERE v.indicator_id = k.i AND v.unit_id = m.u AND v.period = k.p AND ${inForce}) AS v
             GROUP BY m.c, v.indicator_id, v.period`,
      );
    return rows<Grouped>(
      sql`WITH k AS MATERIALIZED ${k}, m AS MATERIALIZED ${unitsTable}
          ${select}
            FROM k CROSS JOIN m
            JOIN indicator_values v ON v.indicator_id = k.i AND v.unit_id = m.u AND v.period = k.p
           WHERE ${inForce}
           GROUP BY m.c, v.indicator_id, v.period`,
    );
  }
  return rows<Grouped>(
    sql`${select}
          FROM ${unitsTable} AS m
          JOIN indicator_values v ON v.unit_id = m.u
         WHERE ${inIds(sql`v.indicator_id`, indicatorIds)} AND ${inForce}
         GROUP BY m.c, v.indicator_id, v.period`,
  );
}

/**
 * Sums of the unit's subtree and of each child's, per indicator and period, as the tree stood at the
 * end of `asOf` (or today). Periods that had not begun by that day are left out; with `periods`, only
 * those (indicator → periods) are read — the page reads the ones it shows.
 */
export async function indicatorSums(
  unit: Pick<Unit, "id" | "path">,
  indicators: Pick<Indicator, "id">[],
  asOf: string | null,
  periods: PeriodsWanted = null,
  map?: SubtreeMap | TotalsPlan,
  /** From the stored totals only: the children's periods, when fewer than the unit's (default: the same). */
  childPeriods?: Map<number, string[]>,
): Promise<IndicatorSums> {
  // "Now", for the periods asked for: from the stored totals (docs/decisions/0044).
  if (map && "displaced" in map && periods) return storedSums(map, indicators, periods, childPeriods ?? periods);
  const tree = map && "into" in map ? map : await subtreeMap(unit, asOf);
  const day = tree.day;
  const found = await groupedSums(
    tree,
    indicators.map((i) => i.id),
    periods,
    asOf,
  );
  const total = new Map<number, Map<string, Sum>>();
  const byChild = new Map<number, Map<number, Map<string, Sum>>>();
  const demo = new Set<number>();
  for (const r of found) {
    if (periodBounds(r.period).first > day) continue;
    const v = { numerator: Number(r.n), denominator: Number(r.d) };
    if (!total.has(r.indicatorId)) total.set(r.indicatorId, new Map());
    addTo(total.get(r.indicatorId)!, r.period, v);
    if (Number(r.demo) > 0) demo.add(r.indicatorId);
    const child = Number(r.child);
    if (child === 0) continue; // the unit's own value: in the total, in no child's row
    if (!byChild.has(child)) byChild.set(child, new Map());
    const perIndicator = byChild.get(child)!;
    if (!perIndicator.has(r.indicatorId)) perIndicator.set(r.indicatorId, new Map());
    addTo(perIndicator.get(r.indicatorId)!, r.period, v);
  }
  return { total, byChild, children: tree.children, demo, day };
}

/** Where a row's values are, relative to the page's unit: -1 outside its subtree, 0 in its total only, else the child's id. */
type Place = number;

/**
 * What the page needs to read "now" from the stored totals (docs/decisions/0044): the unit's row, its
 * children, and the rows whose values stand on the day elsewhere than their path puts them in the
 * totals (closed rows followed to their successors, rows not open yet), with where each is stored and
 * where it stands. Null when the totals cannot serve the unit exactly (its row is not open today, or a
 * child's path is not directly below it): the page then sums on read.
 */
export type TotalsPlan = {
  day: string;
  children: Unit[];
  top: TreeRow;
  displaced: { unitId: number; stored: Place; stands: Place }[];
};

export async function totalsPlan(unit: Pick<Unit, "id">): Promise<TotalsPlan | null> {
  const day = vnToday();
  const [own, children] = await Promise.all([
    rows<TreeRow>(sql`SELECT ${TREE_COLUMNS} FROM units WHERE id = ${unit.id}`),
    childrenAt(unit.id, null),
  ]);
  const top = own[0];
  if (!top || top.validFrom > day || (top.validTo !== null && top.validTo <= day)) return null;
  if (children.some((c) => c.path !== `${top.path}${c.id}/`)) return null;
  // The rows in the unit's range that are closed or not yet open on the day, and the closed rows anywhere
  // that have a successor (into the subtree from outside), with their successor chains. Open rows stand
  // where their path puts them.
  const byId = await withSuccessors(
    await rows<TreeRow>(
      sql`SELECT ${TREE_COLUMNS} FROM units
           WHERE (path >= ${top.path} AND path < ${pathUpperBound(top.path)} AND ((valid_to IS NOT NULL AND valid_to <= ${day}) OR valid_from > ${day}))
              OR (valid_to IS NOT NULL AND successor_id IS NOT NULL)`,
    ),
  );
  const childIds = new Set(children.map((c) => c.id));
  const depth = ancestorIds(top.path).length;
  const place = (u: TreeRow | null): Place => {
    if (!u || !isWithin(top, u)) return -1;
    const child = ancestorIds(u.path)[depth];
    return child !== undefined && childIds.has(child) ? child : 0;
  };
  const displaced: TotalsPlan["displaced"] = [];
  for (const u of byId.values()) {
    const stored = place(u);
    const stands = place(standIn(byId, u.id, day));
    if (stored !== stands) displaced.push({ unitId: u.id, stored, stands });
  }
  return { day, children, top, displaced };
}

type TotalRow = {
  unitId: number;
  indicatorId: number;
  period: string;
  n: number | string;
  d: number | string;
  c: number | string;
  demo: number | string;
};

/**
 * The stored rows of these units for the (indicator → periods) asked: per unit and indicator one range
 * of the key (unit, indicator, period) per run of consecutive periods (the trend's window; the baseline
 * often apart) — one seek and a few steps each, from the covering index, not a probe per period.
 */
async function readTotals(unitIds: number[], periods: Map<number, string[]>, wantedIds: Set<number>): Promise<TotalRow[]> {
  const ranges: [number, string, string][] = [];
  const asked = new Set<string>();
  for (const [i, ps] of periods) {
    if (!wantedIds.has(i)) continue;
    for (const p of [...new Set(ps)].sort()) {
      asked.add(`${i}|${p}`);
      const last = ranges.at(-1);
      if (last && last[0] === i && previousPeriod(p) === last[2]) last[2] = p;
      else ranges.push([i, p, p]);
    }
  }
  if (ranges.length === 0 || unitIds.length === 0) return [];
  const k = jsonTable(ranges, [
    ["i", "int"],
    ["lo", "text"],
    ["hi", "text"],
  ]);
  const m = jsonTable(
    unitIds.map((id) => [id]),
    [["u", "int"]],
  );
  const cols = sql`t.unit_id AS "unitId", t.indicator_id AS "indicatorId", t.period, t.numerator AS n, t.denominator AS d, t.value_count AS c, t.demo_count AS demo`;
  const found = await rows<TotalRow>(
    dialect() === "postgres"
      ? sql`WITH k AS MATERIALIZED ${k}, m AS MATERIALIZED ${m}
            SELECT ${cols} FROM k CROSS JOIN m
            CROSS JOIN LATERAL (SELECT * FROM indicator_totals t
                                 WHERE t.unit_id = m.u AND t.indicator_id = k.i AND t.period >= k.lo AND t.period <= k.hi) AS t`
      : sql`WITH k AS MATERIALIZED ${k}, m AS MATERIALIZED ${m}
            SELECT ${cols} FROM k CROSS JOIN m
            JOIN indicator_totals t ON t.unit_id = m.u AND t.indicator_id = k.i AND t.period >= k.lo AND t.period <= k.hi`,
  );
  return found.filter((r) => asked.has(`${r.indicatorId}|${r.period}`));
}

/**
 * The sums of the page's unit and its children "now" from the stored totals: the unit's and each child's
 * rows for the (indicator, period) pairs asked for (a probe of the primary key each), corrected by the
 * own values of the rows that stand elsewhere than stored (taken from where they are stored, added to
 * where they stand). The same figures as the on-read sums (an invariant test compares them).
 */
async function storedSums(
  plan: TotalsPlan,
  indicators: Pick<Indicator, "id">[],
  periods: Map<number, string[]>,
  childPeriods: Map<number, string[]> = periods,
): Promise<IndicatorSums> {
  const wantedIds = new Set(indicators.map((i) => i.id));
  const keysOf = (m: Map<number, string[]>) =>
    new Set([...m].filter(([i]) => wantedIds.has(i)).flatMap(([i, ps]) => ps.map((p) => `${i}|${p}`)));
  const forTotal = keysOf(periods);
  const forChildren = keysOf(childPeriods);
  const day = plan.day;
  type Acc = { n: number; d: number; c: number; demo: number };
  // place (0: the unit's total) → indicator → period
  const acc = new Map<number, Map<number, Map<string, Acc>>>();
  const add = (
    where: number,
    indicatorId: number,
    period: string,
    sign: number,
    r: { n: unknown; d: unknown; c: unknown; demo: unknown },
  ) => {
    if (!(where === 0 ? forTotal : forChildren).has(`${indicatorId}|${period}`)) return;
    if (!acc.has(where)) acc.set(where, new Map());
    const m = acc.get(where)!;
    if (!m.has(indicatorId)) m.set(indicatorId, new Map());
    const a = m.get(indicatorId)!.get(period) ?? { n: 0, d: 0, c: 0, demo: 0 };
    a.n += sign * Number(r.n);
    a.d += sign * Number(r.d);
    a.c += sign * Number(r.c);
    a.demo += sign * Number(r.demo);
    m.get(indicatorId)!.set(period, a);
  };
  for (const r of await readTotals([plan.top.id], periods, wantedIds)) add(0, r.indicatorId, r.period, 1, r);
  if (plan.children.length > 0)
    for (const r of await readTotals(
      plan.children.map((c) => c.id),
      childPeriods,
      wantedIds,
    ))
      add(Number(r.unitId), r.indicatorId, r.period, 1, r);
  if (plan.displaced.length > 0 && (forTotal.size > 0 || forChildren.size > 0)) {
    const both = new Map<number, string[]>();
    for (const m of [periods, childPeriods]) for (const [i, ps] of m) both.set(i, [...new Set([...(both.get(i) ?? []), ...ps])]);
    const own = await groupedSums({ day, children: [], into: plan.displaced.map((x) => [x.unitId, x.unitId]) }, [...wantedIds], both, null);
    const where = new Map(plan.displaced.map((x) => [x.unitId, x]));
    for (const r of own) {
      const x = where.get(Number(r.child))!;
      if (x.stored !== -1) add(0, r.indicatorId, r.period, -1, r);
      if (x.stored > 0) add(x.stored, r.indicatorId, r.period, -1, r);
      if (x.stands !== -1) add(0, r.indicatorId, r.period, 1, r);
      if (x.stands > 0) add(x.stands, r.indicatorId, r.period, 1, r);
    }
  }
  const total = new Map<number, Map<string, Sum>>();
  const byChild = new Map<number, Map<number, Map<string, Sum>>>();
  const demo = new Set<number>();
  for (const [where, perIndicator] of acc) {
    for (const [indicatorId, perPeriod] of perIndicator) {
      for (const [period, a] of perPeriod) {
        // A row with no current value left (all replaced or moved away) reads as no figures, as on read.
        if (a.c <= 0 || periodBounds(period).first > day) continue;
        const target = where === 0 ? total : (byChild.get(where) ?? byChild.set(where, new Map()).get(where)!);
        if (!target.has(indicatorId)) target.set(indicatorId, new Map());
        target.get(indicatorId)!.set(period, { numerator: a.n, denominator: a.d });
        if (where === 0 && a.demo > 0) demo.add(indicatorId);
      }
    }
  }
  return { total, byChild, children: plan.children, demo, day };
}

/**
 * The latest period (of the day's or earlier) with a current value in the subtree, per indicator: for an
 * indicator whose recent periods have no figures at all, so that the page still ends its trend there.
 */
export async function latestPeriods(map: SubtreeMap, indicatorIds: number[], asOf: string | null): Promise<Map<number, string>> {
  const found = await groupedSums(map, indicatorIds, null, asOf);
  const out = new Map<number, string>();
  for (const r of found) {
    if (periodBounds(r.period).first > map.day) continue;
    if ((out.get(r.indicatorId) ?? "") < r.period) out.set(r.indicatorId, r.period);
  }
  return out;
}

/**
 * The target of an indicator for a unit and period: the most specific one — the unit's own or its
 * nearest ancestor's (targets on closed units follow their successors), this period's before "every
 * period", then the one for every unit. Null when none is set (no target is ever assumed).
 */
export async function targetResolver(asOf: string | null) {
  const day = asOf ?? vnToday();
  const targets = await rows<{ indicatorId: number; unitId: number | null; period: string | null; rate: number; id: number }>(
    sql`SELECT id, indicator_id AS "indicatorId", unit_id AS "unitId", period, rate FROM indicator_targets ORDER BY id`,
  );
  // Only the rows targets are set on (and their successors), not the whole tree.
  const targetUnits = [...new Set(targets.flatMap((tg) => (tg.unitId === null ? [] : [tg.unitId])))];
  const byId =
    targetUnits.length === 0
      ? new Map<number, TreeRow>()
      : await withSuccessors(await rows<TreeRow>(sql`SELECT ${TREE_COLUMNS} FROM units WHERE ${inIds(sql`id`, targetUnits)}`));
  // By indicator, unit and period (the latest set wins when two match equally): one lookup per step.
  const index = new Map<string, number>();
  for (const tg of targets) {
    const unitId = tg.unitId === null ? null : (standIn(byId, tg.unitId, day)?.id ?? -1);
    index.set(`${tg.indicatorId}|${unitId}|${tg.period}`, tg.rate);
  }
  return (indicatorId: number, unit: Pick<Unit, "path">, period: string): number | null => {
    if (index.size === 0) return null;
    const chain = [...ancestorIds(unit.path)].reverse();
    for (const unitId of [...chain, null]) {
      for (const p of [period, null]) {
        const found = index.get(`${indicatorId}|${unitId}|${p}`);
        if (found !== undefined) return found;
      }
    }
    return null;
  };
}
