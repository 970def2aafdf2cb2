// Stored indicator totals (issue 18 item 7, docs/decisions/0044): the page's "now" read from
// indicator_totals (plus the on-read correction for rows that stand elsewhere than their path) must give
// exactly what the on-read sums give, for every open unit and random periods; and the stored rows must
// equal a rebuild from the current values. Checked on the demo's values, then after a correction, a
// merge, a move across districts, a split, a reorganisation dated in the future, and values entered on
// the new rows. Both engines (scripts/with-postgres.sh).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows, transaction } from "~/db/client.server";
import { seededRandom } from "~/demo/seed.server";
import { vnToday } from "~/i18n/time";
import { ensureIndicatorCatalogue, listIndicators, type Indicator } from "~/indicators/catalogue.server";
import { indicatorReport } from "~/indicators/report.server";
import { indicatorSums, subtreeMap, totalsPlan } from "~/indicators/rollup.server";
import { rebuildIndicatorTotals } from "~/indicators/totals.server";
import { recordValues } from "~/indicators/values.server";
import { mergeUnits, moveUnit, splitUnit } from "~/units/reorganise.server";
import { getUnitByCode, type Unit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
let catalogue: Indicator[];
before(async () => {
  file = await useTestDatabase({ progress: true });
  await ensureIndicatorCatalogue();
  catalogue = await listIndicators();
});
after(() => dropTestDatabase(file));

const rand = seededRandom(44);
const unit = async (code: string) => (await getUnitByCode(code))!;
const today = vnToday();

type Row = { unitId: number; indicatorId: number; period: string; n: number; d: number; c: number; demo: number };
async function storedRows(): Promise<string[]> {
  const found = await rows<Row>(
    sql`SELECT unit_id AS "unitId", indicator_id AS "indicatorId", period, numerator AS n, denominator AS d, value_count AS c, demo_count AS demo
          FROM indicator_totals WHERE value_count <> 0 OR numerator <> 0 OR denominator <> 0 OR demo_count <> 0
         ORDER BY unit_id, indicator_id, period`,
  );
  return found.map((r) => [r.unitId, r.indicatorId, r.period, ...[r.n, r.d, r.c, r.demo].map(Number)].join("|"));
}

/** The stored rows equal a rebuild from the current values (the rebuild rolled back). */
async function checkStoredAgainstRebuild(label: string) {
  const stored = await storedRows();
  let rebuilt: string[] = [];
  await transaction(async () => {
    await rebuildIndicatorTotals();
    rebuilt = await storedRows();
    throw new RollBack();
  }).catch((e) => {
    if (!(e instanceof RollBack)) throw e;
  });
  assert.ok(rebuilt.length > 0, `${label}: the rebuild found values`);
  assert.deepEqual(stored, rebuilt, `${label}: stored totals = a rebuild from the current values`);
}
class RollBack extends Error {}

/** For every open unit (and random period lists), the totals' "now" read = the on-read sums. */
async function checkReads(label: string) {
  const open = await rows<{ id: number }>(sql`SELECT id FROM units WHERE valid_to IS NULL ORDER BY id`);
  const periods = (await rows<{ period: string }>(sql`SELECT DISTINCT period FROM indicator_values ORDER BY period`)).map((r) => r.period);
  let compared = 0;
  let served = 0;
  for (const { id } of open) {
    const u = (await rows<Unit>(sql`SELECT id, path FROM units WHERE id = ${id}`))[0]!;
    // Every period with values, and a random handful (with one that has none).
    const all = new Map<number, string[]>(catalogue.map((i) => [i.id, periods]));
    const some = new Map<number, string[]>(catalogue.map((i) => [i.id, [...periods.filter(() => rand() < 0.3), "2001-01"]]));
    const plan = await totalsPlan(u);
    if (!plan) continue;
    served++;
    for (const wanted of [all, some]) {
      const stored = await indicatorSums(u, catalogue, null, wanted, plan);
      const onRead = await indicatorSums(u, catalogue, null, wanted, await subtreeMap(u, null));
      assert.deepEqual(stored.total, onRead.total, `${label}: unit ${id}'s total`);
      assert.deepEqual(stored.byChild, onRead.byChild, `${label}: unit ${id}'s children`);
      assert.deepEqual([...stored.demo].sort(), [...onRead.demo].sort(), `${label}: unit ${id}'s demo label`);
      assert.deepEqual(
        stored.children.map((c) => c.id),
        onRead.children.map((c) => c.id),
      );
      compared += [...onRead.total.values()].reduce((s, m) => s + m.size, 0);
    }
  }
  assert.ok(served >= 3, `${label}: the totals served ${served} units`);
  assert.ok(compared > 0, `${label}: some figures compared`);
  await checkStoredAgainstRebuild(label);
}

describe("stored indicator totals = the on-read sums", () => {
  test("on the demo's values", async () => {
    const [stored] = await rows<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_totals`);
    assert.ok(Number(stored!.n) > 0, "the demo's recordValues wrote totals");
    await checkReads("demo");
  });

  test("after corrections (a demo value corrected on the form, a new value, a value set back)", async () => {
    const [a, b] = await Promise.all([unit("LA-TT-X01"), unit("LA-TTR-X02")]);
    const ind = catalogue[0]!;
    const [cur] = await rows<{ period: string }>(
      sql`SELECT period FROM indicator_values WHERE unit_id = ${a.id} AND indicator_id = ${ind.id} AND current ORDER BY period DESC LIMIT 1`,
    );
    assert.ok(cur, "the demo has a value to correct");
    await recordValues(
      [
        { indicatorId: ind.id, unitId: a.id, period: cur.period, numerator: 3, denominator: 7 },
        { indicatorId: ind.id, unitId: b.id, period: "2025-01", numerator: 1, denominator: 2 },
        { indicatorId: ind.id, unitId: b.id, period: "2025-01", numerator: 2, denominator: 2 }, // a key twice: corrected in the same call
      ],
      "form",
      null,
    );
    await checkReads("correction");
  });

  test("after a merge (dated today), a move across districts and a split", async () => {
    const [x3, x4] = await Promise.all([unit("LA-TT-X03"), unit("LA-TT-X04")]);
    const merged = await mergeUnits([x3.id, x4.id], { name: "Xã Tổng Hợp", code: "LA-TT-TH" }, today, null);
    await checkReads("merge");
    const [x5, other] = await Promise.all([unit("LA-TT-X05"), unit("LA-TTR")]);
    await moveUnit(x5.id, other.id, today, null);
    await checkReads("move");
    const x7 = await unit("LA-TTR-X07");
    await splitUnit(
      x7.id,
      [
        { name: "Xã Tách Một", code: "LA-TTR-T1", staffCodes: [] },
        { name: "Xã Tách Hai", code: "LA-TTR-T2", staffCodes: [] },
      ],
      today,
      null,
    );
    await checkReads("split");
    // Values entered on the new rows after the change, and a correction of an old row's value.
    const ind = catalogue[1]!;
    const moved = await unit("LA-TT-X05");
    await recordValues(
      [
        { indicatorId: ind.id, unitId: merged.id, period: "2025-02", numerator: 5, denominator: 9 },
        { indicatorId: ind.id, unitId: moved.id, period: "2025-02", numerator: 4, denominator: 9 },
        { indicatorId: ind.id, unitId: x3.id, period: "2025-02", numerator: 1, denominator: 9 },
        { indicatorId: ind.id, unitId: x5.id, period: "2025-03", numerator: 2, denominator: 9 },
      ],
      "import",
      null,
    );
    await checkReads("values after the reorganisations");
  });

  test("the page's figures are the same from the totals and on read", async () => {
    const district = await unit("LA-TTR");
    const plan = await totalsPlan(district);
    assert.ok(plan, "the totals serve an open district");
    assert.ok(plan.displaced.length > 0, "the reorganisations above left rows that stand elsewhere than stored");
    const page = await indicatorReport(district, null);
    // As of today is summed on read: the same page.
    const onRead = await indicatorReport(district, today);
    assert.deepEqual(
      page.blocks.map((b) => [b.indicator.code, b.latestPeriod, b.latest, b.trend, b.children.map((c) => [c.id, c.sum, c.change])]),
      onRead.blocks.map((b) => [b.indicator.code, b.latestPeriod, b.latest, b.trend, b.children.map((c) => [c.id, c.sum, c.change])]),
    );
  });
  test("a reorganisation dated in the future: today the old tree, from the totals too", async () => {
    const [x8, district] = await Promise.all([unit("LA-TTR-X08"), unit("LA-TT")]);
    const later = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 8)}01`;
    await moveUnit(x8.id, district.id, later, null);
    await checkReads("future move");
  });
});
