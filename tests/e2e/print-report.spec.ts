// Issue 20 item 2: the print view is an official report (Nghị định 30/2020 layout), printed by
// Chromium to PDF and read back with pdftotext: the header lines, the table header repeated on every
// page, and the signature block never alone on a page — whatever number of rows pushes it over.
import type { Page } from "@playwright/test";
import { createUnit, getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";
import { A4, MM, pdfPages, pdfWords } from "./pdf";

test("the print view has the official header lines and a print button", async ({ page }) => {
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  await signInAs(page, "lanhdao.tanthanh");
  await page.goto(`/reports/${tanthanh.id}/print`);
  const head = page.getByTestId("print-head");
  await expect(head).toContainText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  await expect(head).toContainText("Độc lập - Tự do - Hạnh phúc");
  await expect(head).toContainText("HUYỆN TÂN THẠNH");
  await expect(head).toContainText("Số: ……/BC-LA-TT");
  await expect(head).toContainText(/……, ngày …… tháng …… năm ……/);
  await expect(page.getByRole("button", { name: "In báo cáo" })).toBeVisible();
  await expect(page.getByText("Để in: dùng lệnh In của trình duyệt (Ctrl+P).")).toBeHidden();
  // "lượt" over the pair counts (item 1), in the print view too.
  await expect(page.locator("table").first().locator("thead")).toContainText("Lượt khóa chưa bắt đầu");
  // With assignments, their table is the last one: the signatures close it, after its last row.
  const lastCourse = (
    await page.getByTestId("print-assignments").locator("tbody tr:not(.print-tail__end)").last().locator("td").first().innerText()
  ).replace(/\s+/g, " ");
  await page.emulateMedia({ media: "print" });
  const reading = pdfPages(await page.pdf({ preferCSSPageSize: true }), false).map((p) => p.replace(/\s+/g, " "));
  const signed = reading.findIndex((p) => p.includes("Thủ trưởng đơn vị"));
  expect(signed, "the signatures end the report").toBe(reading.length - 1);
  // pdftotext reads a wrapped cell's second line after the next cell's first: the title's words in
  // order, before the date line.
  const words = lastCourse.split(" ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  expect(reading[signed], "the last assignment shares the signatures' page").toMatch(
    new RegExp(`${words.join("[\\s\\S]*?")}[\\s\\S]*Ngày lập báo cáo:`),
  );
});

test("without JavaScript the print view shows no dead button, only how to print", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, "lanhdao.tanthanh");
  await page.goto(`/reports/${(await getUnitByCode("LA-TT"))!.id}/print`);
  await expect(page.getByText("Để in: dùng lệnh In của trình duyệt (Ctrl+P).")).toBeVisible();
  await expect(page.getByRole("button", { name: "In báo cáo" })).toBeHidden();
  await context.close();
});

/** The print view of a unit, as Chromium prints it to A4: its text page by page, and its words' boxes. */
async function printed(page: Page, unitId: number) {
  await page.goto(`/reports/${unitId}/print`);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  return { pages: pdfPages(pdf), words: pdfWords(pdf) };
}

