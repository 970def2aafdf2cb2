// Issue 13, item 2: one schema, two dialects, no drift. app/db/schema.lockstep.ts proves at compile
// time that both schema modules give the app the same row types; this test checks the databases the
// migrations actually build. It migrates a fresh SQLite file (drizzle/sqlite) and a fresh PostgreSQL
// database (drizzle/postgres), reads both back from their catalogues (PRAGMA table_info / index_list /
// index_info / foreign_key_list; information_schema + pg_indexes) and compares, table by table:
// column names, normalised types (integer, text, boolean, json, real, blob), nullability, defaults
// (present or not, generated ids, and the default's value), primary-key columns in order, indexes (name,
// columns in order, unique, partial predicate) and foreign keys. Each live database is also compared
// with its schema module (schema.sqlite.ts / schema.pg.ts), so an edit of one module without its
// migration fails here too.
//
// Needs PostgreSQL: `bash scripts/with-postgres.sh node --import tsx --test tests/unit/db/dialects.test.ts`
// (skipped, with the reason printed, when DATABASE_URL does not name a PostgreSQL server).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { getTableName, is, SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import * as pgSchema from "~/db/schema.pg";
import * as sqliteSchema from "~/db/schema.sqlite";
import { pgTableNames, sqliteTableNames } from "~/db/schema.lockstep";

const DATABASE_URL = process.env.DATABASE_URL ?? "";
const onPostgres = /^postgres(ql)?:\/\//.test(DATABASE_URL);
const skipReason = onPostgres
  ? false
  : "DATABASE_URL does not name PostgreSQL; run: bash scripts/with-postgres.sh node --import tsx --test tests/unit/db/dialects.test.ts";
if (skipReason) console.log(`dialects.test.ts skipped: ${skipReason}`);

// ---------------------------------------------------------------------------------------------
// The normalised shape of a table, the same for all four sources (two databases, two modules).

