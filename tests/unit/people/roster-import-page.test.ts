// Issue 20 item 6: the roster import page keeps the chosen file on the server between the dry run and
// the application, and says until when; a file chosen again is only ever dry-run; a template XLSX has
// the headers the import expects.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
import { planUpload, UPLOAD_TTL_MS } from "~/people/roster-import.server";
import { TEMPLATE_FIELDS } from "~/people/roster-template.server";
import { action as importAction } from "~/routes/admin.import";
import { loader as templateLoader } from "~/routes/admin.import.template[.]xlsx";
import { ctx, requestAs, statusOf } from "../../support/requests";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

type Reply = {
  data: { token: string | null; applied: string | null; fileError: string | null; kept?: { fileName: string; until: string } | null };
};

async function postImport(fields: Record<string, string | File>): Promise<Reply> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return (await importAction({
    request: await requestAs("quantri", "/admin/import", { method: "POST", body: form }),
    params: {},
    context: ctx,
  })) as unknown as Reply;
}

const csv = (code: string) => `Mã CBCC,Họ và tên,Đơn vị,Chức vụ,Email\r\n${code},Lê Thị Hoa,LA-TT-X03,Chuyên viên,\r\n`;

describe("the roster import page (issue 20 item 6)", () => {
  test("the dry run says which file is kept and until when: at most 2 hours", async () => {
    const before = Date.now();
    const dry = await postImport({ file: new File([csv("NV700001")], "hoa.csv"), intent: "dry-run" });
    assert.ok(dry.data.token);
    assert.equal(dry.data.kept?.fileName, "hoa.csv");
    const until = Date.parse(dry.data.kept!.until);
    assert.ok(until >= before + UPLOAD_TTL_MS - 1000 && until <= Date.now() + UPLOAD_TTL_MS, dry.data.kept!.until);
    assert.ok(UPLOAD_TTL_MS <= 2 * 60 * 60 * 1000, "short-lived");
    // The application from the token alone (no file sent again) says the same file, then forgets it.
    const applied = await postImport({ token: dry.data.token!, intent: "apply" });
    assert.match(applied.data.applied ?? "", /Đã nhập: thêm 1/);
  });

  test("a file sent with the apply button is dry-run, not applied unseen", async () => {
    const dry = await postImport({ file: new File([csv("NV700002")], "mot.csv"), intent: "dry-run" });
    const other = await postImport({ token: dry.data.token!, file: new File([csv("NV700003")], "hai.csv"), intent: "apply" });
    assert.equal(other.data.applied, null);
    assert.equal(other.data.kept?.fileName, "hai.csv");
    const found = await db().select().from(officials).where(eq(officials.staffCode, "NV700003"));
    assert.equal(found.length, 0, "nobody imported from a file nobody saw the dry run of");
  });

  test("the template: an XLSX whose headers the import maps to its fields, with no file error", async () => {
    const response = (await templateLoader({
      request: await requestAs("quantri", "/admin/import/template.xlsx"),
      params: {},
      context: ctx,
    })) as Response;
    assert.equal(response.status, 200);
    assert.match(response.headers.get("Content-Type") ?? "", /spreadsheetml/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer);
    const headers = (book.worksheets[0]!.getRow(1).values as string[]).slice(1);
    assert.deepEqual(headers, ["Mã CBCC", "Họ và tên", "Đơn vị", "Chức vụ", "Thư điện tử"]);
    const planned = await planUpload(
      { fileName: "mau-danh-sach-can-bo.xlsx", bytes },
      { encoding: "auto", unitId: null, deactivateMissing: false },
      () => null,
    );
    assert.ok(!("message" in planned), "message" in planned ? planned.message : "");
    if ("message" in planned) return;
    assert.deepEqual(planned.plan.mapping, TEMPLATE_FIELDS);
    assert.deepEqual(planned.plan.fileErrors, []);
    assert.equal(planned.plan.errors.length, 0, JSON.stringify(planned.plan.errors));
  });

  test("the template is for administrators only", async () => {
    const request = await requestAs("lanhdao.tanthanh", "/admin/import/template.xlsx");
    const status = await statusOf(templateLoader({ request, params: {}, context: ctx }));
    assert.equal(status, 403);
  });
});
