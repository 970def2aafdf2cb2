// The one data layer, for both engines (decision 0019). Domain code is async and engine-blind:
//
//   db()               the drizzle handle for queries: inside transaction() the transaction itself
//                      (AsyncLocalStorage), so a helper called from a transaction never reaches past it
//   transaction(fn)    every write runs in one; all or nothing
//   rows/row/exec      raw SQL written with drizzle's `sql` template (portable: `?` or `$n` placeholders)
//   lock(key)          inside a transaction, serialises writers of one thing (one official, the unit
//                      tree) across processes; on SQLite writers are already serialised
//
// SQLite (DATABASE_PATH, the default): two connections to one WAL file. Writes go through the writer
// connection one transaction at a time (BEGIN IMMEDIATE … COMMIT around the awaits, queued in this
// process); reads outside a transaction go to a read-only connection, which sees the last committed
// state and never another request's open transaction. A write outside transaction() fails loudly
// ("attempt to write a readonly database") instead of slipping into someone else's transaction.
// PostgreSQL (DATABASE_URL=postgres://…): a node-postgres pool; a transaction takes one pooled client
// (BEGIN … COMMIT, READ COMMITTED) with a drizzle handle over that client, and lock() takes a
// transaction-scoped advisory lock. Statements of the hot write paths ask for `{ prepare: true }`: on
// PostgreSQL they become named prepared statements (parsed once per connection, and planned once when
// PostgreSQL finds the generic plan as good), which matters when every statement is a round trip.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type pg from "pg";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";
import * as schema from "./schema";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

/**
 * Typed as the SQLite handle: both dialects' tables give identical row types (app/db/schema.lockstep.ts
 * proves it at compile time), and domain code only uses what both drivers share — awaited query
 * builders, `.returning()`, `onConflictDo…`, and rows/row/exec for raw SQL. The SQLite-only
 * synchronous finishers (`.get()`, `.all()`, `.run()`, `.values()`) are refused by lint.
 */
export type Db = BetterSQLite3Database<typeof schema>;
export type Dialect = "sqlite" | "postgres";

type SqliteHandle = {
  dialect: "sqlite";
  key: string;
  writer: Database.Database;
  reader: Database.Database;
  writeDb: Db;
  readDb: Db;
  queue: Promise<unknown>;
};
type PgHandle = {
  dialect: "postgres";
  key: string;
  pool: pg.Pool;
  db: Db;
  clientDbs: WeakMap<pg.PoolClient, { db: Db; begins: pg.PoolClient; state: BeginState }>;
};
/** A PostgreSQL transaction's BEGIN is sent with its first statement (see pgTransaction). */
type BeginState = { pending: boolean; broken?: Error };
type Handle = SqliteHandle | PgHandle;

type Scope = {
  tx: Db;
  connection?: Database.Database;
  client?: pg.PoolClient;
  begin?: BeginState;
  /** The advisory locks this transaction holds already ("name:id"): taking one again costs nothing. */
  locks: Set<string>;
};
const scope = new AsyncLocalStorage<Scope>();
const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

let handle: Handle | undefined;

/** The engine named by the environment: DATABASE_URL=postgres://… or SQLite at DATABASE_PATH. */
export function dialect(): Dialect {
  return env().databaseUrl ? "postgres" : "sqlite";
}

