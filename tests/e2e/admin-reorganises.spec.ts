// Issue 11 item 4: reorganisation forms start with no unit chosen, refuse with a message next to the
// field, show a preview first and apply only on "Áp dụng" — also on a 360 px wide phone.
// (Only a rename of an office no other spec uses is applied: the shared demo tree stays as it is.)
import { getUnit, getUnitByCode } from "~/units/tree.server";
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

// A refused form answers 400, which Chromium logs as a failed resource: expected here, nothing else is.
test.use({ allowedErrors: [/status of 400 \(Bad Request\).*\/admin\/units/] });

async function noHorizontalScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, "no horizontal scroll").toBeLessThanOrEqual(client);
}

for (const width of [1280, 360]) {
  test(`at ${width} px: every unit picker starts empty, and nothing is chosen for the administrator`, async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width, height: 800 });
    await signInAs(page, "quantri");
    await page.goto("/admin/units");
    for (const id of ["rename-unitId", "move-unitId", "move-parentId", "split-unitId"]) {
      await expect(page.locator(`#${id}`), id).toHaveValue("");
      await expect(page.locator(`#${id} option`).first()).toHaveText("— Chọn đơn vị —");
    }
    await expect(page.locator('input[name="unitIds"]:checked')).toHaveCount(0);
    await noHorizontalScroll(page);
    // A careless click on "Xem trước" renames nothing: it asks for a unit, next to the field.
    const rename = page.getByTestId("reorg-rename");
    await rename.getByLabel("Tên mới").fill("Tỉnh Bấm Nhầm");
    await rename.getByRole("button", { name: "Xem trước" }).click();
    await expect(page.locator("#rename-unitId-error")).toHaveText("Chưa chọn đơn vị.");
    await expect(page.getByTestId("reorg-rename").getByLabel("Tên mới")).toHaveValue("Tỉnh Bấm Nhầm");
    expect((await getUnitByCode("LA"))!.name).toBe("Tỉnh Long An");
    await noHorizontalScroll(page);
    // The refusal answers 400 on purpose (Chromium logs any 4xx fetch); nothing else may be logged.
    expect(consoleErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
  });
}

test("at 360 px: a rename is previewed, then applied with “Áp dụng”", async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInAs(page, "quantri");
  const office = (await getUnitByCode("LA-TTR-TP"))!;
  await page.goto("/admin/units");
  const rename = page.getByTestId("reorg-rename");
  await rename.getByLabel("Đơn vị", { exact: true }).selectOption(String(office.id));
  await rename.getByLabel("Tên mới").fill("Phòng Tư pháp huyện Tân Trụ (đổi tên)");
  await rename.getByRole("button", { name: "Xem trước" }).click();
  const preview = page.getByTestId("reorg-preview");
  await expect(preview).toContainText("Đổi tên: Phòng Tư pháp huyện Tân Trụ → Phòng Tư pháp huyện Tân Trụ (đổi tên)");
  expect((await getUnit(office.id))!.name, "nothing applied by the preview").toBe(office.name);
  await noHorizontalScroll(page);
  await page.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã áp dụng.");
  expect((await getUnit(office.id))!.name).toBe("Phòng Tư pháp huyện Tân Trụ (đổi tên)");
  await expect(page.locator("#rename-unitId")).toHaveValue("");
  expect(consoleErrors).toEqual([]);
});

test("at 360 px: merging picks units from a filtered list; the preview lists what closes and opens; Hủy applies nothing", async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInAs(page, "quantri");
  await page.goto("/admin/units");
  const merge = page.getByTestId("reorg-merge");
  const filter = merge.getByTestId("merge-filter");
  await filter.fill("hau thanh");
  const visible = merge.locator("li:visible");
  await expect(visible.first()).toBeVisible();
  const names = await visible.allInnerTexts();
  expect(names.length).toBeGreaterThanOrEqual(2);
  for (const n of names)
    expect(
      n
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/đ/gi, "d")
        .toLowerCase(),
    ).toContain("hau thanh");
  await merge.getByLabel(/Xã Hậu Thạnh Đông/).check();
  await merge.getByLabel(/Xã Hậu Thạnh Tây/).check();
  await expect(merge.getByText("Đã chọn 2 đơn vị")).toBeVisible();
  await filter.fill("");
  await merge.getByLabel("Tên mới").fill("Xã Hậu Thạnh");
  await merge.getByLabel("Mã đơn vị mới").fill("LA-TT-HAUTHANH");
  await merge.getByRole("button", { name: "Xem trước" }).click();
  const preview = page.getByTestId("reorg-preview");
  // The merge preview takes 2–3 s on PostgreSQL alone (the whole test 4.0 s); on a loaded CI machine it
  // passed Playwright's default 5 s twice (30/11/2026). Slow, not wrong: waited for up to 20 s here,
  // and the preview's time is a known issue to profile.
  await expect(preview).toContainText("Đơn vị ngừng hoạt động: 2", { timeout: 20_000 });
  await expect(preview).toContainText("Xã Hậu Thạnh Đông (LA-TT-X03)");
  await expect(preview).toContainText("Xã Hậu Thạnh (LA-TT-HAUTHANH)");
  await expect(preview).toContainText("Cán bộ chuyển đơn vị");
  // The chosen units are still ticked in the form above the preview.
  await expect(merge.locator('input[name="unitIds"]:checked')).toHaveCount(2);
  await noHorizontalScroll(page);
  await page.getByRole("link", { name: "Hủy" }).click();
  await expect(page.getByTestId("reorg-preview")).toHaveCount(0);
  expect(await getUnitByCode("LA-TT-HAUTHANH")).toBeUndefined();
  expect(await getUnitByCode("LA-TT-X03")).toBeDefined();
  expect(consoleErrors).toEqual([]);
});

test("without JavaScript: the merge list is a plain list of checkboxes and splitting adds a row with “Thêm dòng”", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await signInAs(page, "quantri");
  await page.goto("/admin/units");
  await expect(page.getByTestId("merge-filter")).toHaveCount(0);
  expect(await page.locator('input[name="unitIds"]').count()).toBeGreaterThan(10);
  const split = page.getByTestId("reorg-split");
  await expect(split.locator(".split-row")).toHaveCount(3);
  await split.getByLabel("Tên đơn vị 1").fill("Xã Một");
  await split.getByRole("button", { name: "Thêm dòng" }).click();
  await expect(page.getByTestId("reorg-split").locator(".split-row")).toHaveCount(4);
  await expect(page.getByTestId("reorg-split").getByLabel("Tên đơn vị 1")).toHaveValue("Xã Một");
  await noHorizontalScroll(page);
  await context.close();
});
