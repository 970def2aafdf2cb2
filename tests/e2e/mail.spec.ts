// Issue 16: e-mail on the demo. A learner with an address passes a course; the congratulations mail goes
// through the outbox to the catch-all SMTP server inside the demo app, and /admin/mail shows it to the
// administrator, at 360 px. The learner turns the optional mail off on /account/notifications without
// JavaScript.
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { answerQuiz, expect, horizontalOverflow, signInAs, test } from "./fixtures";

const SLUG = "chuyen-doi-so-co-quan-nha-nuoc";

async function learnerWithAddress(): Promise<{ username: string; email: string }> {
  const demo = (await findByIdentifier("canbo"))!;
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const username = `e2e.mail.${unique}`;
  const email = `e2e.mail.${unique}@xa-hau-thanh-dong.vn`;
  await createOfficial({
    ho: "Lê",
    dem: "Thị",
    ten: "Thư",
    staffCode: `E2E-MAIL-${unique}`.toUpperCase(),
    username,
    email,
    unitId: demo.unitId,
    roles: [{ role: "learner" }],
    since: "2020-01-01",
  });
  return { username, email };
}

test("a learner passes a course; /admin/mail at 360 px shows the catch-all received the congratulations mail", async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const learner = await learnerWithAddress();
  await signInAs(page, learner.username);
  await page.goto(`/courses/${SLUG}`);
  await page.getByRole("link", { name: "Bắt đầu học" }).click();
  for (;;) {
    await page.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
    await expect(page.getByText(/Đã học xong ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
    const next = page.getByRole("link", { name: /^Bài tiếp theo/ });
    if ((await next.count()) === 0) break;
    await next.click();
  }
  await page.getByRole("link", { name: "Làm bài kiểm tra cuối khóa" }).first().click();
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await answerQuiz(page, SLUG, true);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByText("Anh/chị đã hoàn thành khóa học.")).toBeVisible();

  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const admin = await context.newPage();
  await signInAs(admin, "quantri");
  await admin.goto("/admin/mail");
  await expect(admin.getByTestId("mail-state")).toContainText("hộp thư thử nghiệm");
  // The learner also got "Được giao khóa học" mails: they joined the demo's assignments (decision 0030).
  const caught = admin
    .getByTestId("mail-caught")
    .locator("li", { hasText: learner.email })
    .filter({ hasText: "Chúc mừng hoàn thành khóa học: " });
  await expect(async () => {
    await admin.reload();
    await expect(caught).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(caught).toContainText("Chúc mừng hoàn thành khóa học: ");
  await expect(caught).toContainText("Kính gửi Lê Thị Thư,");
  await expect(caught).toContainText(`/courses/${SLUG}`);
  await expect(
    admin.getByTestId("mail-recent").locator("tr", { hasText: learner.email }).filter({ hasText: "Chúc mừng hoàn thành khóa học" }),
  ).toContainText("Đã gửi");
  const { overflow, culprits } = await horizontalOverflow(admin);
  expect(overflow, culprits.join("; ")).toBeLessThanOrEqual(1);
  await context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, allowedErrors: [/^request failed: GET \S+\/build\/\S+\.js csp$/] });

  test("a person turns the optional congratulations mail off; the required kinds stay on", async ({ page }) => {
    const learner = await learnerWithAddress();
    await signInAs(page, learner.username);
    await page.goto("/account/notifications");
    await expect(page.getByText(`Thư được gửi tới ${learner.email}.`)).toBeVisible();
    const optional = page.getByRole("checkbox", { name: "Chúc mừng hoàn thành khóa học" });
    await expect(optional).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /Quá hạn hoàn thành khóa học/ })).toBeDisabled();
    await optional.uncheck();
    await page.getByRole("button", { name: "Lưu lựa chọn" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã lưu lựa chọn nhận thư.");
    await expect(page.getByRole("checkbox", { name: "Chúc mừng hoàn thành khóa học" })).not.toBeChecked();
  });
});