test("on A4, with a short, a page-filling and a long table: the header on every page, the signatures with the last rows, Nghị định 30 margins", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // A unit of the test's own under the province, given children one by one: the report grows from one
  // line to past a page, and then to several pages.
  const province = (await getUnitByCode("LA"))!;
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
  const parent = await createUnit({ code: `IN-${tag}`, name: `Khối in thử ${tag}`, kind: "office", parentId: province.id });
  await signInAs(page, "quantri");
  await page.emulateMedia({ media: "print" });
  // One word, so that pdftotext never finds a name wrapped across lines.
  const nameOf = (n: number) => `Tổ${tag}${String(n).padStart(2, "0")}`;
  let children = 0;
  const grow = async (to: number) => {
    for (; children < to; children++) {
      await createUnit({ code: `IN-${tag}-${children + 1}`, name: nameOf(children + 1), kind: "office", parentId: parent.id });
    }
  };

  /** What must hold at every length: checked on each printout below. */
  const check = (pages: string[], rows: number) => {
    const at = `${rows} rows, ${pages.length} page(s)`;
    expect(pages[0], at).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(pages[0], at).toContain(`Số: ……/BC-IN-${tag}`);
    expect(pages[0], at).toMatch(/……, ngày …… tháng …… năm ……/);
    // Every page with rows of the units' table starts with its header ("CBCC" is in the header only).
    for (const [i, text] of pages.entries()) {
      if (text.includes(`Tổ${tag}`)) expect(text, `page ${i + 1}: ${at}`).toMatch(/CBCC[\s\S]*Tổ/);
    }
    // The signature block is whole, on one page, and that page holds the table's last row.
    const signed = pages.findIndex((p) => p.includes("Thủ trưởng đơn vị"));
    expect(signed, `${at}: the signature is printed`).toBeGreaterThanOrEqual(0);
    for (const part of ["Ngày lập báo cáo:", "Người lập báo cáo", "Nơi nhận:", "Lưu: VT."]) {
      expect(pages[signed], `${at}: "${part}" is on the signature's page`).toContain(part);
    }
    expect(pages[signed], `${at}: the last row shares the signature's page`).toContain(nameOf(rows));
    expect(signed, `${at}: nothing comes after the signatures`).toBe(pages.length - 1);
    expect(
      pages.filter((p) => p.includes("Thủ trưởng đơn vị")),
      at,
    ).toHaveLength(1);
  };

  // A short report: one page.
  await grow(3);
  const short = await printed(page, parent.id);
  check(short.pages, 3);
  expect(short.pages, "3 rows fit on one page").toHaveLength(1);
  // Nghị định 30/2020 margins: 20 mm top and bottom, 30 mm left, 15 mm right — no word outside them,
  // and the text starts at the left margin (not merely somewhere inside it).
  const left = Math.min(...short.words.map((w) => w.xMin));
  expect(left, "left margin 30 mm").toBeGreaterThanOrEqual(30 * MM - 0.5);
  expect(left, "the text starts at the left margin").toBeLessThan(36 * MM);
  expect(Math.max(...short.words.map((w) => w.xMax)), "right margin 15 mm").toBeLessThanOrEqual(A4.width - 15 * MM + 0.5);
  expect(Math.min(...short.words.map((w) => w.yMin)), "top margin 20 mm").toBeGreaterThanOrEqual(20 * MM - 0.5);
  expect(Math.max(...short.words.map((w) => w.yMax)), "bottom margin 20 mm").toBeLessThanOrEqual(A4.height - 20 * MM + 0.5);

  // The longest table that still fits on one page with its signatures, and the row that pushes it
  // over: the last rows go to the second page with the signatures, under a repeated header.
  let fill = 0;
  for (let n = 4; n <= 60 && !fill; n++) {
    await grow(n);
    const { pages } = await printed(page, parent.id);
    check(pages, n);
    if (pages.length > 1) fill = n - 1;
  }
  expect(fill, "some row pushed the report onto a second page").toBeGreaterThan(3);
  const over = await printed(page, parent.id);
  expect(over.pages, `${fill + 1} rows`).toHaveLength(2);
  expect(over.pages[0], "the first page is full of rows").toContain(nameOf(fill - 3));
  expect(over.pages[1], "the second page starts with the header").toMatch(/^\s*Đơn vị/);
  // (fill rows exactly fill a page: printed and checked in the loop above, on one page.)

  // A long report: several pages, each with its header, the page count what the rows need.
  const long = fill * 4 + 1;
  await grow(long);
  const { pages } = await printed(page, parent.id);
  check(pages, long);
  expect(pages.length, `${long} rows`).toBeGreaterThanOrEqual(3);
  // A page holds at least as many rows as the first, which also holds the letterhead and the signatures.
  expect(pages.length, `${long} rows: no page is wasted`).toBeLessThanOrEqual(Math.ceil(long / fill));
  for (let n = 1; n <= long; n++) expect(pages.join("\n"), `row ${n} is printed`).toContain(nameOf(n));
});
