// Reorganisations with an effective date: move, merge, split (and rename). Units are never edited in
// their place in the tree: the old rows are closed (valid_to, successor_id, closed_by) and new rows
// opened, so a report for a date before the change sees the tree as it was. Officials move with their
// whole history; their report figures move with them on the effective day (shiftOfficial), so nothing
// is counted twice or lost: the ancestors common to old and new places see no change at all.
//
// Each operation is one transaction, and carries what points at a unit along with it:
//  - manager scopes: move/rename → the same unit (its new row), merge → the merged unit; split or an
//    abolished tier → the role keeps the old unit and is flagged "needs a new scope" (grants nothing);
//  - completion targets: move → the new row, merge → the merged unit; split or abolished → left on
//    the closed unit (history) and listed in the dry run.
// Every operation first checks its input and refuses nonsense with a ReorgError naming the form field.
// The checks run inside the operation's transaction, after lock("units"): on PostgreSQL two
// reorganisations (from two app processes) never decide from a tree the other is changing.
// dryRun() runs the same code in a transaction that is rolled back, and returns what would change.
import { createHash } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db, lock, transaction } from "~/db/client.server";
import {
  courses,
  courseTargets,
  memberships,
  officialRoles,
  officials,
  units,
  UNIT_KINDS,
  type UnitChange,
  type UnitKind,
} from "~/db/schema";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import { shiftOfficial } from "~/figures/rollups.server";
import { carryAudience } from "~/assignments/members.server";
import { createUnit, currentChildren, getUnit, getUnitByCode, isWithin, subtree, type Unit } from "./tree.server";

export const NAME_MAX = 200;
export const CODE_MAX = 40;
const CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
/** Kinds a split part may take (a country is never the result of a split). */
export const PART_KINDS = UNIT_KINDS.filter((k) => k !== "country");

/** A refusal, in Vietnamese, for one form field (e.g. "unitId", "day", "parts.1.code"). */
export class ReorgError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
  ) {
    super(message);
  }
}

/** What a reorganisation changed (or, in a dry run, would change). */
export type Changes = {
  closed: { code: string; name: string; change: UnitChange }[];
  opened: { code: string; name: string; parent: string | null }[];
  renamed: { code: string; from: string; to: string }[];
  officialsMoved: number;
  scopesCarried: { person: string; from: string; to: string }[];
  scopesFlagged: { person: string; unit: string }[];
  targetsCarried: { course: string; from: string; to: string }[];
  targetsLeft: { course: string; unit: string }[];
  /** Assignments whose audience named a closed unit, now naming its successors (docs/decisions/0027). */
  assignmentsCarried: { course: string; from: string; to: string }[];
};

export function newChanges(): Changes {
  return {
    closed: [],
    opened: [],
    renamed: [],
    officialsMoved: 0,
    scopesCarried: [],
    scopesFlagged: [],
    targetsCarried: [],
    targetsLeft: [],
    assignmentsCarried: [],
  };
}

/** A short fingerprint of a plan: "Áp dụng" applies only what the administrator saw. */
export function fingerprint(changes: Changes): string {
  return createHash("sha256").update(JSON.stringify(changes)).digest("hex").slice(0, 16);
}

class Rollback extends Error {
  constructor(readonly changes: Changes) {
    super("dry run");
  }
}

/** Runs a reorganisation and rolls it back: what it would change, or its ReorgError. */
export async function dryRun(run: (changes: Changes) => Promise<unknown>): Promise<Changes> {
  try {
    await transaction(async () => {
      await lock("units");
      const changes = newChanges();
      await run(changes);
      throw new Rollback(changes);
    });
  } catch (error) {
    if (error instanceof Rollback) return error.changes;
    throw error;
  }
  throw new Error("unreachable");
}

/**
 * Applies a reorganisation only when it still changes exactly what its dry run showed (fingerprint);
 * otherwise nothing is applied and the fresh plan comes back to be looked at again.
 */
