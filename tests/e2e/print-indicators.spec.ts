// Issue 18 item 4: the indicator page's print view, in the unit report's official frame (Nghị định
// 30/2020, issue 20 item 2). Printed by Chromium to A4 and read back with pdftotext: the letterhead,
// every indicator, the child units' table header on every page with its rows, and the signatures
// whole, once, at the end, on the page of the last table's last row. Scoped like the page.
import { indicatorReport } from "~/indicators/report.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";
import { pdfPages } from "./pdf";

const flat = (s: string) => s.replace(/\s+/g, " ");

test("the Tân Thạnh manager prints the indicator page: letterhead, every indicator, headers on every page, signatures after the last row", async ({
  page,
}) => {
  const district = (await getUnitByCode("LA-TT"))!;
  const { blocks } = await indicatorReport(district, null);
  expect(blocks.length, "the demo has indicators").toBeGreaterThan(1);
  const last = blocks.at(-1)!;
  expect(last.children.length, "the last indicator has child rows").toBeGreaterThan(2);

  await signInAs(page, "lanhdao.tanthanh");
  await page.goto(`/reports/${district.id}/chi-so`);
  await page.getByRole("link", { name: "Bản in" }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/${district.id}/chi-so/print$`));
  const head = page.getByTestId("print-head");
  await expect(head).toContainText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  await expect(head).toContainText("HUYỆN TÂN THẠNH");
  await expect(head).toContainText("Số: ……/BC-LA-TT");
  await expect(page.getByRole("button", { name: "In báo cáo" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Quay lại/ })).toHaveAttribute("href", `/reports/${district.id}/chi-so`);

  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = pdfPages(pdf);
  const reading = pdfPages(pdf, false).map(flat);
  expect(pages.length, "pages").toBe(reading.length);
  expect(pages[0]).toContain("TỈNH LONG AN");
  expect(pages[0]).toContain("Độc lập - Tự do - Hạnh phúc");
  expect(pages[0]).toMatch(/……, ngày …… tháng …… năm ……/);
  expect(pages[0]).toContain("BÁO CÁO CHỈ SỐ ỨNG DỤNG VÀ KẾT QUẢ TẬP HUẤN");
  expect(pages[0], "labelled as demo data").toContain("Dữ liệu mẫu");
  const all = reading.join(" ");
  for (const b of blocks) expect(all, b.indicator.name).toContain(b.indicator.name);
  // Association, never causation, on paper too.
  expect(all).toContain("không phải bằng chứng về nguyên nhân");
  expect(all).not.toMatch(/tập huấn làm tăng|nhờ tập huấn/i);
  // No page of child rows without the table's header ("Thay đổi …" heads the last column only).
  const names = [...new Set(blocks.flatMap((b) => b.children.map((c) => flat(c.name))))];
  for (const [i, text] of reading.entries()) {
    if (names.some((n) => text.includes(n))) expect(pages[i], `page ${i + 1} of ${pages.length}`).toMatch(/Thay đổi/);
  }
  // The signatures: once, whole, on the last page, after the last row of the last indicator's table.
  const signed = reading.findIndex((p) => p.includes("Thủ trưởng đơn vị"));
  expect(signed, "the signatures are printed").toBe(reading.length - 1);
  expect(reading.filter((p) => p.includes("Thủ trưởng đơn vị"))).toHaveLength(1);
  for (const part of ["Ngày lập báo cáo:", "Người lập báo cáo", "Nơi nhận:", "Lưu: VT."]) expect(reading[signed]).toContain(part);
  const lastRow = flat(last.children.at(-1)!.name);
  expect(reading[signed], "the last row shares the signatures' page").toContain(lastRow);
  expect(reading[signed]!.indexOf(lastRow)).toBeLessThan(reading[signed]!.indexOf("Ngày lập báo cáo:"));
});

test("a commune without child units prints its indicators with the signatures after the last one", async ({ page }) => {
  const commune = (await getUnitByCode("LA-TT-X02"))!;
  await signInAs(page, "lanhdao.tanthanh");
  await page.goto(`/reports/${commune.id}/chi-so/print`);
  await page.emulateMedia({ media: "print" });
  const reading = pdfPages(await page.pdf({ preferCSSPageSize: true }), false).map(flat);
  expect(reading[0]).toContain(commune.name.toUpperCase());
  const signed = reading.findIndex((p) => p.includes("Thủ trưởng đơn vị"));
  expect(signed).toBe(reading.length - 1);
  expect(reading[signed], "not alone: the last indicator's closing line is on its page").toContain("Không có đơn vị trực thuộc.");
  expect(reading[signed]).toContain("Lưu: VT.");
});

test.describe("scope", () => {
  test.use({ allowedErrors: [/status of 403/] });

  test("the Tân Trụ manager gets 403 for a Tân Thạnh unit's indicator print view", async ({ page }) => {
    await signInAs(page, "lanhdao.tantru");
    for (const code of ["LA-TT", "LA-TT-X02"]) {
      const other = (await getUnitByCode(code))!;
      const response = await page.goto(`/reports/${other.id}/chi-so/print`);
      expect(response?.status(), code).toBe(403);
      expect(await page.content()).not.toContain(other.name.toUpperCase());
    }
  });
});
