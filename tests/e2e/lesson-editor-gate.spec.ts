// The lesson editor and the gate: a lesson over the size limit says so next to the field, with and
// without JavaScript; the live preview asks the server once after typing stops, not on every key.
import type { Browser, Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

async function newLesson(browser: Browser, javaScriptEnabled: boolean, title: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signInAs(page, "giangvien");
  await page.goto("/trainer");
  await page.getByLabel("Tên khóa học", { exact: true }).fill(title);
  await page.getByLabel("Tóm tắt", { exact: true }).fill("Thử trình soạn bài.");
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByLabel("Tên bài", { exact: true }).fill("Bài thử");
  await page.getByRole("button", { name: "Thêm bài" }).click();
  await expect(page.getByLabel("Nội dung bài (MDX)")).toBeVisible();
  return page;
}

const LONG = `## Bài rất dài\n\n${"Nội dung bài học. ".repeat(3_600)}`; // 64,800+ characters

for (const javaScriptEnabled of [false, true]) {
  test(`a lesson over the size limit says so next to the field (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const page = await newLesson(browser, javaScriptEnabled, `Khóa thử giới hạn ${javaScriptEnabled ? "có" : "không"} JS`);
    const field = page.getByLabel("Nội dung bài (MDX)");
    await field.fill(LONG);
    if (javaScriptEnabled) await expect(page.getByTestId("source-error")).toContainText("Nội dung bài quá dài"); // while typing
    await page.getByRole("button", { name: "Lưu nháp" }).click();
    await expect(page.getByTestId("source-error")).toContainText(/Nội dung bài quá dài: [\d.]+ ký tự, tối đa 60\.000/);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Đã lưu.")).toHaveCount(0);
    await page.context().close();
  });
}

test("the live preview posts once after the trainer stops typing, and shows ordinary Markdown", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newLesson(browser, true, "Khóa thử xem trước tự động");
  let posts = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/lessons/")) posts++;
  });
  await page.getByLabel("Xem trước tự động khi anh/chị gõ").check();
  const field = page.getByLabel("Nội dung bài (MDX)");
  await field.fill("");
  // A trainer types in bursts, with pauses shorter than the debounce (1.5 s): no request until the end.
  for (const chunk of ["Kính gửi {họ tên}, ", "hạn <5 ", "ngày."]) {
    await field.pressSequentially(chunk, { delay: 30 });
    await page.waitForTimeout(500);
  }
  await expect(page.getByTestId("preview")).toContainText("Kính gửi {họ tên}, hạn <5 ngày.");
  await page.waitForTimeout(2_000);
  expect(posts).toBe(1);
  await page.context().close();
});
