// Indicator values from a file (CSV or XLSX): the roster import's file reading and unit matching
// (app/people/roster-import.server.ts), Vietnamese headers ("Mã đơn vị", "Kỳ", "Chỉ số", "Tử số",
// "Mẫu số", optional "Ghi chú"), a dry run that lists every error at its row and column, and an
// apply that writes all rows or none (one transaction, after the same checks run again).
import { foldVietnamese } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { matchUnit, readTable, unitIndex, type Channel } from "~/people/roster-import.server";
import type { Unit } from "~/units/tree.server";
import { listIndicators } from "./catalogue.server";
import { checkValue, recordValues, type ValueInput } from "./values.server";

export const COLUMNS = ["unit", "period", "indicator", "numerator", "denominator", "note"] as const;
type Column = (typeof COLUMNS)[number];

/** Header spellings, folded (no diacritics, lower case). */
const HEADERS: Record<Column, string[]> = {
  unit: ["ma don vi", "don vi", "ten don vi"],
  period: ["ky", "ky bao cao", "thang", "quy"],
  indicator: ["chi so", "ma chi so"],
  numerator: ["tu so"],
  denominator: ["mau so"],
  note: ["ghi chu"],
};

export type ImportError = { row: number; column: string; message: string };
export type ImportPlan = {
  fileErrors: string[];
  errors: ImportError[];
  values: (ValueInput & { row: number; unitName: string; indicatorCode: string })[];
  total: number;
};

/** Reads and checks a file against the viewer's scope (root null: every unit); nothing is written. */
export async function planIndicatorImport(
  fileName: string,
  bytes: Uint8Array,
  root: Unit | null,
  channel: Channel = "web",
): Promise<ImportPlan> {
  const plan: ImportPlan = { fileErrors: [], errors: [], values: [], total: 0 };
  const table = await readTable(fileName, bytes, "auto", channel);
  if ("message" in table) {
    plan.fileErrors.push(table.message);
    return plan;
  }
  plan.total = table.rows.length;
  const folded = table.headers.map((h) =>
    foldVietnamese(h)
      .replace(/[^a-z0-9 ]/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
  const col = (c: Column) => folded.findIndex((h) => HEADERS[c].includes(h));
  for (const c of ["unit", "period", "indicator", "numerator", "denominator"] as const) {
    if (col(c) < 0) plan.fileErrors.push(t.indicators.importMissingColumn(t.indicators.importColumns[c]));
  }
  if (table.rows.length === 0) plan.fileErrors.push(t.indicators.importNoRows);
  if (plan.fileErrors.length > 0) return plan;

  const [index, catalogue] = await Promise.all([unitIndex(root), listIndicators()]);
  const byCode = new Map(catalogue.map((i) => [i.code.toLowerCase(), i]));
  const byName = new Map(catalogue.map((i) => [foldVietnamese(i.name), i]));
  const seen = new Map<string, number>();
  table.rows.forEach((cells, i) => {
    const row = i + 2; // the header is row 1, as the spreadsheet shows it
    const get = (c: Column) => (col(c) >= 0 ? (cells[col(c)] ?? "").trim() : "");
    if (cells.every((cell) => cell.trim() === "")) return;
    const err = (c: Column, message: string) =>
      plan.errors.push({ row, column: table.headers[col(c)] ?? t.indicators.importColumns[c], message });
    const unitText = get("unit");
    const unit = unitText ? matchUnit(index, unitText) : { message: t.indicators.importUnitMissing };
    const indicatorText = get("indicator");
    const indicator = byCode.get(indicatorText.toLowerCase()) ?? byName.get(foldVietnamese(indicatorText));
    let bad = false;
    if ("message" in unit) {
      err("unit", unit.message);
      bad = true;
    }
    if (!indicator) {
      err(
        "indicator",
        indicatorText ? t.indicators.importUnknownIndicator(indicatorText.slice(0, 80)) : t.indicators.importIndicatorMissing,
      );
      return;
    }
    const checked = checkValue(indicator, { period: get("period"), numerator: get("numerator"), denominator: get("denominator") });
    for (const [field, message] of Object.entries(checked.errors)) err(field as Column, message);
    if (bad || "message" in unit || !checked.value) return;
    const key = `${indicator.id}:${unit.id}:${checked.value.period}`;
    if (seen.has(key)) return err("period", t.indicators.importDuplicate(String(seen.get(key))));
    seen.set(key, row);
    const note = get("note").slice(0, 500) || null;
    plan.values.push({
      row,
      indicatorId: indicator.id,
      indicatorCode: indicator.code,
      unitId: unit.id,
      unitName: unit.name,
      ...checked.value,
      note,
    });
  });
  return plan;
}

/** Applies a file: plans it again and writes every value in one transaction, or nothing when any row is refused. */
export async function applyIndicatorImport(
  fileName: string,
  bytes: Uint8Array,
  root: Unit | null,
  by: number | null,
): Promise<{ ok: true; written: number; unchanged: number; plan: ImportPlan } | { ok: false; plan: ImportPlan }> {
  const plan = await planIndicatorImport(fileName, bytes, root);
  if (plan.fileErrors.length > 0 || plan.errors.length > 0 || plan.values.length === 0) return { ok: false, plan };
  const result = await recordValues(
    plan.values.map(({ row: _r, unitName: _u, indicatorCode: _c, ...v }) => v),
    "import",
    by,
    { audit: { action: "indicator.import", subject: fileName.slice(0, 200), detail: { rows: plan.values.length } } },
  );
  return { ok: true, ...result, plan };
}
