import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sqlite } from "~/db/client.server";
import { seededRandom } from "~/demo/seed.server";
import { isWithin, pathUpperBound, subtreeIds, subtreeIdsQuery, subtreeQuery, type Unit } from "~/units/tree.server";
import { createUnit, getUnit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
const all: Unit[] = [];

before(() => {
  file = useTestDatabase();
  const rand = seededRandom(7);
  // A random tree of 6,000 units: each new unit hangs under a random earlier one, so depth varies widely.
  sqlite().transaction(() => {
    for (let i = 0; i < 6000; i++) {
      const parent = all.length === 0 ? null : all[Math.floor(Math.pow(rand(), 0.6) * all.length)]!;
      all.push(createUnit({ code: `U${i}`, name: `Đơn vị ${i}`, kind: "office", parentId: parent?.id ?? null }));
    }
  })();
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
  test("matches a naive recursive walk for 300 random units of a 6,000-unit tree", () => {
    const rand = seededRandom(99);
    assert.ok(all.length >= 5000);
    const maxDepth = Math.max(...all.map((u) => getUnit(u.id)!.depth));
    assert.ok(maxDepth >= 8, `tree should be deep, got depth ${maxDepth}`);
    for (let i = 0; i < 300; i++) {
      const unit = getUnit(all[Math.floor(rand() * all.length)]!.id)!;
      assert.deepEqual(
        [...subtreeIds(unit)].sort((a, b) => a - b),
        naiveSubtree(unit.id),
        `unit ${unit.id}`,
      );
    }
  });

  test("ids that share a prefix are not mixed up (unit 1 vs 10, 11, …)", () => {
    const one = getUnit(1)!;
    const ten = all.find((u) => u.id === 10)!;
    const ids = subtreeIds(one);
    assert.equal(ids.length, all.length, "unit 1 is the root of everything");
    const tenTree = subtreeIds(getUnit(ten.id)!);
    for (const id of tenTree) assert.ok(isWithin(getUnit(ten.id)!, getUnit(id)!));
    assert.equal(pathUpperBound("/1/"), "/10");
  });

  // EXPLAIN the SQL the code itself runs (drizzle's .toSQL() of the same builder), not a hand-written copy:
  // a change to subtreeCondition (say, a LIKE) that loses the index fails here.
  const planOf = ({ sql, params }: { sql: string; params: unknown[] }) =>
    (
      sqlite()
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params) as { detail: string }[]
    )
      .map((p) => p.detail)
      .join(" | ");

  test("subtreeIds() is one query that searches the path index", () => {
    const unit = getUnit(all[42]!.id)!;
    const query = subtreeIdsQuery(unit).toSQL();
    assert.deepEqual(query.params, [unit.path, pathUpperBound(unit.path)], "the bounds of the range are the query's parameters");
    const detail = planOf(query);
    assert.match(detail, /SEARCH units USING (COVERING )?INDEX units_path_idx \(path>\? AND path<\?\)/);
    assert.doesNotMatch(detail, /SCAN units/);
  });

  test("subtree() is one query that searches the path index, in index order (no sort)", () => {
    const unit = getUnit(all[42]!.id)!;
    const detail = planOf(subtreeQuery(unit).toSQL());
    assert.match(detail, /SEARCH units USING (COVERING )?INDEX units_path_idx \(path>\? AND path<\?\)/);
    assert.doesNotMatch(detail, /SCAN units/);
    assert.doesNotMatch(detail, /TEMP B-TREE/, "ordered by path, so the index gives the order");
  });
});
