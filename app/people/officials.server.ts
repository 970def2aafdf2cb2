// Officials: reads and writes of the officials, roles and memberships tables.
import { and, eq, isNull, or } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { nameMatchesSql } from "~/db/portable.server";
import { memberships, officialRoles, officials, units, type Role } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { addMembers } from "~/figures/rollups.server";
import { audiences, reconcileOfficial } from "~/assignments/members.server";
import { writeNameKeys } from "./name-keys.server";
import { fullName, searchNameOf, sortByName, type NameParts } from "./names";
import { sortKeyOf } from "./sort-key";
import { z } from "zod";
import { t } from "~/i18n/vi";

export type Official = typeof officials.$inferSelect;

export async function findByIdentifier(identifier: string): Promise<Official | undefined> {
  const id = identifier.trim().toLowerCase();
  if (!id) return undefined;
  const [row] = await db()
    .select()
    .from(officials)
    .where(or(eq(officials.username, id), eq(officials.email, id)))
    .limit(1);
  return row;
}

export async function getOfficial(id: number): Promise<Official | undefined> {
  const [row] = await db().select().from(officials).where(eq(officials.id, id));
  return row;
}

export async function rolesOf(officialId: number) {
  return db()
    .select({ role: officialRoles.role, scopeUnitId: officialRoles.scopeUnitId })
    .from(officialRoles)
    .where(eq(officialRoles.officialId, officialId));
}

export type NewOfficial = NameParts & {
  staffCode: string;
  username: string;
  email?: string | null;
  position?: string;
  unitId: number;
  passwordHash?: string | null;
  roles?: { role: Role; scopeUnitId?: number | null }[];
  since?: string;
};

export async function createOfficial(input: NewOfficial): Promise<Official> {
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(officials)
      .values({
        staffCode: input.staffCode,
        username: input.username.toLowerCase(),
        email: input.email?.toLowerCase() ?? null,
        ho: input.ho,
        dem: input.dem,
        ten: input.ten,
        searchName: searchNameOf(input),
        sortName: sortKeyOf(input),
        position: input.position ?? "",
        unitId: input.unitId,
        passwordHash: input.passwordHash ?? null,
      })
      .returning();
    await writeNameKeys([{ id: row!.id, searchName: row!.searchName }]);
    const roles = input.roles ?? [{ role: "learner" as const }];
    for (const r of roles) {
      if (r.role === "manager" && !r.scopeUnitId) throw new Error("a manager role needs its unit (scopeUnitId)");
      await tx.insert(officialRoles).values({ officialId: row!.id, role: r.role, scopeUnitId: r.scopeUnitId ?? null });
    }
    const since = input.since ?? "2020-01-01";
    await tx.insert(memberships).values({ officialId: row!.id, unitId: input.unitId, validFrom: since });
    const [unit] = await tx.select({ path: units.path }).from(units).where(eq(units.id, input.unitId));
    if (!unit) throw new Error(`unit ${input.unitId} not found`);
    await addMembers(unit.path, since, +1);
    await reconcileOfficial(row!.id, since);
    return row!;
  });
}

export type MemberRow = NameParts & {
  id: number;
  staffCode: string;
  position: string;
  active: boolean;
  fullName: string;
};

/** Officials directly in one unit, sorted by tên then họ đệm; optional accent-insensitive search. */
export async function membersOf(unitId: number, query?: string): Promise<MemberRow[]> {
  const q = query ? foldVietnamese(query) : "";
  const rows = await db()
    .select({
      id: officials.id,
      staffCode: officials.staffCode,
      position: officials.position,
      active: officials.active,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
    })
    .from(officials)
    .where(and(eq(officials.unitId, unitId), q ? nameMatchesSql(officials.searchName, q) : undefined));
  return sortByName(rows).map((r) => ({ ...r, fullName: fullName(r) }));
}

/** The unit an official currently belongs to, with its name, for the header. */
export async function currentUnitOf(official: Pick<Official, "unitId">) {
  const [row] = await db()
    .select({ id: units.id, name: units.name, path: units.path, kind: units.kind })
    .from(units)
    .where(and(eq(units.id, official.unitId), isNull(units.validTo)));
  return row;
}

