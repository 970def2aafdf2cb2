import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sqlite } from "~/db/client.server";
import { seededRandom } from "~/demo/seed.server";
import { isWithin, pathUpperBound, subtreeIds, type Unit } from "~/units/tree.server";
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
      assert.deepEqual([...subtreeIds(unit)].sort((a, b) => a - b), naiveSubtree(unit.id), `unit ${unit.id}`);
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

  test("is one query that searches the path index", () => {
    const unit = getUnit(all[42]!.id)!;
    const plan = sqlite()
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM units WHERE path >= ? AND path < ?")
      .all(unit.path, pathUpperBound(unit.path)) as { detail: string }[];
    const detail = plan.map((p) => p.detail).join(" | ");
    assert.match(detail, /SEARCH units USING (COVERING )?INDEX units_path_idx/);
    assert.doesNotMatch(detail, /SCAN units/);
  });
});
