// Where a list's people are, as SQL: a subtree (its path range) or a few units of it at a time — the
// steps an export reads in (issue 19 item 2), each unit on its own index, so a national export reads
// in small steps and other requests run between them.
import { sql } from "drizzle-orm";
import { inIds } from "~/db/portable.server";
import { pathUpperBound, subtree, type Unit } from "~/units/tree.server";

/** A subtree, or one step of an export: some units, optionally the officials after an id (keyset, `limit` at a time). */
export type Scope = { lo: string; hi: string } | { unitIds: number[]; afterId?: number; limit?: number };

export const subtreeScope = (unit: Pick<Unit, "path">): Scope => ({ lo: unit.path, hi: pathUpperBound(unit.path) });

/** The unit condition for a units alias (u: an official's unit now; mu: a membership's unit then). */
export function scopeSql(scope: Scope, alias: "u" | "mu") {
  const a = sql.raw(alias);
  return "unitIds" in scope ? inIds(sql`${a}.id`, scope.unitIds) : sql`${a}.path >= ${scope.lo} AND ${a}.path < ${scope.hi}`;
}

/**
 * Officials o whose membership on `day` was in the scope. A subtree: EXISTS per official (its
 * memberships by official). A step's few units: the units' memberships of that day as a list of ids
 * that drives the read — an EXISTS there made SQLite walk every official after the keyset and scan the
 * unit's memberships for each (15 ms a step on the demo, a whole-table walk per step at national scale).
 */
export function memberOnDaySql(scope: Scope, day: string) {
  return "unitIds" in scope
    ? sql`o.id IN (SELECT mm.official_id FROM memberships mm
                    WHERE ${inIds(sql`mm.unit_id`, scope.unitIds)} AND mm.valid_from <= ${day} AND (mm.valid_to IS NULL OR mm.valid_to > ${day}))`
    : sql`EXISTS (SELECT 1 FROM memberships mm JOIN units mu ON mu.id = mm.unit_id
                   WHERE mm.official_id = o.id AND mm.valid_from <= ${day} AND (mm.valid_to IS NULL OR mm.valid_to > ${day})
                     AND ${scopeSql(scope, "mu")})`;
}

/** After the unit condition: the keyset of a step (officials o after an id), and its end (ORDER BY … LIMIT). */
export function stepSql(scope: Scope) {
  return "unitIds" in scope && scope.limit
    ? { after: sql` AND o.id > ${scope.afterId ?? 0}`, end: sql` ORDER BY o.id LIMIT ${scope.limit}` }
    : { after: sql``, end: sql`` };
}

/**
 * The steps of an export: the subtree's units (current and closed) one at a time in the tree's order,
 * each read `limit` officials at a time (keyset by id), so no step holds the event loop for long however
 * large a unit is. `read` gives one step's rows (in the order it gives them).
 */
export async function* inSteps<T extends { id: number; unitId: number }>(
  unit: Pick<Unit, "path">,
  read: (scope: Scope) => Promise<T[]>,
  limit: number,
): AsyncGenerator<T[]> {
  for (const u of await subtree(unit)) {
    let afterId = 0;
    for (;;) {
      const step = await read({ unitIds: [u.id], afterId, limit });
      if (step.length > 0) yield step;
      await letOthersIn();
      if (step.length < limit) break;
      afterId = Math.max(...step.map((r) => r.id));
    }
  }
}

/** Between two steps: better-sqlite3 answers synchronously, so let waiting requests run. */
export const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));
