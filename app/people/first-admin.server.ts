// The first administrator of a real deployment. A production start seeds nothing, so someone with a
// shell on the server runs `npm run admin:create`, which calls createAdministrator(): it finds the
// unit (by code or name; on an empty database it creates that unit as the root of the tree), creates
// the account with a one-time password, and that password must be changed at first sign-in.
import { randomInt } from "node:crypto";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { audit } from "~/audit/log.server";
import { db, lock, transaction } from "~/db/client.server";
import { officialRoles, officials, units, UNIT_KINDS, type UnitKind } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { createUnit, type Unit } from "~/units/tree.server";
import { createOfficial } from "./officials.server";

export async function hasAdministrator(): Promise<boolean> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)` })
    .from(officialRoles)
    .innerJoin(officials, eq(officials.id, officialRoles.officialId))
    .where(and(eq(officialRoles.role, "admin"), eq(officials.active, true)));
  return (row?.n ?? 0) > 0;
}

export type AdminInput = {
  username: string;
  unit: string;
  fullName?: string;
  email?: string;
  unitKind?: string;
  unitCode?: string;
};

export type AdminCreated = { username: string; password: string; unit: Unit; unitCreated: boolean };

export class AdminCreateError extends Error {}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A one-time password of 16 characters from an alphabet without look-alikes (0/O, 1/l/I). */
export function oneTimePassword(length = 16): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

function splitName(full: string): { ho: string; dem: string; ten: string } {
  const parts = full.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { ho: "", dem: "", ten: t.firstAdmin.defaultName };
  if (parts.length === 1) return { ho: "", dem: "", ten: parts[0]! };
  return { ho: parts[0]!, dem: parts.slice(1, -1).join(" "), ten: parts[parts.length - 1]! };
}

async function findUnit(text: string): Promise<Unit[]> {
  const wanted = foldVietnamese(text.normalize("NFC").trim());
  const current = await db().select().from(units).where(isNull(units.validTo));
  return current.filter((u) => foldVietnamese(u.code) === wanted || foldVietnamese(u.name) === wanted);
}

function codeFrom(name: string): string {
  return (
    foldVietnamese(name)
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "DV-1"
  );
}

export async function createAdministrator(input: AdminInput, now = new Date()): Promise<AdminCreated> {
  const username = input.username.normalize("NFC").trim().toLowerCase();
  if (!USERNAME.test(username)) throw new AdminCreateError(t.firstAdmin.badUsername);
  const unitText = input.unit.normalize("NFC").trim();
  if (!unitText || unitText.length > 200) throw new AdminCreateError(t.firstAdmin.badUnit);
  const email = input.email?.trim().toLowerCase() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AdminCreateError(t.firstAdmin.badEmail);
  const kind = (input.unitKind ?? "province") as UnitKind;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password); // slow: before the transaction
  const name = splitName(input.fullName ?? t.firstAdmin.defaultName);

  // The checks and the writes in one transaction: "is the tree empty?" decides whether a root unit is created.
  return transaction(async () => {
    await lock("units");
    const [taken] = await db()
      .select({ id: officials.id })
      .from(officials)
      .where(email ? or(eq(officials.username, username), eq(officials.email, email)) : eq(officials.username, username))
      .limit(1);
    if (taken) throw new AdminCreateError(t.firstAdmin.taken(username));

    const [anyUnit] = await db().select({ id: units.id }).from(units).limit(1);
    let unit: Unit;
    let unitCreated = false;
    if (!anyUnit) {
      if (!UNIT_KINDS.includes(kind)) throw new AdminCreateError(t.firstAdmin.badKind(UNIT_KINDS.join(", ")));
      unit = await createUnit({ code: input.unitCode?.trim() || codeFrom(unitText), name: unitText, kind, parentId: null });
      unitCreated = true;
    } else {
      const found = await findUnit(unitText);
      if (found.length === 0) throw new AdminCreateError(t.firstAdmin.unknownUnit(unitText));
      if (found.length > 1) throw new AdminCreateError(t.firstAdmin.ambiguousUnit(unitText, found.map((u) => u.code).join(", ")));
      unit = found[0]!;
    }

    const official = await createOfficial({
      ...name,
      staffCode: `QT-${username}`,
      username,
      email,
      unitId: unit.id,
      passwordHash,
      roles: [{ role: "learner" }, { role: "admin" }],
      since: vnToday(now),
    });
    await db().update(officials).set({ mustChangePassword: true }).where(eq(officials.id, official.id));
    await audit(null, "official.admin-created", "official", official.staffCode, { unit: unit.code, unitCreated });
    return { username, password, unit, unitCreated };
  });
}
