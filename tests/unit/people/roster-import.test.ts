import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
import { applyPlan, autoMapping, planImport, readTable, type Table } from "~/people/roster-import.server";
import { unitReport } from "~/reports/unit-report.server";
import { getUnitByCode, pathUpperBound, rootUnit } from "~/units/tree.server";
import { sqlite } from "~/db/client.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(() => {
  file = useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve("tests/fixtures", name)));
const count = () => db().select({ n: sql<number>`count(*)` }).from(officials).get()!.n;
const snapshot = () => JSON.stringify(db().select().from(officials).all());

async function plan(name: string, deactivateMissing = false) {
  const table = await readTable(name, fixture(name));
  assert.ok("headers" in table, `${name}: ${"message" in table ? table.message : ""}`);
  return { table: table as Table, plan: planImport(table as Table, autoMapping((table as Table).headers), { root: rootUnit()!, deactivateMissing }) };
}

describe("reading rosters in every encoding HR software writes", () => {
  const cases: [string, string][] = [
    ["roster-utf8.csv", "utf-8"],
    ["roster-utf8-bom.csv", "utf-8"],
    ["roster-utf16le.txt", "utf-16le"],
    ["roster-windows1258.csv", "windows-1258"],
    ["roster-tcvn3.csv", "tcvn"],
    ["roster-clean.xlsx", "xlsx"],
  ];
  for (const [name, encoding] of cases) {
    test(`${name}: detected as ${encoding}, every Vietnamese letter intact, five officials to add`, async () => {
      const { table, plan: p } = await plan(name);
      assert.equal(table.encoding, encoding);
      assert.deepEqual(table.headers, ["Mã CBCC", "Họ và tên", "Đơn vị", "Chức vụ", "Email"]);
      assert.equal(table.rows[1]![1], "Trần Thị Ánh Tuyết");
      assert.equal(table.rows[3]![1], "Lê Hoàng Bảo Ngọc");
      assert.deepEqual(p.fileErrors, []);
      assert.deepEqual(p.errors, []);
      assert.equal(p.adds.length, 5);
      const hoangPhu = p.adds.find((a) => a.staffCode === "NV100003")!;
      assert.deepEqual([hoangPhu.ho, hoangPhu.dem, hoangPhu.ten], ["Hoàng Phủ", "Ngọc", "Ánh"]);
      assert.equal(hoangPhu.unitName, "Xã Nhơn Hòa Lập", "unit matched by name without diacritics");
    });
  }
});

describe("a bad roster gives a precise report and changes nothing", () => {
  test("duplicate staff codes", async () => {
    const before = snapshot();
    const { plan: p } = await plan("roster-duplicate-codes.csv");
    assert.deepEqual(p.errors, [{ row: 7, column: "Mã CBCC", message: "Mã cán bộ NV100002 bị trùng với dòng 3." }]);
    assert.deepEqual(applyPlan(p, null), { ok: false, message: "Tệp còn lỗi: chưa nhập gì. Hãy sửa các dòng lỗi rồi chạy thử lại." });
    assert.equal(snapshot(), before);
  });

  test("missing columns", async () => {
    const before = snapshot();
    const { plan: p } = await plan("roster-missing-columns.csv");
    assert.equal(p.fileErrors.length, 2);
    assert.match(p.fileErrors[0]!, /mã cán bộ/);
    assert.match(p.fileErrors[1]!, /đơn vị/);
    assert.equal(applyPlan(p, null).ok, false);
    assert.equal(snapshot(), before);
  });

  test("an unknown unit, with suggestions", async () => {
    const before = snapshot();
    const { plan: p } = await plan("roster-unknown-unit.csv");
    assert.equal(p.errors.length, 1);
    assert.equal(p.errors[0]!.row, 4);
    assert.equal(p.errors[0]!.column, "Đơn vị");
    assert.match(p.errors[0]!.message, /Không tìm thấy đơn vị "Xã Tân Thạnh Mới"\. Có phải: .*Tân Thạnh/);
    assert.equal(applyPlan(p, null).ok, false);
    assert.equal(snapshot(), before);
  });

  test("a truncated CSV and a truncated XLSX", async () => {
    const csv = await readTable("roster-truncated.csv", fixture("roster-truncated.csv"));
    assert.ok("message" in csv);
    assert.match(csv.message, /bị cắt ngang/);
    const xlsx = await readTable("roster-truncated.xlsx", fixture("roster-truncated.xlsx"));
    assert.ok("message" in xlsx);
    assert.match(xlsx.message, /Excel/);
  });
});

