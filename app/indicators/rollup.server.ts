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
import { asc, sql } from "drizzle-orm";
import { db, rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { units } from "~/db/schema";
import { endOfVnDay, vnToday } from "~/i18n/time";
import { childrenAt } from "~/reports/unit-report.server";
import { isWithin, type Unit } from "~/units/tree.server";
import type { Indicator } from "./catalogue.server";
import { periodBounds } from "./periods";

export type Sum = { numerator: number; denominator: number };
export const rate = (s: Sum | undefined): number | null => (s && s.denominator > 0 ? s.numerator / s.denominator : null);

type TreeRow = Pick<Unit, "id" | "path" | "parentId" | "validFrom" | "validTo" | "successorId" | "name" | "kind">;

/** Every unit row (current and closed), by id: the map that follows successors. */
async function allUnits(): Promise<Map<number, TreeRow>> {
  const found = await db()
    .select({
      id: units.id,
      path: units.path,
      parentId: units.parentId,
      validFrom: units.validFrom,
      validTo: units.validTo,
      successorId: units.successorId,
      name: units.name,
      kind: units.kind,
    })
    .from(units)
    .orderBy(asc(units.id));
  return new Map(found.map((u) => [u.id, u]));
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

type ValueRow = { id: number; indicatorId: number; unitId: number; period: string; numerator: number; denominator: number; source: string };

/** The values in force on `day`: current rows (today), or per key the latest entered by the end of `asOf`. */
async function valuesAt(indicatorIds: number[], unitIds: number[], asOf: string | null): Promise<ValueRow[]> {
  if (indicatorIds.length === 0 || unitIds.length === 0) return [];
  const base = sql`SELECT id, indicator_id AS "indicatorId", unit_id AS "unitId", period, numerator, denominator, source
                     FROM indicator_values WHERE ${inIds(sql`indicator_id`, indicatorIds)} AND ${inIds(sql`unit_id`, unitIds)}`;
  if (!asOf) return rows<ValueRow>(sql`${base} AND current`);
  const found = await rows<ValueRow>(sql`${base} AND entered_at <= ${endOfVnDay(asOf)}`);
  const latest = new Map<string, ValueRow>();
  for (const r of found) {
    const key = `${r.indicatorId}:${r.unitId}:${r.period}`;
    if ((latest.get(key)?.id ?? 0) < r.id) latest.set(key, r);
  }
  return [...latest.values()];
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

/**
 * Sums of the unit's subtree and of each child's, per indicator and period, as the tree stood at the
 * end of `asOf` (or today). Periods that had not begun by that day are left out.
 */
export async function indicatorSums(
  unit: Pick<Unit, "id" | "path">,
  indicators: Pick<Indicator, "id">[],
  asOf: string | null,
): Promise<IndicatorSums> {
  const day = asOf ?? vnToday();
  const [byId, children] = await Promise.all([allUnits(), childrenAt(unit.id, asOf)]);
  // The rows whose values land in this subtree on that day (closed predecessors included).
  const top = standIn(byId, unit.id, day) ?? byId.get(unit.id)!;
  const standing = new Map<number, TreeRow>();
  for (const u of byId.values()) {
    const s = standIn(byId, u.id, day);
    if (s && isWithin(top, s)) standing.set(u.id, s);
  }
  const values = await valuesAt(
    indicators.map((i) => i.id),
    [...standing.keys()],
    asOf,
  );
  const total = new Map<number, Map<string, Sum>>();
  const byChild = new Map<number, Map<number, Map<string, Sum>>>();
  const demo = new Set<number>();
  for (const v of values) {
    if (periodBounds(v.period).first > day) continue;
    const s = standing.get(v.unitId);
    if (!s) continue;
    if (!total.has(v.indicatorId)) total.set(v.indicatorId, new Map());
    addTo(total.get(v.indicatorId)!, v.period, v);
    if (v.source === "demo") demo.add(v.indicatorId);
    const child = children.find((c) => isWithin(c, s));
    if (!child) continue; // the unit's own value: in the total, in no child's row
    if (!byChild.has(child.id)) byChild.set(child.id, new Map());
    const perIndicator = byChild.get(child.id)!;
    if (!perIndicator.has(v.indicatorId)) perIndicator.set(v.indicatorId, new Map());
    addTo(perIndicator.get(v.indicatorId)!, v.period, v);
  }
  return { total, byChild, children, demo, day };
}

/**
 * The target of an indicator for a unit and period: the most specific one — the unit's own or its
 * nearest ancestor's (targets on closed units follow their successors), this period's before "every
 * period", then the one for every unit. Null when none is set (no target is ever assumed).
 */
export async function targetResolver(asOf: string | null) {
  const day = asOf ?? vnToday();
  const [byId, targets] = await Promise.all([
    allUnits(),
    rows<{ indicatorId: number; unitId: number | null; period: string | null; rate: number; id: number }>(
      sql`SELECT id, indicator_id AS "indicatorId", unit_id AS "unitId", period, rate FROM indicator_targets ORDER BY id`,
    ),
  ]);
  const mapped = targets.map((tg) => ({ ...tg, unitId: tg.unitId === null ? null : (standIn(byId, tg.unitId, day)?.id ?? -1) }));
  return (indicatorId: number, unit: Pick<Unit, "path">, period: string): number | null => {
    const chain = [...unit.path.split("/").filter(Boolean).map(Number)].reverse();
    for (const unitId of [...chain, null]) {
      for (const p of [period, null]) {
        // The latest set wins when two match equally.
        const found = mapped.filter((tg) => tg.indicatorId === indicatorId && tg.unitId === unitId && tg.period === p).at(-1);
        if (found) return found.rate;
      }
    }
    return null;
  };
}
