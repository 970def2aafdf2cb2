// The administrators' people directory: search everyone (active or not) by name or staff code.
import { and, eq, or, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { contains } from "~/db/portable.server";
import { officials, units } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { fullName, sortByName } from "./names";

export async function searchPeople(q: string, limit = 100) {
  const folded = foldVietnamese(q);
  const rows = await db()
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
    .where(folded ? or(contains(officials.searchName, folded), sql`lower(${officials.staffCode}) = ${folded}`) : undefined)
    .limit(folded ? 2000 : limit);
  return sortByName(rows)
    .slice(0, limit)
    .map((r) => ({ ...r, fullName: fullName(r) }));
}

export async function staffCodeTaken(code: string, exceptId?: number) {
  const [row] = await db().select({ id: officials.id }).from(officials).where(eq(officials.staffCode, code)).limit(1);
  return !!row && row.id !== exceptId;
}

export async function usernameTaken(username: string) {
  const [row] = await db()
    .select({ id: officials.id })
    .from(officials)
    .where(and(eq(officials.username, username.toLowerCase())))
    .limit(1);
  return !!row;
}
