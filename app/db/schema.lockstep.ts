// Compile-time proof that the two dialects' schemas give the app identical rows (issue 13, item 2).
// app/db/schema.ts hands out the active dialect's tables typed as the SQLite ones: that is only honest
// if, table by table, the PostgreSQL twin infers the same select and insert types. Every table either
// module exports is checked (a new table is covered without editing this file). `npx tsc --noEmit`
// fails here on any drift and names the first table that drifted, e.g.
//   Type '"select:units"' is not assignable to type 'never'.
// (Hover ModelDrift<"select"> in an editor for the full list, down to "units.validTo".)
// The live shapes (SQL types, nullability, defaults, keys, indexes) are compared by
// tests/unit/db/dialects.test.ts, which also checks the runtime name lists exported below.
import { getTableName, is, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

/** Strict type equality: distinguishes any/unknown, optional/required and readonly. */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type SqliteModule = typeof sqliteSchema;
type PgModule = typeof pgSchema;
type SqliteTableKeys = { [K in keyof SqliteModule]: SqliteModule[K] extends SQLiteTable ? K : never }[keyof SqliteModule];
type PgTableKeys = { [K in keyof PgModule]: PgModule[K] extends PgTable ? K : never }[keyof PgModule];

/** Tables exported by one dialect's module and not the other's ("sqlite-only:x" / "pg-only:x"). */
type MissingTables = `sqlite-only:${Exclude<SqliteTableKeys, PgTableKeys>}` | `pg-only:${Exclude<PgTableKeys, SqliteTableKeys>}`;
type Shared = SqliteTableKeys & PgTableKeys;

type S<K extends Shared> = SqliteModule[K];
type P<K extends Shared> = PgModule[K];

/** Export name whose SQL table name differs. */
type NameDrift = { [K in Shared]: Equals<S<K>["_"]["name"], P<K>["_"]["name"]> extends true ? never : `name:${K}` }[Shared];

/** Keys a model may leave out (optional on insert). */
type OptionalKeys<A> = { [C in keyof A]-?: object extends Pick<A, C> ? C : never }[keyof A];

/** "table.column" for every column whose type, optionality or presence differs between two models. */
type ColumnDrift<A, B, K extends string> =
  | { [C in keyof A & keyof B]-?: Equals<A[C], B[C]> extends true ? never : `${K}.${C & string}` }[keyof A & keyof B]
  | `${K}.${Exclude<OptionalKeys<A>, OptionalKeys<B>> & string}(optional in sqlite only)`
  | `${K}.${Exclude<OptionalKeys<B>, OptionalKeys<A>> & string}(optional in pg only)`
  | `${K}.${Exclude<keyof A, keyof B> & string}(sqlite only)`
  | `${K}.${Exclude<keyof B, keyof A> & string}(pg only)`;

/** Table by table: the whole model (catches optional vs required) and then column by column. */
type ModelDrift<Kind extends "select" | "insert"> = {
  [K in Shared]: Kind extends "select"
    ? Equals<InferSelectModel<S<K>>, InferSelectModel<P<K>>> extends true
      ? never
      : `select:${K}` | ColumnDrift<InferSelectModel<S<K>>, InferSelectModel<P<K>>, K>
    : Equals<InferInsertModel<S<K>>, InferInsertModel<P<K>>> extends true
      ? never
      : `insert:${K}` | ColumnDrift<InferInsertModel<S<K>>, InferInsertModel<P<K>>, K>;
}[Shared];

/** Compiles only when T is `never` (wrapped in a tuple so a union is not distributed). */
type NoDrift<T extends [never]> = T;

export type LockstepTables = NoDrift<[MissingTables]>;
export type LockstepNames = NoDrift<[NameDrift]>;
export type LockstepSelect = NoDrift<[ModelDrift<"select">]>;
export type LockstepInsert = NoDrift<[ModelDrift<"insert">]>;

/** The SQL names of the tables each dialect's schema module declares, sorted. They must be equal. */
export const sqliteTableNames: string[] = Object.values(sqliteSchema)
  .filter((value) => is(value, SQLiteTable))
  .map((table) => getTableName(table as SQLiteTable))
  .sort();
export const pgTableNames: string[] = Object.values(pgSchema)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table as PgTable))
  .sort();
