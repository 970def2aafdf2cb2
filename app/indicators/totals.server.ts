// Stored totals of the indicator values (issue 18 item 7, docs/decisions/0044): per unit row, indicator
// and period, the numerators, denominators, number of values and of demo values of the CURRENT values
// entered for that row and every row below it by path. A unit row's path never changes (a reorganisation
// closes rows and opens new ones), so a value's ancestors are fixed when it is written and nothing here
// moves with a reorganisation: the page reads the stored rows of the unit and its children and corrects
// them on read for the few rows that stand elsewhere on the day (closed rows followed to their
// successors, rows not yet open): see rollup.server.ts (storedSums). Written only by recordValues, in
// the transaction that writes the values, set-based; "as of" a past day is not served from here.
import { sql, type SQL } from "drizzle-orm";
import { dialect, exec, rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { ancestorIds } from "~/db/unit-path";

export type TotalsDelta = {
  unitId: number;
  indicatorId: number;
  period: string;
  numerator: number;
  denominator: number;
  values: number;
  demo: number;
};

/** A JSON list as a table whose number columns are 64-bit on PostgreSQL (a root's sums outgrow int). */
function bigJsonTable(values: (number | string)[][], columns: [name: string, type: "big" | "text"][]): SQL {
  const json = JSON.stringify(values);
  if (dialect() === "postgres") {
    const cols = columns.map(([name, type], i) => `(e->>${i})::${type === "big" ? "bigint" : "text"} AS ${name}`).join(", ");
    return sql`(SELECT ${sql.raw(cols)} FROM jsonb_array_elements(${json}::jsonb) AS e)`;
  }
  const cols = columns.map(([name], i) => `json_extract(value, '$[${i}]') AS ${name}`).join(", ");
  return sql`(SELECT ${sql.raw(cols)} FROM json_each(${json}))`;
}

/** Rows per upsert statement (one JSON parameter each). */
const CHUNK = 5000;

/**
 * Adds the changes of values (new minus replaced, per value's own unit row) to that row and every
 * ancestor in its path: netted per (ancestor, indicator, period) in JS, then one upsert per chunk, in
 * key order (concurrent writers on PostgreSQL lock shared ancestors' rows in the same order).
 */
export async function addToTotals(deltas: TotalsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const unitIds = [...new Set(deltas.map((d) => d.unitId))];
  const paths = new Map<number, string>();
  for (let i = 0; i < unitIds.length; i += CHUNK)
    for (const u of await rows<{ id: number; path: string }>(
      sql`SELECT id, path FROM units WHERE ${inIds(sql`id`, unitIds.slice(i, i + CHUNK))}`,
    ))
      paths.set(Number(u.id), u.path);
  const net = new Map<string, [number, number, string, number, number, number, number]>();
  for (const d of deltas) {
    const path = paths.get(d.unitId);
    if (!path) throw new Error(`indicator totals: unit ${d.unitId} not found`);
    for (const a of ancestorIds(path)) {
      const key = `${a}|${d.indicatorId}|${d.period}`;
      const r = net.get(key) ?? [a, d.indicatorId, d.period, 0, 0, 0, 0];
      r[3] += d.numerator;
      r[4] += d.denominator;
      r[5] += d.values;
      r[6] += d.demo;
      net.set(key, r);
    }
  }
  const list = [...net.values()]
    .filter((r) => r[3] !== 0 || r[4] !== 0 || r[5] !== 0 || r[6] !== 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = bigJsonTable(list.slice(i, i + CHUNK), [
      ["u", "big"],
      ["i", "big"],
      ["p", "text"],
      ["n", "big"],
      ["d", "big"],
      ["c", "big"],
      ["demo", "big"],
    ]);
    // WHERE true: SQLite's upsert after INSERT … SELECT needs it (else ON is read as a join's).
    await exec(
      sql`INSERT INTO indicator_totals (unit_id, indicator_id, period, numerator, denominator, value_count, demo_count)
          SELECT r.u, r.i, r.p, r.n, r.d, r.c, r.demo FROM ${chunk} AS r WHERE true ORDER BY r.u, r.i, r.p
          ON CONFLICT (unit_id, indicator_id, period) DO UPDATE SET
            numerator = indicator_totals.numerator + excluded.numerator,
            denominator = indicator_totals.denominator + excluded.denominator,
            value_count = indicator_totals.value_count + excluded.value_count,
            demo_count = indicator_totals.demo_count + excluded.demo_count`,
    );
  }
}

/**
 * The totals computed again from the current values (a database that had values before the table
 * existed, or values written in bulk outside recordValues, as the bench does): every row replaced.
 * Runs in the caller's transaction.
 */
export async function rebuildIndicatorTotals(): Promise<void> {
  await exec(sql`DELETE FROM indicator_totals`);
  // In JS, by unit rows: each current value (one per unit row, indicator and period) added to
  // the row and each ancestor in its path (a SQL join of every value to every ancestor by path range took
  // minutes at national scale), then inserted per chunk.
  const found = await rows<{
    path: string;
    indicatorId: number;
    period: string;
    n: number | string;
    d: number | string;
    c: number | string;
    demo: number | string;
  }>(
    sql`SELECT u.path, v.indicator_id AS "indicatorId", v.period, v.numerator AS n, v.denominator AS d, 1 AS c,
               CASE WHEN v.source = 'demo' THEN 1 ELSE 0 END AS demo
          FROM indicator_values v JOIN units u ON u.id = v.unit_id
         WHERE v.current`,
  );
  const net = new Map<string, [number, number, string, number, number, number, number]>();
  for (const r of found) {
    for (const a of ancestorIds(r.path)) {
      const key = `${a}|${r.indicatorId}|${r.period}`;
      const t = net.get(key) ?? [a, Number(r.indicatorId), r.period, 0, 0, 0, 0];
      t[3] += Number(r.n);
      t[4] += Number(r.d);
      t[5] += Number(r.c);
      t[6] += Number(r.demo);
      net.set(key, t);
    }
  }
  const list = [...net.values()];
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = bigJsonTable(list.slice(i, i + CHUNK), [
      ["u", "big"],
      ["i", "big"],
      ["p", "text"],
      ["n", "big"],
      ["d", "big"],
      ["c", "big"],
      ["demo", "big"],
    ]);
    await exec(
      sql`INSERT INTO indicator_totals (unit_id, indicator_id, period, numerator, denominator, value_count, demo_count)
          SELECT r.u, r.i, r.p, r.n, r.d, r.c, r.demo FROM ${chunk} AS r`,
    );
  }
}

/** At start: the totals built once when there are values but no totals (a database from before the table). */
export async function ensureIndicatorTotals(): Promise<boolean> {
  const [hasValues, hasTotals] = await Promise.all([
    rows(sql`SELECT 1 AS x FROM indicator_values WHERE current LIMIT 1`),
    rows(sql`SELECT 1 AS x FROM indicator_totals LIMIT 1`),
  ]);
  if (hasValues.length === 0 || hasTotals.length > 0) return false;
  await rebuildIndicatorTotals();
  return true;
}
