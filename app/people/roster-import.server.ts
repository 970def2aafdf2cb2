// Roster import: the HR export a province sends every month, as CSV or XLSX, in whatever encoding
// its software wrote. Read → map columns → check every row → a dry-run plan (add / change / move /
// deactivate, and every row error with row, column and reason) → apply all or nothing.
import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db } from "~/db/client.server";
import { officials, rosterUploads, units } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { subtreeCondition, type Unit } from "~/units/tree.server";
import { moveOfficial, setActive, today, updateOfficial } from "./lifecycle.server";
import { fullName } from "./names";
import { createOfficialsBulk } from "./officials.server";

export const FIELDS = ["fullName", "ho", "dem", "ten", "staffCode", "unit", "position", "email", "username"] as const;
export type Field = (typeof FIELDS)[number];
export const ENCODINGS = ["auto", "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn", "viscii"] as const;
export type Encoding = (typeof ENCODINGS)[number];

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

export async function readTable(fileName: string, bytes: Uint8Array, encoding: Encoding = "auto"): Promise<Table | FileError> {
  const isZip = hasBom(bytes, [0x50, 0x4b, 0x03, 0x04]);
  if (/\.xlsx$/i.test(fileName) || isZip) {
    try {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      if (!sheet) return { message: "Tệp Excel không có trang tính nào." };
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => cellText(v));
        rows.push(values);
      });
      const [headers = [], ...data] = rows;
      return { headers, rows: data, encoding: "xlsx", format: "xlsx" };
    } catch {
      return { message: "Không đọc được tệp Excel: tệp bị hỏng hoặc bị cắt ngang. Hãy xuất lại từ phần mềm nhân sự." };
    }
  }
  const { text, encoding: used } = decode(bytes, encoding);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [";", "\t", ","].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  try {
    const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
    const [headers = [], ...rows] = records;
    return { headers, rows, encoding: used, format: "csv" };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { message: `Tệp CSV bị hỏng hoặc bị cắt ngang${line ? ` (dòng ${line})` : ""}: ${(error as Error).message.includes("Quote") ? "có dấu ngoặc kép không được đóng" : "không đọc được"}. Hãy xuất lại từ phần mềm nhân sự.` };
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && v && "text" in v) return String((v as { text: unknown }).text).trim();
  if (typeof v === "object" && v && "richText" in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("").trim();
  if (typeof v === "object" && v && "result" in v) return String((v as { result: unknown }).result ?? "").trim();
  return String(v).trim();
}

export type Mapping = (Field | null)[];

