// Adoption indicators (issue 18): the catalogue, values as numerator + denominator rolled up the tree
// (also across a merge, and as of a day before it), corrections that keep their history, the file
// import (all or nothing, errors at row and column, in Vietnamese) and its scope.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { db, rows } from "~/db/client.server";
import { auditLog, indicatorCourses, indicators, indicatorTargets, indicatorValues } from "~/db/schema";
import { ensureIndicatorCatalogue, listIndicators, setRetired, type Indicator } from "~/indicators/catalogue.server";
import { applyIndicatorImport, planIndicatorImport } from "~/indicators/import.server";
import { parsePeriod } from "~/indicators/periods";
import { indicatorSums, rate } from "~/indicators/rollup.server";
import { checkValue, enterValue, recordValues, valueHistory } from "~/indicators/values.server";
import { mergeUnits } from "~/units/reorganise.server";
import { getUnitByCode, rootUnit } from "~/units/tree.server";
import { indicatorXlsx } from "~/indicators/export.server";
import { indicatorReport } from "~/indicators/report.server";
import { t } from "~/i18n/vi";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
let catalogue: Indicator[];
let kySo: Indicator;
before(async () => {
  file = await useTestDatabase({ content: true }); // demo units and officials, courses; no indicator values
  await ensureIndicatorCatalogue();
  catalogue = await listIndicators();
  kySo = catalogue.find((i) => i.code === "KY_SO_VB_DI")!;
});
after(() => dropTestDatabase(file));

const unit = async (code: string) => (await getUnitByCode(code))!;
const feb = "2026-02-05T02:00:00.000Z"; // entered in February, so reports as of later days see them

describe("catalogue", () => {
  test("the seed's indicators exist once, linked to their courses, with no target; a retired one stays retired", async () => {
    assert.deepEqual(catalogue.map((i) => i.code).sort(), [
      "HOP_THU",
      "KY_SO_VB_DI",
      "SCAN_DAU_RA",
      "SCAN_DAU_VAO",
      "TOAN_TRINH",
      "XA_THI_DIEM_CDS",
    ]);
    const links = await db().select().from(indicatorCourses).where(eq(indicatorCourses.indicatorId, kySo.id));
    assert.equal(links.length, 1, "ký số ↔ the digital-signature course");
    assert.equal((await db().select().from(indicatorTargets)).length, 0, "targets are never part of the catalogue");
    const toanTrinh = catalogue.find((i) => i.code === "TOAN_TRINH")!;
    await setRetired(toanTrinh.id, true, null);
    assert.equal(await ensureIndicatorCatalogue(), 0);
    assert.equal((await db().select().from(indicators)).length, 6);
    assert.ok(!(await listIndicators()).some((i) => i.id === toanTrinh.id), "still retired after the catalogue runs again");
    await setRetired(toanTrinh.id, false, null);
  });

  test("periods are read as people type them, and values are checked in Vietnamese", () => {
    assert.equal(parsePeriod("3/2026", "month"), "2026-03");
    assert.equal(parsePeriod("2026-03", "month"), "2026-03");
    assert.equal(parsePeriod("Quý 2/2026", "quarter"), "2026-Q2");
    assert.equal(parsePeriod("Q1/2026", "month"), null);
    const bad = checkValue(kySo, { period: "13/2026", numerator: "12", denominator: "10" }, "2026-11-30");
    assert.match(bad.errors.period!, /Kỳ không hợp lệ/);
    assert.match(bad.errors.numerator!, /Tử số không được lớn hơn mẫu số/);
    assert.match(checkValue(kySo, { period: "01/2026", numerator: "1", denominator: "0" }).errors.denominator!, /lớn hơn 0/);
    assert.match(checkValue(kySo, { period: "12/2099", numerator: "1", denominator: "2" }, "2026-11-30").errors.period!, /chưa bắt đầu/);
  });
});

