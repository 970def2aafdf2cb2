// The few SQL fragments the two engines spell differently, one function each, so domain code and its
// raw SQL stay engine-blind. Everything else in this codebase's SQL is common to SQLite and PostgreSQL:
// recursive CTEs, ON CONFLICT … DO UPDATE/NOTHING, `||`, substr, coalesce, CASE, RETURNING.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { VN_OFFSET } from "~/i18n/time";
import { dialect } from "./client.server";

/** `haystack` contains `needle` as a plain substring (no LIKE wildcards to escape). */
export function contains(haystack: SQLWrapper, needle: string): SQL {
  return dialect() === "postgres" ? sql`strpos(${haystack}, ${needle}) > 0` : sql`instr(${haystack}, ${needle}) > 0`;
}

/** A JSON array column holds this number. */
export function jsonArrayHas(column: SQLWrapper, value: number): SQL {
  return dialect() === "postgres"
    ? sql`${column} @> ${JSON.stringify([value])}::jsonb`
    : sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${value})`;
}

/** The larger of two values (SQLite's two-argument max(), PostgreSQL's greatest()). */
export function greatest(a: SQLWrapper | number, b: SQLWrapper | number): SQL {
  return dialect() === "postgres" ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/** The smaller of two values. */
export function least(a: SQLWrapper | number, b: SQLWrapper | number): SQL {
  return dialect() === "postgres" ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;
}

/** The current time as the ISO-8601 UTC text every timestamp column holds. */
export function nowIso(): SQL {
  return dialect() === "postgres"
    ? sql`to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ','now')`;
}

/**
 * `column IN (ids)`. On PostgreSQL `column = ANY($1)`: one array parameter whatever the list's length,
 * so the statement's text (and its named prepared statement, rows(…, { prepare: true })) is the same
 * for every list. An empty list matches nothing on both.
 */
export function inIds(column: SQLWrapper, ids: number[]): SQL {
  if (ids.length === 0) return sql`1 = 0`;
  return dialect() === "postgres" ? sql`${column} = ANY(${sql.param(ids)}::int[])` : sql`${column} IN ${ids}`;
}

/** The Vietnamese calendar day ("YYYY-MM-DD") of an ISO UTC timestamp: dayOf() of app/i18n/time.ts, in SQL. */
export function vnDayOf(timestamp: SQLWrapper): SQL {
  const hours = Number(VN_OFFSET.slice(0, 3));
  return dialect() === "postgres"
    ? sql`to_char((${timestamp})::timestamptz AT TIME ZONE 'UTC' + ${sql.raw(`interval '${hours} hours'`)}, 'YYYY-MM-DD')`
    : sql`date(${timestamp}, ${sql.raw(`'${hours >= 0 ? "+" : ""}${hours} hours'`)})`;
}

/**
 * Rows handed to SQL as ONE JSON parameter (an array of arrays), read as a table with these columns:
 * `FROM ${jsonTable(…)} AS r`. The statement's text is the same whatever the number of rows, so it is
 * prepared once, and no parameter is built per value — a few thousand figure rows cost a JSON.stringify
 * instead of tens of milliseconds of query building (bench:assignments). Values are numbers or text.
 */
export function jsonTable(
  values: readonly (readonly (number | string | null)[])[],
  columns: readonly [name: string, type: "int" | "text"][],
): SQL {
  const json = JSON.stringify(values);
  if (dialect() === "postgres") {
    const cols = columns.map(([name, type], i) => `(e->>${i})::${type === "int" ? "int" : "text"} AS ${name}`).join(", ");
    return sql`(SELECT ${sql.raw(cols)} FROM jsonb_array_elements(${json}::jsonb) AS e)`;
  }
  const cols = columns.map(([name], i) => `json_extract(value, '$[${i}]') AS ${name}`).join(", ");
  return sql`(SELECT ${sql.raw(cols)} FROM json_each(${json}))`;
}

/**
 * A folded name column matches a folded query as the name keys do (app/people/names.ts nameMatches,
 * decision 0046): the query starts at a word start of the name read round from any word — it occurs
 * after a space in " name name" and is no longer than the name.
 */
export function nameMatchesSql(searchName: SQLWrapper, folded: string): SQL {
  const doubled = sql`(' ' || ${searchName} || ' ' || ${searchName})`;
  const needle = ` ${folded}`;
  return dialect() === "postgres"
    ? sql`(length(${searchName}) >= ${[...folded].length} AND strpos(${doubled}, ${needle}) > 0)`
    : sql`(length(${searchName}) >= ${[...folded].length} AND instr(${doubled}, ${needle}) > 0)`;
}
