// Exports of an assignment's report: the same numbers as the page. CSV (UTF-8 with BOM, formula-like
// cells made inert): two flat tables for machines, the people streamed; XLSX for people, with the
// assignment's dates in the title lines, streamed too (issue 19 item 2).
import type { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { NO_DUE_DAY } from "~/db/schema";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import type { AssignedPerson, AssignmentCounts, assignmentReport } from "./assignment-report.server";
import { csvStream, inert, percent1, workbookStream } from "./export.server";

const cell = (v: string | number) => (typeof v === "string" ? inert(v) : v);

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

function lines(r: Report, fraction = false) {
  const cellsOf = (name: string, c: AssignmentCounts) => {
    const row = cells(name, c);
    if (fraction) row[row.length - 1] = Math.round(c.rate * 1000) / 1000;
    return row;
  };
  return [cellsOf(r.unit.name, r.counts), ...r.children.map((k) => cellsOf(k.name, k.counts))];
}

/** The units' CSV: the unit, then its children; one header row (a flat table for machines). */
export function assignmentUnitsCsv(r: Report): string {
  return (
    "\uFEFF" +
    stringify(
      [header(), ...lines(r)].map((row) => row.map(cell)),
      { record_delimiter: "\r\n" },
    )
  );
}

/** The people's CSV, streamed step by step: one row per person, with the unit's code and the figures' day. */
export function assignmentPeopleCsv(r: Report, steps: AsyncGenerator<AssignedPerson[]>): ReadableStream<Uint8Array> {
  const day = formatDate(r.asOf ?? new Date());
  return csvStream([...peopleHeader(), t.exports.unitCode, t.exports.figuresOn], steps, (p) => [...personCells(p), p.unitCode, day]);
}

/** The XLSX, streamed: the units sheet as the page, then the people row by row. */
export function assignmentXlsxStream(r: Report, steps: AsyncGenerator<AssignedPerson[]>): Readable {
  const rows = lines(r, true);
  return workbookStream({
    units: { titles: titleLines(r), header: header(), rows, percentColumns: [header().length] },
    people: { header: [...peopleHeader(), t.exports.unitCode], steps, cells: async () => (p) => [...personCells(p), p.unitCode] },
  });
}
