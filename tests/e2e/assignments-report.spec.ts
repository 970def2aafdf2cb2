// Issue 15 item 4: a manager reads each assignment of their scope — the first screen lists them with
// their overdue counts; the assignment's page splits the assigned people into the five states (rates
// over the assigned people), each child unit worst first, drilling down to the overdue people; "as of"
// a past day; exports and the print view carry the assignment's dates. Another manager cannot read it.
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { row } from "~/db/client.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, horizontalOverflow, signInAs, test } from "./fixtures";

const NOTE = "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh";

async function oneStopAssignment() {
  return (await row<{ id: number; dueOn: string }>(sql`SELECT id, due_on AS "dueOn" FROM assignments WHERE note = ${NOTE}`))!;
}

const num = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    // Without JavaScript the browser refuses the module preloads (CSP): expected, not an error of the page.
    test.use({
      javaScriptEnabled,
      viewport: { width: 360, height: 800 },
      allowedErrors: javaScriptEnabled ? [] : [/^request failed: GET \S+\/build\/\S+\.js csp$/],
    });

    test("the district report lists the assignment with its overdue count; its page adds up, worst first, down to the overdue people", async ({
      page,
    }) => {
      await signInAs(page, "lanhdao.tanthanh");
      const district = (await getUnitByCode("LA-TT"))!;
      const a = await oneStopAssignment();
      await page.goto(`/reports/${district.id}`);
      const line = page.getByTestId("assignments").locator(`[data-assignment="${a.id}"]`);
      await expect(line).toContainText("Hướng dẫn dịch vụ công trực tuyến");
      await expect(line).toContainText(/quá hạn: \d+/);
      const overdue = num(await line.locator('[data-figure="overdue"]').textContent());
      expect(overdue).toBeGreaterThan(0);
      expect((await horizontalOverflow(page)).overflow).toBe(0);

      await line.getByRole("link", { name: "Hướng dẫn dịch vụ công trực tuyến" }).click();
      await expect(page).toHaveURL(new RegExp(`/reports/${district.id}/assignments/${a.id}$`));
      const [y, m, d] = a.dueOn.split("-");
      await expect(page.getByTestId("assignment-dates")).toContainText(`hạn ${d}/${m}/${y}`);
      const head = page.getByTestId("headline");
      const figure = async (name: string) => num(await head.locator(`[data-figure="${name}"]`).textContent());
      const assigned = await figure("assigned");
      const states = await Promise.all(["overdue", "not-started", "in-progress", "late", "on-time"].map(figure));
      expect(states.reduce((s, x) => s + x, 0)).toBe(assigned);
      expect(await figure("overdue")).toBe(overdue);
      // Children worst first: the share overdue never rises down the table.
      const shares = await page
        .getByTestId("children")
        .locator("tbody tr")
        .evaluateAll((rows) =>
          rows.map((r) => {
            const n = (f: string) => Number((r.querySelector(`[data-figure="${f}"]`)?.textContent ?? "").replace(/\D/g, ""));
            return n("overdue") / Math.max(1, n("assigned"));
          }),
        );
      expect(shares.length).toBeGreaterThan(1);
      for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeLessThanOrEqual(shares[i - 1]!);
      expect((await horizontalOverflow(page)).overflow).toBe(0);

      await head.locator('[data-figure="overdue"]').click();
      await expect(page.getByTestId("people-count")).toContainText(`${overdue.toLocaleString("vi-VN")} người`);
      const labels = await page
        .getByTestId("people")
        .locator("[data-state]")
        .evaluateAll((els) => els.map((e) => e.textContent));
      expect(labels.length).toBeGreaterThan(0);
      expect(new Set(labels)).toEqual(new Set(["Quá hạn"]));
      expect((await horizontalOverflow(page)).overflow).toBe(0);
    });
  });
}

test("as of a past day, the CSV and the print view carry the assignment's dates", async ({ page }) => {
  await signInAs(page, "lanhdao.tanthanh");
  const district = (await getUnitByCode("LA-TT"))!;
  const a = await oneStopAssignment();
  const [y, m, d] = a.dueOn.split("-");
  // The day before the due day: nobody was overdue yet.
  const before = new Date(Date.parse(`${a.dueOn}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);
  await page.goto(`/reports/${district.id}/assignments/${a.id}?asOf=${before}`);
  await expect(page.getByTestId("headline").locator('[data-figure="overdue"]')).toHaveText("0");
  // The people's CSV (a flat table): each row carries its due day.
  const csv = await (await page.request.get(`/reports/${district.id}/assignments/${a.id}/export.csv`)).text();
  expect(csv.split("\r\n")[0]).toContain("Hạn hoàn thành");
  expect(csv).toContain(`,${d}/${m}/${y},`);
  // The XLSX, for people, has the assignment's dates and note in its title lines.
  const xlsx = await page.request.get(`/reports/${district.id}/assignments/${a.id}/export.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const titles: string[] = [];
  book.getWorksheet("Đơn vị")!.eachRow((r) => titles.push((r.values as unknown[]).slice(1).join(" | ")));
  expect(titles.join("\n")).toContain(`Hạn hoàn thành: ${d}/${m}/${y}`);
  expect(titles.join("\n")).toContain(NOTE);
  await page.goto(`/reports/${district.id}/print`);
  await expect(page.getByTestId("print-assignments")).toContainText(`hạn ${d}/${m}/${y}`);
});

test.describe("another manager", () => {
  test.use({ allowedErrors: [/403/] });
  test("cannot open the assignment at a unit outside their subtree, nor its people or export", async ({ page }) => {
    await signInAs(page, "lanhdao.tantru");
    const district = (await getUnitByCode("LA-TT"))!;
    const a = await oneStopAssignment();
    for (const url of [
      `/reports/${district.id}/assignments/${a.id}`,
      `/reports/${district.id}/assignments/${a.id}/people?state=overdue`,
      `/reports/${district.id}/assignments/${a.id}/export.csv`,
    ]) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(403);
    }
    // At their own district the one-stop assignment of Tân Thạnh has nobody: it is not listed.
    const own = (await getUnitByCode("LA-TTR"))!;
    await page.goto(`/reports/${own.id}`);
    await expect(page.getByTestId("assignments").locator(`[data-assignment="${a.id}"]`)).toHaveCount(0);
    await expect(page.getByTestId("assignments")).toContainText("An toàn thông tin");
  });
});