export async function applyPlan(
  expected: string,
  run: (changes: Changes) => Promise<unknown>,
): Promise<{ applied: boolean; changes: Changes }> {
  try {
    return await transaction(async () => {
      await lock("units");
      const changes = newChanges();
      await run(changes);
      if (fingerprint(changes) !== expected) throw new Rollback(changes);
      return { applied: true, changes };
    });
  } catch (error) {
    if (error instanceof Rollback) return { applied: false, changes: error.changes };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

const R = () => t.reorganisation;

/** A current unit by id, or a field message: nothing chosen, unknown, or closed. */
export async function requireCurrentUnit(id: unknown, field: string): Promise<Unit> {
  const n = typeof id === "number" ? id : typeof id === "string" && /^\d{1,12}$/.test(id.trim()) ? Number(id) : NaN;
  if (typeof id === "string" && id.trim() === "") throw new ReorgError(R().pickUnit, field);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ReorgError(R().unknownUnit, field);
  const unit = await getUnit(n);
  if (!unit) throw new ReorgError(R().unknownUnit, field);
  if (unit.validTo !== null) throw new ReorgError(R().closedUnit(unit.name, formatDate(unit.validTo)), field);
  return unit;
}

function checkDay(day: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(new Date(`${day}T00:00:00Z`).getTime())) throw new ReorgError(R().badDay, "day");
}

/** The day may not fall before the start of any current unit the change closes or uses. */
async function checkNotBefore(day: string, roots: Unit[]) {
  for (const root of roots) {
    for (const u of await subtree(root)) {
      if (u.validTo === null && day < u.validFrom)
        throw new ReorgError(R().beforeStart(formatDate(day), u.name, formatDate(u.validFrom)), "day");
    }
  }
}

export function checkName(raw: string, field = "name"): string {
  const name = raw.replace(/\s+/g, " ").trim();
  if (!name) throw new ReorgError(R().nameRequired, field);
  if (name.length > NAME_MAX) throw new ReorgError(R().nameTooLong(NAME_MAX), field);
  return name;
}

export function checkCode(raw: string, field = "code"): string {
  const code = raw.trim();
  if (!code) throw new ReorgError(R().codeRequired, field);
  if (code.length > CODE_MAX) throw new ReorgError(R().codeTooLong(CODE_MAX), field);
  if (!CODE_PATTERN.test(code)) throw new ReorgError(R().codeChars, field);
  return code;
}

// ---------------------------------------------------------------------------------------------
// The steps every operation is made of (called inside the operation's transaction)

async function close(unit: Unit, day: string, change: UnitChange, successorIds: number[], ch: Changes) {
  await db()
    .update(units)
    .set({ validTo: day, successorId: successorIds[0] ?? null, successorIds, closedBy: change })
    .where(eq(units.id, unit.id));
  ch.closed.push({ code: unit.code, name: unit.name, change });
}

async function setSuccessors(unit: Unit, successorIds: number[]) {
  await db()
    .update(units)
    .set({ successorId: successorIds[0] ?? null, successorIds })
    .where(eq(units.id, unit.id));
}

async function open(
  input: { code: string; name: string; kind: UnitKind; parentId: number | null },
  day: string,
  ch: Changes,
): Promise<Unit> {
  const fresh = await createUnit({ ...input, validFrom: day });
  ch.opened.push({ code: fresh.code, name: fresh.name, parent: input.parentId ? ((await getUnit(input.parentId))?.name ?? null) : null });
  return fresh;
}

/** Officials of `from` (active ones carry their figures) now belong to `to`, from `day` on. */
async function moveMember(o: typeof officials.$inferSelect, from: Unit, to: Unit, day: string, ch: Changes) {
  // Not while a lesson or quiz of this person is being recorded (its figures go to one place or the other).
  await lock("official", o.id);
  await db()
    .update(memberships)
    .set({ validTo: day })
    .where(and(eq(memberships.officialId, o.id), isNull(memberships.validTo)));
  await db().insert(memberships).values({ officialId: o.id, unitId: to.id, validFrom: day });
  await db().update(officials).set({ unitId: to.id, updatedAt: new Date().toISOString() }).where(eq(officials.id, o.id));
  if (o.active) await shiftOfficial(o.id, from.path, to.path, day);
  ch.officialsMoved++;
}

async function moveMembers(from: Unit, to: Unit, day: string, ch: Changes) {
  const people = await db().select().from(officials).where(eq(officials.unitId, from.id)).orderBy(asc(officials.id));
  for (const o of people) await moveMember(o, from, to, day, ch);
}

async function managerRolesOn(unitId: number) {
  return db()
    .select({ officialId: officialRoles.officialId, ho: officials.ho, dem: officials.dem, ten: officials.ten })
    .from(officialRoles)
    .innerJoin(officials, eq(officials.id, officialRoles.officialId))
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, unitId)))
    .orderBy(asc(officialRoles.officialId));
}