/**
 * Opens the SQLite file and proves it can be written, so a read-only file or data directory stops the
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

// node-postgres returns int8 (count(*), sum of integers) and numeric as strings; every figure here
// fits a JS number, and SQLite returns numbers, so both engines give the same rows. Set on pg's global
// parsers: drizzle's node-postgres driver passes its own per-query parsers that fall back to the
// globals, so a pool-level `types` option would be ignored.
// node-postgres and drizzle's driver for it load when PostgreSQL is first opened: a SQLite deployment
// never loads them (they were a tenth of a cold start, issue 22 item 5b). `require`, not `import()`:
// open() is synchronous; both are CommonJS packages (drizzle checks entities by kind, not by class).
const requireCjs = createRequire(import.meta.url);
type PgLib = {
  pg: typeof pg;
  drizzlePg: typeof import("drizzle-orm/node-postgres").drizzle;
  migratePg: typeof import("drizzle-orm/node-postgres/migrator").migrate;
};
let pgLoaded: PgLib | undefined;
function pgLib(): PgLib {
  if (pgLoaded) return pgLoaded;
  const lib = requireCjs("pg") as typeof pg;
  lib.types.setTypeParser(lib.types.builtins.INT8, (value: string) => Number(value));
  lib.types.setTypeParser(lib.types.builtins.NUMERIC, (value: string) => Number(value));
  pgLoaded = {
    pg: lib,
    drizzlePg: (requireCjs("drizzle-orm/node-postgres") as typeof import("drizzle-orm/node-postgres")).drizzle,
    migratePg: (requireCjs("drizzle-orm/node-postgres/migrator") as typeof import("drizzle-orm/node-postgres/migrator")).migrate,
  };
  return pgLoaded;
}

function open(): Handle {
  const e = env();
  const key = e.databaseUrl ?? e.databaseFile;
  if (handle && handle.key === key) return handle;
  if (handle) void closeHandle(handle);
  if (e.databaseUrl) {
    const { pg, drizzlePg } = pgLib();
    const pool = new pg.Pool({
      connectionString: e.databaseUrl,
      max: e.DATABASE_POOL_SIZE,
      application_name: "taphuan",
    });
    // An idle client that loses its server (restart, failover) must not crash the process.
    pool.on("error", (error) => console.error(t.console.databaseIdleError(error.message)));
    const db = drizzlePg(pool, { schema: pgSchema }) as unknown as Db;
    handle = { dialect: "postgres", key, pool, db, clientDbs: new WeakMap() };
  } else {
    const writer = keepStatements(openSqlite(e.databaseFile));
    const reader = keepStatements(new Database(e.databaseFile));
    reader.pragma("busy_timeout = 5000");
    reader.pragma("query_only = ON");
    handle = {
      dialect: "sqlite",
      key,
      writer,
      reader,
      writeDb: drizzleSqlite(writer, { schema: sqliteSchema }) as unknown as Db,
      readDb: drizzleSqlite(reader, { schema: sqliteSchema }) as unknown as Db,
      queue: Promise.resolve(),
    };
  }
  return handle;
}

/** The handle for queries: the open transaction if there is one, else the engine's read handle (SQLite) or pool. */
export function db(): Db {
  const current = scope.getStore();
  if (current) return current.tx;
  const h = open();
  return h.dialect === "sqlite" ? h.readDb : h.db;
}

/**
 * The open database, as an identity for caches of rows that never change once written
 * (app/db/immutable-cache.server.ts): a test or tool that opens another database gets fresh caches.
 */
export function databaseIdentity(): object {
  return open();
}

/** True inside transaction(). */
export function inTransaction(): boolean {
  return scope.getStore() !== undefined;
}

/**
 * Runs fn in one transaction: everything it writes commits together or not at all. Inside fn, db()
 * (and rows/row/exec) is the transaction. Nested calls join the outer transaction. fn must not do slow
 * non-database work (hashing, compiling, network): on SQLite every writer waits for it.
 */
export async function transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
  const current = scope.getStore();
  if (current) return fn(current.tx);
  const h = open();
  if (h.dialect === "postgres") return pgTransaction(h, fn);
  const run = async (): Promise<T> => {
    h.writer.exec("BEGIN IMMEDIATE");
    try {
      const result = await scope.run({ tx: h.writeDb, connection: h.writer, locks: new Set() }, () => fn(h.writeDb));
      h.writer.exec("COMMIT");
      return result;
    } catch (error) {
      if (h.writer.inTransaction) h.writer.exec("ROLLBACK");
      throw error;
    }
  };
  const next = h.queue.then(run, run);
  h.queue = next.catch(() => undefined);
  return next;
}

/**
 * Lets the event loop serve other requests in the middle of a long transaction (a builder chunk): on
 * SQLite a transaction's statements otherwise run back to back in one turn of the loop, so every
 * request waits for all of them. Readers meanwhile use the read connection (WAL: the last committed
 * state) and other writers wait their turn in the queue, so this changes no result, only who waits.
 */
