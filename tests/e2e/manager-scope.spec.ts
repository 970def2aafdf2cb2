import { getUnitByCode, subtree } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

// The 403s and the 404 are the point of these tests (Chromium logs each as a failed resource).
test.use({ allowedErrors: [/status of 40[34]/] });

test("the Tân Thạnh manager typing a Tân Trụ unit's URL gets 403 and none of its data", async ({ page }) => {
  await signInAs(page, "lanhdao.tanthanh");
  const tanTru = (await getUnitByCode("LA-TTR"))!;
  for (const unit of (await subtree(tanTru)).slice(0, 6)) {
    const response = await page.goto(`/units/${unit.id}?q=a`);
    expect(response?.status(), unit.name).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
    const body = await page.content();
    expect(body).not.toContain(unit.name);
    expect(body).not.toContain("Tân Trụ");
  }
  // The data endpoint Remix uses for client navigation is refused too.
  const data = await page.request.get(`/units/${tanTru.id}.data`);
  expect(data.status()).toBe(403);
  expect(await data.text()).not.toContain("Tân Trụ");
});

test("the Tân Thạnh manager opens a commune of their own district and sees its officials sorted by tên", async ({ page }) => {
  await signInAs(page, "lanhdao.tanthanh");
  const commune = (await getUnitByCode("LA-TT-X03"))!;
  await page.goto(`/units/${commune.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xã Hậu Thạnh Đông");
  await expect(page.getByRole("row", { name: /Nguyễn Thị Hồng Nhung/ })).toBeVisible();
  await page.getByLabel("Tìm theo tên (không cần dấu)").fill("hong nhung");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByRole("row")).toHaveCount(2);
});

test("an unknown address shows the Vietnamese 404 page", async ({ page }) => {
  await signInAs(page, "canbo");
  const response = await page.goto("/khong-co-trang-nay");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await expect(page.getByRole("link", { name: "Về trang chủ" })).toBeVisible();
});
