// Account lifecycle: edit, move between units, deactivate and reactivate (never delete), roles,
// password resets. Moves and (de)activations carry the official's report figures along in the same
// transaction (figures/rollups.server.ts shiftOfficial), and every change is in the audit log.
import { randomInt } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { hashPassword, passwordProblem, verifyPassword } from "~/auth/password.server";
import { accountKey, clearFailures, lockRemaining, minutesLeft, recordFailure } from "~/auth/rate-limit.server";
import { revokeAllSessions } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { audit } from "~/audit/log.server";
import { t } from "~/i18n/vi";
import { auditLog, memberships, officialRoles, officials, units, type Role } from "~/db/schema";
import { dayOf, shiftOfficial } from "~/figures/rollups.server";
import { searchNameOf, type NameParts } from "./names";
import { getOfficial } from "./officials.server";

export const today = () => dayOf(new Date().toISOString());

function pathOf(unitId: number): string {
  const unit = db().select({ path: units.path }).from(units).where(eq(units.id, unitId)).get();
  if (!unit) throw new Error(`unit ${unitId} not found`);
  return unit.path;
}

/** Moves an official to another unit from `day` on: membership closed and opened, figures carried. */
export function moveOfficial(officialId: number, toUnitId: number, day: string, by: number | null) {
  const official = getOfficial(officialId);
  if (!official || official.unitId === toUnitId) return;
  db().transaction(() => {
    db()
      .update(memberships)
      .set({ validTo: day })
      .where(and(eq(memberships.officialId, officialId), isNull(memberships.validTo)))
      .run();
    db().insert(memberships).values({ officialId, unitId: toUnitId, validFrom: day }).run();
    db().update(officials).set({ unitId: toUnitId, updatedAt: new Date().toISOString() }).where(eq(officials.id, officialId)).run();
    if (official.active) shiftOfficial(officialId, pathOf(official.unitId), pathOf(toUnitId), day);
    audit(by, "official.move", "official", official.staffCode, { from: official.unitId, to: toUnitId, day });
  });
}

/** Deactivated officials keep every record; they stop counting in reports from `day` on. */
export function setActive(officialId: number, active: boolean, day: string, by: number | null) {
  const official = getOfficial(officialId);
  if (!official || official.active === active) return;
  db().transaction(() => {
    db().update(officials).set({ active, updatedAt: new Date().toISOString() }).where(eq(officials.id, officialId)).run();
    // Memberships say who was where, when: a deactivation ends one, a reactivation starts one.
    if (active) db().insert(memberships).values({ officialId, unitId: official.unitId, validFrom: day }).run();
    else
      db()
        .update(memberships)
        .set({ validTo: day })
        .where(and(eq(memberships.officialId, officialId), isNull(memberships.validTo)))
        .run();
    const path = pathOf(official.unitId);
    if (active) shiftOfficial(officialId, null, path, day);
    else shiftOfficial(officialId, path, null, day);
    if (!active) revokeAllSessions(officialId);
    audit(by, active ? "official.reactivate" : "official.deactivate", "official", official.staffCode, { day });
  });
}

/** Is this address already another official's? (Stored lower-case; the unique index would refuse it.) */
export function emailTaken(email: string, exceptId?: number): boolean {
  const row = db().select({ id: officials.id }).from(officials).where(eq(officials.email, email.trim().toLowerCase())).get();
  return !!row && row.id !== exceptId;
}

export type OfficialEdit = NameParts & { position: string; email: string | null };

export function updateOfficial(officialId: number, edit: OfficialEdit, by: number | null) {
  const before = getOfficial(officialId);
  if (!before) return;
  db()
    .update(officials)
    .set({ ...edit, email: edit.email?.toLowerCase() || null, searchName: searchNameOf(edit), updatedAt: new Date().toISOString() })
    .where(eq(officials.id, officialId))
    .run();
  const changed = Object.fromEntries(
    (Object.keys(edit) as (keyof OfficialEdit)[])
      .filter((k) => (before[k] ?? null) !== (edit[k] ?? null))
      .map((k) => [k, { from: before[k], to: edit[k] }]),
  );
  if (Object.keys(changed).length > 0) audit(by, "official.edit", "official", before.staffCode, changed);
}

