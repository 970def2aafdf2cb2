// npm run db:copy -- --from data/taphuan.db --to postgres://user:password@host:5432/taphuan
//
// Moves a SQLite deployment to PostgreSQL (issue 13, docs/deploying-postgresql.md): migrates the
// target, refuses one that already holds data, copies every table from one consistent snapshot of the
// SQLite file (a read transaction, so the server may keep running; writes after the snapshot are not
// copied — stop the server for the final copy), all in one PostgreSQL transaction (all or nothing),
// moves the id sequences past the copied ids, then verifies: row counts of every table, and the
// figures of every rollup table (count and the sum of each figure column) on both sides.
import path from "node:path";
import Database from "better-sqlite3";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import * as pgSchema from "~/db/schema.pg";

// Parents before children (foreign keys). A table missing here stops the copy before it starts.
const ORDER = [
  "units",
  "officials",
  "official_name_keys",
  "official_roles",
  "memberships",
  "sessions",
  "login_throttle",
  "audit_log",
  "courses",
  "course_versions",
  "lessons",
  "lesson_versions",
  "lesson_progress",
  "course_completions",
  "quiz_definitions",
  "quiz_attempts",
  "quiz_answers",
  "attempt_grants",
  "course_status",
  "rollup_daily",
  "rollup_totals",
  "quiz_item_totals",
  "quiz_attempt_totals",
  "headcount_daily",
  "headcount_totals",
  "course_targets",
  "course_drafts",
  "draft_lessons",
  "course_assets",
  "roster_uploads",
  "request_counts",
  "job_runs",
  "assignments",
  "assignment_units",
  "assignment_people",
  "assignment_history",
  "assignment_members",
  "assignment_daily",
  "assignment_totals",
  "mail_outbox",
  "notifications",
  "mail_opt_outs",
  "certificate_keys",
  "certificate_counters",
  "certificates",
  "indicators",
  "indicator_courses",
  "indicator_targets",
  "indicator_values",
  "indicator_totals",
];
const ROLLUPS: Record<string, string[]> = {
  rollup_daily: ["started", "completed", "attempts", "passed", "score_sum"],
  rollup_totals: ["started", "completed", "attempts", "passed", "score_sum"],
  quiz_item_totals: ["answered"], // credit is a float sum: summed in another order it may differ in the last bit
  quiz_attempt_totals: ["attempts", "passed", "score_sum"],
  headcount_daily: ["delta"],
  headcount_totals: ["members"],
};
const BATCH = 500;

