// Roster import: the HR export a province sends every month, as CSV or XLSX, in whatever encoding
// its software wrote. Read → map columns → check every row → a dry-run plan (add / change / move /
// deactivate, and every row error with row, column and reason) → apply all or nothing.
import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { and, asc, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { changes, db, lock, transaction } from "~/db/client.server";
import { officials, rosterUploads, units } from "~/db/schema";
import { foldVietnamese, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { inert } from "~/reports/export.server";
import { getUnit, rootUnit, subtreeCondition, type Unit } from "~/units/tree.server";
import { moveOfficial, setActive, today, updateOfficial } from "./lifecycle.server";
import { fullName } from "./names";
import { createOfficialsBulk } from "./officials.server";

import { ENCODINGS, FIELDS, PREVIEW_ROWS, type Encoding, type Field } from "./roster-fields";
import { z } from "zod";

export { ENCODINGS, FIELDS, PREVIEW_ROWS, type Encoding, type Field };

/** Header spellings seen in Vietnamese HR exports, folded (no diacritics, lower case). */
const HEADER_NAMES: Record<Field, string[]> = {
  fullName: ["ho va ten", "ho ten", "ho va ten can bo", "ten can bo", "ho ten day du"],
  ho: ["ho"],
  dem: ["dem", "ten dem", "chu dem"],
  ten: ["ten"],
  staffCode: ["ma cbcc", "ma can bo", "ma cong chuc", "ma so cbcc", "ma so", "ma nhan vien", "ma cb", "so hieu cbcc"],
  unit: ["don vi", "ma don vi", "co quan", "don vi cong tac", "noi cong tac", "co quan don vi"],
  position: ["chuc vu", "chuc danh", "vi tri viec lam"],
  email: ["email", "e-mail", "thu dien tu", "dia chi email"],
  username: ["ten dang nhap", "tai khoan"],
};

export type Table = { headers: string[]; rows: string[][]; encoding: string; format: "csv" | "xlsx" };
export type FileError = { message: string };
/** Who reads the messages: the web page (upload, Ghép cột, buttons) or `npm run import:roster` (flags). */
export type Channel = "web" | "cli";
/** A roster has a few dozen columns at most; thousands mean a wrong file or a wrong delimiter. */
const MAX_COLUMNS = 200;

const hasBom = (b: Uint8Array, bom: number[]) => bom.every((x, i) => b[i] === x);

/** Scores a decoding by how Vietnamese it looks: common syllables of names and units. */
function vietnameseScore(text: string): number {
  const common = /(Nguyễn|Trần|Lê|Phạm|Văn|Thị|Xã|Huyện|Tỉnh|Phòng|Công chức|Đơn vị|Họ|Tên|Chức vụ|Ngọc|Thanh|Hoàng)/g;
  const bad = /[\u0080-\u009f\ufffd]/g;
  return (text.match(common)?.length ?? 0) * 10 - (text.match(bad)?.length ?? 0) * 5;
}

/** Windows-1258 writes tone marks as combining characters: compose everything back (NFC). */
export function decode(bytes: Uint8Array, encoding: Encoding): { text: string; encoding: string } {
  const r = decodeRaw(bytes, encoding);
  return { text: r.text.normalize("NFC"), encoding: r.encoding };
}

function decodeRaw(bytes: Uint8Array, encoding: Encoding): { text: string; encoding: string } {
  const buf = Buffer.from(bytes);
  if (encoding !== "auto") return { text: iconv.decode(buf, encoding).replace(/^\uFEFF/, ""), encoding };
  if (hasBom(bytes, [0xef, 0xbb, 0xbf])) return { text: buf.subarray(3).toString("utf8"), encoding: "utf-8" };
  if (hasBom(bytes, [0xff, 0xfe])) return { text: iconv.decode(buf.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (hasBom(bytes, [0xfe, 0xff])) return { text: iconv.decode(buf.subarray(2), "utf-16be"), encoding: "utf-16be" };
  const utf16 = looksUtf16(bytes);
  if (utf16) return { text: iconv.decode(buf, utf16), encoding: utf16 };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: one of the legacy Vietnamese encodings. Pick the one that reads most like Vietnamese;
    // the dry run shows the choice and the administrator can override it.
    const candidates = (["windows-1258", "tcvn", "viscii"] as const).map((e) => {
      const text = iconv.decode(buf, e);
      return { text, encoding: e, score: vietnameseScore(text) };
    });
    candidates.sort((a, b) => b.score - a.score);
    return { text: candidates[0]!.text, encoding: candidates[0]!.encoding };
  }
}

/** UTF-16 without a byte-order mark: ASCII letters leave a zero byte in every other position. */
function looksUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.3 && evenZero < half * 0.02) return "utf-16le";
  if (evenZero > half * 0.3 && oddZero < half * 0.02) return "utf-16be";
  return null;
}

const ascii = (bytes: Uint8Array, from = 0, to = bytes.length) => Buffer.from(bytes.subarray(from, to)).toString("latin1");

/**
 * What the file really is, from its bytes (not its name): a spreadsheet we read (XLSX, or text for
 * CSV), or one we do not (Excel 97–2003, OpenDocument, Word, PDF, HTML saved as ".xls", images…),
 * with what to do instead.
 */
export function sniffFile(fileName: string, bytes: Uint8Array, encoding: Encoding, channel: Channel): "xlsx" | "text" | FileError {
  const again = t.roster.again[channel];
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  // OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1): Excel 97–2003, but also old Word files.
  if (hasBom(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const head = ascii(bytes, 0, Math.min(bytes.length, 1 << 20));
    const utf16 = (name: string) => name.split("").join("\0");
    if (head.includes(utf16("WordDocument"))) return { message: t.roster.wordFile(again) };
    return { message: t.roster.xls(again) };
  }
  // ZIP: XLSX, or OpenDocument / Word / PowerPoint. The names of the parts are stored in clear.
  if (hasBom(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = ascii(bytes, 0, Math.min(bytes.length, 1 << 16));
    const all = bytes.length > 1 << 16 ? head + ascii(bytes, bytes.length - (1 << 16)) : head;
    if (head.startsWith("mimetype", 30)) {
      if (head.includes("application/vnd.oasis.opendocument.spreadsheet")) return { message: t.roster.ods(again) };
      return {
        message: head.includes("application/vnd.oasis.opendocument.text") ? t.roster.wordFile(again) : t.roster.otherFile(ext, again),
      };
    }
    if (all.includes("word/document") || all.includes("word/_rels")) return { message: t.roster.wordFile(again) };
    if (all.includes("ppt/presentation") || all.includes("ppt/slides")) return { message: t.roster.otherFile(ext, again) };
    return "xlsx";
  }
  if (ascii(bytes, 0, 5) === "%PDF-") return { message: t.roster.pdfFile(again) };
  if (/\.xlsx$/i.test(fileName)) return "xlsx"; // named .xlsx but not a zip: exceljs says it is broken
  // Text: HTML or XML (HTML tables and "XML Spreadsheet 2003" are often saved with a .xls name).
  if (encoding === "auto") {
    const utf16 = hasBom(bytes, [0xff, 0xfe]) || hasBom(bytes, [0xfe, 0xff]) || looksUtf16(bytes) !== null;
    const start = utf16
      ? ""
      : ascii(bytes, 0, 512)
          .replace(/^\xef\xbb\xbf/, "")
          .trimStart()
          .toLowerCase();
    if (/^<(!doctype|html|\?xml|table|meta|head|body|svg)/.test(start)) return { message: t.roster.markupFile(again) };
    // Binary (images, archives, executables…): zero bytes where text has none.
    if (!utf16 && bytes.subarray(0, 8192).includes(0)) return { message: t.roster.otherFile(ext, again) };
  }
  return "text";
}

export async function readTable(
  fileName: string,
  bytes: Uint8Array,
  encoding: Encoding = "auto",
  channel: Channel = "web",
): Promise<Table | FileError> {
  const again = t.roster.again[channel];
  const kind = sniffFile(fileName, bytes, encoding, channel);
  if (typeof kind === "object") return kind;
  if (kind === "xlsx") {
    try {
      // exceljs takes about a second to load: on the first XLSX roster, not at start-up.
      const { default: ExcelJS } = await import("exceljs");
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      if (!sheet) return { message: t.roster.xlsxEmpty };
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => cellText(v));
        rows.push(values);
      });
      const [headers = [], ...data] = rows;
      if (headers.length > MAX_COLUMNS) return { message: t.roster.tooManyColumns(formatNumber(headers.length), again) };
      return { headers, rows: data, encoding: "xlsx", format: "xlsx" };
    } catch {
      return { message: t.roster.xlsxBroken(again) };
    }
  }
  const { text, encoding: used } = decode(bytes, encoding);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [";", "\t", ","].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  // A complete file ends with a line break; one cut off mid-row does not.
  // eslint-disable-next-line no-control-regex -- on purpose: old exporters pad files with NUL and Ctrl-Z (SUB)
  const complete = /[\r\n]$/.test(text.replace(/[ \u001a\u0000]+$/, ""));
  const csvOptions = { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true };
  let records: string[][];
  try {
    records = parse(text, csvOptions) as string[][];
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    // Read again up to the error, noting the line each good record ends on: the broken record
    // starts on the first non-blank line after the last good one. (Only on this path: it is slower.)
    let lastLine = 0;
    try {
      parse(text, { ...csvOptions, on_record: (record: string[], context: { lines: number }) => ((lastLine = context.lines), record) });
    } catch {
      // the same error, expected
    }
    const lines = text.split(/\r\n|\r|\n/);
    let start = lastLine + 1;
    while (start < lines.length && lines[start - 1]!.trim() === "") start++;
    if (e.code === "CSV_QUOTE_NOT_CLOSED") return { message: t.roster.openQuote(formatNumber(start), again) };
    let end = lines.length;
    while (end > 1 && lines[end - 1]!.trim() === "") end--;
    const line = e.lines ?? start;
    // A broken last line of a file that stops mid-line: cut off, not a typing mistake.
    if (!complete && line >= end) return { message: t.roster.cutLine(formatNumber(end), again) };
    if (
      e.code === "CSV_INVALID_CLOSING_QUOTE" ||
      e.code === "INVALID_OPENING_QUOTE" ||
      e.code === "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE"
    ) {
      return { message: t.roster.badQuote(formatNumber(line), again) };
    }
    return { message: t.roster.unreadable(e.lines ? formatNumber(e.lines) : "", again) };
  }
  const [headers = [], ...rows] = records;
  if (headers.length > MAX_COLUMNS) return { message: t.roster.tooManyColumns(formatNumber(headers.length), again) };
  // A file cut off in the middle of its last row (an interrupted download or copy, a disk that
  // filled up): no final line break, and the last row has fewer fields than the rows before it
  // (or than the header). Refuse the whole file rather than import a half row.
  const last = rows[rows.length - 1];
  if (last && !complete) {
    let expected = headers.length;
    while (expected > 0 && headers[expected - 1] === "") expected--;
    if (rows.length > 1) {
      let widest = 0;
      for (let i = 0; i < rows.length - 1; i++) widest = Math.max(widest, rows[i]!.length);
      expected = Math.min(expected, widest);
    }
    if (last.length < expected) {
      // No final line break: the last record ends on the file's last line.
      // eslint-disable-next-line no-control-regex -- the same NUL/SUB padding as above
      const lastLine = text.replace(/[ \u001a\u0000]+$/, "").split(/\r\n|\r|\n/).length;
      return { message: t.roster.cutRow(formatNumber(lastLine), formatNumber(last.length), formatNumber(expected), again) };
    }
  }
  return { headers, rows, encoding: used, format: "csv" };
}

