// The unit tree. A unit's `path` lists its ancestors' ids and its own ("/1/5/23/"), so:
//  - its subtree is one range scan on the unique path index: path >= '/1/5/' AND path < '/1/50'
//    ('0' is the character right after '/'), and
//  - its ancestors are the ids in its path.
import { and, asc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials, units, type UnitKind } from "~/db/schema";
import { ancestorIds, pathUpperBound } from "~/db/unit-path";

export type Unit = typeof units.$inferSelect;

export { ancestorIds, pathUpperBound } from "~/db/unit-path";

export function subtreeCondition(path: string) {
  return and(gte(units.path, path), lt(units.path, pathUpperBound(path)));
}

export function getUnit(id: number): Unit | undefined {
  return db().select().from(units).where(eq(units.id, id)).get();
}

/** The top of the current tree (the province, or the country at national scale). */
export function rootUnit(): Unit | undefined {
  return db()
    .select()
    .from(units)
    .where(and(isNull(units.parentId), isNull(units.validTo)))
    .orderBy(asc(units.id))
    .get();
}

/** The current unit with this code (closed units keep their codes in history). */
export function getUnitByCode(code: string): Unit | undefined {
  return db()
    .select()
    .from(units)
    .where(and(eq(units.code, code), isNull(units.validTo)))
    .get();
}

/** The query behind `subtree()`; exported so a test can EXPLAIN the very SQL the code runs (`.toSQL()`). */
export function subtreeQuery(unit: Pick<Unit, "path">) {
  return db().select().from(units).where(subtreeCondition(unit.path)).orderBy(asc(units.path));
}

/** The unit and every unit under it (current and closed rows), in path order. */
export function subtree(unit: Pick<Unit, "path">): Unit[] {
  return subtreeQuery(unit).all();
}

/** The query behind `subtreeIds()` (see `subtreeQuery`). */
export function subtreeIdsQuery(unit: Pick<Unit, "path">) {
  return db().select({ id: units.id }).from(units).where(subtreeCondition(unit.path));
}

export function subtreeIds(unit: Pick<Unit, "path">): number[] {
  return subtreeIdsQuery(unit)
    .all()
    .map((r) => r.id);
}

/** Is `candidate` the unit `root` or inside it? Pure: compares paths. */
export function isWithin(root: Pick<Unit, "path">, candidate: Pick<Unit, "path">): boolean {
  return candidate.path.startsWith(root.path);
}

/** Ancestors from the root down, excluding the unit itself. */
export function ancestors(unit: Pick<Unit, "path" | "id">): Unit[] {
  const ids = ancestorIds(unit.path).filter((id) => id !== unit.id);
  if (ids.length === 0) return [];
  const rows = db()
    .select()
    .from(units)
    .where(
      sql`${units.id} IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    )
    .all();
  return rows.sort((a, b) => a.depth - b.depth);
}

export function currentChildren(unitId: number): Unit[] {
  return db()
    .select()
    .from(units)
    .where(and(eq(units.parentId, unitId), isNull(units.validTo)))
    .all();
}

/** Active officials per unit for a whole subtree, in one grouped query. */
export function headCounts(unit: Pick<Unit, "path">): Map<number, number> {
  const rows = db()
    .select({ unitId: officials.unitId, n: sql<number>`count(*)` })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(subtreeCondition(unit.path), eq(officials.active, true)))
    .groupBy(officials.unitId)
    .all();
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

export type UnitNode = Unit & { children: UnitNode[]; direct: number; total: number };

/** The current subtree as nested nodes with direct and cumulative head counts. */
export function unitTree(root: Unit): UnitNode {
  const rows = subtree(root).filter((u) => u.validTo === null);
  const counts = headCounts(root);
  const byId = new Map<number, UnitNode>();
  for (const u of rows) byId.set(u.id, { ...u, children: [], direct: counts.get(u.id) ?? 0, total: 0 });
  const top = byId.get(root.id);
  if (!top) throw new Error(`unit ${root.id} is not current`);
  // Rows come in path order, so parents precede children; walk backwards to sum totals upward.
  for (const u of rows) {
    if (u.id !== root.id && u.parentId !== null) byId.get(u.parentId)?.children.push(byId.get(u.id)!);
  }
  for (const u of [...rows].reverse()) {
    const node = byId.get(u.id)!;
    node.total = node.direct + node.children.reduce((s, c) => s + c.total, 0);
  }
  return top;
}

export type NewUnit = { code: string; name: string; kind: UnitKind; parentId: number | null; validFrom?: string };

/** Insert a unit and give it its path (the id is only known after the insert). */
export function createUnit(input: NewUnit): Unit {
  const parent = input.parentId === null ? undefined : getUnit(input.parentId);
  if (input.parentId !== null && !parent) throw new Error(`parent unit ${input.parentId} not found`);
  const inserted = db()
    .insert(units)
    .values({
      code: input.code,
      name: input.name,
      kind: input.kind,
      parentId: input.parentId,
      path: `pending:${input.code}`,
      depth: parent ? parent.depth + 1 : 0,
      validFrom: input.validFrom ?? "1900-01-01",
    })
    .returning()
    .get();
  const path = `${parent ? parent.path : "/"}${inserted.id}/`;
  return db().update(units).set({ path }).where(eq(units.id, inserted.id)).returning().get();
}