/** Manager scopes on `from` now name `to` (the same unit's new row, or the merged unit). */
async function carryScopes(from: Unit, to: Unit, ch: Changes) {
  const roles = await managerRolesOn(from.id);
  if (roles.length === 0) return;
  await db()
    .update(officialRoles)
    .set({ scopeUnitId: to.id })
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, from.id)));
  for (const r of roles) ch.scopesCarried.push({ person: fullName(r), from: from.name, to: to.name });
}

/** No single successor: the role keeps the old unit for the record and grants nothing until an administrator chooses. */
async function flagScopes(from: Unit, ch: Changes) {
  const roles = await managerRolesOn(from.id);
  if (roles.length === 0) return;
  await db()
    .update(officialRoles)
    .set({ scopeNeedsReview: true })
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, from.id)));
  for (const r of roles) ch.scopesFlagged.push({ person: fullName(r), unit: from.name });
}

async function targetsOn(unitId: number) {
  return db()
    .select({ id: courseTargets.id, course: courses.title })
    .from(courseTargets)
    .innerJoin(courses, eq(courses.id, courseTargets.courseId))
    .where(eq(courseTargets.unitId, unitId))
    .orderBy(asc(courseTargets.id));
}

async function carryTargets(from: Unit, to: Unit | null, ch: Changes) {
  const rows = await targetsOn(from.id);
  if (rows.length === 0) return;
  if (to) {
    await db().update(courseTargets).set({ unitId: to.id }).where(eq(courseTargets.unitId, from.id));
    for (const r of rows) ch.targetsCarried.push({ course: r.course, from: from.name, to: to.name });
  } else {
    for (const r of rows) ch.targetsLeft.push({ course: r.course, unit: from.name });
  }
}

/** Assignments whose audience names `from` name its successors instead (people stay assigned as they were). */
async function carryAssignments(from: Unit, to: Unit[], ch: Changes) {
  if (to.length === 0) return;
  const carried = await carryAudience(
    from.id,
    to.map((u) => u.id),
  );
  for (const c of carried) ch.assignmentsCarried.push({ course: c.course, from: from.name, to: to.map((u) => u.name).join(", ") });
}

/** A fresh row for `unit` under `parent` (same code, name, kind), its subtree after it: "the same unit", moved. */
async function reopen(unit: Unit, parent: Unit | null, day: string, ch: Changes): Promise<Unit> {
  const children = await currentChildren(unit.id);
  await close(unit, day, "move", [], ch);
  const fresh = await open({ code: unit.code, name: unit.name, kind: unit.kind, parentId: parent?.id ?? null }, day, ch);
  await setSuccessors(unit, [fresh.id]);
  await moveMembers(unit, fresh, day, ch);
  await carryScopes(unit, fresh, ch);
  await carryTargets(unit, fresh, ch);
  await carryAssignments(unit, [fresh], ch);
  for (const child of children) await reopen(child, fresh, day, ch);
  return fresh;
}

// ---------------------------------------------------------------------------------------------
// Operations: each one transaction, lock("units") first, then its checks, then its writes.

