// The name-search keys (officials → official_name_keys, decision 0046): every rotation of an
// official's folded name words, written wherever a name is written (createOfficial,
// createOfficialsBulk, updateOfficial; the bench's generator calls nameKeysOf itself). nameKeysOf
// (app/people/names.ts) alone makes the keys.
import { and, count, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { db, row, transaction } from "~/db/client.server";
import { officialNameKeys, officials } from "~/db/schema";
import { nameKeysOf, prefixUpperBound } from "./names";

const INSERT_ROWS = 2000;

/**
 * A name search whose keys name at most this many people reads those people first; with more it walks
 * (decision 0046). Reading C candidates costs about C lookups and a sort; walking costs about
 * SEARCH_LIMIT × N ÷ C rows (N officials), each a few times cheaper (measured at province scale: ≈ 0.3):
 * the two meet near √(0.3 × SEARCH_LIMIT × N) — about 2,400 of 40,000 officials, 19,000 of 2.5 million.
 */
export async function fewCandidates(): Promise<number> {
  // The largest id: the number of officials without counting them (ids are not reused).
  const n = Number((await row<{ n: number | null }>(sql`SELECT max(id) AS n FROM officials`))?.n ?? 0);
  return Math.max(200, Math.round(Math.sqrt(0.3 * SEARCH_LIMIT * n)));
}
/** A name search lists at most this many people (the first in name order); beyond, "more than" (decision 0046). */
export const SEARCH_LIMIT = 500;

/** The keys that start with the folded query: one range of the primary key. */
const startsWith = (folded: string): SQL => sql`key >= ${folded} AND key < ${prefixUpperBound(folded)}`;

/** The officials whose name keys start with the folded query, as a derived table k(id) (decision 0046). */
export function nameCandidates(folded: string, extra: SQL = sql``): SQL {
  return sql`(SELECT official_id AS id FROM official_name_keys WHERE ${startsWith(folded)}${extra})`;
}

/** How many key rows start with the folded query, counted up to `limit` + 1 (an index range, no more). */
export async function countNameKeys(folded: string, limit: number): Promise<number> {
  const found = await row<{ n: number }>(
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM official_name_keys WHERE ${startsWith(folded)} LIMIT ${limit + 1}) x`,
  );
  return Number(found?.n ?? 0);
}

/**
 * Replace the keys of these officials: `before` is the folded name they had (its keys are deleted by
 * primary key; a new official has none). Runs in the caller's transaction.
 */
export async function writeNameKeys(people: { id: number; searchName: string; before?: string | null }[]) {
  for (const p of people) {
    if (p.before == null || p.before === p.searchName) continue;
    const old = nameKeysOf(p.before);
    if (old.length > 0)
      await db()
        .delete(officialNameKeys)
        .where(and(eq(officialNameKeys.officialId, p.id), inArray(officialNameKeys.key, old)));
  }
  const fresh = people.filter((p) => p.before == null || p.before !== p.searchName);
  const values = fresh.flatMap((p) => nameKeysOf(p.searchName).map((key) => ({ key, officialId: p.id })));
  for (let i = 0; i < values.length; i += INSERT_ROWS)
    await db()
      .insert(officialNameKeys)
      .values(values.slice(i, i + INSERT_ROWS))
      .onConflictDoNothing();
}

/**
 * Keys for a database written before the table existed (migration sqlite 0020 / postgres 0012 adds it
 * empty): when there are officials and no key at all, every official's keys, in one transaction (so a
 * stop half-way leaves it empty and the next start does it again). Cheap otherwise.
 */
export async function fillMissingNameKeys(): Promise<number> {
  const [anyKey] = await db().select({ id: officialNameKeys.officialId }).from(officialNameKeys).limit(1);
  if (anyKey) return 0;
  const [{ n } = { n: 0 }] = await db().select({ n: count() }).from(officials);
  if (n === 0) return 0;
  let filled = 0;
  await transaction(async () => {
    let last = 0;
    for (;;) {
      const batch = await db()
        .select({ id: officials.id, searchName: officials.searchName })
        .from(officials)
        .where(gt(officials.id, last))
        .orderBy(officials.id)
        .limit(1000);
      if (batch.length === 0) return;
      await writeNameKeys(batch);
      filled += batch.length;
      last = batch[batch.length - 1]!.id;
    }
  });
  return filled;
}

/** Tests: the stored keys of every official, by id. */
export async function storedNameKeys(): Promise<Map<number, string[]>> {
  const found = await db()
    .select({ key: officialNameKeys.key, id: officialNameKeys.officialId })
    .from(officialNameKeys)
    .orderBy(officialNameKeys.officialId, sql`${officialNameKeys.key}`);
  const byId = new Map<number, string[]>();
  for (const r of found) byId.set(r.id, [...(byId.get(r.id) ?? []), r.key]);
  return byId;
}
