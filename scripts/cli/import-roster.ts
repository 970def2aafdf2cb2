// The command behind `npm run import:roster -- <file.csv|file.xlsx> [--apply] [--unit MÃ_ĐƠN_VỊ] [--encoding auto|utf-8|…]
//                          [--map "Tên cột=trường"]… [--deactivate-missing]` (entry point: scripts/import-roster.ts).
// Without --apply it is a dry run: the same report as the web page, nothing written. Messages speak
// of this command's flags, never of the web page's controls.
import fs from "node:fs";
import path from "node:path";
import { runMigrations } from "~/db/client.server";
import { foldVietnamese } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { applyPlan, autoMapping, ENCODINGS, FIELDS, planImport, readTable, type Encoding, type Field } from "~/people/roster-import.server";
import { getUnitByCode, rootUnit } from "~/units/tree.server";

const USAGE =
  "Cách dùng: npm run import:roster -- <tệp.csv|tệp.xlsx> [--apply] [--unit MÃ_ĐƠN_VỊ] [--encoding auto] " +
  '[--map "Tên cột=trường"]… [--deactivate-missing]\n' +
  `  --map: chỉ cột nào là trường nào khi tên cột không được nhận ra; trường là một trong: ${FIELDS.join(", ")} ` +
  '(hoặc "-" để bỏ qua cột); cột ghi bằng tên tiêu đề hoặc số thứ tự (1 là cột đầu).';
const WITH_VALUE = ["--unit", "--encoding", "--map"];
/** Where the command writes: the console, or a test's buffers. */
export type Io = { out: (line: string) => void; err: (line: string) => void };

/** The command, in-process: returns its exit code (0 done, 1 the file or a row is wrong, 2 wrong usage). */
export async function main(args: string[], io: Io): Promise<number> {
  const { out, err } = io;
  const flag = (name: string) => args.includes(name);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const options = (name: string) => args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));
  const known = new Set([...WITH_VALUE, "--apply", "--deactivate-missing", "--help", "-h"]);
  const unknown = args.filter((a, i) => a.startsWith("-") && !known.has(a) && !WITH_VALUE.includes(args[i - 1] ?? ""));
  const file = args.find((a, i) => !a.startsWith("-") && !WITH_VALUE.includes(args[i - 1] ?? ""));
  if (flag("--help") || flag("-h")) {
    out(USAGE);
    return 0;
  }
  if (!file || unknown.length > 0) {
    if (unknown.length > 0) err(`Tùy chọn không rõ: ${unknown.join(" ")}`);
    err(USAGE);
    return 2;
  }
  const encoding = (option("--encoding") ?? "auto") as Encoding;
  if (!ENCODINGS.includes(encoding)) {
    err(`Bảng mã không hợp lệ: ${encoding}. Dùng --encoding với một trong: ${ENCODINGS.join(", ")}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    const code = (error as { code?: string }).code;
    err(
      code === "ENOENT"
        ? `Không tìm thấy tệp ${file}.`
        : code === "EISDIR"
          ? `${file} là một thư mục, không phải tệp.`
          : `Không đọc được tệp ${file} (${code ?? "lỗi"}).`,
    );
    return 2;
  }

  await runMigrations();
  const step = (text: string) => out(`… ${text}`);
  let exitCode = 0;
  step(`Đọc ${path.basename(file)}`);
  const table = await readTable(file, bytes, encoding, "cli");
  if ("message" in table) {
    err(`LỖI TỆP: ${table.message}`);
    return 1;
  }
  const encodingHint =
    table.format === "csv"
      ? ` (nếu chữ tiếng Việt bị lỗi, chọn bảng mã bằng --encoding ${ENCODINGS.filter((e) => e !== "auto").join("|")})`
      : "";
  step(`Bảng mã ${table.encoding}${encodingHint}, ${table.rows.length} dòng dữ liệu; kiểm tra từng dòng`);

  // --map "Mã nhân sự=staffCode" (or "3=staffCode", or a field's Vietnamese label: "Mã nhân sự=Mã CBCC").
  const mapping = autoMapping(table.headers);
  for (const spec of options("--map")) {
    const eq = spec.lastIndexOf("=");
    const columnText = eq > 0 ? spec.slice(0, eq).trim() : "";
    const fieldText = eq > 0 ? spec.slice(eq + 1).trim() : "";
    const byNumber = /^\d+$/.test(columnText) ? Number(columnText) - 1 : -1;
    const column =
      byNumber >= 0 && byNumber < table.headers.length
        ? byNumber
        : table.headers.findIndex((h) => foldVietnamese(h) === foldVietnamese(columnText));
    const field =
      fieldText === "-"
        ? null
        : (FIELDS.find(
            (f) => f.toLowerCase() === fieldText.toLowerCase() || foldVietnamese(t.roster.fields[f]) === foldVietnamese(fieldText),
          ) as Field | undefined);
    if (column < 0 || field === undefined) {
      err(
        `--map "${spec}" không dùng được: ` +
          (column < 0
            ? `không có cột "${columnText}" (các cột: ${table.headers.map((h, i) => `${i + 1}="${h}"`).join(", ")}).`
            : `trường "${fieldText}" không có; dùng một trong: ${FIELDS.join(", ")}, hoặc "-".`),
      );
      return 2;
    }
    if (field) mapping.forEach((m, i) => m === field && i !== column && (mapping[i] = null));
    mapping[column] = field;
  }
  const unitCode = option("--unit");
  const root = unitCode ? await getUnitByCode(unitCode) : await rootUnit();
  if (!root) {
    err(`Không tìm thấy đơn vị ${unitCode}. Dùng --unit với mã đơn vị (ví dụ LA-TT).`);
    return 1;
  }
  const plan = await planImport(table, mapping, { root, deactivateMissing: flag("--deactivate-missing"), channel: "cli" });
  for (const e of plan.fileErrors) err(`LỖI TỆP: ${e}`);
  for (const e of plan.errors) err(`Dòng ${e.row}, cột "${e.column}": ${e.message}`);
  out(
    `Thêm mới ${plan.adds.length} · Cập nhật ${plan.changes.length} · Chuyển đơn vị ${plan.moves.length} · ` +
      `Hoạt động lại ${plan.reactivations.length} · Ngừng hoạt động ${plan.deactivations.length} · Không đổi ${plan.unchanged}`,
  );
  for (const c of plan.changes)
    out(`  cập nhật ${c.staffCode} ${c.name}: ${c.fields.map((f) => `${f.field} "${f.from}" → "${f.to}"`).join("; ")}`);
  for (const m of plan.moves) out(`  chuyển ${m.staffCode} ${m.name} → ${m.toUnit}`);
  if (plan.fileErrors.length || plan.errors.length) {
    err(t.roster.fixRows.cli);
    exitCode = 1;
  } else if (flag("--apply")) {
    step("Nhập vào cơ sở dữ liệu (một giao dịch)");
    const result = await applyPlan(plan, null, undefined, "cli");
    out(result.ok ? "Đã nhập xong." : result.message);
    if (!result.ok) exitCode = 1;
  } else {
    out("Chạy thử xong, chưa ghi gì. Thêm --apply vào lệnh để nhập.");
  }
  return exitCode;
}
