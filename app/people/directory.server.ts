// The administrators' people directory: everyone (active or not), filtered by unit subtree, role,
// status and a name or staff code, counted, and paged in SQL in the Vietnamese order of names
// (officials.sort_name, written with the name: decision 0038). ORDER BY sort_name, id is a total
// order, so pages neither repeat nor skip anyone while nothing changes.
import { and, asc, count, desc, eq, exists, gt, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { db, exec, transaction } from "~/db/client.server";
import { jsonTable, nameMatchesSql } from "~/db/portable.server";
import { officialRoles, officials, units, ROLES, type Role } from "~/db/schema";
import { pathUpperBound } from "~/db/unit-path";
import { foldVietnamese } from "~/i18n/format";
import { countNameKeys, fewCandidates, nameCandidates, SEARCH_LIMIT } from "./name-keys.server";
import { fullName } from "./names";
import type { Status } from "./bulk-options";
import { sortKeyOf } from "./sort-key";

export const PAGE_SIZE = 50;
export { STATUSES, type Status } from "./bulk-options";

export type PeopleFilter = {
  q?: string;
  /** The unit whose subtree to list (its path); none: everyone. */
  unitPath?: string | null;
  role?: Role | null;
  status?: Status;
};

function conditions(f: PeopleFilter): SQL | undefined {
  const folded = foldVietnamese(f.q ?? "");
  const status = f.status ?? "all";
  return and(
    folded ? or(nameMatchesSql(officials.searchName, folded), sql`lower(${officials.staffCode}) = ${folded}`) : undefined,
    f.unitPath ? and(gte(units.path, f.unitPath), lt(units.path, pathUpperBound(f.unitPath))) : undefined,
    f.role
      ? exists(
          db()
            .select({ one: sql`1` })
            .from(officialRoles)
            .where(and(eq(officialRoles.officialId, officials.id), eq(officialRoles.role, f.role))),
        )
      : undefined,
    status === "all" ? undefined : eq(officials.active, status === "active"),
  );
}

const columns = {
  id: officials.id,
  ho: officials.ho,
  dem: officials.dem,
  ten: officials.ten,
  staffCode: officials.staffCode,
  username: officials.username,
  active: officials.active,
  unitId: officials.unitId,
  unit: units.name,
  position: officials.position,
};

/**
 * One page of the matching people and how many match in all. A name search (decision 0046) lists at
 * most SEARCH_LIMIT people (`more`: it matched more; `total` is then the limit): when its keys name
 * few people (or the staff code one) those are read first; otherwise the sort index is walked, each
 * person checked by the folded name.
 */
export async function listPeople(
  filter: PeopleFilter,
  page = 1,
  pageSize = PAGE_SIZE,
  options: { fewCandidates?: number; searchLimit?: number } = {},
) {
  const { searchLimit = SEARCH_LIMIT } = options;
  const where = conditions(filter);
  const folded = foldVietnamese(filter.q ?? "");
  const limit = folded ? (options.fewCandidates ?? (await fewCandidates())) : 0;
  const few = folded !== "" && (await countNameKeys(folded, limit)) <= limit;
  // The few people of the keys (and the staff code's), in FROM order first (SQLite keeps a CROSS JOIN's order).
  const k = db()
    .selectDistinct({ id: sql<number>`kk.id`.as("id") })
    .from(sql`${nameCandidates(folded, sql` UNION SELECT id FROM officials WHERE lower(staff_code) = ${folded}`)} kk`)
    .as("k");
  const found = (fields: typeof columns | { one: SQL }) =>
    few
      ? db()
          .select(fields)
          .from(k)
          .crossJoin(officials)
          .crossJoin(units)
          .where(and(sql`${officials.id} = k.id`, eq(units.id, officials.unitId), where))
          .$dynamic()
      : db().select(fields).from(officials).innerJoin(units, eq(units.id, officials.unitId)).where(where).$dynamic();
  const counted = folded
    ? Number(
        (
          await db()
            .select({ n: count() })
            .from(
              found({ one: sql`1` })
                .limit(searchLimit + 1)
                .as("x"),
            )
        )[0]?.n ?? 0,
      )
    : await countPeople(filter);
  const more = folded !== "" && counted > searchLimit;
  const total = more ? searchLimit : counted;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  // OFFSET walks the sort index from its start: a page in the second half is read from the other end
  // (descending, then turned round), so the last page of 2.5 million costs what the first does — not
  // for a search past its limit, whose pages are its first people.
  const skip = (current - 1) * pageSize;
  const fromEnd = !more && skip > total / 2;
  const take = Math.min(pageSize, total - skip);
  const people =
    take <= 0
      ? []
      : ((await found(columns)
          .orderBy(...(fromEnd ? [desc(officials.sortName), desc(officials.id)] : [asc(officials.sortName), asc(officials.id)]))
          .limit(take)
          .offset(fromEnd ? total - skip - take : skip)) as { [K in keyof typeof columns]: (typeof columns)[K]["_"]["data"] }[]);
  if (fromEnd) people.reverse();
  return { total, more, page: current, pages, people: people.map((r) => ({ ...r, fullName: fullName(r) })) };
}

/** The ids of everyone matching, in order, at most `limit` + 1 of them (so the caller sees "too many"). */
export async function matchingIds(filter: PeopleFilter, limit: number): Promise<number[]> {
  const found = await db()
    .select({ id: officials.id })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(conditions(filter))
    .orderBy(asc(officials.sortName), asc(officials.id))
    .limit(limit + 1);
  return found.map((r) => r.id);
}

/** Rows the export reads per step; the event loop is let go between steps. */
export const EXPORT_STEP = 1000;

/** One step of the export: the next `step` people after `last` in (sort_name, id) order. */
async function exportStep(filter: PeopleFilter, last: { sortName: string; id: number } | null, step: number) {
  const found = await db()
    .select({ ...columns, email: officials.email, sortName: officials.sortName })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(
      and(
        conditions(filter),
        last ? or(gt(officials.sortName, last.sortName), and(eq(officials.sortName, last.sortName), gt(officials.id, last.id))) : undefined,
      ),
    )
    .orderBy(asc(officials.sortName), asc(officials.id))
    .limit(step);
  return found.map((r) => ({ ...r, fullName: fullName(r) }));
}
export type ExportedPerson = Awaited<ReturnType<typeof exportStep>>[number];

/**
 * Every matching person, for the export: steps of EXPORT_STEP in the page's order, each step read by
 * keyset after the last (sort_name, id), so the millionth row costs what the first does and nothing
 * holds the whole list in memory.
 */
export async function* peopleForExport(filter: PeopleFilter, step = EXPORT_STEP): AsyncGenerator<ExportedPerson[]> {
  let last: { sortName: string; id: number } | null = null;
  for (;;) {
    const found = await exportStep(filter, last, step);
    if (found.length === 0) return;
    yield found;
    if (found.length < step) return;
    const end = found[found.length - 1]!;
    last = { sortName: end.sortName, id: end.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** How many match (the export's audit row; the page's count). */
export async function countPeople(filter: PeopleFilter): Promise<number> {
  const [{ total } = { total: 0 }] = await db()
    .select({ total: count() })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(conditions(filter));
  return total;
}

export function isRole(value: string | null): value is Role {
  return value !== null && (ROLES as readonly string[]).includes(value);
}

/**
 * Sort keys for rows written before the column existed (migration 0017/0009 adds it empty): filled
 * at start, a thousand rows per statement, until none is left. Cheap when there are none.
 */
export async function fillMissingSortNames(): Promise<number> {
  let filled = 0;
  for (;;) {
    const batch = await db()
      .select({ id: officials.id, ho: officials.ho, dem: officials.dem, ten: officials.ten })
      .from(officials)
      .where(eq(officials.sortName, ""))
      .limit(1000);
    if (batch.length === 0) return filled;
    const values = batch.map((o) => [o.id, sortKeyOf(o)] as const);
    await transaction(async () => {
      await exec(
        sql`UPDATE officials SET sort_name = r.k FROM ${jsonTable(values, [
          ["id", "int"],
          ["k", "text"],
        ])} AS r WHERE officials.id = r.id AND officials.sort_name = ''`,
      );
    });
    filled += batch.length;
  }
}

export async function staffCodeTaken(code: string, exceptId?: number) {
  const [row] = await db().select({ id: officials.id }).from(officials).where(eq(officials.staffCode, code)).limit(1);
  return !!row && row.id !== exceptId;
}

export async function usernameTaken(username: string) {
  const [row] = await db()
    .select({ id: officials.id })
    .from(officials)
    .where(and(eq(officials.username, username.toLowerCase())))
    .limit(1);
  return !!row;
}
