// The indicator page as a spreadsheet: one row per indicator and unit (the unit itself, then its
// children worst first), numerator and denominator beside the rate, so the figures can be checked.
import { t } from "~/i18n/vi";
import { percent1 } from "~/reports/export.server";
import { formatPeriod } from "./periods";
import type { IndicatorBlock } from "./report.server";

export async function indicatorXlsx(unitName: string, day: string, blocks: IndicatorBlock[]): Promise<Buffer> {
  // exceljs takes about a second to load: on the first export, not at start-up.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = t.app.name;
  const sheet = book.addWorksheet(t.indicators.navTitle);
  sheet.addRow([t.indicators.pageTitle(unitName)]).font = { bold: true, size: 13 };
  sheet.addRow([t.reports.asOfLabel(day.split("-").reverse().join("/"))]);
  if (blocks.some((b) => b.demo)) sheet.addRow([t.indicators.demoNotice]);
  sheet.addRow([]);
  const x = t.indicators;
  sheet.addRow([
    x.indicator,
    x.unit,
    x.periodInput,
    x.numerator,
    x.denominator,
    `${x.value} (%)`,
    `${x.target} (%)`,
    x.fewCases,
    `${x.training} (%)`,
    `${x.change} (${x.points("")})`.replace(" )", ")"),
  ]).font = { bold: true };
  const pct = (r: number | null) => (r === null ? "" : percent1(r));
  // Strings are written as shared strings: a name like "=1+1" stays text and never becomes a formula.
  for (const b of blocks) {
    const period = b.latestPeriod ? formatPeriod(b.latestPeriod) : "";
    sheet.addRow([
      b.indicator.name,
      unitName,
      period,
      b.latest?.numerator ?? "",
      b.latest?.denominator ?? "",
      pct(b.latestRate),
      pct(b.target),
      b.small ? x.fewCases : "",
      pct(b.training?.rate ?? null),
      "",
    ]);
    for (const c of b.children) {
      sheet.addRow([
        b.indicator.name,
        c.name,
        period,
        c.sum?.numerator ?? "",
        c.sum?.denominator ?? "",
        pct(c.rate),
        pct(c.target),
        c.small ? x.fewCases : "",
        pct(c.training?.rate ?? null),
        c.change === null ? "" : percent1(c.change),
      ]);
    }
  }
  sheet.columns.forEach((col, i) => (col.width = i < 2 ? 40 : 14));
  return Buffer.from(await book.xlsx.writeBuffer());
}
