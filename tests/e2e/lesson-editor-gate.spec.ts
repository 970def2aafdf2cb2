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

test("the live preview shows the gate's problems while the trainer types, then the lesson once they are fixed", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newLesson(browser, true, "Khóa thử xem trước có lỗi");
  await page.getByLabel("Xem trước tự động khi anh/chị gõ").check();
  const field = page.getByLabel("Nội dung bài (MDX)");
  // An import is code: the gate refuses it, and the preview says where.
  await field.fill('import x from "fs"\n\n## Mục một\n');
  await expect(page.getByTestId("gate-problems")).toBeVisible();
  await expect(page.getByTestId("gate-problems")).toContainText("1");
  await expect(page.getByTestId("preview")).toHaveCount(0);
  await field.fill("## Mục một\n\nNội dung **đậm**.\n");
  await expect(page.getByTestId("preview").getByRole("heading", { name: "Mục một" })).toBeVisible();
  await expect(page.getByTestId("preview").locator("strong")).toHaveText("đậm");
  await expect(page.getByTestId("gate-problems")).toHaveCount(0);
  // Nothing was saved by previewing: the stored draft is still the first one.
  await page.reload();
  await expect(field).not.toHaveValue(/Nội dung \*\*đậm\*\*/);
  await page.context().close();
});

test("without JavaScript there is no live-preview box, and 'Xem trước' shows the lesson", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newLesson(browser, false, "Khóa thử xem trước không JS");
  await expect(page.getByLabel("Xem trước tự động khi anh/chị gõ")).toBeHidden();
  await page.getByLabel("Nội dung bài (MDX)").fill("## Tiêu đề xem trước\n\nĐoạn văn.\n");
  await page.getByRole("button", { name: "Xem trước", exact: true }).click();
  await expect(page.getByTestId("preview").getByRole("heading", { name: "Tiêu đề xem trước" })).toBeVisible();
  await expect(page.getByLabel("Nội dung bài (MDX)")).toHaveValue("## Tiêu đề xem trước\n\nĐoạn văn.\n");
  await page.context().close();
});

test("the preview endpoint answers the course's trainers only, in Vietnamese otherwise", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newLesson(browser, true, "Khóa thử quyền xem trước");
  const url = `${new URL(page.url()).pathname}/preview`;
  const ok = await page.request.post(url, { form: { source: "## Được\n" } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).preview).toContain("Được");
  // A learner is refused; an unknown course is a Vietnamese 404; a GET is a Vietnamese 405.
  const learner = await browser.newContext();
  const learnerPage = await learner.newPage();
  await signInAs(learnerPage, "canbo");
  const refused = await learnerPage.request.post(url, { form: { source: "## Bí mật xem trước\n" }, maxRedirects: 0 });
  expect(refused.status()).toBeGreaterThanOrEqual(300);
  expect(await refused.text()).not.toContain("Bí mật xem trước");
  const unknown = await page.request.post(url.replace(/\/courses\/\d+\//, "/courses/999999/"), { form: { source: "x" } });
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toMatch(/Không tìm thấy/);
  const get = await page.request.get(url);
  expect(get.status()).toBe(405);
  expect(await get.text()).not.toMatch(/Method Not Allowed/);
  await learner.close();
  await page.context().close();
});
