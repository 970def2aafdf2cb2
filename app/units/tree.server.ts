// The unit tree. A unit's `path` lists its ancestors' ids and its own ("/1/5/23/"), so:
//  - its subtree is one range scan on the unique path index: path >= '/1/5/' AND path < '/1/50'
//    ('0' is the character right after '/'), and
//  - its ancestors are the ids in its path.
import { and, asc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { officials, units, type UnitKind } from "~/db/schema";
import { ancestorIds, pathUpperBound } from "~/db/unit-path";

export type Unit = typeof units.$inferSelect;

export { ancestorIds, pathUpperBound } from "~/db/unit-path";

export function subtreeCondition(path: string) {
  return and(gte(units.path, path), lt(units.path, pathUpperBound(path)));
}

export async function getUnit(id: number): Promise<Unit | undefined> {
  const [row] = await db().select().from(units).where(eq(units.id, id));
  return row;
}

/** The top of the current tree (the province, or the country at national scale). */
export async function rootUnit(): Promise<Unit | undefined> {
  const [row] = await db()
    .select()
    .from(units)
    .where(and(isNull(units.parentId), isNull(units.validTo)))
    .orderBy(asc(units.id))
    .limit(1);
  return row;
}

/** The current unit with this code (closed units keep their codes in history). */
export async function getUnitByCode(code: string): Promise<Unit | undefined> {
  const [row] = await db()
    .select()
    .from(units)
    .where(and(eq(units.code, code), isNull(units.validTo)))
    .limit(1);
  return row;
}

/** The query behind `subtree()`; exported so a test can EXPLAIN the very SQL the code runs (`.toSQL()`). */
export function subtreeQuery(unit: Pick<Unit, "path">) {
  return db().select().from(units).where(subtreeCondition(unit.path)).orderBy(asc(units.path));
}

/** The unit and every unit under it (current and closed rows), in path order. */
export async function subtree(unit: Pick<Unit, "path">): Promise<Unit[]> {
  return subtreeQuery(unit);
}

/** The query behind `subtreeIds()` (see `subtreeQuery`). */
export function subtreeIdsQuery(unit: Pick<Unit, "path">) {
  return db().select({ id: units.id }).from(units).where(subtreeCondition(unit.path));
}

export async function subtreeIds(unit: Pick<Unit, "path">): Promise<number[]> {
  return (await subtreeIdsQuery(unit)).map((r) => r.id);
}

/** Is `candidate` the unit `root` or inside it? Pure: compares paths. */
export function isWithin(root: Pick<Unit, "path">, candidate: Pick<Unit, "path">): boolean {
  return candidate.path.startsWith(root.path);
}

/** Ancestors from the root down, excluding the unit itself. */
export async function ancestors(unit: Pick<Unit, "path" | "id">): Promise<Unit[]> {
  const ids = ancestorIds(unit.path).filter((id) => id !== unit.id);
  if (ids.length === 0) return [];
  const rows = await db()
    .select()
    .from(units)
    .where(
      sql`${units.id} IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  return rows.sort((a, b) => a.depth - b.depth);
}

export async function currentChildren(unitId: number): Promise<Unit[]> {
  return db()
    .select()
    .from(units)
    .where(and(eq(units.parentId, unitId), isNull(units.validTo)))
    .orderBy(asc(units.id));
}

/** Active officials per unit for a whole subtree, in one grouped query. */
export async function headCounts(unit: Pick<Unit, "path">): Promise<Map<number, number>> {
  const rows = await db()
    .select({ unitId: officials.unitId, n: sql<number>`count(*)` })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(and(subtreeCondition(unit.path), eq(officials.active, true)))
    .groupBy(officials.unitId);
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

export type UnitNode = Unit & { children: UnitNode[]; direct: number; total: number };

/** The current subtree as nested nodes with direct and cumulative head counts. */
export async function unitTree(root: Unit): Promise<UnitNode> {
  const rows = (await subtree(root)).filter((u) => u.validTo === null);
  const counts = await headCounts(root);
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

/** Insert a unit and give it its path (the id is only known after the insert), in one transaction. */
export async function createUnit(input: NewUnit): Promise<Unit> {
  return transaction(async () => {
    const parent = input.parentId === null ? undefined : await getUnit(input.parentId);
    if (input.parentId !== null && !parent) throw new Error(`parent unit ${input.parentId} not found`);
    const [inserted] = await db()
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
      .returning();
    const path = `${parent ? parent.path : "/"}${inserted!.id}/`;
    const [unit] = await db().update(units).set({ path }).where(eq(units.id, inserted!.id)).returning();
    return unit!;
  });
}