describe("roll-up", () => {
  test("sums numerators and denominators over the subtree, then divides (not an average of rates)", async () => {
    const [x1, x2, tru1, province, district] = await Promise.all([
      unit("LA-TT-X03"),
      unit("LA-TT-X04"),
      unit("LA-TTR-X01"),
      rootUnit(),
      unit("LA-TT"),
    ]);
    await recordValues(
      [
        { indicatorId: kySo.id, unitId: x1.id, period: "2026-01", numerator: 9, denominator: 10 },
        { indicatorId: kySo.id, unitId: x2.id, period: "2026-01", numerator: 50, denominator: 100 },
        { indicatorId: kySo.id, unitId: tru1.id, period: "2026-01", numerator: 30, denominator: 30 },
      ],
      "form",
      null,
      { at: feb },
    );
    const d = await indicatorSums(district, [kySo], null);
    assert.deepEqual(d.total.get(kySo.id)!.get("2026-01"), { numerator: 59, denominator: 110 });
    assert.equal(rate(d.total.get(kySo.id)!.get("2026-01")), 59 / 110, "0.536…, not (0.9 + 0.5) / 2");
    assert.deepEqual(d.byChild.get(x1.id)!.get(kySo.id)!.get("2026-01"), { numerator: 9, denominator: 10 });
    const p = await indicatorSums(province!, [kySo], null);
    assert.deepEqual(p.total.get(kySo.id)!.get("2026-01"), { numerator: 89, denominator: 140 });
    assert.deepEqual(p.byChild.get(district.id)!.get(kySo.id)!.get("2026-01"), { numerator: 59, denominator: 110 });
  });

  test("a merged commune's history adds into its successor; as of a day before the merge, the old tree", async () => {
    const [a, b, district] = await Promise.all([unit("LA-TT-X05"), unit("LA-TT-X06"), unit("LA-TT")]);
    await recordValues(
      [
        { indicatorId: kySo.id, unitId: a.id, period: "2026-01", numerator: 20, denominator: 40 },
        { indicatorId: kySo.id, unitId: b.id, period: "2026-01", numerator: 30, denominator: 40 },
      ],
      "form",
      null,
      { at: feb },
    );
    const merged = await mergeUnits([a.id, b.id], { name: "Xã Hợp Nhất", code: "LA-TT-HN" }, "2026-07-01", null);
    const now = await indicatorSums(district, [kySo], null);
    assert.ok(now.children.some((c) => c.id === merged.id) && !now.children.some((c) => c.id === a.id));
    assert.deepEqual(now.byChild.get(merged.id)!.get(kySo.id)!.get("2026-01"), { numerator: 50, denominator: 80 });
    const own = await indicatorSums(merged, [kySo], null);
    assert.deepEqual(
      own.total.get(kySo.id)!.get("2026-01"),
      { numerator: 50, denominator: 80 },
      "the successor's own page has the history",
    );
    const before = await indicatorSums(district, [kySo], "2026-06-15");
    assert.ok(before.children.some((c) => c.id === a.id) && before.children.some((c) => c.id === b.id));
    assert.ok(!before.children.some((c) => c.id === merged.id), "the merged unit did not exist yet");
    assert.deepEqual(before.byChild.get(a.id)!.get(kySo.id)!.get("2026-01"), { numerator: 20, denominator: 40 });
    // The district's figure is the same either way: nothing counted twice, nothing lost.
    assert.deepEqual(before.total.get(kySo.id)!.get("2026-01"), now.total.get(kySo.id)!.get("2026-01"));
  });
});

describe("corrections", () => {
  test("a correction is a new row: the latest counts, the history keeps every version, the audit log has both", async () => {
    const x = await unit("LA-TT-X07");
    await enterValue({ indicatorId: kySo.id, unitId: x.id, period: "2026-03", numerator: 10, denominator: 20 }, 1);
    await enterValue({ indicatorId: kySo.id, unitId: x.id, period: "2026-03", numerator: 18, denominator: 20 }, 1);
    const history = await valueHistory(kySo.id, x.id, "2026-03");
    assert.equal(history.length, 2);
    assert.deepEqual(
      history.map((h) => [h.numerator, h.current, h.source]),
      [
        [18, true, "form"],
        [10, false, "form"],
      ],
    );
    const sums = await indicatorSums(x, [kySo], null);
    assert.deepEqual(sums.total.get(kySo.id)!.get("2026-03"), { numerator: 18, denominator: 20 });
    const logged = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "indicator.value"), eq(auditLog.subjectId, String(kySo.id))));
    assert.ok(logged.length >= 2);
  });
});

const csv = (lines: string[]) => new TextEncoder().encode(lines.join("\r\n") + "\r\n");

