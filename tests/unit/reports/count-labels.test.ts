// Issue 20 item 1: a column that counts person × course pairs says "lượt" — in the exports' headers
// as on the page. With one course each person counts once, and the header says so.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { loader as csvLoader } from "~/routes/reports.$unitId.export[.]csv";
import { loader as xlsxLoader } from "~/routes/reports.$unitId.export[.]xlsx";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
});
after(() => dropTestDatabase(file));

async function csvHeader(search: string): Promise<string[]> {
  const district = (await getUnitByCode("LA-TT"))!;
  const request = await requestAs("lanhdao.tanthanh", `/reports/${district.id}/export.csv${search}&table=units`);
  const response = (await csvLoader({ request, params: { unitId: String(district.id) }, context: ctx })) as Response;
  const rows = parse((await response.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
  const header = rows.find((r) => r[0] === "Đơn vị");
  assert.ok(header, "the units' header row");
  return header!;
}

describe("what the counts count", () => {
  test("all assignments: the CSV says lượt over every pair count, and Số CBCC over the people", async () => {
    const header = await csvHeader("?course=mandatory");
    assert.deepEqual(header.slice(1, 6), [
      "Số CBCC",
      "Lượt được giao",
      "Lượt khóa chưa bắt đầu",
      "Lượt khóa đang học",
      "Lượt khóa đã hoàn thành",
    ]);
  });

  test("one course: the CSV counts people, and says so", async () => {
    const header = await csvHeader("?course=1");
    assert.deepEqual(header.slice(1, 6), ["Số CBCC", "Số người cần học", "Chưa bắt đầu", "Đang học", "Đã hoàn thành"]);
  });

  test("all assignments: the XLSX header says lượt too", async () => {
    const district = (await getUnitByCode("LA-TT"))!;
    const request = await requestAs("lanhdao.tanthanh", `/reports/${district.id}/export.xlsx`);
    const response = (await xlsxLoader({ request, params: { unitId: String(district.id) }, context: ctx })) as Response;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    let header = null as string[] | null;
    book.getWorksheet("Đơn vị")!.eachRow((row) => {
      const values = (row.values as string[]).slice(1);
      if (values[0] === "Đơn vị") header = values;
    });
    assert.ok(header);
    assert.deepEqual(header!.slice(3, 6), ["Lượt khóa chưa bắt đầu", "Lượt khóa đang học", "Lượt khóa đã hoàn thành"]);
  });
});
