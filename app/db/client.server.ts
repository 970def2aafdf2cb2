// The one database handle. Opened lazily (importing this module touches no file), with the pragmas
// that make SQLite a good server database: WAL, foreign keys, a busy timeout, synchronous=NORMAL.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

let handle: { sqlite: Database.Database; db: Db; file: string; statements: Map<string, Database.Statement> } | undefined;

/**
 * Opens the database and proves it can be written, so a read-only file or data directory stops the
 * server at start with one line saying what to fix (instead of serving pages and failing every
 * sign-in with a 500, or a raw SqliteError stack).
 *
 * Writability is tested by writing, not by permission bits: fs.access and chmod say nothing for root
 * (which writes through any mode), while SQLite itself refuses on a read-only file, directory, mount
 * or an immutable file. The probe creates a table inside a transaction and rolls it back, so nothing
 * is changed.
 */
export function openSqlite(file: string): Database.Database {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
  } catch (error) {
    throw new DatabaseUnusable(t.inputs.dbDirUnusable(dir, reason(error)));
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite.exec("CREATE TABLE __write_probe (x INTEGER)");
    } finally {
      sqlite.exec("ROLLBACK");
    }
    return sqlite;
  } catch (error) {
    try {
      sqlite?.close();
    } catch {
      // already unusable
    }
    throw new DatabaseUnusable(t.inputs.dbNotWritable(file, reason(error)));
  }
}

/** The database cannot be used at all: server.mjs and scripts/db.ts print the message and stop. */
export class DatabaseUnusable extends Error {
  override name = "DatabaseUnusable";
}

function reason(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
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