type Column = { name: string; kind: "boolean" | "json" | "other"; identity: boolean };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The PostgreSQL tables as the schema describes them: which columns need converting. */
function pgTables(): Map<string, Column[]> {
  const tables = new Map<string, Column[]>();
  for (const value of Object.values(pgSchema)) {
    if (typeof value !== "object" || value === null) continue;
    let config: ReturnType<typeof getTableConfig>;
    try {
      config = getTableConfig(value as PgTable);
    } catch {
      continue;
    }
    if (!config?.name || !Array.isArray(config.columns)) continue;
    tables.set(
      config.name,
      config.columns.map((c) => ({
        name: c.name,
        kind: c.columnType === "PgBoolean" ? "boolean" : c.columnType === "PgJsonb" || c.columnType === "PgJson" ? "json" : "other",
        identity: Boolean((c as unknown as { generatedIdentity?: unknown }).generatedIdentity),
      })),
    );
  }
  return tables;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function main() {
  const from = arg("from");
  const to = arg("to");
  if (!from || !to || !/^postgres(ql)?:\/\//.test(to)) {
    fail("Dùng: npm run db:copy -- --from data/taphuan.db --to postgres://người-dùng:mật-khẩu@máy:5432/tên-csdl");
  }
  const tables = pgTables();
  const missing = [...tables.keys()].filter((t) => !ORDER.includes(t));
  if (missing.length) fail(`db:copy: bảng chưa có trong thứ tự sao chép / tables missing from ORDER: ${missing.join(", ")}`);

  let source: Database.Database;
  try {
    source = new Database(path.resolve(from), { readonly: true, fileMustExist: true });
  } catch (error) {
    fail(`Không mở được ${from}: ${(error as Error).message}`);
  }
  // The target gets the schema first (the same migrations the app runs), with the app's own code.
  process.env.DATABASE_URL = to;
  const { runMigrations, closeDb } = await import("~/db/client.server");
  await runMigrations();
  await closeDb();

  const client = new pg.Client({ connectionString: to });
  await client.connect();
  const started = performance.now();
  try {
    for (const table of ORDER) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
      if (Number(rows[0]!.n) > 0) throw new Error(`${table} trong cơ sở dữ liệu đích đã có dữ liệu; chỉ sao chép vào cơ sở dữ liệu trống.`);
    }
    // One snapshot of the source for every table.
    source.exec("BEGIN");
    const sourceCounts = new Map<string, number>();
    await client.query("BEGIN");
    for (const table of ORDER) {
      const columns = tables.get(table)!;
      const list = columns.map((c) => quote(c.name)).join(", ");
      const select = source.prepare(`SELECT ${list} FROM ${quote(table)}`).raw(true);
      let batch: unknown[][] = [];
      let count = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const values: unknown[] = [];
        const tuples = batch.map((row) => {
          const marks = row.map((v, i) => {
            const c = columns[i]!;
            values.push(v === null ? null : c.kind === "boolean" ? v === 1 || v === true : v);
            return `$${values.length}`;
          });
          return `(${marks.join(", ")})`;
        });
        const overriding = columns.some((c) => c.identity) ? " OVERRIDING SYSTEM VALUE" : "";
        await client.query(`INSERT INTO ${quote(table)} (${list})${overriding} VALUES ${tuples.join(", ")}`, values);
        batch = [];
      };
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        count++;
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      sourceCounts.set(table, count);
      for (const c of columns.filter((col) => col.identity)) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`,
          [table, c.name],
        );
      }
      console.log(`  ${table}: ${count.toLocaleString("vi-VN")} dòng`);
    }
    // Verify before committing, reading both sides again: a mismatch rolls everything back.
    const problems: string[] = [];
    for (const table of ORDER) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`);
      if (rows[0]!.n !== sourceCounts.get(table)) problems.push(`${table}: ${sourceCounts.get(table)} → ${rows[0]!.n} dòng`);
    }
    for (const [table, figures] of Object.entries(ROLLUPS)) {
      const sums = `count(*) AS n, ${figures.map((f) => `coalesce(sum(${f}), 0) AS ${f}`).join(", ")}`;
      const a = source.prepare(`SELECT ${sums} FROM ${table}`).get() as Record<string, number>;
      const { rows } = await client.query<Record<string, string>>(`SELECT ${sums} FROM ${table}`);
      for (const key of ["n", ...figures]) {
        if (Number(a[key]) !== Number(rows[0]![key])) problems.push(`${table}.${key}: ${a[key]} → ${rows[0]![key]}`);
      }
    }
    if (problems.length) throw new Error(`kiểm tra sau khi sao chép KHÔNG khớp / verification failed:\n  ${problems.join("\n  ")}`);
    await client.query("COMMIT");
    source.exec("COMMIT");
    const total = [...sourceCounts.values()].reduce((s, n) => s + n, 0);
    console.log(
      `Đã sao chép ${total.toLocaleString("vi-VN")} dòng của ${ORDER.length} bảng trong ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `số dòng và số liệu tổng hợp khớp. / Copied and verified.`,
    );
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    if (source.inTransaction) source.exec("ROLLBACK");
    await client.end();
    source.close();
    fail(`db:copy thất bại, không có gì được ghi / failed, nothing written: ${(error as Error).message}`);
  }
  await client.end();
  source.close();
}

await main();
