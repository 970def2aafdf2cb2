// Adoption indicators beside training (issue 18): the unit page for a manager without JavaScript, the
// scope (403 outside it), entering and correcting a value, and the catalogue form that starts empty
// for a second indicator.
import { getUnitByCode } from "~/units/tree.server";
import type { Browser } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

// A page of its own without JavaScript (the fixture's page would report every script the CSP-less
// context refuses to run as a failed request).
async function noScriptPage(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

test.describe("without JavaScript", () => {
  test("the Tân Trụ manager opens the indicator page from the unit report: trends, children, training, demo label", async ({ browser }) => {
    const page = await noScriptPage(browser);
    await signInAs(page, "lanhdao.tantru");
    const district = (await getUnitByCode("LA-TTR"))!;
    await page.goto(`/reports/${district.id}`);
    await page.getByRole("link", { name: "Chỉ số ứng dụng và tập huấn" }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/${district.id}/chi-so$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chỉ số ứng dụng và tập huấn: Huyện Tân Trụ");
    await expect(page.getByTestId("demo-notice")).toBeVisible();
    const kySo = page.getByTestId("indicator-KY_SO_VB_DI");
    await expect(kySo.getByRole("heading", { level: 2 })).toContainText("Văn bản đi được ký số");
    await expect(kySo.locator("svg[role=img]").first()).toBeVisible();
    // Every commune of the district has a row, with its share trained beside the indicator.
    await expect(kySo.getByTestId("children").locator("tbody tr")).toHaveCount(
      await kySo.getByTestId("children").locator("tbody tr").count(),
    );
    expect(await kySo.getByTestId("children").locator("tbody tr").count()).toBeGreaterThanOrEqual(10);
    await expect(kySo.getByRole("columnheader", { name: "Hoàn thành khóa học hỗ trợ" })).toBeVisible();
    // Association, never causation.
    const body = await page.locator("main").innerText();
    expect(body).not.toMatch(/tập huấn làm tăng|nhờ tập huấn/i);
    await expect(page.getByTestId("association").first()).toContainText("không phải bằng chứng về nguyên nhân");
    // A child's link opens its own page.
    await kySo.getByTestId("children").locator("tbody tr").first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Chỉ số ứng dụng và tập huấn: ");
  });

  test("a manager enters a value for a commune, corrects it, and the history keeps both", async ({ browser }) => {
    const page = await noScriptPage(browser);
    await signInAs(page, "lanhdao.tantru");
    const commune = (await getUnitByCode("LA-TTR-X04"))!;
    await page.goto(`/reports/${commune.id}/chi-so/nhap`);
    const enter = async (num: string, den: string) => {
      await page.getByLabel("Chỉ số", { exact: true }).selectOption({ label: "Văn bản đi được ký số (Tháng)" });
      await page.getByLabel("Kỳ", { exact: true }).fill("01/2025");
      await page.getByLabel("Tử số").fill(num);
      await page.getByLabel("Mẫu số").fill(den);
      await page.getByRole("button", { name: "Lưu số liệu" }).click();
    };
    await enter("70", "60");
    await expect(page.getByText("Tử số không được lớn hơn mẫu số.")).toBeVisible();
    await enter("50", "60");
    await expect(page.getByRole("status")).toHaveText("Đã lưu số liệu.");
    await enter("55", "60");
    await page
      .getByRole("row", { name: /01\/2025/ })
      .getByRole("link")
      .click();
    const history = page.locator("#history tbody tr");
    await expect(history).toHaveCount(2);
    await expect(history.first()).toContainText("Đang dùng");
    await expect(history.nth(1)).toContainText("Đã được điều chỉnh");
  });
});

test.describe("scope", () => {
  // The 403s are the point (Chromium logs each as a failed resource).
  test.use({ allowedErrors: [/status of 403/] });

  test("the Tân Trụ manager gets 403 for a Tân Thạnh unit's indicator page and its entry page", async ({ page }) => {
    await signInAs(page, "lanhdao.tantru");
    const other = (await getUnitByCode("LA-TT-X02"))!;
    for (const url of [`/reports/${other.id}/chi-so`, `/reports/${other.id}/chi-so/nhap`, `/reports/${other.id}/chi-so?asOf=2026-01-01`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(403);
      expect(await page.content()).not.toContain(other.name);
    }
    const data = await page.request.get(`/reports/${other.id}/chi-so.data`);
    expect(data.status()).toBe(403);
  });
});

test.describe("catalogue", () => {
  // The refused second form answers 400 on purpose (Chromium logs it).
  test.use({ allowedErrors: [/status of 400/] });

  test("the administrator adds an indicator, then a second one: the form neither keeps nor invents the first one's values", async ({
    page,
  }) => {
    await signInAs(page, "quantri");
    const tag = Date.now().toString(36).toUpperCase();
    await page.goto("/admin/indicators");
    const form = page.locator("#indicator-form");
    await form.getByLabel("Mã chỉ số").fill(`E2E_A_${tag}`);
    await form.getByLabel("Tên chỉ số").fill(`Chỉ số thử A ${tag}`);
    await form.getByLabel("Tử số (đếm cái gì)").fill("Số hồ sơ A");
    await form.getByLabel("Mẫu số (trên tổng số nào)").fill("Tổng hồ sơ A");
    await form.getByLabel("Kỳ báo cáo").selectOption("month");
    await form.getByLabel("Mẫu số tối thiểu để đánh giá").fill("35");
    await form.getByRole("checkbox").first().check();
    await form.getByRole("button", { name: "Lưu chỉ số" }).click();
    await expect(page.getByRole("status")).toContainText(`Chỉ số thử A ${tag}`);

    // The form is empty again: nothing of the first indicator is kept.
    await expect(form.getByLabel("Mã chỉ số")).toHaveValue("");
    await expect(form.getByLabel("Tên chỉ số")).toHaveValue("");
    await expect(form.getByLabel("Tử số (đếm cái gì)")).toHaveValue("");
    await expect(form.getByLabel("Kỳ báo cáo")).toHaveValue("");
    await expect(form.getByLabel("Mẫu số tối thiểu để đánh giá")).toHaveValue("20");
    const boxes = form.getByRole("checkbox");
    for (let i = 0; i < (await boxes.count()); i++) await expect(boxes.nth(i)).not.toBeChecked();

    // A refused second one shows its own values again, not the first one's.
    await form.getByLabel("Mã chỉ số").fill(`E2E_B_${tag}`);
    await form.getByLabel("Tử số (đếm cái gì)").fill("Số hộp thư B");
    await form.getByLabel("Mẫu số (trên tổng số nào)").fill("Tổng hộp thư B");
    await form.getByLabel("Kỳ báo cáo").selectOption("quarter");
    await form.getByRole("button", { name: "Lưu chỉ số" }).click();
    await expect(form.getByText("Nhập tên chỉ số.")).toBeVisible();
    await expect(form.getByLabel("Mã chỉ số")).toHaveValue(`E2E_B_${tag}`);
    await expect(form.getByLabel("Kỳ báo cáo")).toHaveValue("quarter");
    await form.getByLabel("Tên chỉ số").fill(`Chỉ số thử B ${tag}`);
    await form.getByRole("button", { name: "Lưu chỉ số" }).click();
    await expect(page.getByRole("status")).toContainText(`Chỉ số thử B ${tag}`);

    const a = page.locator(`tr[data-code="E2E_A_${tag}"]`);
    const b = page.locator(`tr[data-code="E2E_B_${tag}"]`);
    await expect(a).toContainText("Số hồ sơ A / Tổng hồ sơ A");
    await expect(a).toContainText("Tháng");
    await expect(b).toContainText("Số hộp thư B / Tổng hộp thư B");
    await expect(b).toContainText("Quý");
    await expect(b).toContainText("Chưa gắn khóa học");
    await expect(b).not.toContainText("hồ sơ A");
  });
});
