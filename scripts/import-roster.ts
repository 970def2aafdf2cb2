// npm run import:roster -- <file.csv|file.xlsx> [--apply] [--unit MÃ_ĐƠN_VỊ] [--encoding auto|utf-8|…] [--deactivate-missing]
// Without --apply it is a dry run: the same report as the web page, nothing written.
import fs from "node:fs";
import path from "node:path";
import { closeDb, runMigrations } from "~/db/client.server";
import { applyPlan, autoMapping, ENCODINGS, planImport, readTable, type Encoding } from "~/people/roster-import.server";
import { getUnitByCode, rootUnit } from "~/units/tree.server";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith("--") && !["--unit", "--encoding"].includes(args[i - 1] ?? ""));
if (!file) {
  console.error("Cách dùng: npm run import:roster -- <tệp.csv|tệp.xlsx> [--apply] [--unit MÃ_ĐƠN_VỊ] [--encoding auto] [--deactivate-missing]");
  process.exit(2);
}
const encoding = (option("--encoding") ?? "auto") as Encoding;
if (!ENCODINGS.includes(encoding)) {
  console.error(`Bảng mã không hợp lệ: ${encoding}. Dùng: ${ENCODINGS.join(", ")}`);
  process.exit(2);
}

runMigrations();
const step = (text: string) => console.log(`… ${text}`);
step(`Đọc ${path.basename(file)}`);
const table = await readTable(file, new Uint8Array(fs.readFileSync(file)), encoding);
if ("message" in table) {
  console.error(`LỖI TỆP: ${table.message}`);
  process.exit(1);
}
step(`Bảng mã ${table.encoding}, ${table.rows.length} dòng dữ liệu; kiểm tra từng dòng`);
const unitCode = option("--unit");
const root = unitCode ? getUnitByCode(unitCode) : rootUnit();
if (!root) {
  console.error(`Không tìm thấy đơn vị ${unitCode}.`);
  process.exit(1);
}
const plan = planImport(table, autoMapping(table.headers), { root, deactivateMissing: flag("--deactivate-missing") });
for (const e of plan.fileErrors) console.error(`LỖI TỆP: ${e}`);
for (const e of plan.errors) console.error(`Dòng ${e.row}, cột "${e.column}": ${e.message}`);
console.log(
  `Thêm mới ${plan.adds.length} · Cập nhật ${plan.changes.length} · Chuyển đơn vị ${plan.moves.length} · ` +
    `Hoạt động lại ${plan.reactivations.length} · Ngừng hoạt động ${plan.deactivations.length} · Không đổi ${plan.unchanged}`,
);
for (const c of plan.changes) console.log(`  cập nhật ${c.staffCode} ${c.name}: ${c.fields.map((f) => `${f.field} "${f.from}" → "${f.to}"`).join("; ")}`);
for (const m of plan.moves) console.log(`  chuyển ${m.staffCode} ${m.name} → ${m.toUnit}`);
if (plan.fileErrors.length || plan.errors.length) {
  console.error("Chưa nhập gì: hãy sửa các lỗi rồi chạy lại.");
  process.exitCode = 1;
} else if (flag("--apply")) {
  step("Nhập vào cơ sở dữ liệu (một giao dịch)");
  const result = applyPlan(plan, null);
  console.log(result.ok ? "Đã nhập xong." : result.message);
} else {
  console.log("Chạy thử xong. Thêm --apply để nhập.");
}
closeDb();