/** The path of the unit an official belongs to now (rollups are written along it). */
export async function unitPathOf(officialId: number): Promise<string> {
  const [row] = await db()
    .select({ path: units.path })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(eq(officials.id, officialId));
  if (!row) throw new Error(`official ${officialId} not found`);
  return row.path;
}

/** Rows per multi-row INSERT: 9 parameters a row stays far below both engines' parameter limits. */
const BATCH = 500;

/**
 * Many new learners at once (a roster import, the demo seed): multi-row inserts of a few hundred rows
 * per statement, and the head-count rollups added once per unit rather than once per person. Runs in
 * the caller's transaction (or its own).
 */
export async function createOfficialsBulk(
  rows: (NameParts & { staffCode: string; username: string; email: string | null; position: string; unitId: number })[],
  since: string,
) {
  if (rows.length === 0) return;
  await transaction(async () => {
    const perUnit = new Map<number, number>();
    const newIds: number[] = [];
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const inserted = await db()
        .insert(officials)
        .values(
          batch.map((r) => ({
            staffCode: r.staffCode,
            username: r.username.toLowerCase(),
            email: r.email?.toLowerCase() ?? null,
            ho: r.ho,
            dem: r.dem,
            ten: r.ten,
            searchName: searchNameOf(r),
            sortName: sortKeyOf(r),
            position: r.position,
            unitId: r.unitId,
          })),
        )
        .returning({ id: officials.id, unitId: officials.unitId, searchName: officials.searchName });
      await writeNameKeys(inserted);
      await db()
        .insert(officialRoles)
        .values(inserted.map((o) => ({ officialId: o.id, role: "learner" as const })));
      await db()
        .insert(memberships)
        .values(inserted.map((o) => ({ officialId: o.id, unitId: o.unitId, validFrom: since })));
      for (const o of inserted) perUnit.set(o.unitId, (perUnit.get(o.unitId) ?? 0) + 1);
      newIds.push(...inserted.map((o) => o.id));
    }
    for (const [unitId, n] of perUnit) {
      const [unit] = await db().select({ path: units.path }).from(units).where(eq(units.id, unitId));
      await addMembers(unit!.path, since, n);
    }
    // Assignments whose audience they join (none while the demo is seeded: assignments come after).
    const open = await audiences();
    if (open.length > 0) for (const id of newIds) await reconcileOfficial(id, since, open);
  });
}

/** The administrators' new-person form (server-side: zod stays out of the page's bundle). */
export const NewOfficial = z.object({
  ho: z.string().trim().max(60).default(""),
  dem: z.string().trim().max(60).default(""),
  ten: z.string().trim().min(1, t.people.required).max(60),
  staffCode: z.string().trim().min(1, t.people.required).max(30).regex(/^\S+$/, t.people.required),
  username: z
    .string()
    .trim()
    .min(3, t.people.required)
    .max(60)
    .regex(/^[a-zA-Z0-9._-]+$/, t.people.required),
  email: z.union([z.literal(""), z.string().trim().max(200).pipe(z.email(t.inputs.badEmail))], { error: t.inputs.badEmail }).default(""),
  position: z.string().trim().max(200).default(""),
  unitId: z.coerce
    .number({ error: t.inputs.unknownUnit })
    .int(t.inputs.unknownUnit)
    .positive(t.inputs.unknownUnit)
    .max(Number.MAX_SAFE_INTEGER, t.inputs.unknownUnit),
});

/** The administrators' edit form of a person's name, position and e-mail. */
export const EditOfficial = z.object({
  ho: z.string().trim().max(60).default(""),
  dem: z.string().trim().max(60).default(""),
  ten: z.string().trim().min(1, t.people.required).max(60),
  position: z.string().trim().max(200).default(""),
  email: z.union([z.literal(""), z.string().trim().max(200).pipe(z.email(t.inputs.badEmail))], { error: t.inputs.badEmail }).default(""),
});
