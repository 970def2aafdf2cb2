// Exports of an assignment's report: the same numbers as the page, with the assignment's dates in the
// title lines; CSV (UTF-8 with BOM, formula-like cells made inert) and XLSX.
import { stringify } from "csv-stringify/sync";
import { NO_DUE_DAY } from "~/db/schema";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import type { AssignedPerson, AssignmentCounts, assignmentReport } from "./assignment-report.server";
import { inert, percent1 } from "./export.server";

type Report = Awaited<ReturnType<typeof assignmentReport>>;
const A = () => t.assignments;
const STATES = ["overdue", "notStarted", "inProgress", "late", "onTime"] as const;

const header = () => [t.reports.unit, A().states.assigned!, ...STATES.map((s) => A().states[s]!), `${t.reports.rate} (%)`];
const cells = (name: string, c: AssignmentCounts) => [name, c.assigned, ...STATES.map((s) => c[s]), percent1(c.rate)];

function titleLines(r: Report): string[][] {
  const due = r.assignment.dueOn === NO_DUE_DAY ? A().noDue : formatDate(r.assignment.dueOn);
  return [
    [A().reportTitle(r.assignment.courseTitle, r.unit.name)],
    [`${A().startOn}: ${formatDate(r.assignment.startOn)}`, `${A().dueOn}: ${due}`, r.assignment.note],
    [r.asOf ? t.reports.asOfLabel(formatDate(r.asOf)) : t.reports.nowLabel(formatDate(new Date()))],
  ];
}

const peopleHeader = () => [
  t.units.fullName,
  t.units.staffCode,
  t.units.position,
  t.reports.unit,
  A().dueOn,
  t.reports.status,
  t.reports.completedOn,
];
const personCells = (p: AssignedPerson) => [
  fullName(p),
  p.staffCode,
  p.position,
  p.unitName,
  p.dueOn === NO_DUE_DAY ? A().noDue : formatDate(p.dueOn),
  A().states[p.state]!,
  p.completedOn ? formatDate(p.completedOn) : "",
];

function lines(r: Report) {
  return [cells(r.unit.name, r.counts), ...r.children.map((k) => cells(k.name, k.counts))];
}

export function assignmentCsv(r: Report, people: AssignedPerson[]): string {
  const cell = (v: string | number) => (typeof v === "string" ? inert(v) : v);
  const all: (string | number)[][] = [...titleLines(r), [], header(), ...lines(r), [], peopleHeader(), ...people.map(personCells)];
  return (
    "\uFEFF" +
    stringify(
      all.map((row) => row.map(cell)),
      { record_delimiter: "\r\n" },
    )
  );
}

export async function assignmentXlsx(r: Report, people: AssignedPerson[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = t.app.name;
  const sheet = book.addWorksheet(t.exports.unitsSheet);
  for (const line of titleLines(r)) sheet.addRow(line);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(header()).font = { bold: true };
  for (const row of lines(r)) sheet.addRow(row);
  sheet.columns.forEach((col, i) => (col.width = i === 0 ? 40 : 16));
  const list = book.addWorksheet(t.exports.peopleSheet);
  list.addRow(peopleHeader()).font = { bold: true };
  for (const p of people) list.addRow(personCells(p));
  list.columns.forEach((col, i) => (col.width = i === 0 ? 30 : 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
