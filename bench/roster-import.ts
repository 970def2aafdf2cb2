// npm run bench:roster — a 50,000-row roster (CSV, UTF-8) read, checked (dry run) and applied in one
// transaction, against the demo database. Target: under 15 s on this machine. Baseline in the same
// run: parsing the same file with csv-parse alone (the floor any import pays).
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { closeDb, db, runMigrations } from "~/db/client.server";
import { officials, units } from "~/db/schema";
import { seedDemo } from "~/demo/seed.server";
import { resetEnvForTests } from "~/env.server";
import { applyPlan, autoMapping, planImport, previewPlan, readTable } from "~/people/roster-import.server";
import { rootUnit } from "~/units/tree.server";
import { BENCH_DIR } from "./support";

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
fs.mkdirSync(BENCH_DIR, { recursive: true });
const file = path.join(BENCH_DIR, "roster.db");
for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
process.env.DATABASE_PATH = file;
resetEnvForTests();
runMigrations();
await seedDemo();

const communes = db()
  .select({ code: units.code })
  .from(units)
  .where(sql`${units.kind} = 'commune'`)
  .all()
  .map((u) => u.code);
const HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"];
const DEM = ["Văn", "Thị", "Minh", "Ngọc", "Thanh"];
const TEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc"];
const lines = ["Mã CBCC,Họ và tên,Đơn vị,Chức vụ,Email"];
for (let i = 1; i <= ROWS; i++) {
  lines.push(`BR${String(i).padStart(6, "0")},${HO[i % 7]} ${DEM[i % 5]} ${TEN[i % 10]},${communes[i % communes.length]},Công chức,`);
}
const csvPath = path.join(BENCH_DIR, "roster-50k.csv");
fs.writeFileSync(csvPath, lines.join("\r\n") + "\r\n");
const bytes = new Uint8Array(fs.readFileSync(csvPath));
console.log(`${ROWS.toLocaleString("vi-VN")} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB`);

const t0 = performance.now();
parse(Buffer.from(bytes).toString("utf8"), { relax_column_count: true, skip_empty_lines: true });
const baseline = (performance.now() - t0) / 1000;

const t1 = performance.now();
const table = await readTable("roster-50k.csv", bytes);
if (!("headers" in table)) throw new Error(table.message);
const t2 = performance.now();
const plan = planImport(table, autoMapping(table.headers), { root: rootUnit()!, deactivateMissing: false });
const t3 = performance.now();
if (plan.errors.length || plan.fileErrors.length) throw new Error(`unexpected errors: ${JSON.stringify(plan.errors.slice(0, 3))}`);
// What the dry-run page carries: the summary and the first rows of each kind, not the whole plan.
const pageData = Buffer.byteLength(JSON.stringify(previewPlan(plan)));
const wholePlan = Buffer.byteLength(JSON.stringify(plan));
const result = applyPlan(plan, null);
const t4 = performance.now();
if (!result.ok || result.added !== ROWS) throw new Error(`apply failed: ${JSON.stringify(result)}`);
const inDb = db()
  .select({ n: sql<number>`count(*)` })
  .from(officials)
  .where(sql`${officials.staffCode} LIKE 'BR%'`)
  .get()!.n;
closeDb();

const s = (ms: number) => (ms / 1000).toFixed(2);
console.log("| step | seconds |");
console.log("|---|---:|");
console.log(`| baseline: csv-parse alone | ${baseline.toFixed(2)} |`);
console.log(`| read (decode + parse) | ${s(t2 - t1)} |`);
console.log(`| dry run (check every row, plan) | ${s(t3 - t2)} |`);
console.log(`| apply (one transaction, with rollups) | ${s(t4 - t3)} |`);
console.log(`| **total** | **${s(t4 - t1)}** (target < 15) |`);
console.log(`officials added and found in the database: ${inDb.toLocaleString("vi-VN")}`);
console.log(
  `dry-run page data: ${(pageData / 1024).toFixed(0)} KB (the whole plan, as the page carried it before: ${(wholePlan / 1024 / 1024).toFixed(1)} MB)`,
);
if ((t4 - t1) / 1000 >= 15 || inDb !== ROWS) process.exitCode = 1;
