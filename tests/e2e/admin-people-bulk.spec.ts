// An administrator manages people at scale (issue 20 item 5): filters, a count, pages, a bulk action
// with a confirmation, the one-time passwords to print — with and without JavaScript, at 360 px.
import { findByIdentifier, createOfficial } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import type { Browser } from "@playwright/test";
import { expect, horizontalOverflow, signInAs, test } from "./fixtures";
import { A4, MM, pdfPages, pdfWords } from "./pdf";

/** People of the test's own (a new tag each run), in a commune of Tân Thạnh, with Vietnamese given names. */
async function newPeople(tag: string, tens: string[]) {
  const unit = (await getUnitByCode("LA-TT-X05"))!;
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const made = [];
  for (const [i, ten] of tens.entries())
    made.push(
      await createOfficial({
        ho: "Thử",
        dem: `Bulk ${tag} ${unique}`,
        ten,
        staffCode: `E2E-B-${unique}-${i}`.toUpperCase(),
        username: `e2e.bulk.${unique}.${i}`,
        unitId: unit.id,
      }),
    );
  return { unit, query: `bulk ${tag} ${unique}`, made };
}

test("filters, the count and pages, in Vietnamese name order", async ({ page }) => {
  const { query } = await newPeople("loc", ["Đào", "Anh", "Ân", "An", "Ăn"]);
  await signInAs(page, "quantri");
  await page.goto("/admin/people");
  await page.getByLabel("Tìm theo tên hoặc mã (không cần dấu)").fill(query);
  await page.getByLabel("Trạng thái").selectOption("active");
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page.getByTestId("people-count")).toHaveText("5 người khớp bộ lọc");
  const names = await page.getByTestId("people-directory").locator("tbody th").allTextContents();
  expect(names.map((n) => n.split(" ").at(-1))).toEqual(["An", "Anh", "Ăn", "Ân", "Đào"]);
  // The province's active people take several pages; the next one is a link that works without a form.
  await page.goto("/admin/people?status=active");
  await expect(page.getByTestId("people-count")).toContainText("Trang 1/");
  await page.getByRole("link", { name: "Trang sau →" }).click();
  await expect(page.getByTestId("people-count")).toContainText("Trang 2/");
  // A subtree filter: only Tân Trụ's people.
  const tantru = (await getUnitByCode("LA-TTR"))!;
  await page.goto(`/admin/people?unit=${tantru.id}&role=manager&status=all`);
  await expect(page.getByTestId("people-directory").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("people-directory")).toContainText("Huyện Tân Trụ");
  // The export of the filtered list.
  const download = page.waitForEvent("download");
  await page.getByTestId("people-export").click();
  expect((await download).suggestedFilename()).toBe("can-bo.xlsx");
});

