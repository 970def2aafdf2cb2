// Issue 12 item 4: NFC at the edge. A name pasted decomposed (NFD: from a Mac, a PDF or a web page)
// is stored composed, whether it came through the person form or a roster (CSV or XLSX), so it
// compares, sorts and searches equal to the same name typed on Windows.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
import { applyPlan, autoMapping, planImport, readTable, type Table } from "~/people/roster-import.server";
import { action as peopleAction } from "~/routes/admin.people._index";
import { getUnitByCode, rootUnit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const nfd = (s: string) => s.normalize("NFD");
const stored = async (staffCode: string) => (await db().select().from(officials).where(eq(officials.staffCode, staffCode)))[0];

describe("decomposed names are stored composed", () => {
  test("the person form", async () => {
    assert.notEqual(nfd("Nguyễn"), "Nguyễn", "the test really sends decomposed text");
    const unit = (await getUnitByCode("LA-TT-X03"))!;
    const body = new URLSearchParams({
      ho: nfd("Nguyễn"),
      dem: nfd("Thị"),
      ten: nfd("Ánh"),
      staffCode: "NFC-0001",
      username: "nfc.anh",
      email: "",
      position: nfd("Công chức"),
      unitId: String(unit.id),
    });
    const request = await requestAs("quantri", "/admin/people", { method: "POST", body });
    try {
      await peopleAction({ request, params: {}, context: ctx });
    } catch (thrown) {
      if (!(thrown instanceof Response) || thrown.status !== 302) throw thrown;
    }
    const o = await stored("NFC-0001");
    assert.ok(o, "created");
    assert.deepEqual([o.ho, o.dem, o.ten, o.position], ["Nguyễn", "Thị", "Ánh", "Công chức"]);
  });

  async function importRoster(name: string, bytes: Uint8Array) {
    const table = await readTable(name, bytes);
    assert.ok("headers" in table, "message" in table ? table.message : "");
    const plan = await planImport(table as Table, autoMapping((table as Table).headers), {
      root: (await rootUnit())!,
      deactivateMissing: false,
    });
    assert.deepEqual(plan.errors, []);
    assert.equal((await applyPlan(plan, null)).ok, true);
  }

  test("a CSV roster", async () => {
    const csv = `Mã CBCC,Họ và tên,Đơn vị,Chức vụ,Email\nNFC-0002,${nfd("Trần Văn Đức")},LA-TT-X03,${nfd("Công chức Tư pháp")},\n`;
    await importRoster("nfd.csv", new TextEncoder().encode(csv));
    const o = (await stored("NFC-0002"))!;
    assert.deepEqual([o.ho, o.dem, o.ten, o.position], ["Trần", "Văn", "Đức", "Công chức Tư pháp"]);
  });

  test("an XLSX roster", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Danh sách");
    sheet.addRow(["Mã CBCC", "Họ và tên", "Đơn vị", "Chức vụ", "Email"].map(nfd));
    sheet.addRow(["NFC-0003", nfd("Lê Thị Hồng Nhung"), "LA-TT-X03", nfd("Công chức Văn phòng"), ""]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    await importRoster("nfd.xlsx", bytes);
    const o = (await stored("NFC-0003"))!;
    assert.deepEqual([o.ho, o.dem, o.ten, o.position], ["Lê", "Thị Hồng", "Nhung", "Công chức Văn phòng"]);
  });
});

test("one loop turns zod issues into field messages (app/ui/field-errors.ts)", async () => {
  const { execFileSync } = await import("node:child_process");
  let out = "";
  try {
    out = execFileSync("grep", ["-rnE", String.raw`flatten\(\)|path\[0\]`, "app"], { encoding: "utf8" });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? "";
  }
  assert.deepEqual(
    out.split("\n").filter((l) => l && !l.startsWith("app/ui/field-errors.ts:")),
    [],
  );
});
