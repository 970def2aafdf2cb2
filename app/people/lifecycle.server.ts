// Account lifecycle: edit, move between units, deactivate and reactivate (never delete), roles,
// password resets. Moves and (de)activations carry the official's report figures along in the same
// transaction (figures/rollups.server.ts shiftOfficial), and every change is in the audit log.
// Moves and (de)activations take lock("units") then lock("official", id) first: they decide from the
// official's current unit and state, and must not interleave with a reorganisation (which holds
// "units") or with a lesson or quiz being recorded for the same person (which holds "official").
import { randomInt } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { hashPassword, passwordProblem, verifyPassword } from "~/auth/password.server";
import { accountKey, clearFailures, lockRemaining, minutesLeft, recordFailure } from "~/auth/rate-limit.server";
import { revokeAllSessions } from "~/auth/session.server";
import { db, lock, transaction } from "~/db/client.server";
import { audit } from "~/audit/log.server";
import { t } from "~/i18n/vi";
import { auditLog, memberships, officialRoles, officials, units, type Role } from "~/db/schema";
import { dayOf, shiftOfficial } from "~/figures/rollups.server";
import { reconcileOfficial } from "~/assignments/members.server";
import { searchNameOf, type NameParts } from "./names";
import { writeNameKeys } from "./name-keys.server";
import { sortKeyOf } from "./sort-key";
import { getOfficial, type Official } from "./officials.server";

export const today = () => dayOf(new Date().toISOString());

async function pathOf(unitId: number): Promise<string> {
  const [unit] = await db().select({ path: units.path }).from(units).where(eq(units.id, unitId));
  if (!unit) throw new Error(`unit ${unitId} not found`);
  return unit.path;
}

/** Moves an official to another unit from `day` on: membership closed and opened, figures carried. */
export async function moveOfficial(officialId: number, toUnitId: number, day: string, by: number | null) {
  await transaction(async () => {
    await lock("units");
    await lock("official", officialId);
    const official = await getOfficial(officialId);
    if (!official || official.unitId === toUnitId) return;
    await db()
      .update(memberships)
      .set({ validTo: day })
      .where(and(eq(memberships.officialId, officialId), isNull(memberships.validTo)));
    await db().insert(memberships).values({ officialId, unitId: toUnitId, validFrom: day });
    await db().update(officials).set({ unitId: toUnitId, updatedAt: new Date().toISOString() }).where(eq(officials.id, officialId));
    if (official.active) await shiftOfficial(officialId, await pathOf(official.unitId), await pathOf(toUnitId), day);
    await reconcileOfficial(officialId, day);
    await audit(by, "official.move", "official", official.staffCode, { from: official.unitId, to: toUnitId, day });
  });
}

/** Deactivated officials keep every record; they stop counting in reports from `day` on. */
export async function setActive(officialId: number, active: boolean, day: string, by: number | null) {
  await transaction(async () => {
    await lock("units");
    await lock("official", officialId);
    const official = await getOfficial(officialId);
    if (!official || official.active === active) return;
    await db().update(officials).set({ active, updatedAt: new Date().toISOString() }).where(eq(officials.id, officialId));
    // Memberships say who was where, when: a deactivation ends one, a reactivation starts one.
    if (active) await db().insert(memberships).values({ officialId, unitId: official.unitId, validFrom: day });
    else
      await db()
        .update(memberships)
        .set({ validTo: day })
        .where(and(eq(memberships.officialId, officialId), isNull(memberships.validTo)));
    const path = await pathOf(official.unitId);
    if (active) await shiftOfficial(officialId, null, path, day);
    else await shiftOfficial(officialId, path, null, day);
    await reconcileOfficial(officialId, day);
    if (!active) await revokeAllSessions(officialId);
    await audit(by, active ? "official.reactivate" : "official.deactivate", "official", official.staffCode, { day });
  });
}

/** Is this address already another official's? (Stored lower-case; the unique index would refuse it.) */
export async function emailTaken(email: string, exceptId?: number): Promise<boolean> {
  const [row] = await db().select({ id: officials.id }).from(officials).where(eq(officials.email, email.trim().toLowerCase())).limit(1);
  return !!row && row.id !== exceptId;
}

export type OfficialEdit = NameParts & { position: string; email: string | null };