test("deactivating a selection: the confirmation lists them, nothing changes before 'Xác nhận'", async ({ page }) => {
  const { query, made } = await newPeople("ngung", ["Bình", "Cúc", "Dũng"]);
  await signInAs(page, "quantri");
  await page.goto(`/admin/people?q=${encodeURIComponent(query)}`);
  for (const p of made.slice(0, 2)) await page.getByRole("checkbox", { name: `Chọn ${p.ho} ${p.dem} ${p.ten}` }).check();
  await page.getByLabel("Thao tác", { exact: true }).selectOption("deactivate");
  await page.getByRole("button", { name: "Xem trước" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác nhận thao tác");
  await expect(page.getByTestId("bulk-what")).toContainText("ngừng hoạt động");
  await expect(page.getByTestId("bulk-affected").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("bulk-affected")).toContainText(made[0]!.staffCode);
  await expect(page.getByTestId("bulk-affected")).toContainText("Xã Kiến Bình");
  expect((await findByIdentifier(made[0]!.username))!.active).toBe(true);
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByTestId("bulk-applied")).toHaveText("Đã áp dụng cho 2 người.");
  expect((await findByIdentifier(made[0]!.username))!.active).toBe(false);
  expect((await findByIdentifier(made[2]!.username))!.active).toBe(true);
  // The list (everyone, by default) shows them as inactive; the "active" filter leaves them out.
  await expect(page.getByTestId("people-count")).toHaveText("3 người khớp bộ lọc");
  await expect(page.getByRole("row", { name: new RegExp(made[0]!.staffCode) })).toContainText("Đã ngừng");
  await page.goto(`/admin/people?q=${encodeURIComponent(query)}&status=active`);
  await expect(page.getByTestId("people-count")).toHaveText("1 người khớp bộ lọc");
});

test.describe("without JavaScript, on a 360 px phone", () => {
  /** A page of its own context (as admin-imports-roster.spec.ts does): no scripts run, 360 × 740. */
  const phoneWithoutScripts = async (browser: Browser) =>
    (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })).newPage();

  test("one-time passwords for everyone matching: confirmation, the printable list once, and the first sign-in must change it", async ({
    browser,
  }) => {
    const page = await phoneWithoutScripts(browser);
    const { query, made } = await newPeople("matkhau", ["Hải", "Giang"]);
    await signInAs(page, "quantri");
    await page.goto(`/admin/people?q=${encodeURIComponent(query)}`);
    expect((await horizontalOverflow(page)).overflow).toBe(0);
    await page.getByLabel(/Chọn tất cả 2 người khớp bộ lọc/).check();
    await page.getByLabel("Thao tác", { exact: true }).selectOption("reset-passwords");
    await page.getByRole("button", { name: "Xem trước" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác nhận thao tác");
    await expect(page.getByTestId("bulk-affected").locator("tbody tr")).toHaveCount(2);
    expect((await horizontalOverflow(page)).overflow).toBe(0);
    await page.getByRole("button", { name: "Xác nhận" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mật khẩu dùng một lần");
    await expect(page.getByText(/Đăng nhập tại: http:\/\/.*\/login/)).toBeVisible();
    expect((await horizontalOverflow(page)).overflow).toBe(0);
    const giang = page.getByTestId("passwords").getByRole("row", { name: /Giang/ });
    await expect(giang).toContainText(made[1]!.username);
    const password = (await giang.locator("td code").nth(1).textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{12}$/);
    // The list is in that response only: reloading the page does not show it again.
    await page.goto("/admin/people/bulk");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thao tác với những người đã chọn");
    await expect(page.getByTestId("passwords")).toHaveCount(0);
    // The person signs in with it and must choose their own first.
    await page.context().clearCookies();
    await page.goto("/login");
    await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(made[1]!.username);
    await page.getByLabel("Mật khẩu").fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page).toHaveURL(/\/account\/password/);
  });

  test("too many at once: the limit in words, nothing done", async ({ browser }) => {
    const page = await phoneWithoutScripts(browser);
    await signInAs(page, "quantri");
    await page.goto("/admin/people?status=all");
    await page.getByLabel(/Chọn tất cả .* người khớp bộ lọc/).check();
    await page.getByLabel("Thao tác", { exact: true }).selectOption("deactivate");
    await page.getByRole("button", { name: "Xem trước" }).click();
    await expect(page.getByTestId("bulk-error")).toContainText("quá giới hạn 500 người một lần");
    expect((await horizontalOverflow(page)).overflow).toBe(0);
  });
});

test("the one-time password list prints on A4: every name, username and password, the header on each page, inside the margins", async ({
  page,
}) => {
  // Forty people: more than one A4 page of rows.
  const tens = Array.from({ length: 40 }, (_, i) => `Tên${String(i).padStart(2, "0")}`);
  const { query, made } = await newPeople("in", tens);
  await signInAs(page, "quantri");
  await page.goto(`/admin/people?q=${encodeURIComponent(query)}`);
  await page.getByLabel(/Chọn tất cả 40 người khớp bộ lọc/).check();
  await page.getByLabel("Thao tác", { exact: true }).selectOption("reset-passwords");
  await page.getByRole("button", { name: "Xem trước" }).click();
  await page.getByRole("button", { name: "Xác nhận" }).click();
  // Forty memory-hard hashes, two at a time: seconds on a loaded machine.
  await expect(page.getByTestId("passwords").locator("tbody tr")).toHaveCount(40, { timeout: 60_000 });
  const issued = new Map<string, string>();
  const listed = page.getByTestId("passwords").locator("tbody tr");
  for (let i = 0; i < 40; i++) {
    const [username, password] = (await listed.nth(i).locator("td code").allTextContents()).map((s) => s.trim());
    issued.set(username!, password!);
  }
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = pdfPages(pdf, false).map((p) => p.replace(/\s+/g, " "));
  const words = pdfWords(pdf);
  expect(pages.length, "40 rows take more than one page").toBeGreaterThan(1);
  const all = pages.join(" ");
  for (const p of made) {
    expect(all).toContain(p.username);
    expect(all).toContain(issued.get(p.username)!);
  }
  // The column headings on every page (the table header repeats), and no screen-only line printed.
  for (const text of pages) expect(text).toContain("Mật khẩu");
  expect(all).not.toContain("In danh sách");
  // Nothing beyond the page's margins (A4, 30 mm left, 15 mm right, 20 mm top and bottom).
  expect(Math.max(...words.map((w) => w.xMax))).toBeLessThanOrEqual(A4.width - 15 * MM + 0.5);
  expect(Math.min(...words.map((w) => w.xMin))).toBeGreaterThanOrEqual(30 * MM - 0.5);
  expect(Math.max(...words.map((w) => w.yMax))).toBeLessThanOrEqual(A4.height - 20 * MM + 0.5);
});
