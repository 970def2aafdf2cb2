// Question banks in (issue 14 item 7): a trainer uploads a GIFT file with one refused item, sees the
// dry run with the refused line's number, confirms importing only the accepted questions, applies,
// and finds them in the editor — with and without JavaScript; at 360 px the dry run does not scroll
// sideways.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { t } from "~/i18n/vi";
import { expect, signInAs, test } from "./fixtures";

const M = t.quizImport;
const GIFT = path.resolve("tests/fixtures/quiz-bank/ngan-hang.gift");

async function newCourseQuiz(page: Page, title: string) {
  await signInAs(page, "giangvien");
  await page.goto("/trainer");
  await page.getByLabel("Tên khóa học", { exact: true }).fill(title);
  await page.getByLabel("Tóm tắt", { exact: true }).fill("Khóa thử nhập câu hỏi.");
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.goto(`${new URL(page.url()).pathname}/quiz`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bài kiểm tra");
}

async function dryRun(page: Page) {
  const form = page.getByRole("form", { name: M.title });
  await form.getByLabel(M.file).setInputFiles(GIFT);
  await form.getByRole("button", { name: M.dryRun }).click();
  await expect(page.getByRole("heading", { name: M.planTitle })).toBeVisible();
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({
      javaScriptEnabled: javaScript,
      // Refusing to apply without the confirmation answers 400, the same plan again 409 (the page shows why).
      allowedErrors: [/^request failed: GET \S+\/build\/\S+\.js csp$|status of (400 \(Bad Request\)|409 \(Conflict\)).*\/quiz-import/],
    });

    test("a GIFT file: dry run with the refused line's number, confirm, apply, questions in the editor", async ({ page }) => {
      await newCourseQuiz(page, `Nhập câu hỏi GIFT (${javaScript ? "JS" : "không JS"})`);
      await dryRun(page);
      await expect(page.getByTestId("bank-refused")).toContainText(`Dòng 21: ${M.matching}`);
      const accepted = page.getByTestId("bank-accepted").locator(":scope > li");
      await expect(accepted).toHaveCount(5);
      await expect(accepted.first()).toContainText("Dòng 4");
      await expect(accepted.first()).toContainText(`${M.correctMark}: dichvucong.gov.vn`);
      await expect(page.getByText("Tỉ lệ 1:1 nghĩa là gì với ký hiệu {x} và ~ và = và #?")).toBeVisible();

      // Nothing is applied while a refused item is not confirmed.
      await page.getByRole("button", { name: M.apply("5") }).click();
      await expect(page.getByTestId("bank-apply-error")).toHaveText(M.needConfirm);
      await page.getByLabel(/Tôi đồng ý chỉ nhập 5 câu/).check();
      await page.getByRole("button", { name: M.apply("5") }).click();

      await expect(page.getByTestId("bank-imported")).toHaveText(M.imported("5"));
      await expect(page.getByRole("heading", { name: "Câu hỏi (5)" })).toBeVisible();
      await expect(page.getByRole("form", { name: "Câu 1" }).getByLabel("Nội dung câu hỏi")).toHaveValue(
        "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
      );

      // The back button and the same plan again: nothing is added a second time.
      await page.goBack();
      if (await page.getByRole("button", { name: M.apply("5") }).isVisible()) {
        await page.getByLabel(/Tôi đồng ý chỉ nhập 5 câu/).check();
        await page.getByRole("button", { name: M.apply("5") }).click();
        await expect(page.getByTestId("bank-apply-error")).toHaveText(M.alreadyImported);
      }
      await page.goto(new URL(page.url()).pathname.replace(/quiz-import$/, "quiz"));
      await expect(page.getByRole("heading", { name: "Câu hỏi (5)" })).toBeVisible();

      // "Xuất GIFT" gives the questions back, UTF-8, special characters escaped; the template downloads.
      const [gift] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: M.exportGift }).click()]);
      const text = fs.readFileSync(await gift.path(), "utf8");
      expect(text).toContain("::dvc-cong::Cổng Dịch vụ công quốc gia có địa chỉ nào?");
      expect(text).toContain("Tỉ lệ 1\\:1 nghĩa là gì với ký hiệu \\{x\\}");
      const [template] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: M.template }).click()]);
      expect(template.suggestedFilename()).toBe("mau-cau-hoi.xlsx");
    });
  });
}

test.describe("at 360 px", () => {
  test("the dry-run page has no horizontal scroll", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await newCourseQuiz(page, "Nhập câu hỏi trên điện thoại");
    await dryRun(page);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
  });
});
