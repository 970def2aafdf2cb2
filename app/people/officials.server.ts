// Officials: reads and writes of the officials, roles and memberships tables.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { db, prepared } from "~/db/client.server";
import { memberships, officialRoles, officials, units, type Role } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { addMembers } from "~/figures/rollups.server";
import { fullName, searchNameOf, sortByName, type NameParts } from "./names";

export type Official = typeof officials.$inferSelect;

export function findByIdentifier(identifier: string): Official | undefined {
  const id = identifier.trim().toLowerCase();
  if (!id) return undefined;
  return db()
    .select()
    .from(officials)
    .where(or(eq(officials.username, id), eq(officials.email, id)))
    .get();
}

export function getOfficial(id: number): Official | undefined {
  return db().select().from(officials).where(eq(officials.id, id)).get();
}

export function rolesOf(officialId: number) {
  return db()
    .select({ role: officialRoles.role, scopeUnitId: officialRoles.scopeUnitId })
    .from(officialRoles)
    .where(eq(officialRoles.officialId, officialId))
    .all();
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

export function createOfficial(input: NewOfficial): Official {
  return db().transaction((tx) => {
    const row = tx
      .insert(officials)
      .values({
        staffCode: input.staffCode,
        username: input.username.toLowerCase(),
        email: input.email?.toLowerCase() ?? null,
        ho: input.ho,
        dem: input.dem,
        ten: input.ten,
        searchName: searchNameOf(input),
        position: input.position ?? "",
        unitId: input.unitId,
        passwordHash: input.passwordHash ?? null,
      })
      .returning()
      .get();
    const roles = input.roles ?? [{ role: "learner" as const }];
    for (const r of roles) {
      if (r.role === "manager" && !r.scopeUnitId) throw new Error("a manager role needs its unit (scopeUnitId)");
      tx.insert(officialRoles)
        .values({ officialId: row.id, role: r.role, scopeUnitId: r.scopeUnitId ?? null })
        .run();
    }
    const since = input.since ?? "2020-01-01";
    tx.insert(memberships).values({ officialId: row.id, unitId: input.unitId, validFrom: since }).run();
    const unit = tx.select({ path: units.path }).from(units).where(eq(units.id, input.unitId)).get();
    if (!unit) throw new Error(`unit ${input.unitId} not found`);
    addMembers(unit.path, since, +1);
    return row;
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
export function membersOf(unitId: number, query?: string): MemberRow[] {
  const q = query ? foldVietnamese(query) : "";
  const rows = db()
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
    .where(and(eq(officials.unitId, unitId), q ? sql`instr(${officials.searchName}, ${q}) > 0` : undefined))
    .all();
  return sortByName(rows).map((r) => ({ ...r, fullName: fullName(r) }));
}

/** The unit an official currently belongs to, with its name, for the header. */
export function currentUnitOf(official: Pick<Official, "unitId">) {
  return db()
    .select({ id: units.id, name: units.name, path: units.path, kind: units.kind })
    .from(units)
    .where(and(eq(units.id, official.unitId), isNull(units.validTo)))
    .get();
}

/** The path of the unit an official belongs to now (rollups are written along it). */
export function unitPathOf(officialId: number): string {
  const row = db()
    .select({ path: units.path })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(eq(officials.id, officialId))
    .get();
  if (!row) throw new Error(`official ${officialId} not found`);
  return row.path;
}

/**
 * Many new learners at once (a roster import): prepared statements, and the head-count rollups added
 * once per unit rather than once per person. Call inside the import's transaction.
 */
export function createOfficialsBulk(
  rows: (NameParts & { staffCode: string; username: string; email: string | null; position: string; unitId: number })[],
  since: string,
) {
  const insertOfficial = prepared(
    `INSERT INTO officials (staff_code, username, email, ho, dem, ten, search_name, position, unit_id)
     VALUES (@staffCode, @username, @email, @ho, @dem, @ten, @searchName, @position, @unitId) RETURNING id`,
  );
  const insertRole = prepared("INSERT INTO official_roles (official_id, role) VALUES (?, 'learner')");
  const insertMembership = prepared("INSERT INTO memberships (official_id, unit_id, valid_from) VALUES (?, ?, ?)");
  const perUnit = new Map<number, number>();
  for (const r of rows) {
    const { id } = insertOfficial.get({
      ...r,
      username: r.username.toLowerCase(),
      email: r.email?.toLowerCase() ?? null,
      searchName: searchNameOf(r),
    }) as { id: number };
    insertRole.run(id);
    insertMembership.run(id, r.unitId, since);
    perUnit.set(r.unitId, (perUnit.get(r.unitId) ?? 0) + 1);
  }
  for (const [unitId, n] of perUnit) {
    const unit = db().select({ path: units.path }).from(units).where(eq(units.id, unitId)).get()!;
    addMembers(unit.path, since, n);
  }
}
