// Exports with the same numbers as the page: CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX.
// Cells that a spreadsheet would read as a formula (= + - @, tab, CR) are neutralised in CSV.
// Both are written row by row as they are read (issue 19 item 2): the people come in steps of a few
// units (peopleBatches), so a national export holds one step in memory and lets other requests run
// between steps. Each CSV is one flat table with one header row, for machines; the XLSX is for people.
import { PassThrough, type Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { endOfVnDay } from "~/i18n/time";
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
const percentOf = percent1;

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

function unitCells(name: string, members: number, f: Figures, target: string, fraction: boolean) {
  // CSV: percent with one decimal (45.7); XLSX: the fraction (0.457) under a percentage format.
  const percent1 = fraction ? (ratio: number) => Math.round(ratio * 1000) / 1000 : percentOf;
  return [
    name,
    members,
    f.inScope,
    f.notStarted,
    f.inProgress,
    f.completed,
    percent1(f.rate),
    f.passRate === null ? "" : percent1(f.passRate),
    f.averageScore === null ? "" : fraction ? Math.round(f.averageScore * 10) / 1000 : Math.round(f.averageScore * 10) / 10,
    target,
  ] as const;
}

export function reportRows(report: UnitReport, fraction = false) {
  const rows = [unitCells(report.unit.name, report.members, report.headline, "", fraction)];
  for (const c of report.children) {
    const target = c.target
      ? `${percent1(c.target.rate)}% / ${formatDate(c.target.dueDate)}${c.belowTarget ? ` (${t.reports.belowTarget})` : ""}`
      : "";
    rows.push(unitCells(c.name, c.members, c.figures, target, fraction));
  }
  return rows;
}

const peopleHeader = [
  t.units.fullName,
  t.units.staffCode,
  t.units.position,
  t.reports.unit,
  t.exports.unitCode,
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
    p.unitCode,
    STATUS_LABEL[p.status],
    p.completedAt ? formatDate(p.completedAt) : "",
    p.bestScore ?? "",
  ] as const;
}

function selectionLabel(report: UnitReport) {
  return report.selection === "mandatory" ? t.reports.allMandatory : report.selectionTitle;
}

function titleLines(report: UnitReport) {
  return [
    [t.reports.titleFor(report.unit.name)],
    [`${t.reports.course}: ${selectionLabel(report)}`],
    [report.asOf ? t.reports.asOfLabel(formatDate(report.asOf)) : t.reports.nowLabel(formatDate(new Date()))],
  ];
}

const BOM = "\uFEFF";
const csvCell = (v: string | number) => (typeof v === "string" ? inert(v) : v);
const csvLines = (lines: readonly (readonly (string | number)[])[]) =>
  stringify(
    lines.map((r) => r.map(csvCell)),
    { record_delimiter: "\r\n" },
  );

/** The units' CSV: the unit itself, then its children; one header row. */
export function unitsCsv(report: UnitReport): string {
  return BOM + csvLines([unitHeader(report), ...reportRows(report)]);
}

/** Which day the figures are of, for a column of the flat CSV (dd/mm/yyyy). */
const figuresDay = (report: UnitReport) => formatDate(report.asOf ?? new Date());

/**
 * A flat CSV, streamed: the header goes out at once, then one chunk per step, each read only when the
 * client has taken the last (pull), so a slow download never piles rows up.
 */
export function csvStream<T>(
  header: readonly string[],
  steps: AsyncGenerator<T[]>,
  cells: (item: T) => readonly (string | number)[],
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(BOM + csvLines([header])));
        return;
      }
      try {
        const next = await steps.next();
        if (next.done) return controller.close();
        if (next.value.length > 0) controller.enqueue(encoder.encode(csvLines(next.value.map(cells))));
      } catch (error) {
        // Half a file must not look like a whole one: the download fails instead of ending early.
        console.error("export: CSV stream failed", error);
        controller.error(error);
      }
    },
    async cancel() {
      await steps.return(undefined);
    },
  });
}

/** The people's CSV of a unit report: one row per person, with the course and the figures' day. */
export function peopleCsvStream(report: UnitReport, steps: AsyncGenerator<PersonRow[]>): ReadableStream<Uint8Array> {
  const course = selectionLabel(report);
  const day = figuresDay(report);
  return csvStream([...peopleHeader, t.exports.courseColumn, t.exports.figuresOn], steps, (p) => [...personCells(p), course, day]);
}

type Cell = string | number;
const PLAIN = {};
export type WorkbookPlan<T> = {
  /** The units sheet: title lines, a header row, rows; the columns whose values are fractions to show as %. */
  units?: { titles: Cell[][]; header: Cell[]; rows: (readonly Cell[])[]; percentColumns: number[] };
  /** The people sheet, row by row from the steps; `cells` may read more per step (e.g. a column per course). */
  people: {
    sheet?: string;
    header: Cell[];
    widths?: number[];
    steps: AsyncGenerator<T[]>;
    cells: (step: T[]) => Promise<(item: T) => readonly Cell[]>;
  };
};

