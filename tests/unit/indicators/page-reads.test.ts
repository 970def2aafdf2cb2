// The unit page reads only what it shows (issue 18 item 7): the trend's periods and the baseline, the
// subtree's units, sums per child in SQL, and the supporting courses' completion from the figures'
// rollup rows in one read. These tests hold it to what it computed before: the page's figures against
// a read of every period (indicatorSums without a period list), and the training column against the
// unit report of each supporting course; on the demo's learning and indicator values, now and as of
// past days, with values outside the window, an indicator with only old figures, and after a merge.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { ensureIndicatorCatalogue, listIndicators, supportingCourses, type Indicator } from "~/indicators/catalogue.server";
import { lastPeriods } from "~/indicators/periods";
import { indicatorReport, TREND_PERIODS } from "~/indicators/report.server";
import { indicatorSums, rate, type Sum } from "~/indicators/rollup.server";
import { trainingFigures, trainingOf } from "~/indicators/training.server";
import { recordValues, valueHistory } from "~/indicators/values.server";
import { unitReport } from "~/reports/unit-report.server";
import { mergeUnits } from "~/units/reorganise.server";
import { getUnitByCode, rootUnit, type Unit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
let catalogue: Indicator[];
before(async () => {
  file = await useTestDatabase({ progress: true }); // the demo's learning and its indicator values
  await ensureIndicatorCatalogue();
  catalogue = await listIndicators();
});
after(() => dropTestDatabase(file));

const unit = async (code: string) => (await getUnitByCode(code))!;
const endDay = (period: string, kind: Indicator["period"]) =>
  kind === "month" ? `${period}-28` : `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, "0")}-28`;

/** The page's figures as they were computed before: from a read of every period. */
async function checkAgainstFullRead(u: Unit, asOf: string | null) {
  const [report, full] = await Promise.all([indicatorReport(u, asOf), indicatorSums(u, catalogue, asOf)]);
  assert.equal(report.blocks.length, catalogue.length);
  let compared = 0;
  for (const b of report.blocks) {
    const total = full.total.get(b.indicator.id) ?? new Map<string, Sum>();
    const latestPeriod = [...total.keys()].sort().at(-1) ?? null;
    assert.equal(b.latestPeriod, latestPeriod, `${u.name} ${asOf}: ${b.indicator.code}'s latest period`);
    assert.deepEqual(b.latest, latestPeriod ? total.get(latestPeriod) : null);
    const periods = lastPeriods(report.day, b.indicator.period, TREND_PERIODS[b.indicator.period]);
    const end = latestPeriod && latestPeriod < periods.at(-1)! ? latestPeriod : periods.at(-1)!;
    const trend = lastPeriods(endDay(end, b.indicator.period), b.indicator.period, TREND_PERIODS[b.indicator.period]);
    assert.deepEqual(
      b.trend.map((p) => [p.period, p.sum]),
      trend.map((p) => [p, total.get(p) ?? null]),
      `${u.name} ${asOf}: ${b.indicator.code}'s trend`,
    );
    for (const c of b.children) {
      const own = full.byChild.get(c.id)?.get(b.indicator.id);
      assert.deepEqual(c.sum, latestPeriod ? (own?.get(latestPeriod) ?? null) : null, `${c.name}: ${b.indicator.code}`);
      const r = rate(c.sum ?? undefined);
      const baseline = b.baselinePeriod ? rate(own?.get(b.baselinePeriod)) : null;
      assert.equal(c.change, r !== null && baseline !== null && latestPeriod !== b.baselinePeriod ? r - baseline : null);
      compared++;
    }
  }
  return { report, compared };
}

describe("the page reads only what it shows, with the same figures", () => {
  test("the training column is the unit report's figures of each supporting course (now and as of a past day)", async () => {
    const [province, district] = await Promise.all([rootUnit(), unit("LA-TT")]);
    const courseMap = await supportingCourses(catalogue.map((i) => i.id));
    const courseIds = [...new Set([...courseMap.values()].flat().map((c) => c.id))];
    assert.ok(courseIds.length >= 5, "the catalogue's supporting courses exist in the demo");
    let nonZero = 0;
    for (const u of [province!, district]) {
      for (const asOf of [null, "2026-10-15"]) {
        const reportChildren = (await unitReport(u, { asOf, selection: courseIds[0]! })).children.map((c) => c.id);
        const figures = await trainingFigures([u.id, ...reportChildren], courseIds, asOf);
        for (const id of courseIds) {
          const r = await unitReport(u, { asOf, selection: id });
          for (const [unitId, f] of [[u.id, r.headline] as const, ...r.children.map((c) => [c.id, c.figures] as const)]) {
            const mine = trainingOf(figures, [id], unitId)!;
            assert.deepEqual([mine.completed, mine.inScope], [f.completed, f.inScope], `${u.name} ${asOf} course ${id} unit ${unitId}`);
            if (f.completed > 0) nonZero++;
          }
        }
      }
    }
    assert.ok(nonZero > 10, "the demo's learning gives completions to compare");
  });

  test("the page's trend, latest period, children and change equal a read of every period, now and as of past days", async () => {
    const [province, district, x1, x2] = await Promise.all([rootUnit(), unit("LA-TT"), unit("LA-TT-X01"), unit("LA-TT-X02")]);
    const kySo = catalogue.find((i) => i.code === "KY_SO_VB_DI")!;
    // A value long before the trend's window (the page must not show it, nor take it for the latest),
    // and one this month.
    await recordValues(
      [
        { indicatorId: kySo.id, unitId: x1.id, period: "2024-03", numerator: 1, denominator: 50 },
        { indicatorId: kySo.id, unitId: x2.id, period: "2026-11", numerator: 49, denominator: 50 },
      ],
      "form",
      null,
      { at: "2026-11-25T02:00:00.000Z" },
    );
    let compared = 0;
    for (const u of [province!, district, x1]) {
      for (const asOf of [null, "2026-11-24", "2026-06-30"]) compared += (await checkAgainstFullRead(u, asOf)).compared;
    }
    assert.ok(compared > 50, `${compared} child rows compared`);
  });

  test("an indicator with figures only before the window ends its trend at its latest period, as before", async () => {
    // A unit with no demo values: a department of the province.
    const [free] = await rows<{ id: number; code: string }>(
      sql`SELECT u.id, u.code FROM units u WHERE u.parent_id IS NOT NULL AND u.valid_to IS NULL
             AND NOT EXISTS (SELECT 1 FROM indicator_values v JOIN units w ON w.id = v.unit_id
                              WHERE w.path >= u.path AND w.path < substr(u.path, 1, length(u.path) - 1) || '0')
           ORDER BY u.id LIMIT 1`,
    );
    assert.ok(free, "a unit without indicator values");
    const u = await unit(free.code);
    const hopThu = catalogue.find((i) => i.code === "HOP_THU")!;
    await recordValues(
      [
        { indicatorId: hopThu.id, unitId: u.id, period: "2024-05", numerator: 7, denominator: 10 },
        { indicatorId: hopThu.id, unitId: u.id, period: "2024-06", numerator: 8, denominator: 10 },
      ],
      "import",
      null,
      { at: "2026-11-25T02:00:00.000Z" },
    );
    const { report } = await checkAgainstFullRead(u, null);
    const block = report.blocks.find((b) => b.indicator.id === hopThu.id)!;
    assert.equal(block.latestPeriod, "2024-06");
    assert.equal(block.trend.at(-1)!.period, "2024-06");
    assert.deepEqual(block.latest, { numerator: 8, denominator: 10 });
    // Before those values were entered, the page has nothing for it.
    const earlier = await indicatorReport(u, "2026-11-24");
    assert.equal(earlier.blocks.find((b) => b.indicator.id === hopThu.id)!.latestPeriod, null);
  });

  test("after a merge: the successor's page and the district's before and after equal a read of every period", async () => {
    const [a, b, district] = await Promise.all([unit("LA-TTR-X03"), unit("LA-TTR-X04"), unit("LA-TTR")]);
    const merged = await mergeUnits([a.id, b.id], { name: "Xã Ghép Thử", code: "LA-TTR-GT" }, "2026-09-01", null);
    for (const asOf of [null, "2026-08-15", "2026-10-01"]) {
      await checkAgainstFullRead(district, asOf);
      await checkAgainstFullRead(merged, asOf);
    }
    const report = await indicatorReport(district, null);
    const row = report.blocks[0]!.children.find((c) => c.id === merged.id);
    assert.ok(row?.sum, "the successor's row carries its predecessors' history");
  });
});

describe("the import writes set-based, as before", () => {
  test("one call: new values, corrections (the old row kept, not current), unchanged values skipped, a key given twice → two versions", async () => {
    const kySo = catalogue.find((i) => i.code === "KY_SO_VB_DI")!;
    const [x5, x6, x7] = await Promise.all([unit("LA-TT-X05"), unit("LA-TT-X06"), unit("LA-TT-X07")]);
    await recordValues([{ indicatorId: kySo.id, unitId: x5.id, period: "2025-01", numerator: 1, denominator: 2 }], "form", 1);
    await recordValues([{ indicatorId: kySo.id, unitId: x6.id, period: "2025-01", numerator: 3, denominator: 4 }], "form", 1);
    const result = await recordValues(
      [
        { indicatorId: kySo.id, unitId: x5.id, period: "2025-01", numerator: 2, denominator: 2 }, // a correction
        { indicatorId: kySo.id, unitId: x6.id, period: "2025-01", numerator: 3, denominator: 4 }, // unchanged
        { indicatorId: kySo.id, unitId: x7.id, period: "2025-01", numerator: 5, denominator: 9, note: "lần 1" }, // new
        { indicatorId: kySo.id, unitId: x7.id, period: "2025-01", numerator: 6, denominator: 9 }, // the same key again
      ],
      "import",
      1,
    );
    assert.deepEqual(result, { written: 3, unchanged: 1 });
    const h5 = await valueHistory(kySo.id, x5.id, "2025-01");
    assert.deepEqual(
      h5.map((h) => [h.numerator, h.current, h.source]),
      [
        [2, true, "import"],
        [1, false, "form"],
      ],
    );
    assert.ok(h5[0]!.by, "who entered it is kept");
    assert.ok(/^\d{4}-\d\d-\d\dT/.test(h5[0]!.enteredAt), "when: the column's default");
    assert.equal((await valueHistory(kySo.id, x6.id, "2025-01")).length, 1);
    const h7 = await valueHistory(kySo.id, x7.id, "2025-01");
    assert.deepEqual(
      h7.map((h) => [h.numerator, h.current, h.note]),
      [
        [6, true, null],
        [5, false, "lần 1"],
      ],
    );
  });

  test("all or nothing: a failure in the middle of a batch leaves no value written and no current row cleared", async () => {
    const kySo = catalogue.find((i) => i.code === "KY_SO_VB_DI")!;
    const x8 = await unit("LA-TT-X08");
    await recordValues([{ indicatorId: kySo.id, unitId: x8.id, period: "2025-02", numerator: 1, denominator: 2 }], "form", 1);
    const count = async () => Number((await rows<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_values`))[0]!.n);
    const before_ = await count();
    await assert.rejects(
      recordValues(
        [
          { indicatorId: kySo.id, unitId: x8.id, period: "2025-02", numerator: 2, denominator: 2 },
          { indicatorId: kySo.id, unitId: 999_999, period: "2025-02", numerator: 1, denominator: 2 }, // no such unit
        ],
        "import",
        1,
      ),
    );
    assert.equal(await count(), before_);
    const h = await valueHistory(kySo.id, x8.id, "2025-02");
    assert.deepEqual(
      h.map((x) => [x.numerator, x.current]),
      [[1, true]],
    );
  });
});
