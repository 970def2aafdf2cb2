// A closed unit's story: its rows over time (a move or a recode keeps the code, a rename keeps the
// row), why it closed, what it came from and what took over. Read-only, for /units/<id>.
import { and, asc, eq, or } from "drizzle-orm";
import { db } from "~/db/client.server";
import { jsonArrayHas } from "~/db/portable.server";
import { auditLog, units } from "~/db/schema";
import { getUnit, type Unit } from "./tree.server";

async function successorsOf(unit: Unit): Promise<Unit[]> {
  const ids = unit.successorIds ?? (unit.successorId ? [unit.successorId] : []);
  const found = await Promise.all(ids.map((id) => getUnit(id)));
  return found.filter((u): u is Unit => u !== undefined);
}

/** The current units that carry on a closed unit today (following moves, merges and splits). */
async function currentHeirs(unit: Unit, seen = new Set<number>()): Promise<Unit[]> {
  if (seen.has(unit.id)) return [];
  seen.add(unit.id);
  if (unit.validTo === null) return [unit];
  const heirs: Unit[] = [];
  for (const s of await successorsOf(unit)) heirs.push(...(await currentHeirs(s, seen)));
  return heirs;
}

export async function unitHistory(unit: Unit) {
  const rows = await db()
    .select()
    .from(units)
    .where(or(eq(units.code, unit.code), eq(units.id, unit.id)))
    .orderBy(asc(units.validFrom), asc(units.id));
  const parentName = async (u: Unit) => (u.parentId ? ((await getUnit(u.parentId))?.name ?? "") : "");
  const predecessors = await db()
    .select()
    .from(units)
    .where(or(eq(units.successorId, unit.id), jsonArrayHas(units.successorIds, unit.id)))
    .orderBy(asc(units.id));
  const renames = (
    await db()
      .select({ at: auditLog.at, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, "unit.rename"), eq(auditLog.subjectType, "unit"), eq(auditLog.subjectId, unit.code)))
      .orderBy(asc(auditLog.id))
  ).map((r) => ({ at: r.at, ...(r.detail as { from: string; to: string }) }));
  const seen = new Set<number>();
  const parents = await Promise.all(rows.map(parentName));
  return {
    rows: rows.map((u, i) => ({
      id: u.id,
      name: u.name,
      parent: parents[i]!,
      validFrom: u.validFrom,
      validTo: u.validTo,
      closedBy: u.closedBy,
      path: u.path,
    })),
    predecessors: predecessors.filter((p) => !seen.has(p.id) && seen.add(p.id)),
    successors: await successorsOf(unit),
    heirs: await currentHeirs(unit),
    renames,
  };
}
