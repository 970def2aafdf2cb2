import { DEMO_PASSWORD } from "~/demo/data";
import { expect, signInAs, test } from "./fixtures";

test("signing in and marking a lesson done work from the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Bỏ qua, đến nội dung chính" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Tên đăng nhập hoặc thư điện tử")).toBeFocused();
  await page.keyboard.type("giangvien");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Mật khẩu")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xin chào, Trần Minh Khoa");

  await page.goto("/courses/an-toan-thong-tin-can-bo/nhan-dien-thu-lua-dao");
  const done = page.getByRole("button", { name: "Đánh dấu đã học xong bài này" });
  for (let i = 0; i < 80 && !(await done.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(done).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText(/Đã học xong ngày/)).toBeVisible();
});

test("focus is visible: a focused link gets an outline", async ({ page }) => {
  await signInAs(page, "canbo");
  await page.goto("/courses");
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
});