export function autoMapping(headers: string[]): Mapping {
  const used = new Set<Field>();
  return headers.map((h) => {
    const folded = foldVietnamese(h).replace(/[^a-z0-9 -]/g, " ").replace(/\s+/g, " ").trim();
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

function unitIndex(root: Unit | null) {
  const current = db().select().from(units).where(and(isNull(units.validTo), root ? subtreeCondition(root.path) : undefined)).all();
  const byCode = new Map(current.map((u) => [u.code.toLowerCase(), u]));
  const byName = new Map<string, Unit[]>();
  for (const u of current) byName.set(foldVietnamese(u.name), [...(byName.get(foldVietnamese(u.name)) ?? []), u]);
  const suggest = (text: string) => {
    const words = foldVietnamese(text).split(" ").filter((w) => w.length > 1 && !["xa", "phuong", "thi", "tran", "huyen", "tinh"].includes(w));
    return current
      .map((u) => ({ u, score: words.filter((w) => foldVietnamese(u.name).includes(w)).length }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((x) => `${x.u.name} (${x.u.code})`);
  };
  return { byCode, byName, suggest };
}

export function planImport(table: Table, mapping: Mapping, opts: { root: Unit | null; deactivateMissing: boolean }): Plan {
  const plan: Plan = {
    encoding: table.encoding, format: table.format, headers: table.headers, mapping, total: table.rows.length,
    fileErrors: [], errors: [], adds: [], changes: [], moves: [], reactivations: [], deactivations: [], unchanged: 0, rows: [],
  };
  const col = (f: Field) => mapping.indexOf(f);
  const header = (f: Field) => table.headers[col(f)] ?? f;
  if (col("staffCode") < 0) plan.fileErrors.push("Thiếu cột mã cán bộ (ví dụ \"Mã CBCC\"). Hãy chọn cột tương ứng ở bảng ghép cột.");
  if (col("fullName") < 0 && col("ten") < 0) plan.fileErrors.push("Thiếu cột họ tên (\"Họ và tên\", hoặc các cột \"Họ\", \"Đệm\", \"Tên\").");
  if (col("unit") < 0) plan.fileErrors.push("Thiếu cột đơn vị (\"Đơn vị\": mã hoặc tên đơn vị).");
  if (table.rows.length === 0) plan.fileErrors.push("Tệp không có dòng dữ liệu nào.");
  if (plan.fileErrors.length > 0) return plan;

  const units_ = unitIndex(opts.root);
  const seen = new Map<string, number>();
  const get = (cells: string[], f: Field) => (col(f) >= 0 ? (cells[col(f)] ?? "").trim() : "");
  table.rows.forEach((cells, i) => {
    const row = i + 2; // the header is row 1, as the spreadsheet shows it
    const staffCode = get(cells, "staffCode");
    const err = (f: Field, message: string) => plan.errors.push({ row, column: header(f), message });
    if (!staffCode) return err("staffCode", "Thiếu mã cán bộ.");
    if (staffCode.length > 30 || /\s/.test(staffCode)) return err("staffCode", `Mã cán bộ "${staffCode}" không hợp lệ (không có khoảng trắng, tối đa 30 ký tự).`);
    const key = staffCode.toUpperCase();
    if (seen.has(key)) {
      err("staffCode", `Mã cán bộ ${staffCode} bị trùng với dòng ${seen.get(key)}.`);
      return;
    }
    seen.set(key, row);
    let name = col("fullName") >= 0 ? splitFullName(get(cells, "fullName")) : { ho: get(cells, "ho"), dem: get(cells, "dem"), ten: get(cells, "ten") };
    if (name && col("fullName") < 0 && !name.ten) name = null;
    if (!name) return err(col("fullName") >= 0 ? "fullName" : "ten", "Thiếu họ tên.");
    const unitText = get(cells, "unit");
    const unit = units_.byCode.get(unitText.toLowerCase()) ?? (units_.byName.get(foldVietnamese(unitText))?.length === 1 ? units_.byName.get(foldVietnamese(unitText))![0] : undefined);
    if (!unit) {
      const many = units_.byName.get(foldVietnamese(unitText));
      const hint = many && many.length > 1 ? ` Có ${many.length} đơn vị cùng tên: dùng mã đơn vị (${many.map((u) => u.code).join(", ")}).` : (() => {
        const s = units_.suggest(unitText);
        return s.length ? ` Có phải: ${s.join("; ")}?` : "";
      })();
      return err("unit", `Không tìm thấy đơn vị "${unitText}".${hint}`);
    }
    const email = get(cells, "email").toLowerCase() || null;
    if (email && !EMAIL.test(email)) return err("email", `Địa chỉ thư "${email}" không hợp lệ.`);
    plan.rows.push({
      row, staffCode, ...name, position: get(cells, "position"), email,
      username: (get(cells, "username") || staffCode).toLowerCase(), unitId: unit.id, unitName: unit.name,
    });
  });

  // Compare with the database. Rows with errors are not planned; nothing is applied while any remain.
  const existing = new Map(db().select().from(officials).all().map((o) => [o.staffCode.toUpperCase(), o]));
  const emailOwner = new Map(db().select({ email: officials.email, code: officials.staffCode }).from(officials).all().filter((o) => o.email).map((o) => [o.email!, o.code.toUpperCase()]));
  const unitName = new Map(db().select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));
  for (const r of plan.rows) {
    const owner = r.email ? emailOwner.get(r.email) : undefined;
    if (owner && owner !== r.staffCode.toUpperCase()) {
      plan.errors.push({ row: r.row, column: header("email"), message: `Địa chỉ thư ${r.email} đã thuộc về cán bộ mã ${owner}.` });
      continue;
    }
    const o = existing.get(r.staffCode.toUpperCase());
    if (!o) {
      plan.adds.push(r);
      continue;
    }
    const fields = (
      [
        ["Họ", o.ho, r.ho],
        ["Đệm", o.dem, r.dem],
        ["Tên", o.ten, r.ten],
        ["Chức vụ", o.position, r.position],
        ...(col("email") >= 0 ? [["Thư điện tử", o.email ?? "", r.email ?? ""]] : []),
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
    const inScope = db()
      .select({ staffCode: officials.staffCode, ho: officials.ho, dem: officials.dem, ten: officials.ten, unitId: officials.unitId, active: officials.active })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(and(subtreeCondition(opts.root.path), eq(officials.active, true)))
      .all();
    for (const o of inScope) {
      if (!inFile.has(o.staffCode.toUpperCase()) && !seen.has(o.staffCode.toUpperCase())) {
        plan.deactivations.push({ staffCode: o.staffCode, name: fullName(o), unit: unitName.get(o.unitId) ?? "" });
      }
    }
  }
  return plan;
}

export type ApplyResult = { ok: true; added: number; changed: number; moved: number; deactivated: number; reactivated: number } | { ok: false; message: string };

/** All or nothing: refused while any error remains; otherwise one transaction. Nobody is deleted. */
export function applyPlan(plan: Plan, by: number | null, day = today()): ApplyResult {
  if (plan.fileErrors.length > 0 || plan.errors.length > 0) {
    return { ok: false, message: "Tệp còn lỗi: chưa nhập gì. Hãy sửa các dòng lỗi rồi chạy thử lại." };
  }
  const byCode = new Map(db().select().from(officials).all().map((o) => [o.staffCode.toUpperCase(), o]));
  const usernames = new Set(db().select({ u: officials.username }).from(officials).all().map((r) => r.u));
  db().transaction(() => {
    const fresh: Parameters<typeof createOfficialsBulk>[0] = [];
    for (const r of plan.rows) {
      const o = byCode.get(r.staffCode.toUpperCase());
      if (!o) {
        let username = r.username;
        for (let i = 2; usernames.has(username); i++) username = `${r.username}${i}`;
        usernames.add(username);
        fresh.push({ ho: r.ho, dem: r.dem, ten: r.ten, staffCode: r.staffCode, username, email: r.email, position: r.position, unitId: r.unitId });
        continue;
      }
      if (!o.active) setActive(o.id, true, day, by);
      updateOfficial(o.id, { ho: r.ho, dem: r.dem, ten: r.ten, position: r.position, email: plan.mapping.includes("email") ? r.email : o.email }, by);
      if (o.unitId !== r.unitId) moveOfficial(o.id, r.unitId, day, by);
    }
    createOfficialsBulk(fresh, day);
    for (const d of plan.deactivations) {
      const o = byCode.get(d.staffCode.toUpperCase());
      if (o) setActive(o.id, false, day, by);
    }
    audit(by, "roster.import", "roster", day, {
      rows: plan.total, added: plan.adds.length, changed: plan.changes.length, moved: plan.moves.length,
      deactivated: plan.deactivations.length, reactivated: plan.reactivations.length, encoding: plan.encoding,
    });
  });
  return { ok: true, added: plan.adds.length, changed: plan.changes.length, moved: plan.moves.length, deactivated: plan.deactivations.length, reactivated: plan.reactivations.length };
}

// ---- Between the dry run and the application: the uploaded file, kept by a token. ----

export function keepUpload(fileName: string, bytes: Uint8Array, by: number): string {
  const token = randomBytes(16).toString("base64url");
  db().insert(rosterUploads).values({ token, fileName, bytes: Buffer.from(bytes), createdBy: by }).run();
  return token;
}

export function takeUpload(token: string, by: number) {
  const row = db().select().from(rosterUploads).where(eq(rosterUploads.token, token)).get();
  if (!row || row.createdBy !== by || row.appliedAt) return null;
  return { fileName: row.fileName, bytes: new Uint8Array(row.bytes) };
}

export function markApplied(token: string) {
  db().update(rosterUploads).set({ appliedAt: new Date().toISOString() }).where(eq(rosterUploads.token, token)).run();
}
