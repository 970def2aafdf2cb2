// Manager roles whose scope grants nothing for now: flagged by a split or an abolished tier, or
// pointing at a closed unit. Administrators see them on /admin and choose a new unit on the person page.
import { and, asc, eq, isNotNull, or } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officialRoles, officials, units } from "~/db/schema";
import { fullName } from "~/people/names";

export async function scopesToReview() {
  const rows = await db()
    .select({
      officialId: officials.id,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
      username: officials.username,
      unit: units.name,
      unitCode: units.code,
    })
    .from(officialRoles)
    .innerJoin(officials, eq(officials.id, officialRoles.officialId))
    .leftJoin(units, eq(units.id, officialRoles.scopeUnitId))
    .where(and(eq(officialRoles.role, "manager"), or(eq(officialRoles.scopeNeedsReview, true), isNotNull(units.validTo))))
    .orderBy(asc(officialRoles.officialId));
  return rows.map((r) => ({
    officialId: r.officialId,
    fullName: fullName(r),
    username: r.username,
    unit: r.unit ?? "—",
    unitCode: r.unitCode ?? "",
  }));
}

/** A person's manager role and whether its scope must be chosen again. */
export async function managerScopeOf(officialId: number) {
  const [row] = await db()
    .select({ scopeUnitId: officialRoles.scopeUnitId, review: officialRoles.scopeNeedsReview, unit: units.name, validTo: units.validTo })
    .from(officialRoles)
    .leftJoin(units, eq(units.id, officialRoles.scopeUnitId))
    .where(and(eq(officialRoles.officialId, officialId), eq(officialRoles.role, "manager")));
  if (!row) return null;
  const needsReview = row.review || row.scopeUnitId === null || row.validTo !== null;
  return { scopeUnitId: needsReview ? null : row.scopeUnitId, needsReview, unit: row.unit ?? "—" };
}