export function letOthersRun(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A PostgreSQL transaction on one pooled client. The drizzle handle over a client is made once per
 * client (pool clients are reused). A client whose BEGIN, COMMIT or ROLLBACK failed (a lost
 * connection) is discarded rather than returned to the pool.
 *
 * BEGIN is not a round trip of its own: it goes with the transaction's first statement — as one
 * simple query "BEGIN; SELECT pg_advisory_xact_lock(…)" when that is lock() (most writers start so),
 * else just before the first query. A transaction that ran nothing sends neither BEGIN nor COMMIT.
 * Every statement is a round trip on PostgreSQL: the completion of a lesson is 14 of them (issue 13).
 */
async function pgTransaction<T>(h: PgHandle, fn: (tx: Db) => Promise<T>): Promise<T> {
  const client = await h.pool.connect();
  let kept = h.clientDbs.get(client);
  if (!kept) {
    const state: BeginState = { pending: false };
    // Every query of a transaction goes through this (drizzle's and rows/row/exec): the first sends BEGIN first.
    const begins = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== "query") return Reflect.get(target, prop, receiver) as unknown;
        return (...args: unknown[]) => {
          const query = () => (target.query as (...a: unknown[]) => unknown)(...args);
          if (!state.pending) return query();
          state.pending = false;
          return target.query("BEGIN").then(query, (error: Error) => {
            throw (state.broken = error);
          });
        };
      },
    });
    kept = { db: pgLib().drizzlePg(begins, { schema: pgSchema }) as unknown as Db, begins, state };
    h.clientDbs.set(client, kept);
  }
  const { db: txDb, begins, state } = kept;
  state.pending = true;
  state.broken = undefined;
  try {
    let result: T;
    try {
      result = await scope.run({ tx: txDb, client: begins, begin: state, locks: new Set() }, () => fn(txDb));
    } catch (error) {
      if (!state.pending)
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          state.broken = rollbackError;
        });
      throw error;
    }
    if (!state.pending)
      await client.query("COMMIT").catch((error: Error) => {
        throw (state.broken = error);
      });
    return result;
  } finally {
    state.pending = false;
    client.release(state.broken);
  }
}

/**
 * Serialises, across processes, the transactions that touch one thing: `lock("official", id)` before
 * reading and then writing an official's attempts or progress, `lock("units")` around a reorganisation.
 * PostgreSQL: pg_advisory_xact_lock, released at commit or rollback. SQLite: nothing to do, since
 * writers are serialised already. Must be called inside transaction().
 */
