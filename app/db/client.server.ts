// The one database handle. Opened lazily (importing this module touches no file), with the pragmas
// that make SQLite a good server database: WAL, foreign keys, a busy timeout, synchronous=NORMAL.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "~/env.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

let handle: { sqlite: Database.Database; db: Db; file: string; statements: Map<string, Database.Statement> } | undefined;

export function openSqlite(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

function open() {
  const file = env().databaseFile;
  if (handle && handle.file === file) return handle;
  handle?.sqlite.close();
  const sqlite = openSqlite(file);
  handle = { sqlite, db: drizzle(sqlite, { schema }), file, statements: new Map() };
  return handle;
}

export function db(): Db {
  return open().db;
}

/** The raw better-sqlite3 handle, for transactions and the few hand-tuned queries. */
export function sqlite(): Database.Database {
  return open().sqlite;
}

/** A prepared statement, compiled once per database handle: for the few queries every request runs. */
export function prepared(sql: string): Database.Statement {
  const h = open();
  let statement = h.statements.get(sql);
  if (!statement) {
    statement = h.sqlite.prepare(sql);
    h.statements.set(sql, statement);
  }
  return statement;
}

export function migrationsFolder() {
  return path.resolve(process.cwd(), "drizzle");
}

export function runMigrations() {
  migrate(db(), { migrationsFolder: migrationsFolder() });
}

export function closeDb() {
  handle?.sqlite.close();
  handle = undefined;
}
