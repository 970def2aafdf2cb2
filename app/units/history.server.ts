// A closed unit's story: its rows over time (a move or a recode keeps the code, a rename keeps the
// row), why it closed, what it came from and what took over. Read-only, for /units/<id>.
import { and, asc, eq, or, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditLog, units } from "~/db/schema";
import { getUnit, type Unit } from "./tree.server";

function successorsOf(unit: Unit): Unit[] {
  const ids = unit.successorIds ?? (unit.successorId ? [unit.successorId] : []);
  return ids.map((id) => getUnit(id)).filter((u): u is Unit => u !== undefined);
}

/** The current units that carry on a closed unit today (following moves, merges and splits). */
function currentHeirs(unit: Unit, seen = new Set<number>()): Unit[] {
  if (seen.has(unit.id)) return [];
  seen.add(unit.id);
  if (unit.validTo === null) return [unit];
  return successorsOf(unit).flatMap((s) => currentHeirs(s, seen));
}

export function unitHistory(unit: Unit) {
  const rows = db()
    .select()
    .from(units)
    .where(or(eq(units.code, unit.code), eq(units.id, unit.id)))
    .orderBy(asc(units.validFrom), asc(units.id))
    .all();
  const parentName = (u: Unit) => (u.parentId ? (getUnit(u.parentId)?.name ?? "") : "");
  const predecessors = db()
    .select()
    .from(units)
    .where(
      or(eq(units.successorId, unit.id), sql`EXISTS (SELECT 1 FROM json_each(${units.successorIds}) WHERE json_each.value = ${unit.id})`),
    )
    .all();
  const renames = db()
    .select({ at: auditLog.at, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.action, "unit.rename"), eq(auditLog.subjectType, "unit"), eq(auditLog.subjectId, unit.code)))
    .orderBy(asc(auditLog.id))
    .all()
    .map((r) => ({ at: r.at, ...(r.detail as { from: string; to: string }) }));
  const seen = new Set<number>();
  return {
    rows: rows.map((u) => ({
      id: u.id,
      name: u.name,
      parent: parentName(u),
      validFrom: u.validFrom,
      validTo: u.validTo,
      closedBy: u.closedBy,
      path: u.path,
    })),
    predecessors: predecessors.filter((p) => !seen.has(p.id) && seen.add(p.id)),
    successors: successorsOf(unit),
    heirs: currentHeirs(unit),
    renames,
  };
}
