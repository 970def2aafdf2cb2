// Extra quiz attempts (issue 14 item 4, decision 0022). A trainer or an administrator grants N more
// attempts at a course's quiz, for the course's current epoch, to one official or to a unit subtree.
// A unit grant is read when an attempt starts, through the unit path: it covers whoever is in that
// subtree at that moment. A grant on a unit that a reorganisation closed follows the unit's
// successors (a move keeps the same people, a merge widens it to the merged unit, a split to every
// part). Every grant is written with its audit row in one transaction.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import type { SessionUser } from "~/auth/session.server";
import { db, transaction } from "~/db/client.server";
import { attemptGrants, courses, officials, units } from "~/db/schema";
import { t } from "~/i18n/vi";
import { notifyGrant } from "~/notifications/notifications.server";
import { isWithin, type Unit } from "~/units/tree.server";

export type Grant = typeof attemptGrants.$inferSelect;

export const MAX_GRANT = 10;

export type GrantInput = {
  courseId: number;
  target: { officialId: number } | { unitId: number };
  count: number;
  reason: string;
};

export type GrantResult = { ok: true; grant: Grant } | { ok: false; field: "target" | "count" | "reason" | "course"; message: string };

/** Only trainers and administrators grant attempts; anyone else is refused before anything is read. */
export function mayGrant(user: Pick<SessionUser, "roles">): boolean {
  return user.roles.includes("trainer") || user.roles.includes("admin");
}

export async function grantAttempts(actor: Pick<SessionUser, "id" | "roles">, input: GrantInput): Promise<GrantResult> {
  if (!mayGrant(actor)) return { ok: false, field: "target", message: t.attemptGrants.notAllowed };
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_GRANT)
    return { ok: false, field: "count", message: t.attemptGrants.countRange(MAX_GRANT) };
  const reason = input.reason.trim();
  if (reason.length > 500) return { ok: false, field: "reason", message: t.attemptGrants.reasonTooLong };
  return transaction(async () => {
    const [course] = await db()
      .select({ id: courses.id, epoch: courses.epoch })
      .from(courses)
      .where(eq(courses.id, input.courseId))
      .limit(1);
    if (!course) return { ok: false, field: "course", message: t.attemptGrants.noCourse } as const;
    if ("officialId" in input.target) {
      const [person] = await db().select({ id: officials.id }).from(officials).where(eq(officials.id, input.target.officialId)).limit(1);
      if (!person) return { ok: false, field: "target", message: t.attemptGrants.noPerson } as const;
    } else {
      const [unit] = await db()
        .select({ id: units.id, validTo: units.validTo })
        .from(units)
        .where(eq(units.id, input.target.unitId))
        .limit(1);
      if (!unit || unit.validTo !== null) return { ok: false, field: "target", message: t.attemptGrants.noUnit } as const;
    }
    const [grant] = await db()
      .insert(attemptGrants)
      .values({
        courseId: course.id,
        epoch: course.epoch,
        officialId: "officialId" in input.target ? input.target.officialId : null,
        unitId: "unitId" in input.target ? input.target.unitId : null,
        count: input.count,
        reason,
        grantedBy: actor.id,
      })
      .returning();
    // The people it covers today are told, in this transaction (decision 0030).
    await notifyGrant(grant!);
    await audit(actor.id, "quiz.grant-attempts", "course", String(course.id), {
      epoch: course.epoch,
      ...input.target,
      count: input.count,
      reason,
    });
    return { ok: true, grant: grant! } as const;
  });
}

/** The current units a (possibly closed) unit row stands for today: itself, or its successors' current rows. */
async function currentUnitsFor(unitIds: number[]): Promise<Map<number, Pick<Unit, "path">[]>> {
  const out = new Map<number, Pick<Unit, "path">[]>();
  for (const start of new Set(unitIds)) {
    const found: Pick<Unit, "path">[] = [];
    let frontier = [start];
    const seen = new Set<number>();
    // A chain of reorganisations is short; the bound only guards against a malformed cycle.
    for (let depth = 0; frontier.length && depth < 20; depth++) {
      frontier = frontier.filter((id) => !seen.has(id));
      frontier.forEach((id) => seen.add(id));
      if (!frontier.length) break;
      const rows = await db()
        .select({
          id: units.id,
          path: units.path,
          validTo: units.validTo,
          successorId: units.successorId,
          successorIds: units.successorIds,
        })
        .from(units)
        .where(inArray(units.id, frontier));
      const next: number[] = [];
      for (const r of rows) {
        if (r.validTo === null) found.push({ path: r.path });
        else next.push(...(r.successorIds?.length ? r.successorIds : r.successorId !== null ? [r.successorId] : []));
      }
      frontier = next;
    }
    out.set(start, found);
  }
  return out;
}

/** The grants that apply to this official for this course epoch, oldest first. */
export async function grantsFor(officialId: number, courseId: number, epoch: number): Promise<Grant[]> {
  const all = await db()
    .select()
    .from(attemptGrants)
    .where(and(eq(attemptGrants.courseId, courseId), eq(attemptGrants.epoch, epoch)))
    .orderBy(asc(attemptGrants.id));
  if (!all.length) return [];
  const unitGrants = all.filter((g) => g.unitId !== null);
  let personPath: string | null = null;
  let resolved = new Map<number, Pick<Unit, "path">[]>();
  if (unitGrants.length) {
    const [person] = await db()
      .select({ path: units.path })
      .from(officials)
      .innerJoin(units, eq(units.id, officials.unitId))
      .where(eq(officials.id, officialId))
      .limit(1);
    personPath = person?.path ?? null;
    resolved = await currentUnitsFor(unitGrants.map((g) => g.unitId!));
  }
  return all.filter((g) => {
    if (g.officialId !== null) return g.officialId === officialId;
    if (personPath === null) return false;
    return (resolved.get(g.unitId!) ?? []).some((u) => isWithin(u, { path: personPath! }));
  });
}

/** How many extra attempts this official has for the course epoch (0 without any grant). */
export async function extraAttempts(officialId: number, courseId: number, epoch: number): Promise<number> {
  return (await grantsFor(officialId, courseId, epoch)).reduce((sum, g) => sum + g.count, 0);
}

/** Grants of a course's current epoch, newest first, for the trainer's page. */
export async function grantsOfCourse(courseId: number, epoch: number) {
  return db()
    .select({
      id: attemptGrants.id,
      count: attemptGrants.count,
      reason: attemptGrants.reason,
      grantedAt: attemptGrants.grantedAt,
      officialId: attemptGrants.officialId,
      unitId: attemptGrants.unitId,
      personHo: officials.ho,
      personDem: officials.dem,
      personTen: officials.ten,
      unitName: units.name,
    })
    .from(attemptGrants)
    .leftJoin(officials, eq(officials.id, attemptGrants.officialId))
    .leftJoin(units, eq(units.id, attemptGrants.unitId))
    .where(and(eq(attemptGrants.courseId, courseId), eq(attemptGrants.epoch, epoch)))
    .orderBy(desc(attemptGrants.id));
}
