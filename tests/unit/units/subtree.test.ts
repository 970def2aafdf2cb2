import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { dialect, pgPool, sqliteConnections, transaction } from "~/db/client.server";
import { seededRandom } from "~/demo/seed.server";
import { isWithin, pathUpperBound, subtreeIds, subtreeIdsQuery, subtreeQuery, type Unit } from "~/units/tree.server";
import { createUnit, getUnit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
const all: Unit[] = [];

before(async () => {
  file = await useTestDatabase();
  const rand = seededRandom(7);
  // A random tree of 6,000 units: each new unit hangs under a random earlier one, so depth varies widely.
  await transaction(async () => {
    for (let i = 0; i < 6000; i++) {
      const parent = all.length === 0 ? null : all[Math.floor(Math.pow(rand(), 0.6) * all.length)]!;
      all.push(await createUnit({ code: `U${i}`, name: `Đơn vị ${i}`, kind: "office", parentId: parent?.id ?? null }));
    }
  });
  if (dialect() === "postgres") await pgPool().query("ANALYZE units"); // the planner's statistics, for the EXPLAIN tests
});
after(() => dropTestDatabase(file));

function naiveSubtree(rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const u of all) {
    if (u.parentId === null) continue;
    children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  }
  const out: number[] = [];
  const walk = (id: number) => {
    out.push(id);
    for (const c of children.get(id) ?? []) walk(c);
  };
  walk(rootId);
  return out.sort((a, b) => a - b);
}

describe("subtree of a unit", () => {
  test("matches a naive recursive walk for 300 random units of a 6,000-unit tree", async () => {
    const rand = seededRandom(99);
    assert.ok(all.length >= 5000);
    const maxDepth = Math.max(...all.map((u) => u.depth));
    assert.ok(maxDepth >= 8, `tree should be deep, got depth ${maxDepth}`);
    for (let i = 0; i < 300; i++) {
      const unit = (await getUnit(all[Math.floor(rand() * all.length)]!.id))!;
      assert.deepEqual(
        [...(await subtreeIds(unit))].sort((a, b) => a - b),
        naiveSubtree(unit.id),
        `unit ${unit.id}`,
      );
    }
  });

  test("ids that share a prefix are not mixed up (unit 1 vs 10, 11, …)", async () => {
    const one = (await getUnit(1))!;
    const ten = all.find((u) => u.id === 10)!;
    const ids = await subtreeIds(one);
    assert.equal(ids.length, all.length, "unit 1 is the root of everything");
    const tenTree = await subtreeIds((await getUnit(ten.id))!);
    for (const id of tenTree) assert.ok(isWithin((await getUnit(ten.id))!, (await getUnit(id))!));
    assert.equal(pathUpperBound("/1/"), "/10");
  });

  // EXPLAIN the SQL the code itself runs (drizzle's .toSQL() of the same builder), not a hand-written copy:
  // a change to subtreeCondition (say, a LIKE) that loses the index fails here.
  // SQLite: EXPLAIN QUERY PLAN on the reader connection. PostgreSQL: EXPLAIN (statistics from ANALYZE in before()).
  const planOf = async ({ sql, params }: { sql: string; params: unknown[] }) => {
    if (dialect() === "postgres") {
      const result = await pgPool().query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params);
      return result.rows.map((r) => r["QUERY PLAN"]).join(" | ");
    }
    return (
      sqliteConnections()
        .reader.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params) as { detail: string }[]
    )
      .map((p) => p.detail)
      .join(" | ");
  };
  const assertPathIndex = (detail: string) => {
    if (dialect() === "postgres") {
      assert.match(detail, /Index (Only )?Scan using units_path_idx on units/);
      assert.doesNotMatch(detail, /Seq Scan on units/);
      return;
    }
    assert.match(detail, /SEARCH units USING (COVERING )?INDEX units_path_idx \(path>\? AND path<\?\)/);
    assert.doesNotMatch(detail, /SCAN units/);
  };

  test("subtreeIds() is one query that searches the path index", async () => {
    const unit = (await getUnit(all[42]!.id))!;
    const query = subtreeIdsQuery(unit).toSQL();
    assert.deepEqual(query.params, [unit.path, pathUpperBound(unit.path)], "the bounds of the range are the query's parameters");
    assertPathIndex(await planOf(query));
  });

  test("subtree() is one query that searches the path index, in index order (no sort)", async () => {
    const unit = (await getUnit(all[42]!.id))!;
    const detail = await planOf(subtreeQuery(unit).toSQL());
    assertPathIndex(detail);
    assert.doesNotMatch(detail, /TEMP B-TREE|Sort/, "ordered by path, so the index gives the order");
  });
});