/** Renaming keeps the unit's place (and its id, so scopes and targets stay): the old name stays in the audit log. */
export async function renameUnit(unitId: unknown, rawName: string, by: number | null, ch: Changes = newChanges()) {
  await transaction(async () => {
    await lock("units");
    const unit = await requireCurrentUnit(unitId, "unitId");
    const name = checkName(rawName);
    if (name === unit.name) throw new ReorgError(R().sameName, "name");
    await db().update(units).set({ name }).where(eq(units.id, unit.id));
    ch.renamed.push({ code: unit.code, from: unit.name, to: name });
    await audit(by, "unit.rename", "unit", unit.code, { from: unit.name, to: name });
  });
}

/** Moves a unit and everything under it to a new parent from `day` on. */
export async function moveUnit(
  unitId: unknown,
  newParentId: unknown,
  day: string,
  by: number | null,
  ch: Changes = newChanges(),
): Promise<Unit> {
  return transaction(async () => {
    await lock("units");
    const unit = await requireCurrentUnit(unitId, "unitId");
    const parent = await requireCurrentUnit(newParentId, "parentId");
    if (isWithin(unit, parent)) throw new ReorgError(R().intoItself, "parentId");
    if (unit.parentId === parent.id) throw new ReorgError(R().alreadyUnder(parent.name), "parentId");
    checkDay(day);
    await checkNotBefore(day, [unit, parent]);
    const moved = await reopen(unit, parent, day, ch);
    await audit(by, "unit.move", "unit", unit.code, { to: parent.code, day });
    return moved;
  });
}

/**
 * A and B (…) become C, from `day` on; C sits under the first unit's parent. With one unit (the 2025
 * example's province): A is renamed and recoded as C, its history kept under A.
 */
export async function mergeUnits(
  unitIds: unknown[],
  target: { name: string; code: string; kind?: UnitKind },
  day: string,
  by: number | null,
  ch: Changes = newChanges(),
): Promise<Unit> {
  return transaction(async () => {
    await lock("units");
    if (unitIds.length < 1) throw new ReorgError(R().pickTwo, "unitIds");
    const olds: Unit[] = [];
    for (const id of unitIds) olds.push(await requireCurrentUnit(id, "unitIds"));
    if (new Set(olds.map((o) => o.id)).size !== olds.length) throw new ReorgError(R().pickedTwice, "unitIds");
    for (const a of olds) {
      for (const b of olds) {
        if (a.id !== b.id && isWithin(a, b)) throw new ReorgError(R().nested(b.name, a.name), "unitIds");
      }
    }
    const name = checkName(target.name);
    const code = checkCode(target.code);
    checkDay(day);
    await checkNotBefore(day, olds);
    const clash = await getUnitByCode(code);
    if (clash && !olds.some((o) => o.id === clash.id)) throw new ReorgError(R().codeTaken(code, clash.name), "code");
    const movedBefore = ch.officialsMoved;
    const parentId = olds[0]!.parentId;
    const children: Unit[] = [];
    for (const o of olds) children.push(...(await currentChildren(o.id)));
    // The new unit's code may be one of the old ones: close those first.
    for (const o of olds) await close(o, day, "merge", [], ch);
    const merged = await open({ code, name, kind: target.kind ?? olds[0]!.kind, parentId }, day, ch);
    for (const o of olds) {
      await setSuccessors(o, [merged.id]);
      await moveMembers(o, merged, day, ch);
      await carryScopes(o, merged, ch);
      await carryTargets(o, merged, ch);
      await carryAssignments(o, [merged], ch);
    }
    for (const child of children) await reopen(child, merged, day, ch);
    await audit(by, "unit.merge", "unit", merged.code, { from: olds.map((o) => o.code), people: ch.officialsMoved - movedBefore, day });
    return merged;
  });
}

export type SplitPart = { name: string; code?: string; kind?: UnitKind | ""; staffCodes: string[] };

/**
 * A becomes B and C (…): officials go to the part that lists their staff code, the rest to the first
 * part; units under A go under the first part. Manager scopes on A are flagged (no single successor).
 */