/**
 * An XLSX written as it is read (exceljs' WorkbookWriter): the units sheet (when the plan has one),
 * then the people sheet row by row. Frozen header rows, filters, fractions as percentages. Strings are inline text cells: a name
 * like "=1+1" stays text and never becomes a formula.
 */
export function workbookStream<T>(plan: WorkbookPlan<T>): Readable {
  const out = new PassThrough();
  void (async () => {
    // exceljs takes about a second to load: on the first export, not at start-up.
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    book.creator = t.app.name;
    if (plan.units) {
      const { titles, header, rows: unitRows, percentColumns } = plan.units;
      const headerRow = titles.length + 2;
      const units = book.addWorksheet(t.exports.unitsSheet, { views: [{ state: "frozen", ySplit: headerRow, xSplit: 1 }] });
      units.columns = header.map((_, i) => ({ width: i === 0 ? 40 : 16 }));
      titles.forEach((line, i) => {
        const added = units.addRow(line);
        if (i === 0) added.font = { bold: true, size: 13 };
        added.commit();
      });
      units.addRow([]).commit();
      const top = units.addRow(header);
      top.font = { bold: true };
      top.commit();
      for (const cells of unitRows) {
        const added = units.addRow([...cells]);
        for (const col of percentColumns) added.getCell(col).numFmt = "0.0%";
        added.commit();
      }
      units.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + unitRows.length, column: header.length } };
      units.commit();
    }

    const list = book.addWorksheet(plan.people.sheet ?? t.exports.peopleSheet, { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
    list.columns = plan.people.header.map((_, i) => ({ width: plan.people.widths?.[i] ?? (i === 0 ? 30 : 18) }));
    const first = list.addRow(plan.people.header);
    first.font = { bold: true };
    first.commit();
    let count = 0;
    for await (const step of plan.people.steps) {
      const cellsOf = await plan.people.cells(step);
      for (const item of step) {
        const added = list.addRow([...cellsOf(item)]);
        // One style object for every plain cell: exceljs recognises an object it has seen and skips
        // registering the style again (a third of the sheet's time at 40,000 rows × 18 columns).
        added.eachCell((cell) => (cell.style = PLAIN));
        added.commit();
      }
      count += step.length;
      // Let the file's bytes go out (and other requests run) before the next step is read.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once("drain", resolve));
    }
    list.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + count, column: plan.people.header.length } };
    list.commit();
    await book.commit();
  })().catch((error: unknown) => {
    console.error("export: XLSX stream failed", error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}

/** Status of each person in each course of the report (the people sheet's column per course). */
async function courseStatuses(ids: number[], courses: UnitReport["courses"], asOf: string | null) {
  const cutoff = asOf ? endOfVnDay(asOf) : "9999";
  const found =
    ids.length === 0 || courses.length === 0
      ? []
      : await rows<{ officialId: number; courseId: number; completed: number }>(
          sql`SELECT cs.official_id AS "officialId", cs.course_id AS "courseId",
                     CASE WHEN cs.completed_at IS NOT NULL AND cs.completed_at <= ${cutoff} THEN 1 ELSE 0 END AS completed
                FROM course_status cs JOIN courses c ON c.id = cs.course_id AND c.epoch = cs.epoch
               WHERE ${inIds(sql`cs.official_id`, ids)} AND ${inIds(
                 sql`cs.course_id`,
                 courses.map((c) => c.id),
               )} AND cs.started_at <= ${cutoff}`,
        );
  const byPerson = new Map<number, Map<number, string>>();
  for (const r of found) {
    const label = Number(r.completed) === 1 ? t.reports.completed : t.reports.inProgress;
    const m = byPerson.get(Number(r.officialId)) ?? new Map<number, string>();
    m.set(Number(r.courseId), label);
    byPerson.set(Number(r.officialId), m);
  }
  return (id: number) => courses.map((c) => byPerson.get(id)?.get(c.id) ?? t.reports.notStarted);
}

/** The unit report's XLSX: the units sheet as the page, the people with a column per course. */
export function reportXlsxStream(report: UnitReport, steps: AsyncGenerator<PersonRow[]>): Readable {
  return workbookStream({
    units: { titles: titleLines(report), header: unitHeader(report), rows: reportRows(report, true), percentColumns: [7, 8, 9] },
    people: {
      header: [...peopleHeader, ...report.courses.map((c) => c.title)],
      steps,
      cells: async (step) => {
        const statusOf = await courseStatuses(
          step.map((p) => p.id),
          report.courses,
          report.asOf,
        );
        return (p) => [...personCells(p), ...statusOf(p.id)];
      },
    },
  });
}
