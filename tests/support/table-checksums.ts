// Row count and checksum of every table of a SQLite file: what check-template-same.ts compares between
// the progress template built the plain way and the fast way (issue 12 item 2, decision 0045).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";

export type TableSums = Record<string, { rows: number; sha256: string }>;

export function tableChecksums(file: string): TableSums {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[];
    const sums: TableSums = {};
    for (const { name } of tables) {
      const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(name) as { name: string }[]).map(
        (c) => `"${c.name}"`,
      );
      // Every column, in a total order (rowid first, then all columns: WITHOUT ROWID tables too).
      const hash = createHash("sha256");
      let count = 0;
      for (const r of sqlite.prepare(`SELECT ${columns.join(", ")} FROM "${name}" ORDER BY ${columns.join(", ")}`).raw().iterate()) {
        hash.update(JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : Buffer.isBuffer(v) ? v.toString("hex") : v)));
        hash.update("\n");
        count++;
      }
      sums[name] = { rows: count, sha256: hash.digest("hex") };
    }
    return sums;
  } finally {
    sqlite.close();
  }
}