describe("importing", () => {
  test("a clean file imports; a second import of an edited file reports exactly the changes", async () => {
    const before = count();
    const first = await plan("roster-clean.xlsx");
    assert.deepEqual(applyPlan(first.plan, null), { ok: true, added: 5, changed: 0, moved: 0, deactivated: 0, reactivated: 0 });
    assert.equal(count(), before + 5);

    const { plan: p } = await plan("roster-edited.csv");
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.adds.map((a) => a.staffCode), ["NV100006"]);
    assert.deepEqual(p.changes.map((c) => [c.staffCode, c.fields]), [["NV100001", [{ field: "Chức vụ", from: "Công chức Tư pháp - Hộ tịch", to: "Phó Chủ tịch UBND" }]]]);
    assert.deepEqual(p.moves.map((m) => [m.staffCode, m.toUnit]), [["NV100002", "Xã Kiến Bình"]]);
    assert.equal(p.unchanged, 3);
    const x03 = getUnitByCode("LA-TT-X03")!;
    const membersBefore = unitReport(x03).members;
    assert.deepEqual(applyPlan(p, null), { ok: true, added: 1, changed: 1, moved: 1, deactivated: 0, reactivated: 0 });
    const moved = db().select().from(officials).where(eq(officials.staffCode, "NV100002")).get()!;
    assert.equal(moved.unitId, getUnitByCode("LA-TT-X05")!.id);
    // The report's head counts follow the move and the new official, and agree with a direct count.
    assert.equal(unitReport(x03).members, membersBefore);
    const direct = sqlite()
      .prepare("SELECT count(*) AS n FROM officials o JOIN units u ON u.id = o.unit_id WHERE u.path >= ? AND u.path < ? AND o.active = 1")
      .get(x03.path, pathUpperBound(x03.path)) as { n: number };
    assert.equal(unitReport(x03).members, direct.n);
    // Running the same file again changes nothing.
    const again = await plan("roster-edited.csv");
    assert.equal(again.plan.adds.length + again.plan.changes.length + again.plan.moves.length, 0);
    assert.equal(again.plan.unchanged, 6);
  });

  test("officials missing from the file are deactivated only when asked, and never deleted", async () => {
    const scoped = await readTable("roster-edited.csv", fixture("roster-edited.csv"));
    assert.ok("headers" in scoped);
    const unit = getUnitByCode("LA-TT-X03")!;
    const p = planImport(scoped, autoMapping(scoped.headers), { root: unit, deactivateMissing: true });
    // Rows outside the chosen unit are errors in a scoped import: the file must match the unit.
    assert.ok(p.errors.length > 0);
    const countBefore = count();
    const inUnit = planImport(
      { ...scoped, rows: scoped.rows.filter((r) => r[2] === "LA-TT-X03") },
      autoMapping(scoped.headers),
      { root: unit, deactivateMissing: true },
    );
    assert.deepEqual(inUnit.errors, []);
    assert.ok(inUnit.deactivations.length > 50, "the commune's other officials would be deactivated");
    const result = applyPlan(inUnit, null);
    assert.ok(result.ok && result.deactivated === inUnit.deactivations.length);
    assert.equal(count(), countBefore, "nobody deleted");
    assert.equal(unitReport(unit).members, 2);
  });
});

describe("the people behind a report, as of a date", () => {
  test("follow the memberships of that date: a moved official is listed where they were", async () => {
    const { peopleInScope } = await import("~/reports/people.server");
    const { moveOfficial } = await import("~/people/lifecycle.server");
    const from = getUnitByCode("LA-TT-X07")!;
    const to = getUnitByCode("LA-TT-X08")!;
    const someone = db().select().from(officials).where(eq(officials.unitId, from.id)).get()!;
    moveOfficial(someone.id, to.id, "2026-11-25", null);
    const listed = (unit: typeof from, asOf?: string) => peopleInScope(unit, "mandatory", { asOf }).some((p) => p.id === someone.id);
    assert.equal(listed(from, "2026-11-24"), true, "before the move: in the old commune");
    assert.equal(listed(to, "2026-11-24"), false);
    assert.equal(listed(from, "2026-11-25"), false, "from the move on: in the new commune");
    assert.equal(listed(to, "2026-11-25"), true);
    assert.equal(listed(to), true);
    assert.equal(listed(from), false);
  });
});