type Type = "integer" | "text" | "boolean" | "json" | "real" | "blob" | `unknown:${string}`;
type Column = {
  name: string;
  type: Type;
  notNull: boolean;
  /** "value": a SQL default; "generated": an autoincrement / identity id; "none". */
  default: "value" | "generated" | "none";
  /** The default, normalised across dialects (databases only: modules hold JS values). */
  defaultValue?: string | null;
};
type Index = { name: string; columns: string[]; unique: boolean; where: string | null };
type ForeignKey = string; // "column -> table.column"
type Shape = { columns: Column[]; primaryKey: string[]; indexes: Index[]; foreignKeys: ForeignKey[] };

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** "(valid_to IS NULL)", "`valid_to` is null", '"units"."valid_to" IS NULL' → "valid_to is null". */
function normalisePredicate(where: string | null | undefined): string | null {
  if (!where) return null;
  return where
    .replace(/["`]\w+["`]\./g, "")
    .replace(/[()"`]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** SQLite's dflt_value or PostgreSQL's column_default, written the same way for both. */
function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  // SQLite: (strftime('%Y-%m-%dT%H:%M:%fZ','now')); PostgreSQL: to_char((now() AT TIME ZONE 'UTC'::text), …).
  if (/strftime\(|to_char\(|now\(\)/i.test(value)) return "now:iso-utc-ms";
  let v = value.trim();
  for (;;) {
    const next = v.replace(/::[a-z ]+(\[\])?$/i, "").replace(/^\((.*)\)$/s, "$1");
    if (next === v) return v.toLowerCase() === "true" || v.toLowerCase() === "false" ? v.toLowerCase() : v;
    v = next;
  }
}

// ---------------------------------------------------------------------------------------------
// The schema modules.

const SQLITE_TYPES: Record<string, Type> = {
  SQLiteInteger: "integer",
  SQLiteBoolean: "boolean",
  SQLiteTimestamp: "integer",
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteReal: "real",
  SQLiteBlobBuffer: "blob",
  SQLiteBlobJson: "blob",
};
const PG_TYPES: Record<string, Type> = {
  PgInteger: "integer",
  PgBigInt53: "integer",
  PgText: "text",
  PgBoolean: "boolean",
  PgJsonb: "json",
  PgJson: "json",
  PgDoublePrecision: "real",
};

function sqliteTables(): SQLiteTable[] {
  return (Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));
}
function pgTables(): PgTable[] {
  return (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
}

type AnyColumn = {
  name: string;
  columnType: string;
  notNull: boolean;
  primary: boolean;
  default: unknown;
  isUnique: boolean;
  uniqueName: string | undefined;
  getSQLType(): string;
};

function declaredShape(
  config: {
    columns: AnyColumn[];
    indexes: { config: { name?: string; unique: boolean; columns: unknown[]; where?: SQL } }[];
    foreignKeys: { reference(): { columns: { name: string }[]; foreignTable: unknown; foreignColumns: { name: string }[] } }[];
    primaryKeys: { columns: { name: string }[] }[];
    uniqueConstraints: { name?: string; columns: { name: string }[] }[];
  },
  typeOf: (column: AnyColumn) => Type,
  isGenerated: (column: AnyColumn) => boolean,
  render: (where: SQL) => string,
): Shape {
  const columns: Column[] = config.columns
    .map((column) => ({
      name: column.name,
      type: typeOf(column),
      notNull: column.notNull,
      // A runtime-only $defaultFn (schema.pg.ts's rowidKey) puts nothing in the database.
      default: isGenerated(column) ? ("generated" as const) : column.default !== undefined ? ("value" as const) : ("none" as const),
    }))
    .sort(byName);
  const primaryKey = config.primaryKeys[0]?.columns.map((c) => c.name) ?? config.columns.filter((c) => c.primary).map((c) => c.name);
  const indexes: Index[] = [
    ...config.indexes.map((index) => ({
      name: index.config.name ?? "(unnamed)",
      // A column by its name; an expression (lower(staff_code)) by its normalised text.
      columns: index.config.columns.map((c) => (is(c, SQL) ? normalisePredicate(render(c))! : (c as { name: string }).name)),
      unique: index.config.unique,
      where: normalisePredicate(index.config.where ? render(index.config.where) : null),
    })),
    ...config.columns
      .filter((c) => c.isUnique)
      .map((c) => ({ name: c.uniqueName ?? "(unnamed)", columns: [c.name], unique: true, where: null })),
    ...config.uniqueConstraints.map((u) => ({
      name: u.name ?? "(unnamed)",
      columns: u.columns.map((c) => c.name),
      unique: true,
      where: null,
    })),
  ].sort(byName);
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference();
      const target = getTableName(ref.foreignTable as SQLiteTable);
      return `${ref.columns.map((c) => c.name).join(",")} -> ${target}.${ref.foreignColumns.map((c) => c.name).join(",")}`;
    })
    .sort();
  return { columns, primaryKey, indexes, foreignKeys };
}

function declaredSqlite(): Map<string, Shape> {
  const dialect = new SQLiteSyncDialect();
  return new Map(
    sqliteTables().map((table) => {
      const config = sqliteTableConfig(table);
      const shape = declaredShape(
        config as unknown as Parameters<typeof declaredShape>[0],
        (c) => SQLITE_TYPES[c.columnType] ?? `unknown:${c.columnType}`,
        (c) => (c as unknown as { autoIncrement?: boolean }).autoIncrement === true,
        (where) => dialect.sqlToQuery(where).sql,
      );
      return [config.name, shape];
    }),
  );
}

function declaredPg(): Map<string, Shape> {
  const dialect = new PgDialect();
  return new Map(
    pgTables().map((table) => {
      const config = pgTableConfig(table);
      const shape = declaredShape(
        config as unknown as Parameters<typeof declaredShape>[0],
        (c) =>
          c.columnType === "PgCustomColumn"
            ? c.getSQLType() === "bytea"
              ? "blob"
              : c.getSQLType() === 'text COLLATE "C"' // byte-order text (official_name_keys.key)
                ? "text"
                : `unknown:${c.getSQLType()}`
            : (PG_TYPES[c.columnType] ?? `unknown:${c.columnType}`),
        (c) => (c as unknown as { generatedIdentity?: unknown }).generatedIdentity !== undefined,
        (where) => dialect.sqlToQuery(where).sql,
      );
      return [config.name, shape];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The databases.

/** SQLite stores booleans as integers and JSON as text: the schema module's column mode says which. */
function liveSqlite(db: Database.Database, declared: Map<string, Shape>): Map<string, Shape> {
  const tables = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name",
    )
    .all("table") as { name: string; sql: string }[];
  const shapes = new Map<string, Shape>();
  for (const { name: table, sql } of tables) {
    const modes = new Map(declared.get(table)?.columns.map((c) => [c.name, c.type]));
    const info = db.pragma(`table_info("${table}")`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const columns: Column[] = info
      .map((c) => {
        const storage = c.type.toLowerCase();
        const mode = modes.get(c.name);
        const type: Type =
          storage === "integer" && mode === "boolean"
            ? "boolean"
            : storage === "text" && mode === "json"
              ? "json"
              : storage === "integer" || storage === "text" || storage === "real" || storage === "blob"
                ? storage
                : `unknown:${storage}`;
        const autoincrement = c.pk === 1 && new RegExp(`[\`"]${c.name}[\`"] integer PRIMARY KEY AUTOINCREMENT`, "i").test(sql);
        return {
          name: c.name,
          type,
          notNull: c.notnull === 1,
          default: autoincrement ? ("generated" as const) : c.dflt_value !== null ? ("value" as const) : ("none" as const),
          defaultValue: normaliseDefault(c.dflt_value),
        };
      })
      .sort(byName);
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const indexList = db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string; partial: number }[];
    const indexes: Index[] = indexList
      .filter((index) => index.origin !== "pk")
      .map((index) => {
        const cols = (db.pragma(`index_info("${index.name}")`) as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name);
        const indexSql = (
          db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(index.name) as
            { sql: string | null } | undefined
        )?.sql;
        // An expression index (index_info names no column): its one expression's normalised text.
        if (cols.some((c) => c === null)) {
          assert.equal(cols.length, 1, `${index.name}: one expression per index is compared`);
          cols[0] = normalisePredicate(/\bON\s+\S+\s*\((.*)\)\s*(?:WHERE\b.*)?$/is.exec(indexSql ?? "")?.[1] ?? "?")!;
        }
        const where = index.partial === 1 && indexSql ? (/\bWHERE\b(.*)$/is.exec(indexSql)?.[1] ?? "?") : null;
        return { name: index.name, columns: cols, unique: index.unique === 1, where: normalisePredicate(where) };
      })
      .sort(byName);
    const foreignKeys = (db.pragma(`foreign_key_list("${table}")`) as { table: string; from: string; to: string }[])
      .map((fk) => `${fk.from} -> ${fk.table}.${fk.to}`)
      .sort();
    shapes.set(table, { columns, primaryKey, indexes, foreignKeys });
  }
  return shapes;
}

const PG_DATA_TYPES: Record<string, Type> = {
  integer: "integer",
  bigint: "integer",
  smallint: "integer",
  text: "text",
  boolean: "boolean",
  jsonb: "json",
  json: "json",
  "double precision": "real",
  real: "real",
  bytea: "blob",
};

async function livePg(client: pg.Client): Promise<Map<string, Shape>> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const { rows: columnRows } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: "YES" | "NO";
    column_default: string | null;
    is_identity: "YES" | "NO";
  }>(
    "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = 'public'",
  );
  const { rows: keyRows } = await client.query<{
    table_name: string;
    constraint_name: string;
    constraint_type: string;
    column_name: string;
    ordinal_position: number;
    foreign_table: string | null;
    foreign_column: string | null;
  }>(
    `SELECT tc.table_name, tc.constraint_name, tc.constraint_type, kcu.column_name, kcu.ordinal_position,
            ccu.table_name AS foreign_table, ccu.column_name AS foreign_column
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu
         ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
       LEFT JOIN information_schema.constraint_column_usage ccu
         ON tc.constraint_type = 'FOREIGN KEY' AND ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name
      WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
      ORDER BY tc.table_name, tc.constraint_name, kcu.ordinal_position`,
  );
  const { rows: indexRows } = await client.query<{ tablename: string; indexname: string; indexdef: string }>(
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
  );
  const primaryKeyNames = new Set(keyRows.filter((k) => k.constraint_type === "PRIMARY KEY").map((k) => k.constraint_name));

  const shapes = new Map<string, Shape>();
  for (const { table_name: table } of tables) {
    if (table === "__drizzle_migrations") continue;
    const columns: Column[] = columnRows
      .filter((c) => c.table_name === table)
      .map((c) => ({
        name: c.column_name,
        type: PG_DATA_TYPES[c.data_type] ?? (`unknown:${c.data_type}` as const),
        notNull: c.is_nullable === "NO",
        default: c.is_identity === "YES" ? ("generated" as const) : c.column_default !== null ? ("value" as const) : ("none" as const),
        defaultValue: normaliseDefault(c.column_default),
      }))
      .sort(byName);
    const primaryKey = keyRows.filter((k) => k.table_name === table && k.constraint_type === "PRIMARY KEY").map((k) => k.column_name);
    const foreignKeys = keyRows
      .filter((k) => k.table_name === table && k.constraint_type === "FOREIGN KEY")
      .map((k) => `${k.column_name} -> ${k.foreign_table}.${k.foreign_column}`)
      .sort();
    const indexes: Index[] = indexRows
      .filter((i) => i.tablename === table && !primaryKeyNames.has(i.indexname))
      .map((i) => {
        const m = /^CREATE (UNIQUE )?INDEX (\S+) ON (\S+) USING (\w+) \((.*?)\)(?: WHERE (.*))?$/s.exec(i.indexdef);
        assert.ok(m, `unparsed index definition: ${i.indexdef}`);
        return {
          name: i.indexname,
          columns: m[5]!.includes("(") ? [normalisePredicate(m[5])!] : m[5]!.split(",").map((c) => c.trim().replace(/^"|"$/g, "")),
          unique: Boolean(m[1]),
          where: normalisePredicate(m[6]),
        };
      })
      .sort(byName);
    shapes.set(table, { columns, primaryKey, indexes, foreignKeys });
  }
  return shapes;
}

/** The live shapes less what the schema modules cannot say (the defaults' SQL text). */
function withoutDefaultValues(shapes: Map<string, Shape>): Map<string, Shape> {
  return new Map(
    [...shapes].map(([table, shape]) => [table, { ...shape, columns: shape.columns.map(({ defaultValue: _omit, ...c }) => c) }]),
  );
}

// ---------------------------------------------------------------------------------------------

describe("PostgreSQL and SQLite schemas stay in lockstep (issue 13, item 2)", { skip: skipReason }, () => {
  const scratchName = `dialects_${process.pid}`;
  let dir: string;
  let sqliteDb: Database.Database;
  let admin: pg.Client;
  let client: pg.Client;
  let sqliteLive: Map<string, Shape>;
  let pgLive: Map<string, Shape>;
  let sqliteDeclared: Map<string, Shape>;
  let pgDeclared: Map<string, Shape>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "taphuan-dialects-"));
    sqliteDb = new Database(path.join(dir, "fresh.db"));
    migrateSqlite(drizzleSqlite(sqliteDb), { migrationsFolder: "drizzle/sqlite" });

    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${scratchName}`);
    await admin.query(`CREATE DATABASE ${scratchName}`);
    const url = new URL(DATABASE_URL);
    url.pathname = `/${scratchName}`;
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await migratePg(drizzlePg(client), { migrationsFolder: "drizzle/postgres" });

    sqliteDeclared = declaredSqlite();
    pgDeclared = declaredPg();
    sqliteLive = liveSqlite(sqliteDb, sqliteDeclared);
    pgLive = await livePg(client);
  });

  after(async () => {
    sqliteDb?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await client?.end();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
      await admin.end();
    }
  });

  test("the two schema modules declare the same tables, and their migrations build exactly those", () => {
    assert.deepEqual(pgTableNames, sqliteTableNames);
    assert.ok(sqliteTableNames.length >= 20, `only ${sqliteTableNames.length} tables found`);
    assert.deepEqual([...sqliteLive.keys()].sort(), sqliteTableNames, "drizzle/sqlite builds the tables of schema.sqlite.ts");
    assert.deepEqual([...pgLive.keys()].sort(), pgTableNames, "drizzle/postgres builds the tables of schema.pg.ts");
  });

  test("drizzle/sqlite builds what schema.sqlite.ts declares", () => {
    const live = withoutDefaultValues(sqliteLive);
    for (const table of sqliteTableNames) {
      assert.deepEqual(live.get(table), sqliteDeclared.get(table), `table ${table}: SQLite database vs schema.sqlite.ts`);
    }
  });

  test("drizzle/postgres builds what schema.pg.ts declares (regenerate with npm run db:generate:pg)", () => {
    const live = withoutDefaultValues(pgLive);
    for (const table of pgTableNames) {
      assert.deepEqual(live.get(table), pgDeclared.get(table), `table ${table}: PostgreSQL database vs schema.pg.ts`);
    }
  });

  for (const table of sqliteTableNames) {
    test(`${table}: same columns, types, nullability, defaults, keys, indexes and foreign keys in both databases`, () => {
      const a = sqliteLive.get(table);
      const b = pgLive.get(table);
      assert.ok(a && b, `${table} is missing from ${a ? "PostgreSQL" : "SQLite"}`);
      assert.deepEqual(
        b.columns.map((c) => c.name),
        a.columns.map((c) => c.name),
        `${table}: column names`,
      );
      for (const [i, column] of a.columns.entries()) assert.deepEqual(b.columns[i], column, `${table}.${column.name}`);
      assert.deepEqual(b.primaryKey, a.primaryKey, `${table}: primary key`);
      assert.deepEqual(b.indexes, a.indexes, `${table}: indexes`);
      assert.deepEqual(b.foreignKeys, a.foreignKeys, `${table}: foreign keys`);
    });
  }

  test("the timestamp default writes the same ISO-8601 UTC text on both (whatever the session's time zone)", async () => {
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const insert = "INSERT INTO units (path, depth, kind, code, name) VALUES ('/1/', 0, 'country', 'VN', 'Việt Nam')";
    sqliteDb.exec(insert);
    const fromSqlite = (sqliteDb.prepare("SELECT created_at FROM units WHERE code = ?").get("VN") as { created_at: string }).created_at;
    await client.query("SET TIME ZONE 'Asia/Ho_Chi_Minh'");
    await client.query(insert);
    const fromPg = (await client.query<{ created_at: string }>("SELECT created_at FROM units")).rows[0]!.created_at;
    assert.match(fromSqlite, iso);
    assert.match(fromPg, iso);
    assert.ok(Math.abs(Date.parse(fromPg) - Date.now()) < 60_000, `PostgreSQL wrote ${fromPg}, not now in UTC`);
    assert.ok(Math.abs(Date.parse(fromPg) - Date.parse(fromSqlite)) < 60_000, `${fromPg} vs ${fromSqlite}`);
  });

  test('units.path compares byte by byte on PostgreSQL too (COLLATE "C"), so a subtree is one range', async () => {
    const { rows } = await client.query<{ collation_name: string | null }>(
      "SELECT collation_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'units' AND column_name = 'path'",
    );
    assert.equal(rows[0]?.collation_name, "C");
    // "/1/5/23/" is under "/1/5/": inside [ "/1/5/", "/1/50" ) in byte order (what unit-path.ts assumes).
    const { rows: inRange } = await client.query<{ inside: boolean }>(
      `SELECT ('/1/5/23/' COLLATE "C" >= '/1/5/' AND '/1/5/23/' COLLATE "C" < '/1/50') AS inside`,
    );
    assert.equal(inRange[0]?.inside, true);
  });
});
