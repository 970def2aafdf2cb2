// An assignment's exports (issue 19 item 2): the people's CSV is one flat table streamed in steps, the
// units' CSV the page's numbers, the XLSX frozen and filtered with the rate as a percentage.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { assignedPeople, assignedPeopleSteps, assignmentReport, reportAssignment } from "~/reports/assignment-report.server";
import { loader as csvLoader } from "~/routes/reports.$unitId.assignments.$assignmentId.export[.]csv";
import { loader as xlsxLoader } from "~/routes/reports.$unitId.assignments.$assignmentId.export[.]xlsx";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
});
after(() => dropTestDatabase(file));

async function anAssignment() {
  // The demo's assignment with the most members in Tân Thạnh.
  const district = (await getUnitByCode("LA-TT"))!;
  const found = await row<{ id: number }>(
    sql`SELECT m.assignment_id AS id FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
         WHERE u.path >= ${district.path} AND u.path < ${district.path.slice(0, -1) + "0"}
         GROUP BY m.assignment_id ORDER BY count(*) DESC LIMIT 1`,
  );
  assert.ok(found, "the demo has an assignment in Tân Thạnh");
  return { district, assignment: (await reportAssignment(Number(found!.id)))! };
}

async function get(loader: typeof csvLoader | typeof xlsxLoader, user: string, unitId: number, assignmentId: number, search = "") {
  const request = await requestAs(
    user,
    `/reports/${unitId}/assignments/${assignmentId}/export${loader === csvLoader ? ".csv" : ".xlsx"}${search}`,
  );
  return loader({ request, params: { unitId: String(unitId), assignmentId: String(assignmentId) }, context: ctx });
}

describe("an assignment's exports", () => {
  test("the steps give every assigned person once, as the list does, now and as of a day", async () => {
    const { district, assignment } = await anAssignment();
    for (const asOf of [null, assignment.startOn]) {
      const whole = await assignedPeople(district, assignment.id, { asOf });
      const seen: number[] = [];
      for await (const step of assignedPeopleSteps(district, assignment.id, asOf, 2)) seen.push(...step.map((p) => p.id));
      assert.equal(new Set(seen).size, seen.length, "nobody twice");
      assert.deepEqual(
        [...seen].sort((a, b) => a - b),
        whole.map((p) => p.id).sort((a, b) => a - b),
      );
    }
  });

  test("CSV: the people as one flat table, the units as the page's numbers", async () => {
    const { district, assignment } = await anAssignment();
    const people = (await get(csvLoader, "lanhdao.tanthanh", district.id, assignment.id)) as Response;
    const bytes = new Uint8Array(await people.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "BOM");
    const table = parse(new TextDecoder().decode(bytes)) as string[][]; // refuses rows of another width (the decoder drops the BOM)
    assert.equal(table[0]![0], "Họ và tên");
    const report = await assignmentReport(district, assignment, null);
    assert.equal(table.length - 1, report.counts.assigned, "one row per assigned person");
    const unitsResponse = (await get(csvLoader, "lanhdao.tanthanh", district.id, assignment.id, "?table=units")) as Response;
    const units = parse(await unitsResponse.text()) as string[][];
    assert.equal(units[0]![0], "Đơn vị");
    assert.equal(units[1]![0], report.unit.name);
    assert.equal(Number(units[1]![1]), report.counts.assigned);
    assert.equal(units.length, 2 + report.children.length);
  });

  test("XLSX: frozen, filtered, the rate a percentage, every person once", async () => {
    const { district, assignment } = await anAssignment();
    const response = (await get(xlsxLoader, "lanhdao.tanthanh", district.id, assignment.id)) as Response;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const units = book.getWorksheet("Đơn vị")!;
    const people = book.getWorksheet("Cán bộ")!;
    assert.equal(units.views[0]?.state, "frozen");
    assert.ok(units.autoFilter && people.autoFilter);
    const report = await assignmentReport(district, assignment, null);
    let rate: ExcelJS.Cell | undefined;
    units.eachRow((r) => (r.getCell(1).value === report.unit.name ? (rate = r.getCell(r.cellCount)) : 0));
    assert.equal(rate!.numFmt, "0.0%");
    assert.equal(rate!.value, Math.round(report.counts.rate * 1000) / 1000);
    assert.equal(people.rowCount - 1, report.counts.assigned);
  });

  test("another district's manager gets 403 on both", async () => {
    const { district, assignment } = await anAssignment();
    for (const loader of [csvLoader, xlsxLoader])
      assert.equal(await statusOf(get(loader, "lanhdao.tantru", district.id, assignment.id)), 403);
  });
});