/** A spreadsheet cell as text, NFC (a name pasted decomposed into Excel is stored composed, as CSV text is). */
function cellText(v: unknown): string {
  return rawCellText(v).normalize("NFC");
}

function rawCellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && v && "text" in v) return String((v as { text: unknown }).text).trim();
  if (typeof v === "object" && v && "richText" in v)
    return (v as { richText: { text: string }[] }).richText
      .map((r) => r.text)
      .join("")
      .trim();
  if (typeof v === "object" && v && "result" in v) return String((v as { result: unknown }).result ?? "").trim();
  return String(v).trim();
}

export type Mapping = (Field | null)[];

export function autoMapping(headers: string[]): Mapping {
  const used = new Set<Field>();
  return headers.map((h) => {
    const folded = foldVietnamese(h)
      .replace(/[^a-z0-9 -]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    const field = FIELDS.find((f) => !used.has(f) && HEADER_NAMES[f].includes(folded)) ?? null;
    if (field) used.add(field);
    return field;
  });
}

// Compound surnames, so "Hoàng Phủ Ngọc An" splits as họ "Hoàng Phủ".
const COMPOUND_HO = ["hoang phu", "ton that", "ton nu", "au duong", "tu ma", "gia cat"];

/** "Nguyễn Văn An" → họ Nguyễn, đệm Văn, tên An. A compound given name needs separate columns. */
export function splitFullName(full: string) {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1) return { ho: "", dem: "", ten: words[0]! };
  const hoWords = words.length >= 3 && COMPOUND_HO.includes(foldVietnamese(`${words[0]} ${words[1]}`)) ? 2 : 1;
  return { ho: words.slice(0, hoWords).join(" "), dem: words.slice(hoWords, -1).join(" "), ten: words[words.length - 1]! };
}