/**
 * Replaces a person's roles. A manager role always names a current unit (no fallback to the person's
 * own unit); writing it clears any "needs a new scope" flag left by a reorganisation.
 */
export function setRoles(officialId: number, roles: { role: Role; scopeUnitId?: number | null }[], by: number | null) {
  const official = getOfficial(officialId);
  if (!official) return;
  // One row per role (the primary key): a role posted twice is the same role.
  roles = [...new Map(roles.map((r) => [r.role, r])).values()];
  for (const r of roles) {
    if (r.role !== "manager") continue;
    const scope = r.scopeUnitId ? db().select().from(units).where(eq(units.id, r.scopeUnitId)).get() : undefined;
    if (!scope || scope.validTo !== null) throw new Error("a manager role needs a current unit (scopeUnitId)");
  }
  db().transaction(() => {
    db().delete(officialRoles).where(eq(officialRoles.officialId, officialId)).run();
    for (const r of roles)
      db()
        .insert(officialRoles)
        .values({ officialId, role: r.role, scopeUnitId: r.scopeUnitId ?? null })
        .run();
    audit(by, "official.roles", "official", official.staffCode, { roles });
  });
  revokeAllSessions(officialId); // a role taken away takes effect now, not at the next sign-in
}

const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A temporary password, shown once to the administrator; it must be changed at first sign-in. */
export async function resetPassword(officialId: number, by: number | null): Promise<string> {
  const official = getOfficial(officialId);
  if (!official) throw new Error("not found");
  const temporary = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  db()
    .update(officials)
    .set({ passwordHash: await hashPassword(temporary), mustChangePassword: true, updatedAt: new Date().toISOString() })
    .where(eq(officials.id, officialId))
    .run();
  revokeAllSessions(officialId);
  audit(by, "official.password-reset", "official", official.staffCode);
  return temporary;
}

export type PasswordChangeProblem = { field: "current" | "next"; message: string };

/**
 * A person changes their own password. A wrong current password counts against the same sign-in lock
 * as a wrong password at sign-in (someone at an unlocked screen cannot guess forever), and a locked
 * account cannot change its password either.
 */
export async function changeOwnPassword(officialId: number, current: string, next: string): Promise<PasswordChangeProblem | null> {
  const official = getOfficial(officialId);
  const key = accountKey("", officialId);
  const locked = lockRemaining(key);
  if (locked > 0) return { field: "current", message: t.login.lockedAccount(String(minutesLeft(locked))) };
  if (!official?.passwordHash || !(await verifyPassword(current, official.passwordHash))) {
    const lockedNow = recordFailure(key, "account");
    if (lockedNow) return { field: "current", message: t.login.lockedAccount(String(minutesLeft(lockRemaining(key)))) };
    return { field: "current", message: t.account.wrongCurrent };
  }
  clearFailures(key);
  const problem = passwordProblem(next);
  if (problem) return { field: "next", message: problem };
  if (current === next) return { field: "next", message: t.account.sameAsCurrent };
  db()
    .update(officials)
    .set({ passwordHash: await hashPassword(next), mustChangePassword: false, updatedAt: new Date().toISOString() })
    .where(eq(officials.id, officialId))
    .run();
  audit(officialId, "official.password-change", "official", official.staffCode);
  return null;
}

/** The official's own record: memberships and the audit entries about them. */
export function officialHistory(officialId: number) {
  const official = getOfficial(officialId);
  if (!official) return { memberships: [], audit: [] };
  return {
    memberships: db()
      .select({ unit: units.name, validFrom: memberships.validFrom, validTo: memberships.validTo })
      .from(memberships)
      .innerJoin(units, eq(units.id, memberships.unitId))
      .where(eq(memberships.officialId, officialId))
      .orderBy(desc(memberships.validFrom))
      .all(),
    audit: db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "official"), eq(auditLog.subjectId, official.staffCode)))
      .orderBy(desc(auditLog.id))
      .all(),
  };
}
