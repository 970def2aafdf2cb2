import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { units } from "~/db/schema";
import { getUnitByCode } from "~/units/tree.server";
import { largeRosterCsv } from "../fixtures/large-roster";
import { expect, signInAs, test } from "./fixtures";

test("an administrator imports a roster with a dry run, applies it and finds a new official; the manager sees them in their unit", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInAs(admin, "quantri");
  await admin.goto("/admin/import");
  await admin.getByLabel("Tệp danh sách (CSV, TXT hoặc XLSX)").setInputFiles(path.resolve("tests/fixtures/roster-utf8.csv"));
  await admin.getByRole("button", { name: "Chạy thử" }).click();
  const plan = admin.getByTestId("plan");
  await expect(plan.getByTestId("plan-counts")).toContainText("Thêm mới: 5");
  await expect(plan).toContainText("Bảng mã: UTF-8 (Unicode) · 5 dòng dữ liệu");
  await expect(admin.getByLabel("Họ và tên", { exact: true })).toHaveValue("fullName");
  await admin.getByRole("button", { name: "Nhập vào hệ thống" }).click();
  await expect(admin.getByRole("status")).toContainText("Đã nhập: thêm 5");

  await admin.goto("/admin/people?q=anh tuyet");
  await admin.getByRole("link", { name: "Trần Thị Ánh Tuyết" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Trần Thị Ánh Tuyết");
  await expect(admin.getByText("NV100002")).toBeVisible();
  await adminContext.close();

  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "lanhdao.tanthanh");
  await manager.goto(`/units/${(await getUnitByCode("LA-TT-X03"))!.id}?q=anh tuyet`);
  await expect(manager.getByRole("row", { name: /Trần Thị Ánh Tuyết/ })).toBeVisible();
  // The official imported into Tân Trụ stays out of the Tân Thạnh manager's sight.
  const tanTruCommune = (await getUnitByCode("LA-TTR-X05"))!;
  const response = await manager.goto(`/units/${tanTruCommune.id}`);
  expect(response?.status()).toBe(403);
  await managerContext.close();
});

test("a bad roster is explained row by row, and nothing is imported (without JavaScript)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "quantri");
  await page.goto("/admin/import");
  await page.getByLabel("Tệp danh sách (CSV, TXT hoặc XLSX)").setInputFiles(path.resolve("tests/fixtures/roster-unknown-unit.csv"));
  await page.getByRole("button", { name: "Chạy thử" }).click();
  const errors = page.getByTestId("row-errors");
  await expect(errors.getByRole("row", { name: /4 Đơn vị Không tìm thấy đơn vị "Xã Tân Thạnh Mới"/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Nhập vào hệ thống" })).toHaveCount(0);
  await context.close();
});

const FILE_LABEL = "Tệp danh sách (CSV, TXT hoặc XLSX)";

test("a roster cut off mid-row and an Excel 97–2003 file are refused with what to do (with and without JavaScript)", async ({
  browser,
}) => {
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await signInAs(page, "quantri");
    await page.goto("/admin/import");
    await page.getByLabel(FILE_LABEL).setInputFiles(path.resolve("tests/fixtures/roster-cut-row.csv"));
    await page.getByRole("button", { name: "Chạy thử" }).click();
    await expect(page.getByRole("alert")).toContainText("Tệp CSV có vẻ bị cắt ngang ở dòng 6");
    await expect(page.getByRole("alert")).toContainText("rồi tải tệp lên và chạy thử lại");
    await expect(page.getByTestId("plan")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Nhập vào hệ thống" })).toHaveCount(0);

    await page.getByLabel(FILE_LABEL).setInputFiles(path.resolve("tests/fixtures/roster-excel97.xls"));
    await page.getByRole("button", { name: "Chạy thử" }).click();
    await expect(page.getByRole("alert")).toContainText("Tệp .xls (Excel 97–2003) chưa được hỗ trợ");
    await expect(page.getByRole("alert")).toContainText("Lưu lại dưới dạng .xlsx hoặc CSV UTF-8");
    await expect(page.getByRole("alert")).not.toContainText("ngoặc kép");
    await context.close();
  }
});

test("a 50,000-row dry run page shows the summary and the first rows, and offers the full report as CSV", async ({ browser }) => {
  const communes = (
    await db()
      .select({ code: units.code })
      .from(units)
      .where(sql`${units.kind} = 'commune'`)
  ).map((u) => u.code);
  const csv = Buffer.from(largeRosterCsv(50_000, communes, "PW"));
  const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
  const page = await context.newPage();
  await signInAs(page, "quantri");
  await page.goto("/admin/import");
  await page.getByLabel(FILE_LABEL).setInputFiles({ name: "danh-sach-50k.csv", mimeType: "text/csv", buffer: csv });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/admin/import"),
    page.getByRole("button", { name: "Chạy thử" }).click(),
  ]);
  const html = await response.body();
  console.log(`dry run of 50,000 rows: HTML ${html.length} bytes`);
  expect(html.length, "the dry run page's HTML (9 MB when it embedded the whole plan)").toBeLessThan(500 * 1024);
  const plan = page.getByTestId("plan");
  await expect(plan.getByTestId("plan-counts")).toContainText("Thêm mới: 50.000");
  await expect(plan).toContainText("50.000 dòng dữ liệu");
  await expect(plan.getByTestId("plan-report")).toContainText("Trang này chỉ hiện 200 dòng đầu của mỗi loại");
  await expect(plan.getByText("… và 49.800 dòng nữa")).toBeAttached();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    plan.getByRole("link", { name: "Tải báo cáo chạy thử đầy đủ (CSV)" }).click(),
  ]);
  const report = fs
    .readFileSync((await download.path())!, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(report.length).toBe(50_001);
  expect(report[50_000]).toMatch(/^Thêm mới,50001,PW050000,/);
  await context.close();
});

