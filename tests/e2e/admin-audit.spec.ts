// Issue 20 item 4: an administrator reads the audit log at 360 px, with and without JavaScript: the
// action in Vietnamese words, the person's name as a link, details as text; filters by action and by a
// person's name typed without diacritics; a wrong date gets its message at the field; "Cũ hơn" pages
// on; the Excel export downloads. Each variant logs its own entries under its own actor (order
// independence: decision 0016).
import { audit } from "~/audit/log.server";
import { transaction } from "~/db/client.server";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { expect, horizontalOverflow, signInAs, test } from "./fixtures";

async function actor(tag: string) {
  const admin = (await findByIdentifier("quantri"))!;
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const created = await createOfficial({
    ho: "Đặng",
    dem: "Nhật",
    ten: `Ký${tag}${unique}`,
    staffCode: `E2E-AUDIT-${unique}`.toUpperCase(),
    username: `e2e.audit.${unique}`,
    email: null,
    unitId: admin.unitId,
    roles: [{ role: "learner" }],
    since: "2020-01-01",
  });
  return { id: created.id, name: `Đặng Nhật Ký${tag}${unique}`, folded: `dang nhat ky${tag}${unique}`.toLowerCase() };
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({
      javaScriptEnabled,
      viewport: { width: 360, height: 740 },
      allowedErrors: javaScriptEnabled ? [] : [/^request failed: GET \S+\/build\/\S+\.js csp$/],
    });

    test("the audit log in Vietnamese words, filtered, paged and exported", async ({ page }) => {
      const me = await actor(javaScriptEnabled ? "js" : "nojs");
      const canbo = (await findByIdentifier("canbo"))!;
      await transaction(async () => {
        for (let i = 0; i < 55; i++) await audit(me.id, "official.password-reset", "official", canbo.staffCode);
        await audit(me.id, "official.edit", "official", canbo.staffCode, { position: { from: "Chuyên viên", to: "Phó Chủ tịch" } });
      });
      await signInAs(page, "quantri");
      await page.goto("/admin/audit");
      expect((await horizontalOverflow(page)).overflow).toBeLessThanOrEqual(1);

      // Filter: the actor's name without diacritics, one action.
      await page.getByLabel("Người thực hiện", { exact: true }).fill(me.folded);
      await page.getByLabel("Thao tác", { exact: true }).selectOption({ label: "Sửa thông tin cán bộ" });
      await page.getByRole("button", { name: "Lọc" }).click();
      await expect(page.getByTestId("audit-count")).toHaveText("1 mục");
      const row = page.getByTestId("audit").locator("tbody tr").first();
      await expect(row).toContainText("Sửa thông tin cán bộ");
      await expect(row).toContainText("Chức vụ: Chuyên viên → Phó Chủ tịch");
      await expect(row.getByRole("link", { name: me.name })).toHaveAttribute("href", `/admin/people/${me.id}`);
      await expect(row.getByRole("link", { name: new RegExp(canbo.staffCode) })).toHaveAttribute("href", `/admin/people/${canbo.id}`);
      await expect(page.getByLabel("Người thực hiện", { exact: true }), "the filter keeps what was typed").toHaveValue(me.folded);

      // All of this actor's: 56 entries, 50 on the first page, "Cũ hơn" shows the other 6.
      await page.getByLabel("Thao tác", { exact: true }).selectOption({ label: "Mọi thao tác" });
      await page.getByRole("button", { name: "Lọc" }).click();
      await expect(page.getByTestId("audit-count")).toHaveText("56 mục");
      await expect(page.getByTestId("audit").locator("tbody tr")).toHaveCount(50);
      await page.getByRole("link", { name: "Cũ hơn →" }).click();
      await expect(page.getByTestId("audit").locator("tbody tr")).toHaveCount(6);
      await expect(page.getByTestId("audit").locator("tbody tr").first()).toContainText("Đặt lại mật khẩu");
      expect((await horizontalOverflow(page)).overflow).toBeLessThanOrEqual(1);

      // The export with the same filters.
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Tải Excel (XLSX)" }).click();
      expect((await download).suggestedFilename()).toBe("nhat-ky.xlsx");

      // A wrong date: the message at its field, nothing listed.
      await page.goto("/admin/audit");
      await page.getByLabel("Từ ngày").fill("31/02/2026");
      await page.getByRole("button", { name: "Lọc" }).click();
      await expect(page.locator("#audit-from-error")).toHaveText("Ngày không hợp lệ: gõ theo dạng ngày/tháng/năm, ví dụ 05/11/2026.");
      await expect(page.getByLabel("Từ ngày")).toHaveAttribute("aria-invalid", "true");
    });
  });
}