export async function splitUnit(
  unitId: unknown,
  parts: SplitPart[],
  day: string,
  by: number | null,
  ch: Changes = newChanges(),
): Promise<Unit[]> {
  return transaction(async () => {
    await lock("units");
    const old = await requireCurrentUnit(unitId, "unitId");
    if (parts.length < 2) throw new ReorgError(R().twoParts, "parts");
    const people = await db().select().from(officials).where(eq(officials.unitId, old.id)).orderBy(asc(officials.id));
    const byStaffCode = new Map(people.map((o) => [o.staffCode.toUpperCase(), o]));
    const codes = new Set<string>();
    const listed = new Set<string>();
    const checked: { name: string; code: string; kind: UnitKind; staff: Set<string> }[] = [];
    for (const [i, p] of parts.entries()) {
      const name = checkName(p.name, `parts.${i}.name`);
      const code = checkCode(p.code?.trim() ? p.code : `${old.code}-${i + 1}`, `parts.${i}.code`);
      const clash = await getUnitByCode(code);
      if ((clash && clash.id !== old.id) || codes.has(code))
        throw new ReorgError(R().codeTaken(code, clash?.name ?? name), `parts.${i}.code`);
      codes.add(code);
      const kind = p.kind || old.kind;
      if (!(PART_KINDS as readonly string[]).includes(kind)) throw new ReorgError(R().badKind, `parts.${i}.kind`);
      for (const s of p.staffCodes) {
        const key = s.trim().toUpperCase();
        if (!byStaffCode.has(key)) throw new ReorgError(R().staffNotHere(s, old.name), `parts.${i}.staff`);
        if (listed.has(key)) throw new ReorgError(R().staffTwice(s), `parts.${i}.staff`);
        listed.add(key);
      }
      checked.push({ name, code, kind: kind as UnitKind, staff: new Set(p.staffCodes.map((s) => s.trim().toUpperCase())) });
    }
    checkDay(day);
    await checkNotBefore(day, [old]);
    const children = await currentChildren(old.id);
    await close(old, day, "split", [], ch);
    const fresh: Unit[] = [];
    for (const p of checked) fresh.push(await open({ code: p.code, name: p.name, kind: p.kind, parentId: old.parentId }, day, ch));
    await setSuccessors(
      old,
      fresh.map((f) => f.id),
    );
    for (const o of people) {
      const index = checked.findIndex((p) => p.staff.has(o.staffCode.toUpperCase()));
      await moveMember(o, old, fresh[Math.max(0, index)]!, day, ch);
    }
    await flagScopes(old, ch);
    await carryTargets(old, null, ch);
    await carryAssignments(old, fresh, ch);
    for (const child of children) await reopen(child, fresh[0]!, day, ch);
    await audit(by, "unit.split", "unit", old.code, { into: checked.map((p) => p.code), day });
    return fresh;
  });
}

/** Every unit of a kind under `rootId` disappears; its children and its officials move up to its parent. */
export async function abolishTier(rootId: unknown, kind: UnitKind, day: string, by: number | null, ch: Changes = newChanges()) {
  return transaction(async () => {
    await lock("units");
    const root = await requireCurrentUnit(rootId, "unitId");
    checkDay(day);
    const tier = (
      await db()
        .select()
        .from(units)
        .where(and(eq(units.kind, kind), isNull(units.validTo)))
        .orderBy(asc(units.id))
    ).filter((u) => u.path.startsWith(root.path) && u.id !== root.id);
    await checkNotBefore(day, tier);
    for (const unit of tier) {
      const parent = unit.parentId ? (await getUnit(unit.parentId))! : null;
      const heirs: Unit[] = [];
      for (const child of await currentChildren(unit.id)) heirs.push(await reopen(child, parent, day, ch));
      if (parent) await moveMembers(unit, parent, day, ch);
      await close(unit, day, "abolish", parent ? [parent.id] : [], ch);
      // The parent is a successor for history's sake, not a scope: managing it would be wider than granted.
      await flagScopes(unit, ch);
      await carryTargets(unit, null, ch);
      // An audience "the communes of this district" stays those communes (their new rows).
      await carryAssignments(unit, heirs, ch);
    }
    await audit(by, "unit.abolish-tier", "unit", root.code, { kind, units: tier.map((u) => u.code), day });
    return tier.length;
  });
}