test("a file over 20 MB is refused with a Vietnamese message on the page (with and without JavaScript)", async ({ browser }) => {
  const big = path.resolve("tests/.tmp", `qua-lon-${test.info().workerIndex}.csv`);
  fs.mkdirSync(path.dirname(big), { recursive: true });
  fs.writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 0x41));
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await signInAs(page, "quantri");
    await page.goto("/admin/import");
    await page.getByLabel(FILE_LABEL).setInputFiles(big);
    await page.getByRole("button", { name: "Chạy thử" }).click();
    await expect(page.getByRole("alert")).toContainText("Tệp lớn hơn giới hạn 20 MB nên chưa được đọc");
    await context.close();
  }
  fs.rmSync(big, { force: true });
});

test("an administrator resets a password; the official must change it at first sign-in", async ({ page, browser }) => {
  await signInAs(page, "quantri");
  await page.goto("/admin/people?q=LA000150");
  await page.getByTestId("people-directory").getByRole("link").first().click();
  await page.getByRole("button", { name: "Cấp mật khẩu tạm" }).click();
  const text = await page.getByTestId("temporary-password").textContent();
  const temporary = /Mật khẩu tạm: (\S+)/.exec(text ?? "")![1]!;

  const context = await browser.newContext();
  const official = await context.newPage();
  await official.goto("/login");
  await official.getByLabel("Tên đăng nhập hoặc thư điện tử").fill("la000150");
  await official.getByLabel("Mật khẩu", { exact: true }).fill(temporary);
  await official.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(official).toHaveURL(/\/account\/password/);
  await official.goto("/courses");
  await expect(official).toHaveURL(/\/account\/password/);
  await official.getByLabel("Mật khẩu hiện tại").fill(temporary);
  await official.getByLabel("Mật khẩu mới (ít nhất 10 ký tự)").fill("mat-khau-moi-2026");
  await official.getByLabel("Nhập lại mật khẩu mới").fill("mat-khau-moi-2026");
  await official.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await expect(official.getByRole("status")).toContainText("Đã đổi mật khẩu.");
  await official.goto("/courses");
  await expect(official.getByRole("heading", { level: 1 })).toHaveText("Khóa học");
  await context.close();
});

test("without JavaScript: the dry run keeps the file on the server, says until when, and the apply button below the results applies it (issue 20 item 6)", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "quantri");
  await page.goto("/admin/import");
  // The template is one click away, an XLSX.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("roster-template").click()]);
  expect(download.suggestedFilename()).toBe("mau-danh-sach-can-bo.xlsx");

  const csv = "Mã CBCC,Họ và tên,Đơn vị,Chức vụ,Email\r\nNV800001,Phan Văn Khải,LA-TT-X03,Chuyên viên,\r\n";
  await page.getByLabel(FILE_LABEL).setInputFiles({ name: "mot-nguoi.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Chạy thử" }).click();
  await expect(page.getByTestId("plan-counts")).toContainText("Thêm mới: 1");
  await expect(page.getByTestId("kept-file")).toContainText('Tệp "mot-nguoi.csv" đang được giữ trên máy chủ');
  // The browser cannot refill the file input: the page applies the kept file, not the (empty) input.
  expect(await page.getByLabel(FILE_LABEL).evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0);
  const apply = page.getByRole("button", { name: "Nhập vào hệ thống" });
  const planBottom = await page.getByTestId("plan").evaluate((el) => el.getBoundingClientRect().bottom);
  const applyTop = await apply.evaluate((el) => el.getBoundingClientRect().top);
  expect(applyTop, "the apply button comes after the dry run's results").toBeGreaterThan(planBottom);
  await apply.click();
  await expect(page.getByRole("status")).toContainText("Đã nhập: thêm 1");
  await context.close();
});