describe("import", () => {
  test("a file with one bad row writes nothing, and says which row, which column, in Vietnamese", async () => {
    const before = await rows<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_values`);
    const file = csv([
      "Mã đơn vị;Kỳ;Chỉ số;Tử số;Mẫu số",
      "LA-TT-X08;01/2026;KY_SO_VB_DI;40;50",
      "LA-TT-X09;01/2026;KY_SO_VB_DI;60;50",
      "LA-TT-KHONGCO;01/2026;Văn bản đi được ký số;1;2",
      "LA-TT-X10;13/2026;SCAN_DAU_VAO;1;2",
    ]);
    const plan = await planIndicatorImport("so-lieu.csv", file, null);
    assert.deepEqual(
      plan.errors.map((e) => [e.row, e.column]),
      [
        [3, "Tử số"],
        [4, "Mã đơn vị"],
        [5, "Kỳ"],
      ],
    );
    assert.match(plan.errors[0]!.message, /Tử số không được lớn hơn mẫu số/);
    assert.match(plan.errors[1]!.message, /LA-TT-KHONGCO/);
    const applied = await applyIndicatorImport("so-lieu.csv", file, null, null);
    assert.equal(applied.ok, false);
    const after_ = await rows<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_values`);
    assert.equal(after_[0]!.n, before[0]!.n, "nothing half-applied");

    const good = csv([
      "Mã đơn vị,Kỳ,Chỉ số,Tử số,Mẫu số,Ghi chú",
      "LA-TT-X08,01/2026,KY_SO_VB_DI,40,50,",
      "LA-TT-X09,1/2026,SCAN_DAU_VAO,45,50,số liệu quý",
    ]);
    const ok = await applyIndicatorImport("so-lieu.csv", good, null, 1);
    assert.ok(ok.ok && ok.written === 2);
    const [v] = await db()
      .select()
      .from(indicatorValues)
      .where(and(eq(indicatorValues.source, "import"), eq(indicatorValues.period, "2026-01")))
      .limit(1);
    assert.ok(v);
  });

  test("a manager's import matches only units of their subtree", async () => {
    const tru = await unit("LA-TTR");
    const plan = await planIndicatorImport(
      "so-lieu.csv",
      csv(["Mã đơn vị,Kỳ,Chỉ số,Tử số,Mẫu số", "LA-TT-X11,01/2026,KY_SO_VB_DI,1,2", "LA-TTR-X02,01/2026,KY_SO_VB_DI,1,2"]),
      tru,
    );
    assert.deepEqual(
      plan.errors.map((e) => [e.row, e.column]),
      [[2, "Mã đơn vị"]],
    );
    assert.equal(plan.values.length, 1);
  });

  test("a file without the required columns is refused as a whole", async () => {
    const plan = await planIndicatorImport("so-lieu.csv", csv(["Đơn vị,Tháng,Giá trị", "LA-TT-X08,01/2026,80%"]), null);
    assert.ok(plan.fileErrors.some((m) => m.includes("Chỉ số")));
    assert.ok(plan.fileErrors.some((m) => m.includes("Tử số")));
  });
});

describe("the unit page's figures", () => {
  test("children worst first, a small denominator marked, and association wording without causation", async () => {
    const [tru, a, b] = await Promise.all([unit("LA-TTR"), unit("LA-TTR-X05"), unit("LA-TTR-X06")]);
    await recordValues(
      [
        { indicatorId: kySo.id, unitId: a.id, period: "2026-04", numerator: 3, denominator: 5 },
        { indicatorId: kySo.id, unitId: b.id, period: "2026-04", numerator: 90, denominator: 100 },
      ],
      "form",
      null,
      { at: feb },
    );
    const report = await indicatorReport(tru, null);
    const block = report.blocks.find((x) => x.indicator.id === kySo.id)!;
    assert.equal(block.latestPeriod, "2026-04");
    const rowA = block.children.find((c) => c.id === a.id)!;
    const rowB = block.children.find((c) => c.id === b.id)!;
    assert.equal(rowA.small, true, "5 documents: too few cases");
    assert.equal(rowB.small, false);
    assert.ok(block.children.indexOf(rowA) < block.children.indexOf(rowB), "worst first");
    assert.equal(block.target, null, "no target is ever assumed");
    assert.ok(block.courses.length === 1 && block.training !== null, "the supporting course's completion beside the indicator");
    const words = [t.indicators.association("+1", "+0"), t.indicators.associationCaveat, t.indicators.pageIntro].join(" ");
    assert.match(words, /cao hơn/);
    assert.doesNotMatch(words, /làm tăng|nhờ tập huấn|do tập huấn/);
    // The export carries the same figures, numerator and denominator beside the rate.
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await indicatorXlsx(tru.name, report.day, report.blocks)) as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    book.worksheets[0]!.eachRow((r) => cells.push((r.values as unknown[]).slice(1)));
    const exported = cells.find((r) => r[0] === kySo.name && r[1] === a.name)!;
    assert.deepEqual(exported.slice(2, 8), ["04/2026", 3, 5, 60, "", t.indicators.fewCases]);
  });
});
