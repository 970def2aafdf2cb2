// Exports with the same numbers as the page: CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX.
// Cells that a spreadsheet would read as a formula (= + - @, tab, CR) are neutralised in CSV.
import { stringify } from "csv-stringify/sync";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { figureLabels } from "./labels";
import type { PersonRow } from "./people.server";
import type { Figures, UnitReport } from "./unit-report.server";

const STATUS_LABEL: Record<PersonRow["status"], string> = {
  "not-started": t.reports.notStarted,
  "in-progress": t.reports.inProgress,
  completed: t.reports.completed,
};

/** "=HYPERLINK(...)" → "'=HYPERLINK(...)": shown as text, never run. */
export function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Percent with one decimal, as a number: 0.4567 → 45.7 (the page shows 45,7 %). */
export const percent1 = (ratio: number) => Math.round(ratio * 1000) / 10;

/** The units' header: "lượt" over the columns that count person × course pairs (all assignments). */
function unitHeader(report: UnitReport) {
  const l = figureLabels(report.selection);
  return [
    t.reports.unit,
    l.members,
    l.inScope,
    l.notStarted,
    l.inProgress,
    l.completed,
    `${t.reports.rate} (%)`,
    `${t.reports.passRate} (%)`,
    `${t.reports.averageScore} (%)`,
    t.reports.target,
  ];
}

function unitCells(name: string, members: number, f: Figures, target: string) {
  return [
    name,
    members,
    f.inScope,
    f.notStarted,
    f.inProgress,
    f.completed,
    percent1(f.rate),
    f.passRate === null ? "" : percent1(f.passRate),
    f.averageScore === null ? "" : Math.round(f.averageScore * 10) / 10,
    target,
  ] as const;
}

export function reportRows(report: UnitReport) {
  const rows = [unitCells(report.unit.name, report.members, report.headline, "")];
  for (const c of report.children) {
    const target = c.target
      ? `${percent1(c.target.rate)}% / ${formatDate(c.target.dueDate)}${c.belowTarget ? ` (${t.reports.belowTarget})` : ""}`
      : "";
    rows.push(unitCells(c.name, c.members, c.figures, target));
  }
  return rows;
}

const peopleHeader = [
  t.units.fullName,
  t.units.staffCode,
  t.units.position,
  t.reports.unit,
  t.reports.status,
  t.reports.completedOn,
  t.reports.bestScore,
];

function personCells(p: PersonRow) {
  return [
    p.fullName,
    p.staffCode,
    p.position,
    p.unitName,
    STATUS_LABEL[p.status],
    p.completedAt ? formatDate(p.completedAt) : "",
    p.bestScore ?? "",
  ] as const;
}

function titleLines(report: UnitReport) {
  return [
    [t.reports.titleFor(report.unit.name)],
    [`${t.reports.course}: ${report.selection === "mandatory" ? t.reports.allMandatory : report.selectionTitle}`],
    [report.asOf ? t.reports.asOfLabel(formatDate(report.asOf)) : t.reports.nowLabel(formatDate(new Date()))],
  ];
}

export function reportCsv(report: UnitReport, people: PersonRow[] | null): string {
  const cell = (v: string | number) => (typeof v === "string" ? inert(v) : v);
  const lines: (string | number)[][] = [...titleLines(report), [], unitHeader(report), ...reportRows(report).map((r) => [...r])];
  if (people) lines.push([], peopleHeader, ...people.map((p) => [...personCells(p)]));
  return (
    "\uFEFF" +
    stringify(
      lines.map((r) => r.map(cell)),
      { record_delimiter: "\r\n" },
    )
  );
}

export async function reportXlsx(report: UnitReport, people: PersonRow[]): Promise<Buffer> {
  // exceljs takes about a second to load: on the first export, not at start-up.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = t.app.name;
  const sheet = book.addWorksheet(t.exports.unitsSheet);
  for (const line of titleLines(report)) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const header = sheet.addRow(unitHeader(report));
  header.font = { bold: true };
  // Strings are written as shared strings: a name like "=1+1" stays text and never becomes a formula.
  for (const row of reportRows(report)) sheet.addRow([...row]);
  sheet.columns.forEach((col, i) => (col.width = i === 0 ? 40 : 16));
  const list = book.addWorksheet(t.exports.peopleSheet);
  list.addRow(peopleHeader).font = { bold: true };
  for (const p of people) list.addRow([...personCells(p)]);
  list.columns.forEach((col, i) => (col.width = i === 0 ? 30 : 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