export type RowError = { row: number; column: string; message: string };
export type PlannedRow = {
  row: number;
  staffCode: string;
  ho: string;
  dem: string;
  ten: string;
  position: string;
  email: string | null;
  username: string;
  unitId: number;
  unitName: string;
};
export type Change = { row: number; staffCode: string; name: string; fields: { field: string; from: string; to: string }[] };
export type Plan = {
  encoding: string;
  format: string;
  headers: string[];
  mapping: Mapping;
  total: number;
  fileErrors: string[];
  errors: RowError[];
  adds: PlannedRow[];
  changes: Change[];
  moves: (Change & { toUnit: string })[];
  reactivations: { staffCode: string; name: string }[];
  deactivations: { staffCode: string; name: string; unit: string }[];
  unchanged: number;
  rows: PlannedRow[];
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Current units (of a subtree, or all) by code and by folded name: the roster import's unit matching, also used by the indicator import. */
export async function unitIndex(root: Unit | null) {
  const current = await db()
    .select()
    .from(units)
    .where(and(isNull(units.validTo), root ? subtreeCondition(root.path) : undefined))
    .orderBy(asc(units.id));
  const byCode = new Map(current.map((u) => [u.code.toLowerCase(), u]));
  const byName = new Map<string, Unit[]>();
  for (const u of current) byName.set(foldVietnamese(u.name), [...(byName.get(foldVietnamese(u.name)) ?? []), u]);
  const suggest = (text: string) => {
    const words = foldVietnamese(text)
      .split(" ")
      .filter((w) => w.length > 1 && !["xa", "phuong", "thi", "tran", "huyen", "tinh"].includes(w));
    return current
      .map((u) => ({ u, score: words.filter((w) => foldVietnamese(u.name).includes(w)).length }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((x) => `${x.u.name} (${x.u.code})`);
  };
  return { byCode, byName, suggest };
}

/** A unit named in a file by its code or its (unique) name, or the Vietnamese message saying why none matched. */
export function matchUnit(index: Awaited<ReturnType<typeof unitIndex>>, unitText: string): Unit | { message: string } {
  const byName = index.byName.get(foldVietnamese(unitText));
  const unit = index.byCode.get(unitText.toLowerCase()) ?? (byName?.length === 1 ? byName[0] : undefined);
  if (unit) return unit;
  const suggestion =
    byName && byName.length > 1
      ? t.rosterRows.sameName(String(byName.length), byName.map((u) => u.code).join(", "))
      : (() => {
          const s = index.suggest(unitText);
          return s.length ? t.rosterRows.didYouMean(s.join("; ")) : "";
        })();
  return { message: t.rosterRows.unknownUnit(clip(unitText), suggestion) };
}

/** A value from the file, quoted in a message: never a whole megabyte cell. */
const clip = (value: string, max = 80) => (value.length > max ? `${value.slice(0, max)}…` : value);

export async function planImport(
  table: Table,
  mapping: Mapping,
  opts: { root: Unit | null; deactivateMissing: boolean; channel?: Channel },
): Promise<Plan> {
  const channel = opts.channel ?? "web";
  const plan: Plan = {
    encoding: table.encoding,
    format: table.format,
    headers: table.headers,
    mapping,
    total: table.rows.length,
    fileErrors: [],
    errors: [],
    adds: [],
    changes: [],
    moves: [],
    reactivations: [],
    deactivations: [],
    unchanged: 0,
    rows: [],
  };
  const col = (f: Field) => mapping.indexOf(f);
  const header = (f: Field) => table.headers[col(f)] ?? f;
  const hint = t.roster.mapHint[channel];
  if (col("staffCode") < 0) plan.fileErrors.push(`${t.roster.missingCode} ${hint("staffCode")}`);
  if (col("fullName") < 0 && col("ten") < 0) plan.fileErrors.push(`${t.roster.missingName} ${hint("fullName")}`);
  if (col("unit") < 0) plan.fileErrors.push(`${t.roster.missingUnit} ${hint("unit")}`);
  if (table.rows.length === 0) plan.fileErrors.push(t.rosterRows.noRows);
  if (plan.fileErrors.length > 0) return plan;

  const units_ = await unitIndex(opts.root);
  const seen = new Map<string, number>();
  const get = (cells: string[], f: Field) => (col(f) >= 0 ? (cells[col(f)] ?? "").trim() : "");
  table.rows.forEach((cells, i) => {
    const row = i + 2; // the header is row 1, as the spreadsheet shows it
    const staffCode = get(cells, "staffCode");
    const err = (f: Field, message: string) => plan.errors.push({ row, column: header(f), message });
    if (!staffCode) return err("staffCode", t.rosterRows.missingCode);
    if (staffCode.length > 30 || /\s/.test(staffCode)) return err("staffCode", t.rosterRows.badCode(clip(staffCode)));
    const key = staffCode.toUpperCase();
    if (seen.has(key)) {
      err("staffCode", t.rosterRows.duplicateCode(staffCode, String(seen.get(key))));
      return;
    }
    seen.set(key, row);
    let name =
      col("fullName") >= 0
        ? splitFullName(get(cells, "fullName"))
        : { ho: get(cells, "ho"), dem: get(cells, "dem"), ten: get(cells, "ten") };
    if (name && col("fullName") < 0 && !name.ten) name = null;
    if (!name) return err(col("fullName") >= 0 ? "fullName" : "ten", t.rosterRows.missingName);
    const unitText = get(cells, "unit");
    const unit = matchUnit(units_, unitText);
    if ("message" in unit) return err("unit", unit.message);
    const email = get(cells, "email").toLowerCase() || null;
    if (email && !EMAIL.test(email)) return err("email", t.rosterRows.badEmail(clip(email)));
    plan.rows.push({
      row,
      staffCode,
      ...name,
      position: get(cells, "position"),
      email,
      username: (get(cells, "username") || staffCode).toLowerCase(),
      unitId: unit.id,
      unitName: unit.name,
    });
  });

  // Compare with the database. Rows with errors are not planned; nothing is applied while any remain.
  const existing = new Map((await db().select().from(officials)).map((o) => [o.staffCode.toUpperCase(), o]));
  const emailOwner = new Map(
    (await db().select({ email: officials.email, code: officials.staffCode }).from(officials))
      .filter((o) => o.email)
      .map((o) => [o.email!, o.code.toUpperCase()]),
  );
  const unitName = new Map((await db().select({ id: units.id, name: units.name }).from(units)).map((u) => [u.id, u.name]));
  for (const r of plan.rows) {
    const owner = r.email ? emailOwner.get(r.email) : undefined;
    if (owner && owner !== r.staffCode.toUpperCase()) {
      plan.errors.push({ row: r.row, column: header("email"), message: t.rosterRows.emailTaken(r.email ?? "", owner) });
      continue;
    }
    const o = existing.get(r.staffCode.toUpperCase());
    if (!o) {
      plan.adds.push(r);
      continue;
    }
    const fields = (
      [
        [t.roster.fields.ho, o.ho, r.ho],
        [t.roster.fields.dem, o.dem, r.dem],
        [t.roster.fields.ten, o.ten, r.ten],
        [t.roster.fields.position, o.position, r.position],
        ...(col("email") >= 0 ? [[t.roster.fields.email, o.email ?? "", r.email ?? ""]] : []),
      ] as [string, string, string][]
    )
      .filter(([, from, to]) => from !== to)
      .map(([field, from, to]) => ({ field, from, to }));
    const name = fullName(r);
    if (!o.active) plan.reactivations.push({ staffCode: r.staffCode, name });
    if (fields.length > 0) plan.changes.push({ row: r.row, staffCode: r.staffCode, name, fields });
    if (o.unitId !== r.unitId) plan.moves.push({ row: r.row, staffCode: r.staffCode, name, fields: [], toUnit: r.unitName });
    if (fields.length === 0 && o.unitId === r.unitId && o.active) plan.unchanged++;
  }
  if (opts.deactivateMissing && opts.root) {
    const inFile = new Set(plan.rows.map((r) => r.staffCode.toUpperCase()));
    const inScope = await db()
      .select({
        staffCode: officials.staffCode,
        ho: officials.ho,
        dem: officials.dem,
        ten: officials.ten,
        unitId: officials.unitId,
        active: officials.active,
      })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(subtreeCondition(opts.root.path), eq(officials.active, true)))
      .orderBy(asc(officials.id));
    for (const o of inScope) {
      if (!inFile.has(o.staffCode.toUpperCase()) && !seen.has(o.staffCode.toUpperCase())) {
        plan.deactivations.push({ staffCode: o.staffCode, name: fullName(o), unit: unitName.get(o.unitId) ?? "" });
      }
    }
  }
  return plan;
}

export type ApplyResult =
  { ok: true; added: number; changed: number; moved: number; deactivated: number; reactivated: number } | { ok: false; message: string };

/**
 * All or nothing: refused while any error remains; otherwise one transaction. Nobody is deleted.
 * lock("roster") first: the transaction reads who exists (staff codes, usernames) and decides its
 * inserts from that, so two imports (two app processes) must not apply at once.
 */
export async function applyPlan(plan: Plan, by: number | null, day = today(), channel: Channel = "web"): Promise<ApplyResult> {
  if (plan.fileErrors.length > 0 || plan.errors.length > 0) {
    return { ok: false, message: t.roster.fixRows[channel] };
  }
  await transaction(async () => {
    await lock("roster");
    const everyone = await db().select().from(officials);
    const byCode = new Map(everyone.map((o) => [o.staffCode.toUpperCase(), o]));
    const usernames = new Set(everyone.map((o) => o.username));
    const fresh: Parameters<typeof createOfficialsBulk>[0] = [];
    for (const r of plan.rows) {
      const o = byCode.get(r.staffCode.toUpperCase());
      if (!o) {
        let username = r.username;
        for (let i = 2; usernames.has(username); i++) username = `${r.username}${i}`;
        usernames.add(username);
        fresh.push({
          ho: r.ho,
          dem: r.dem,
          ten: r.ten,
          staffCode: r.staffCode,
          username,
          email: r.email,
          position: r.position,
          unitId: r.unitId,
        });
        continue;
      }
      if (!o.active) await setActive(o.id, true, day, by);
      await updateOfficial(
        o.id,
        { ho: r.ho, dem: r.dem, ten: r.ten, position: r.position, email: plan.mapping.includes("email") ? r.email : o.email },
        by,
      );
      if (o.unitId !== r.unitId) await moveOfficial(o.id, r.unitId, day, by);
    }
    await createOfficialsBulk(fresh, day);
    for (const d of plan.deactivations) {
      const o = byCode.get(d.staffCode.toUpperCase());
      if (o) await setActive(o.id, false, day, by);
    }
    await audit(by, "roster.import", "roster", day, {
      rows: plan.total,
      added: plan.adds.length,
      changed: plan.changes.length,
      moved: plan.moves.length,
      deactivated: plan.deactivations.length,
      reactivated: plan.reactivations.length,
      encoding: plan.encoding,
    });
  });
  return {
    ok: true,
    added: plan.adds.length,
    changed: plan.changes.length,
    moved: plan.moves.length,
    deactivated: plan.deactivations.length,
    reactivated: plan.reactivations.length,
  };
}

// ---- What the page shows: the summary and the first rows of each kind; the rest stays on the server. ----

export type PlanPreview = {
  encoding: string;
  format: string;
  headers: string[];
  mapping: Mapping;
  total: number;
  fileErrors: string[];
  counts: { errors: number; adds: number; changes: number; moves: number; reactivations: number; deactivations: number; unchanged: number };
  errors: RowError[];
  adds: { row: number; staffCode: string; name: string; unitName: string }[];
  changes: Change[];
  moves: (Change & { toUnit: string })[];
  reactivations: { staffCode: string; name: string }[];
  deactivations: { staffCode: string; name: string; unit: string }[];
};

/** A 50,000-row plan is megabytes; the page gets its counts and the first rows of each kind. */
export function previewPlan(plan: Plan, limit = PREVIEW_ROWS): PlanPreview {
  return {
    encoding: plan.encoding,
    format: plan.format,
    headers: plan.headers.map((h) => clip(h)),
    mapping: plan.mapping,
    total: plan.total,
    fileErrors: plan.fileErrors,
    counts: {
      errors: plan.errors.length,
      adds: plan.adds.length,
      changes: plan.changes.length,
      moves: plan.moves.length,
      reactivations: plan.reactivations.length,
      deactivations: plan.deactivations.length,
      unchanged: plan.unchanged,
    },
    errors: plan.errors.slice(0, limit),
    adds: plan.adds.slice(0, limit).map((a) => ({ row: a.row, staffCode: a.staffCode, name: fullName(a), unitName: a.unitName })),
    changes: plan.changes.slice(0, limit),
    moves: plan.moves.slice(0, limit),
    reactivations: plan.reactivations.slice(0, limit),
    deactivations: plan.deactivations.slice(0, limit),
  };
}

/** The whole dry run as CSV (UTF-8 with BOM for Excel), problems first; cells never run as formulas. */
export function planReportCsv(plan: Plan): string {
  const r = t.roster.report;
  const rows: (string | number)[][] = [[r.kind, r.row, r.staffCode, r.name, r.column, r.detail]];
  for (const e of plan.fileErrors) rows.push([r.fileError, "", "", "", "", e]);
  for (const e of plan.errors) rows.push([r.error, e.row, "", "", e.column, e.message]);
  for (const a of plan.adds) rows.push([r.add, a.row, a.staffCode, fullName(a), "", a.unitName]);
  for (const c of plan.changes)
    rows.push([r.change, c.row, c.staffCode, c.name, "", c.fields.map((f) => `${f.field} "${f.from}" → "${f.to}"`).join("; ")]);
  for (const m of plan.moves) rows.push([r.move, m.row, m.staffCode, m.name, "", `→ ${m.toUnit}`]);
  for (const x of plan.reactivations) rows.push([r.reactivate, "", x.staffCode, x.name, "", ""]);
  for (const d of plan.deactivations) rows.push([r.deactivate, "", d.staffCode, d.name, "", d.unit]);
  return (
    "\uFEFF" +
    stringify(
      rows.map((row) => row.map((c) => (typeof c === "string" ? inert(c) : c))),
      { record_delimiter: "\r\n" },
    )
  );
}

export type ImportOptions = { encoding: Encoding; unitId: number | null; deactivateMissing: boolean };

/**
 * The dry run of a stored upload with the page's options: the same for the page, its apply and the
 * full report download. `chosen(i)` is the administrator's choice for column i, if any.
 */
export async function planUpload(
  upload: { fileName: string; bytes: Uint8Array },
  options: ImportOptions,
  chosen: (i: number) => string | null,
): Promise<{ plan: Plan } | FileError> {
  const table = await readTable(upload.fileName, upload.bytes, options.encoding);
  if ("message" in table) return table;
  const auto = autoMapping(table.headers);
  const mapping = table.headers.map((_, i) => {
    const choice = chosen(i);
    if (choice === null) return auto[i] ?? null;
    return (FIELDS as readonly string[]).includes(choice) ? (choice as Field) : null;
  });
  const scope = options.unitId ? ((await getUnit(options.unitId)) ?? null) : ((await rootUnit()) ?? null);
  return { plan: await planImport(table, mapping, { root: scope, deactivateMissing: options.deactivateMissing }) };
}

// ---- Between the dry run and the application: the uploaded file, kept by a token. ----
// A roster is personal data: it is kept only between the dry run and the application — deleted once
// applied, replaced when another file is chosen, and never kept longer than 2 hours (issue 20 item 6:
// the page says until when; the next upload and the hourly housekeeping delete what is older).

export const UPLOAD_TTL_MS = 2 * 60 * 60 * 1000;
const expiry = (now: Date) => new Date(now.getTime() - UPLOAD_TTL_MS).toISOString();

/** Until when a file kept at `at` stays (it is deleted then, by the next upload or the housekeeping). */
export const keptUntil = (at: Date) => new Date(at.getTime() + UPLOAD_TTL_MS).toISOString();

export async function keepUpload(fileName: string, bytes: Uint8Array, by: number, now = new Date()): Promise<string> {
  const token = randomBytes(16).toString("base64url");
  await transaction(async () => {
    await pruneRosterUploads(now);
    await db()
      .insert(rosterUploads)
      .values({ token, fileName, bytes: Buffer.from(bytes), createdBy: by, createdAt: now.toISOString() });
  });
  return token;
}

export async function takeUpload(token: string, by: number, now = new Date()) {
  const [row] = await db().select().from(rosterUploads).where(eq(rosterUploads.token, token));
  if (!row || row.createdBy !== by || row.appliedAt || row.createdAt < expiry(now)) return null;
  return { fileName: row.fileName, bytes: new Uint8Array(row.bytes), keptUntil: keptUntil(new Date(row.createdAt)) };
}

/** After the import is applied, or when another file replaces this one: the file is gone. */
export async function discardUpload(token: string, by: number) {
  await transaction(async () => {
    await db()
      .delete(rosterUploads)
      .where(and(eq(rosterUploads.token, token), eq(rosterUploads.createdBy, by)));
  });
}

/** Deletes every stored roster older than 2 hours (and any left from an applied import). Returns how many. */
export async function pruneRosterUploads(now: Date = new Date()): Promise<number> {
  return transaction(async () =>
    changes(
      await db()
        .delete(rosterUploads)
        .where(or(lt(rosterUploads.createdAt, expiry(now)), isNotNull(rosterUploads.appliedAt))),
    ),
  );
}

/** The import page's options (server-side: zod stays out of the page's bundle). */
export const ImportForm = z.object({
  token: z.string().optional(),
  intent: z.enum(["dry-run", "apply"]).catch("dry-run"),
  encoding: z.enum(ENCODINGS).catch("auto"),
  unitId: z.coerce.number().int().positive().optional().catch(undefined),
  deactivateMissing: z.literal("on").optional().catch(undefined),
});
