// Checksums of every table of a SQLite database, to show that two builds of a template hold the same
// data (decision 0045: the demo's learning made faster must write exactly what it wrote before).
//   node tests/support/table-checksums.mjs a.db [b.db]     one line per table; with two files, the differences
// Each table is read in the order of all its columns, so row order on disk does not count. Columns
// that two plain builds of the same code already differ in (random tokens and keys, and the wall clock
// of the machine that built it) are left out, by name, and listed in the output: everything else must match.
import crypto from "node:crypto";
import Database from "better-sqlite3";

/** table → columns two unchanged builds differ in (found by comparing two builds column by column). */
export const VOLATILE = JSON.parse(process.env.CHECKSUM_VOLATILE ?? "null") ?? {};

export function checksums(file, volatile = VOLATILE) {
  const db = new Database(file, { readonly: true });
  const out = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  for (const t of tables) {
    const columns = db
      .prepare(`SELECT name FROM pragma_table_info(?)`)
      .pluck()
      .all(t)
      .filter((c) => !(volatile[t] ?? []).includes(c));
    const list = columns.map((c) => `"${c}"`).join(", ");
    const hash = crypto.createHash("sha256");
    let n = 0;
    for (const r of db.prepare(`SELECT ${list} FROM "${t}" ORDER BY ${list}`).raw().iterate()) {
      hash.update(JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : Buffer.isBuffer(v) ? v.toString("hex") : v)) + "\n");
      n++;
    }
    out[t] = { rows: n, sha256: hash.digest("hex").slice(0, 16), without: volatile[t] ?? [] };
  }
  db.close();
  return out;
}

/** Columns whose values differ between a and b, per table (same row count, rows in id order). */
export function differingColumns(a, b) {
  const da = new Database(a, { readonly: true });
  const db = new Database(b, { readonly: true });
  const out = {};
  const tables = da.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  for (const t of tables) {
    const cols = da.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t);
    const order = cols.includes("id") ? `"id"` : cols.map((c) => `"${c}"`).join(", ");
    const ra = da.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).all();
    const rb = db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).all();
    if (ra.length !== rb.length) {
      out[t] = [`rows ${ra.length} ≠ ${rb.length}`];
      continue;
    }
    const diff = new Set();
    for (let i = 0; i < ra.length; i++) for (const c of cols) if (JSON.stringify(ra[i][c]) !== JSON.stringify(rb[i][c])) diff.add(c);
    if (diff.size) out[t] = [...diff];
  }
  da.close();
  db.close();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b] = process.argv.slice(2);
  if (b) console.log(JSON.stringify(differingColumns(a, b), null, 1));
  else for (const [t, c] of Object.entries(checksums(a))) console.log(t, c.rows, c.sha256, c.without.join(","));
}