export async function lock(name: string, id = 0): Promise<void> {
  const current = scope.getStore();
  if (!current) throw new Error(`lock(${name}) outside a transaction`);
  if (open().dialect !== "postgres") return;
  const held = `${name}:${id}`;
  if (current.locks.has(held)) return;
  if (current.begin?.pending && current.client && /^[a-z_-]+$/.test(name) && Number.isSafeInteger(id)) {
    // The transaction's first statement: BEGIN and the lock in one round trip (a simple query; the
    // name is a code word and the id an integer, checked just above, so nothing is quoted by hand).
    current.begin.pending = false;
    const begin = current.begin;
    await current.client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext('${name}'), ${id})`).catch((error: Error) => {
      throw (begin.broken = error);
    });
  } else await exec(sql`SELECT pg_advisory_xact_lock(hashtext(${name}), ${id})`, { prepare: true });
  current.locks.add(held);
}

/** lock(name, id) for many ids at once, in id order (one statement on PostgreSQL; nothing on SQLite). */
export async function lockMany(name: string, ids: number[]): Promise<void> {
  if (!scope.getStore()) throw new Error(`lockMany(${name}) outside a transaction`);
  if (open().dialect !== "postgres" || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  // Volatile functions in the select list run after ORDER BY: the locks are taken in id order.
  await exec(sql`SELECT pg_advisory_xact_lock(hashtext(${name}), x) FROM unnest(${`{${sorted.join(",")}}`}::int[]) AS x ORDER BY x`);
}

const KEPT_STATEMENTS = 1000;

/**
 * better-sqlite3 compiles SQL on every `prepare()`, and drizzle prepares every query it runs: this
 * connection keeps its statements by text instead (issue 19 item 5: statements prepared on every
 * request). A kept statement comes back out of raw mode — drizzle switches it on (`stmt.raw()`) before
 * each read it wants as arrays; raw `rows()` want objects. At most KEPT_STATEMENTS texts are kept (a list of
 * n ids is n placeholders on SQLite, a text per length); past that the cache starts again.
 */
function keepStatements(connection: Database.Database): Database.Database {
  const kept = new Map<string, Database.Statement>();
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((text: string) => {
    let statement = kept.get(text);
    if (statement) {
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(text);
    if (kept.size >= KEPT_STATEMENTS) kept.clear();
    kept.set(text, statement);
    return statement;
  }) as Database.Database["prepare"];
  return connection;
}

// better-sqlite3 binds no booleans; PostgreSQL wants them as booleans. Raw SQL passes booleans.
const sqliteParam = (value: unknown) => (value === true ? 1 : value === false ? 0 : value);

// Named prepared statements on PostgreSQL (rows/row/exec with { prepare: true }). A name is given per
// distinct SQL text, once, and never reused for another text (node-postgres refuses that). Only
// statements of bounded shape should ask (the hot write paths): a generic plan is fine for lookups by
// key, but not for the report queries, whose best plan depends on the unit range asked for.
const PREPARED_LIMIT = 1000;
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < PREPARED_LIMIT && text.length <= 8000) {
    name = `taphuan_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

// The same parsers drizzle's node-postgres driver gives its own queries: date and time types as text.
const RAW_TYPE_IDS = new Set([1082, 1083, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231]);
const pgRawTypes = {
  getTypeParser: (id: number, format?: "text" | "binary") =>
    RAW_TYPE_IDS.has(id) ? (value: string) => value : pgLib().pg.types.getTypeParser(id, format),
};

type RawOptions = { prepare?: boolean };

async function pgRaw(query: SQL, options: RawOptions | undefined): Promise<pg.QueryResult> {
  const h = open() as PgHandle;
  const { sql: text, params } = pgDialect.sqlToQuery(query);
  const target: pg.Pool | pg.PoolClient = scope.getStore()?.client ?? h.pool;
  const name = options?.prepare ? statementName(text) : undefined;
  return target.query({ text, values: params, name, types: pgRawTypes } as pg.QueryConfig);
}

/** Rows of a raw query (drizzle `sql` template). Alias columns in double quotes ("courseId"): PostgreSQL folds unquoted names. */
export async function rows<T>(query: SQL, options?: RawOptions): Promise<T[]> {
  const h = open();
  if (h.dialect === "postgres") return (await pgRaw(query, options)).rows as T[];
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  const connection = scope.getStore()?.connection ?? h.reader;
  return connection.prepare(text).all(...params.map(sqliteParam)) as T[];
}

/** The first row of a raw query, or undefined. */
export async function row<T>(query: SQL, options?: RawOptions): Promise<T | undefined> {
  const all = await rows<T>(query, options);
  return all[0];
}

/** Runs a raw statement; returns the number of rows it changed. */
export async function exec(query: SQL, options?: RawOptions): Promise<number> {
  const h = open();
  if (h.dialect === "postgres") return (await pgRaw(query, options)).rowCount ?? 0;
  const { sql: text, params } = sqliteDialect.sqlToQuery(query);
  const connection = scope.getStore()?.connection ?? h.reader;
  return connection.prepare(text).run(...params.map(sqliteParam)).changes;
}

/** Rows changed by an awaited drizzle insert/update/delete, on either engine. */
export function changes(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** The SQL text a query renders to on the active engine (for EXPLAIN in tests and benches). */
export function render(query: SQL): { sql: string; params: unknown[] } {
  return open().dialect === "postgres" ? pgDialect.sqlToQuery(query) : sqliteDialect.sqlToQuery(query);
}

export function migrationsFolder(which: Dialect = dialect()) {
  return path.resolve(process.cwd(), "drizzle", which);
}

/**
 * Applies the committed migrations of the active engine. On PostgreSQL several app processes may
 * start at once: a session-level advisory lock lets one migrate while the others wait.
 */
export async function runMigrations(): Promise<void> {
  const h = open();
  if (h.dialect === "sqlite") {
    migrateSqlite(drizzleSqlite(h.writer), { migrationsFolder: migrationsFolder("sqlite") });
    return;
  }
  await withProcessLock("migrations", () =>
    pgLib().migratePg(h.db as unknown as NodePgDatabase<typeof pgSchema>, { migrationsFolder: migrationsFolder("postgres") }),
  );
}

/**
 * Runs fn while holding a lock that other app processes on the same database respect (content sync at
 * start, migrations). PostgreSQL: a session advisory lock on a dedicated connection. SQLite: one
 * process serves a file, so an in-process queue suffices.
 */
export async function withProcessLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const h = open();
  if (h.dialect === "sqlite") {
    const previous = processLocks.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    processLocks.set(
      name,
      next.catch(() => undefined),
    );
    return next;
  }
  const client = await h.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  } finally {
    client.release();
  }
}
const processLocks = new Map<string, Promise<unknown>>();

async function closeHandle(h: Handle) {
  if (h.dialect === "sqlite") {
    h.reader.close();
    h.writer.close();
  } else {
    await h.pool.end();
  }
}

export async function closeDb(): Promise<void> {
  const h = handle;
  handle = undefined;
  if (h) await closeHandle(h);
}

/** For tests and tools that need the engine itself (EXPLAIN, file copies): the SQLite connections. */
export function sqliteConnections(): { writer: Database.Database; reader: Database.Database } {
  const h = open();
  if (h.dialect !== "sqlite") throw new Error("not SQLite");
  return { writer: h.writer, reader: h.reader };
}

/** For tests and tools: the PostgreSQL pool. */
export function pgPool(): pg.Pool {
  const h = open();
  if (h.dialect !== "postgres") throw new Error("not PostgreSQL");
  return h.pool;
}
