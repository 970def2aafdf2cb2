// The administrators' people directory: search everyone (active or not) by name or staff code.
import { and, eq, or, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { officials, units } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { fullName, sortByName } from "./names";

export function searchPeople(q: string, limit = 100) {
  const folded = foldVietnamese(q);
  const rows = db()
    .select({
      id: officials.id,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
      staffCode: officials.staffCode,
      active: officials.active,
      unit: units.name,
      position: officials.position,
    })
    .from(officials)
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(folded ? or(sql`instr(${officials.searchName}, ${folded}) > 0`, sql`lower(${officials.staffCode}) = ${folded}`) : undefined)
    .limit(folded ? 2000 : limit)
    .all();
  return sortByName(rows)
    .slice(0, limit)
    .map((r) => ({ ...r, fullName: fullName(r) }));
}

export function staffCodeTaken(code: string, exceptId?: number) {
  const row = db().select({ id: officials.id }).from(officials).where(eq(officials.staffCode, code)).get();
  return !!row && row.id !== exceptId;
}

export function usernameTaken(username: string) {
  return !!db()
    .select({ id: officials.id })
    .from(officials)
    .where(and(eq(officials.username, username.toLowerCase())))
    .get();
}
