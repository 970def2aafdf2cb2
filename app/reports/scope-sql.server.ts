// Where a list's people are, as SQL: a subtree (its path range) or a few units of it at a time — the
// steps an export reads in (issue 19 item 2), each unit on its own index, so a national export reads
// in small steps and other requests run between them.
import { sql } from "drizzle-orm";
import { inIds } from "~/db/portable.server";
import { pathUpperBound, subtree, type Unit } from "~/units/tree.server";

export type Scope = { lo: string; hi: string } | { unitIds: number[] };

export const subtreeScope = (unit: Pick<Unit, "path">): Scope => ({ lo: unit.path, hi: pathUpperBound(unit.path) });

/** The unit condition for a units alias (u: an official's unit now; mu: a membership's unit then). */
export function scopeSql(scope: Scope, alias: "u" | "mu") {
  const a = sql.raw(alias);
  return "unitIds" in scope ? inIds(sql`${a}.id`, scope.unitIds) : sql`${a}.path >= ${scope.lo} AND ${a}.path < ${scope.hi}`;
}

/** The subtree's units (current and closed) in the tree's order, `size` at a time, with each unit's place. */
export async function unitSteps(unit: Pick<Unit, "path">, size: number) {
  const all = (await subtree(unit)).map((u) => u.id);
  const place = new Map(all.map((id, i) => [id, i]));
  const steps: Scope[] = [];
  for (let i = 0; i < all.length; i += size) steps.push({ unitIds: all.slice(i, i + size) });
  return { steps, place };
}

/** Between two steps: better-sqlite3 answers synchronously, so let waiting requests run. */
export const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));
