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
// dryRun() runs the same code in a transaction that is rolled back, and returns what would change.
import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db } from "~/db/client.server";
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
export function dryRun(run: (changes: Changes) => unknown): Changes {
  try {
    db().transaction(() => {
      const changes = newChanges();
      run(changes);
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
export function applyPlan(expected: string, run: (changes: Changes) => unknown): { applied: boolean; changes: Changes } {
  try {
    return db().transaction(() => {
      const changes = newChanges();
      run(changes);
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
export function requireCurrentUnit(id: unknown, field: string): Unit {
  const n = typeof id === "number" ? id : typeof id === "string" && /^\d{1,12}$/.test(id.trim()) ? Number(id) : NaN;
  if (typeof id === "string" && id.trim() === "") throw new ReorgError(R().pickUnit, field);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ReorgError(R().unknownUnit, field);
  const unit = getUnit(n);
  if (!unit) throw new ReorgError(R().unknownUnit, field);
  if (unit.validTo !== null) throw new ReorgError(R().closedUnit(unit.name, formatDate(unit.validTo)), field);
  return unit;
}

function checkDay(day: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(new Date(`${day}T00:00:00Z`).getTime())) throw new ReorgError(R().badDay, "day");
}

/** The day may not fall before the start of any current unit the change closes or uses. */
function checkNotBefore(day: string, roots: Unit[]) {
  for (const root of roots) {
    for (const u of subtree(root)) {
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
// The steps every operation is made of

function close(unit: Unit, day: string, change: UnitChange, successorIds: number[], ch: Changes) {
  db()
    .update(units)
    .set({ validTo: day, successorId: successorIds[0] ?? null, successorIds, closedBy: change })
    .where(eq(units.id, unit.id))
    .run();
  ch.closed.push({ code: unit.code, name: unit.name, change });
}

function setSuccessors(unit: Unit, successorIds: number[]) {
  db()
    .update(units)
    .set({ successorId: successorIds[0] ?? null, successorIds })
    .where(eq(units.id, unit.id))
    .run();
}

function open(input: { code: string; name: string; kind: UnitKind; parentId: number | null }, day: string, ch: Changes): Unit {
  const fresh = createUnit({ ...input, validFrom: day });
  ch.opened.push({ code: fresh.code, name: fresh.name, parent: input.parentId ? (getUnit(input.parentId)?.name ?? null) : null });
  return fresh;
}

/** Officials of `from` (active ones carry their figures) now belong to `to`, from `day` on. */
function moveMember(o: typeof officials.$inferSelect, from: Unit, to: Unit, day: string, ch: Changes) {
  db()
    .update(memberships)
    .set({ validTo: day })
    .where(and(eq(memberships.officialId, o.id), isNull(memberships.validTo)))
    .run();
  db().insert(memberships).values({ officialId: o.id, unitId: to.id, validFrom: day }).run();
  db().update(officials).set({ unitId: to.id, updatedAt: new Date().toISOString() }).where(eq(officials.id, o.id)).run();
  if (o.active) shiftOfficial(o.id, from.path, to.path, day);
  ch.officialsMoved++;
}

function moveMembers(from: Unit, to: Unit, day: string, ch: Changes) {
  for (const o of db().select().from(officials).where(eq(officials.unitId, from.id)).all()) moveMember(o, from, to, day, ch);
}

function managerRolesOn(unitId: number) {
  return db()
    .select({ officialId: officialRoles.officialId, ho: officials.ho, dem: officials.dem, ten: officials.ten })
    .from(officialRoles)
    .innerJoin(officials, eq(officials.id, officialRoles.officialId))
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, unitId)))
    .all();
}

/** Manager scopes on `from` now name `to` (the same unit's new row, or the merged unit). */
function carryScopes(from: Unit, to: Unit, ch: Changes) {
  const roles = managerRolesOn(from.id);
  if (roles.length === 0) return;
  db()
    .update(officialRoles)
    .set({ scopeUnitId: to.id })
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, from.id)))
    .run();
  for (const r of roles) ch.scopesCarried.push({ person: fullName(r), from: from.name, to: to.name });
}

/** No single successor: the role keeps the old unit for the record and grants nothing until an administrator chooses. */
function flagScopes(from: Unit, ch: Changes) {
  const roles = managerRolesOn(from.id);
  if (roles.length === 0) return;
  db()
    .update(officialRoles)
    .set({ scopeNeedsReview: true })
    .where(and(eq(officialRoles.role, "manager"), eq(officialRoles.scopeUnitId, from.id)))
    .run();
  for (const r of roles) ch.scopesFlagged.push({ person: fullName(r), unit: from.name });
}

function targetsOn(unitId: number) {
  return db()
    .select({ id: courseTargets.id, course: courses.title })
    .from(courseTargets)
    .innerJoin(courses, eq(courses.id, courseTargets.courseId))
    .where(eq(courseTargets.unitId, unitId))
    .all();
}

function carryTargets(from: Unit, to: Unit | null, ch: Changes) {
  const rows = targetsOn(from.id);
  if (rows.length === 0) return;
  if (to) {
    db().update(courseTargets).set({ unitId: to.id }).where(eq(courseTargets.unitId, from.id)).run();
    for (const r of rows) ch.targetsCarried.push({ course: r.course, from: from.name, to: to.name });
  } else {
    for (const r of rows) ch.targetsLeft.push({ course: r.course, unit: from.name });
  }
}

/** A fresh row for `unit` under `parent` (same code, name, kind), its subtree after it: "the same unit", moved. */
function reopen(unit: Unit, parent: Unit | null, day: string, ch: Changes): Unit {
  const children = currentChildren(unit.id);
  close(unit, day, "move", [], ch);
  const fresh = open({ code: unit.code, name: unit.name, kind: unit.kind, parentId: parent?.id ?? null }, day, ch);
  setSuccessors(unit, [fresh.id]);
  moveMembers(unit, fresh, day, ch);
  carryScopes(unit, fresh, ch);
  carryTargets(unit, fresh, ch);
  for (const child of children) reopen(child, fresh, day, ch);
  return fresh;
}

// ---------------------------------------------------------------------------------------------
// Operations

/** Renaming keeps the unit's place (and its id, so scopes and targets stay): the old name stays in the audit log. */
export function renameUnit(unitId: unknown, rawName: string, by: number | null, ch: Changes = newChanges()) {
  const unit = requireCurrentUnit(unitId, "unitId");
  const name = checkName(rawName);
  if (name === unit.name) throw new ReorgError(R().sameName, "name");
  db().transaction(() => {
    db().update(units).set({ name }).where(eq(units.id, unit.id)).run();
    ch.renamed.push({ code: unit.code, from: unit.name, to: name });
    audit(by, "unit.rename", "unit", unit.code, { from: unit.name, to: name });
  });
}

/** Moves a unit and everything under it to a new parent from `day` on. */
export function moveUnit(unitId: unknown, newParentId: unknown, day: string, by: number | null, ch: Changes = newChanges()): Unit {
  const unit = requireCurrentUnit(unitId, "unitId");
  const parent = requireCurrentUnit(newParentId, "parentId");
  if (isWithin(unit, parent)) throw new ReorgError(R().intoItself, "parentId");
  if (unit.parentId === parent.id) throw new ReorgError(R().alreadyUnder(parent.name), "parentId");
  checkDay(day);
  checkNotBefore(day, [unit, parent]);
  return db().transaction(() => {
    const moved = reopen(unit, parent, day, ch);
    audit(by, "unit.move", "unit", unit.code, { to: parent.code, day });
    return moved;
  });
}

/**
 * A and B (…) become C, from `day` on; C sits under the first unit's parent. With one unit (the 2025
 * example's province): A is renamed and recoded as C, its history kept under A.
 */
export function mergeUnits(
  unitIds: unknown[],
  target: { name: string; code: string; kind?: UnitKind },
  day: string,
  by: number | null,
  ch: Changes = newChanges(),
): Unit {
  if (unitIds.length < 1) throw new ReorgError(R().pickTwo, "unitIds");
  const olds = unitIds.map((id) => requireCurrentUnit(id, "unitIds"));
  if (new Set(olds.map((o) => o.id)).size !== olds.length) throw new ReorgError(R().pickedTwice, "unitIds");
  for (const a of olds) {
    for (const b of olds) {
      if (a.id !== b.id && isWithin(a, b)) throw new ReorgError(R().nested(b.name, a.name), "unitIds");
    }
  }
  const name = checkName(target.name);
  const code = checkCode(target.code);
  checkDay(day);
  checkNotBefore(day, olds);
  const clash = getUnitByCode(code);
  if (clash && !olds.some((o) => o.id === clash.id)) throw new ReorgError(R().codeTaken(code, clash.name), "code");
  return db().transaction(() => {
    const movedBefore = ch.officialsMoved;
    const parentId = olds[0]!.parentId;
    const children = olds.flatMap((o) => currentChildren(o.id));
    // The new unit's code may be one of the old ones: close those first.
    for (const o of olds) close(o, day, "merge", [], ch);
    const merged = open({ code, name, kind: target.kind ?? olds[0]!.kind, parentId }, day, ch);
    for (const o of olds) {
      setSuccessors(o, [merged.id]);
      moveMembers(o, merged, day, ch);
      carryScopes(o, merged, ch);
      carryTargets(o, merged, ch);
    }
    for (const child of children) reopen(child, merged, day, ch);
    audit(by, "unit.merge", "unit", merged.code, { from: olds.map((o) => o.code), people: ch.officialsMoved - movedBefore, day });
    return merged;
  });
}

export type SplitPart = { name: string; code?: string; kind?: UnitKind | ""; staffCodes: string[] };

/**
 * A becomes B and C (…): officials go to the part that lists their staff code, the rest to the first
 * part; units under A go under the first part. Manager scopes on A are flagged (no single successor).
 */
export function splitUnit(unitId: unknown, parts: SplitPart[], day: string, by: number | null, ch: Changes = newChanges()): Unit[] {
  const old = requireCurrentUnit(unitId, "unitId");
  if (parts.length < 2) throw new ReorgError(R().twoParts, "parts");
  const people = db().select().from(officials).where(eq(officials.unitId, old.id)).all();
  const byStaffCode = new Map(people.map((o) => [o.staffCode.toUpperCase(), o]));
  const codes = new Set<string>();
  const listed = new Set<string>();
  const checked = parts.map((p, i) => {
    const name = checkName(p.name, `parts.${i}.name`);
    const code = checkCode(p.code?.trim() ? p.code : `${old.code}-${i + 1}`, `parts.${i}.code`);
    const clash = getUnitByCode(code);
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
    return { name, code, kind: kind as UnitKind, staff: new Set(p.staffCodes.map((s) => s.trim().toUpperCase())) };
  });
  checkDay(day);
  checkNotBefore(day, [old]);
  return db().transaction(() => {
    const children = currentChildren(old.id);
    close(old, day, "split", [], ch);
    const fresh = checked.map((p) => open({ code: p.code, name: p.name, kind: p.kind, parentId: old.parentId }, day, ch));
    setSuccessors(
      old,
      fresh.map((f) => f.id),
    );
    for (const o of people) {
      const index = checked.findIndex((p) => p.staff.has(o.staffCode.toUpperCase()));
      moveMember(o, old, fresh[Math.max(0, index)]!, day, ch);
    }
    flagScopes(old, ch);
    carryTargets(old, null, ch);
    for (const child of children) reopen(child, fresh[0]!, day, ch);
    audit(by, "unit.split", "unit", old.code, { into: checked.map((p) => p.code), day });
    return fresh;
  });
}

/** Every unit of a kind under `rootId` disappears; its children and its officials move up to its parent. */
export function abolishTier(rootId: unknown, kind: UnitKind, day: string, by: number | null, ch: Changes = newChanges()) {
  const root = requireCurrentUnit(rootId, "unitId");
  checkDay(day);
  const tier = db()
    .select()
    .from(units)
    .where(and(eq(units.kind, kind), isNull(units.validTo)))
    .all()
    .filter((u) => u.path.startsWith(root.path) && u.id !== root.id);
  checkNotBefore(day, tier);
  return db().transaction(() => {
    for (const unit of tier) {
      const parent = unit.parentId ? getUnit(unit.parentId)! : null;
      for (const child of currentChildren(unit.id)) reopen(child, parent, day, ch);
      if (parent) moveMembers(unit, parent, day, ch);
      close(unit, day, "abolish", parent ? [parent.id] : [], ch);
      // The parent is a successor for history's sake, not a scope: managing it would be wider than granted.
      flagScopes(unit, ch);
      carryTargets(unit, null, ch);
    }
    audit(by, "unit.abolish-tier", "unit", root.code, { kind, units: tier.map((u) => u.code), day });
    return tier.length;
  });
}