export async function updateOfficial(officialId: number, edit: OfficialEdit, by: number | null) {
  await transaction(async () => {
    const before = await getOfficial(officialId);
    if (!before) return;
    await db()
      .update(officials)
      .set({
        ...edit,
        email: edit.email?.toLowerCase() || null,
        searchName: searchNameOf(edit),
        sortName: sortKeyOf(edit),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(officials.id, officialId));
    await writeNameKeys([{ id: officialId, searchName: searchNameOf(edit), before: before.searchName }]);
    const changed = Object.fromEntries(
      (Object.keys(edit) as (keyof OfficialEdit)[])
        .filter((k) => (before[k] ?? null) !== (edit[k] ?? null))
        .map((k) => [k, { from: before[k], to: edit[k] }]),
    );
    if (Object.keys(changed).length > 0) await audit(by, "official.edit", "official", before.staffCode, changed);
    // A new position may take them into (or out of) an assignment narrowed by position.
    if ("position" in changed) {
      await lock("official", officialId);
      await reconcileOfficial(officialId, today());
    }
  });
}

/**
 * Replaces a person's roles. A manager role always names a current unit (no fallback to the person's
 * own unit); writing it clears any "needs a new scope" flag left by a reorganisation.
 */
export async function setRoles(officialId: number, roles: { role: Role; scopeUnitId?: number | null }[], by: number | null) {
  // One row per role (the primary key): a role posted twice is the same role.
  roles = [...new Map(roles.map((r) => [r.role, r])).values()];
  const done = await transaction(async () => {
    // Delete-then-insert of one person's roles: two at once would collide on the primary key, and a
    // reorganisation (lock "units") must not close the chosen scope unit between the check and the write.
    await lock("units");
    await lock("official", officialId);
    const official = await getOfficial(officialId);
    if (!official) return false;
    for (const r of roles) {
      if (r.role !== "manager") continue;
      const [scope] = r.scopeUnitId ? await db().select().from(units).where(eq(units.id, r.scopeUnitId)) : [];
      if (!scope || scope.validTo !== null) throw new Error("a manager role needs a current unit (scopeUnitId)");
    }
    await db().delete(officialRoles).where(eq(officialRoles.officialId, officialId));
    for (const r of roles)
      await db()
        .insert(officialRoles)
        .values({ officialId, role: r.role, scopeUnitId: r.scopeUnitId ?? null });
    await audit(by, "official.roles", "official", official.staffCode, { roles });
    await reconcileOfficial(officialId, today());
    return true;
  });
  if (done) await revokeAllSessions(officialId); // a role taken away takes effect now, not at the next sign-in
}

const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A fresh one-time password (12 characters without look-alikes) and its hash; slow (scrypt): never inside a transaction. */
export async function temporaryPassword(): Promise<{ password: string; passwordHash: string }> {
  const password = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return { password, passwordHash: await hashPassword(password) };
}

/** Writes a reset (hash from temporaryPassword()): must be changed at first sign-in, every session ends. Joins the caller's transaction. */
export async function applyPasswordReset(official: Pick<Official, "id" | "staffCode">, passwordHash: string, by: number | null) {
  await transaction(async () => {
    await db()
      .update(officials)
      .set({ passwordHash, mustChangePassword: true, updatedAt: new Date().toISOString() })
      .where(eq(officials.id, official.id));
    await revokeAllSessions(official.id);
    await audit(by, "official.password-reset", "official", official.staffCode);
  });
}

/** A temporary password, shown once to the administrator; it must be changed at first sign-in. */
export async function resetPassword(officialId: number, by: number | null): Promise<string> {
  const official = await getOfficial(officialId);
  if (!official) throw new Error("not found");
  const { password, passwordHash } = await temporaryPassword(); // slow: before the transaction
  await applyPasswordReset(official, passwordHash, by);
  return password;
}

export type PasswordChangeProblem = { field: "current" | "next"; message: string };

/**
 * A person changes their own password. A wrong current password counts against the same sign-in lock
 * as a wrong password at sign-in (someone at an unlocked screen cannot guess forever), and a locked
 * account cannot change its password either.
 */
export async function changeOwnPassword(officialId: number, current: string, next: string): Promise<PasswordChangeProblem | null> {
  const official = await getOfficial(officialId);
  const key = accountKey("", officialId);
  const locked = await lockRemaining(key);
  if (locked > 0) return { field: "current", message: t.login.lockedAccount(String(minutesLeft(locked))) };
  if (!official?.passwordHash || !(await verifyPassword(current, official.passwordHash))) {
    const lockedNow = await recordFailure(key, "account");
    if (lockedNow) return { field: "current", message: t.login.lockedAccount(String(minutesLeft(await lockRemaining(key)))) };
    return { field: "current", message: t.account.wrongCurrent };
  }
  await clearFailures(key);
  const problem = passwordProblem(next);
  if (problem) return { field: "next", message: problem };
  if (current === next) return { field: "next", message: t.account.sameAsCurrent };
  const passwordHash = await hashPassword(next); // slow: before the transaction
  await transaction(async () => {
    await db()
      .update(officials)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date().toISOString() })
      .where(eq(officials.id, officialId));
    await audit(officialId, "official.password-change", "official", official.staffCode);
  });
  return null;
}

/** The official's own record: memberships and the audit entries about them. */
export async function officialHistory(officialId: number) {
  const official = await getOfficial(officialId);
  if (!official) return { memberships: [], audit: [] };
  return {
    memberships: await db()
      .select({ unit: units.name, validFrom: memberships.validFrom, validTo: memberships.validTo })
      .from(memberships)
      .innerJoin(units, eq(units.id, memberships.unitId))
      .where(eq(memberships.officialId, officialId))
      .orderBy(desc(memberships.validFrom)),
    audit: await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "official"), eq(auditLog.subjectId, official.staffCode)))
      .orderBy(desc(auditLog.id)),
  };
}
