// The one answer to "may this viewer see unit U?": U lies in the viewer's managed subtree, or the
// viewer is an administrator. Every loader, action and export that takes a unit or official id calls
// requireUnitAccess / requireOfficialAccess before it reads anything.
import { getUnit, isWithin, rootUnit, type Unit } from "~/units/tree.server";
import { getOfficial } from "~/people/officials.server";
import { forbidden, type SessionUser } from "./session.server";

export function isAdmin(user: SessionUser) {
  return user.roles.includes("admin");
}

/** The root of what the viewer may see in reports, or null when they may see no unit report. */
export async function scopeRoot(user: SessionUser): Promise<Unit | null> {
  if (isAdmin(user)) {
    // Administrators see everything: the root is the top of the current tree.
    return (await rootUnit()) ?? null;
  }
  return managedUnit(user);
}

/** The manager's current unit; a closed one grants nothing (the session already says so, this is the second lock). */
async function managedUnit(user: SessionUser): Promise<Unit | null> {
  if (user.managedUnitId === null) return null;
  const unit = await getUnit(user.managedUnitId);
  return unit && unit.validTo === null ? unit : null;
}

/** The top of the manager's subtree: its path came with the session (same checks: current, reviewed), else one read. */
async function managedScope(user: SessionUser): Promise<Pick<Unit, "path"> | null> {
  if (user.managedUnitId === null) return null;
  if (user.managedUnitPath) return { path: user.managedUnitPath };
  return managedUnit(user);
}

export async function canSeeUnit(user: SessionUser, unit: Pick<Unit, "path">): Promise<boolean> {
  return (await visibilityOf(user))(unit);
}

/**
 * The viewer's scope as a plain predicate, for checking many units at once (breadcrumbs, child
 * lists) with one lookup: `const canSee = await visibilityOf(user); rows.map((u) => canSee(u))`.
 */
export async function visibilityOf(user: SessionUser): Promise<(unit: Pick<Unit, "path">) => boolean> {
  if (isAdmin(user)) return () => true;
  const managed = await managedScope(user);
  return (unit) => (managed ? isWithin(managed, unit) : false);
}

/** The unit, when the viewer may see it; otherwise 403 (also for ids that do not exist, so ids are not probed). */
export async function requireUnitAccess(user: SessionUser, unitId: number): Promise<Unit> {
  return (await requireVisibleUnit(user, unitId)).unit;
}

/** requireUnitAccess, also handing back the viewer's predicate for checking more units (a breadcrumb). */
export async function requireVisibleUnit(
  user: SessionUser,
  unitId: number,
): Promise<{ unit: Unit; canSee: (unit: Pick<Unit, "path">) => boolean }> {
  const [unit, canSee] = await Promise.all([Number.isSafeInteger(unitId) ? getUnit(unitId) : undefined, visibilityOf(user)]);
  if (!unit || !canSee(unit)) forbidden();
  return { unit, canSee };
}

export async function requireOfficialAccess(user: SessionUser, officialId: number) {
  const official = Number.isSafeInteger(officialId) ? await getOfficial(officialId) : undefined;
  if (!official) forbidden();
  if (official.id === user.id) return official;
  const unit = await getUnit(official.unitId);
  if (!unit || !(await canSeeUnit(user, unit))) forbidden();
  return official;
}
