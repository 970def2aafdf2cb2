// Bulk actions on a selection of people (issue 20 item 5; decision 0038): move to a unit, deactivate,
// reset passwords, add or remove a role. Two steps: previewBulk() says who is affected and what will
// happen (the confirmation page); applyBulk() does it for all of them in ONE transaction through the
// same domain functions as the one-person page (moveOfficial, setActive, setRoles, applyPasswordReset),
// so figures, memberships, assignments and the audit log (one row per person, the functions' own) stay
// exactly as if each had been done by hand — or, on any failure, nothing is.
import { asc } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { officialRoles, officials, units, type Role } from "~/db/schema";
import { eq } from "drizzle-orm";
import { t } from "~/i18n/vi";
import { applyPasswordReset, moveOfficial, setActive, setRoles, temporaryPassword, today } from "./lifecycle.server";
import type { BULK_ROLES, BulkKind } from "./bulk-options";
import { fullName } from "./names";

/** The most people one bulk action takes. */
export const BULK_LIMIT = 500;
/** Password resets hash each new password (scrypt, 50–100 ms, 32 MiB): fewer at once, and a list one can print. */
export const PASSWORD_LIMIT = 100;

export { BULK_KINDS, BULK_ROLES, type BulkKind } from "./bulk-options";

export type BulkAction =
  | { kind: "move"; unitId: number }
  | { kind: "deactivate" | "reactivate" | "reset-passwords" }
  | { kind: "add-role"; role: (typeof BULK_ROLES)[number] }
  | { kind: "remove-role"; role: Role };

export type Affected = {
  id: number;
  fullName: string;
  staffCode: string;
  username: string;
  unitId: number;
  unit: string;
  active: boolean;
};

export class BulkRefused extends Error {}

/** The people behind these ids, in name order (unknown ids are left out). */
async function affected(ids: number[]): Promise<Affected[]> {
  const found = await db()
    .select({
      id: officials.id,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
      staffCode: officials.staffCode,
      username: officials.username,
      unitId: units.id,
      unit: units.name,
      active: officials.active,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(inIds(officials.id, ids))
    .orderBy(asc(officials.sortName), asc(officials.id));
  return found.map(({ ho, dem, ten, ...r }) => ({ ...r, fullName: fullName({ ho, dem, ten }) }));
}

/** Refuses (with the Vietnamese reason) a selection that is empty, too large, or not all known. */
function checkSize(ids: number[], kind: BulkKind) {
  if (ids.length === 0) throw new BulkRefused(t.peopleAdmin.noneSelected);
  if (ids.length > BULK_LIMIT) throw new BulkRefused(t.peopleAdmin.tooMany(BULK_LIMIT, ids.length));
  if (kind === "reset-passwords" && ids.length > PASSWORD_LIMIT)
    throw new BulkRefused(t.peopleAdmin.tooManyPasswords(PASSWORD_LIMIT, ids.length));
}

/** The confirmation: who is affected. Writes nothing. */
export async function previewBulk(ids: number[], action: BulkAction): Promise<Affected[]> {
  checkSize(ids, action.kind);
  const people = await affected(ids);
  if (people.length !== ids.length) throw new BulkRefused(t.peopleAdmin.someGone);
  return people;
}

export type IssuedPassword = Affected & { password: string };

/**
 * Applies the action to every one of them in one transaction; any error rolls all of it back. Password
 * resets return the one-time passwords (to show once, never stored in clear); the rest return [].
 */
export async function applyBulk(ids: number[], action: BulkAction, by: number): Promise<IssuedPassword[]> {
  const people = await previewBulk(ids, action);
  // Hashing is slow: done before the transaction, two at a time (scrypt runs on libuv's thread pool).
  const fresh: { password: string; passwordHash: string }[] = [];
  if (action.kind === "reset-passwords")
    for (let i = 0; i < people.length; i += 2) fresh.push(...(await Promise.all(people.slice(i, i + 2).map(() => temporaryPassword()))));
  const day = today();
  await transaction(async () => {
    for (const [i, p] of people.entries()) {
      switch (action.kind) {
        case "move":
          await moveOfficial(p.id, action.unitId, day, by);
          break;
        case "deactivate":
        case "reactivate":
          await setActive(p.id, action.kind === "reactivate", day, by);
          break;
        case "reset-passwords":
          await applyPasswordReset(p, fresh[i]!.passwordHash, by);
          break;
        case "add-role":
        case "remove-role": {
          const current = await db()
            .select({ role: officialRoles.role, scopeUnitId: officialRoles.scopeUnitId })
            .from(officialRoles)
            .where(eq(officialRoles.officialId, p.id));
          const has = current.some((r) => r.role === action.role);
          // Nothing to change for this one (a manager keeps the scope they already have).
          if (action.kind === "add-role" ? has : !has) break;
          let scopeUnitId: number | null = null;
          if (action.kind === "add-role" && action.role === "manager") {
            // Their own unit as of now, read under the transaction (not the preview's): setRoles checks it is current.
            const [me] = await db().select({ unitId: officials.unitId }).from(officials).where(eq(officials.id, p.id));
            scopeUnitId = me!.unitId;
          }
          const next =
            action.kind === "add-role" ? [...current, { role: action.role, scopeUnitId }] : current.filter((r) => r.role !== action.role);
          await setRoles(p.id, next, by);
          break;
        }
      }
    }
  });
  return action.kind === "reset-passwords" ? people.map((p, i) => ({ ...p, password: fresh[i]!.password })) : [];
}
