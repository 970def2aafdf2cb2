// Reorganisations with an effective date: move, merge, split (and rename). Units are never edited in
// their place in the tree: the old rows are closed (valid_to, successor_id) and new rows opened, so a
// report for a date before the change sees the tree as it was. Officials move with their whole
// history; their report figures move with them on the effective day (shiftOfficial), so nothing is
// counted twice or lost: the ancestors common to old and new places see no change at all.
// Each operation is one transaction.
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db } from "~/db/client.server";
import { memberships, officials, units, type UnitKind } from "~/db/schema";
import { shiftOfficial } from "~/reports/rollups.server";
import { createUnit, currentChildren, getUnit, getUnitByCode, type Unit } from "./tree.server";

export class ReorgError extends Error {}

function close(unit: Unit, day: string, successorId: number | null) {
  db().update(units).set({ validTo: day, successorId }).where(eq(units.id, unit.id)).run();
}

/** Officials of `from` (active ones carry their figures) now belong to `to`, from `day` on. */
function moveMembers(from: Unit, to: Unit, day: string) {
  const people = db().select().from(officials).where(eq(officials.unitId, from.id)).all();
  for (const o of people) {
    db().update(memberships).set({ validTo: day }).where(and(eq(memberships.officialId, o.id), isNull(memberships.validTo))).run();
    db().insert(memberships).values({ officialId: o.id, unitId: to.id, validFrom: day }).run();
    db().update(officials).set({ unitId: to.id, updatedAt: new Date().toISOString() }).where(eq(officials.id, o.id)).run();
    if (o.active) shiftOfficial(o.id, from.path, to.path, day);
  }
  return people.length;
}

/** A fresh row for `unit` under `parent` (same code, name, kind unless given), its subtree after it. */
function reopen(unit: Unit, parent: Unit | null, day: string, overrides: Partial<{ name: string; code: string; kind: UnitKind }> = {}): Unit {
  const children = currentChildren(unit.id);
  close(unit, day, null);
  const fresh = createUnit({
    code: overrides.code ?? unit.code,
    name: overrides.name ?? unit.name,
    kind: overrides.kind ?? unit.kind,
    parentId: parent?.id ?? null,
    validFrom: day,
  });
  db().update(units).set({ successorId: fresh.id }).where(eq(units.id, unit.id)).run();
  moveMembers(unit, fresh, day);
  for (const child of children) reopen(child, fresh, day);
  return fresh;
}

function current(id: number): Unit {
  const unit = getUnit(id);
  if (!unit || unit.validTo !== null) throw new ReorgError(`Đơn vị ${id} không còn hiệu lực.`);
  return unit;
}

function checkDay(day: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ReorgError("Ngày hiệu lực không hợp lệ.");
}

/** Renaming keeps the unit's place (and its id): the old name stays in the audit log. */
export function renameUnit(unitId: number, name: string, by: number | null) {
  const unit = current(unitId);
  db().update(units).set({ name }).where(eq(units.id, unit.id)).run();
  audit(by, "unit.rename", "unit", unit.code, { from: unit.name, to: name });
}

/** Moves a unit and everything under it to a new parent from `day` on. */
export function moveUnit(unitId: number, newParentId: number | null, day: string, by: number | null): Unit {
  checkDay(day);
  return db().transaction(() => {
    const unit = current(unitId);
    const parent = newParentId === null ? null : current(newParentId);
    if (parent && parent.path.startsWith(unit.path)) throw new ReorgError("Không thể chuyển một đơn vị vào bên trong chính nó.");
    const moved = reopen(unit, parent, day);
    audit(by, "unit.move", "unit", unit.code, { to: parent?.code ?? null, day });
    return moved;
  });
}

/** A and B (…) become C, from `day` on; C sits under the first unit's parent. With one unit: A is renamed and recoded as C, its history kept under A. */
export function mergeUnits(unitIds: number[], target: { name: string; code: string; kind?: UnitKind }, day: string, by: number | null): Unit {
  checkDay(day);
  if (unitIds.length < 1) throw new ReorgError("Cần ít nhất một đơn vị.");
  return db().transaction(() => {
    const olds = unitIds.map(current);
    const parentId = olds[0]!.parentId;
    const clash = getUnitByCode(target.code);
    if (clash && !olds.some((o) => o.id === clash.id)) throw new ReorgError(`Mã đơn vị ${target.code} đã được dùng.`);
    // The new unit's code may be one of the old ones: close those first.
    const children = olds.flatMap((o) => currentChildren(o.id));
    for (const o of olds) close(o, day, null);
    const merged = createUnit({ code: target.code, name: target.name, kind: target.kind ?? olds[0]!.kind, parentId, validFrom: day });
    let people = 0;
    for (const o of olds) {
      db().update(units).set({ successorId: merged.id }).where(eq(units.id, o.id)).run();
      people += moveMembers(o, merged, day);
    }
    for (const child of children) reopen(child, merged, day);
    audit(by, "unit.merge", "unit", merged.code, { from: olds.map((o) => o.code), people, day });
    return merged;
  });
}

/** A becomes B and C (…): officials go to the part that lists their staff code, the rest to the first part. */
export function splitUnit(
  unitId: number,
  parts: { name: string; code: string; staffCodes: string[] }[],
  day: string,
  by: number | null,
): Unit[] {
  checkDay(day);
  if (parts.length < 2) throw new ReorgError("Cần ít nhất hai đơn vị mới để chia tách.");
  return db().transaction(() => {
    const old = current(unitId);
    const children = currentChildren(old.id);
    close(old, day, null);
    const fresh = parts.map((p) => {
      if (getUnitByCode(p.code)) throw new ReorgError(`Mã đơn vị ${p.code} đã được dùng.`);
      return createUnit({ code: p.code, name: p.name, kind: old.kind, parentId: old.parentId, validFrom: day });
    });
    db().update(units).set({ successorId: fresh[0]!.id }).where(eq(units.id, old.id)).run();
    const people = db().select().from(officials).where(eq(officials.unitId, old.id)).all();
    for (const o of people) {
      const index = parts.findIndex((p) => p.staffCodes.includes(o.staffCode));
      const to = fresh[Math.max(0, index)]!;
      db().update(memberships).set({ validTo: day }).where(and(eq(memberships.officialId, o.id), isNull(memberships.validTo))).run();
      db().insert(memberships).values({ officialId: o.id, unitId: to.id, validFrom: day }).run();
      db().update(officials).set({ unitId: to.id }).where(eq(officials.id, o.id)).run();
      if (o.active) shiftOfficial(o.id, old.path, to.path, day);
    }
    for (const child of children) reopen(child, fresh[0]!, day);
    audit(by, "unit.split", "unit", old.code, { into: parts.map((p) => p.code), day });
    return fresh;
  });
}

/** Every unit of a kind under `rootId` disappears; its children move up to its parent. */
export function abolishTier(rootId: number, kind: UnitKind, day: string, by: number | null) {
  checkDay(day);
  return db().transaction(() => {
    const root = current(rootId);
    const tier = db()
      .select()
      .from(units)
      .where(and(eq(units.kind, kind), isNull(units.validTo)))
      .all()
      .filter((u) => u.path.startsWith(root.path) && u.id !== root.id);
    for (const unit of tier) {
      const parent = unit.parentId ? current(unit.parentId) : null;
      for (const child of currentChildren(unit.id)) reopen(child, parent, day);
      const remaining = db().select().from(officials).where(eq(officials.unitId, unit.id)).all().length;
      if (remaining > 0 && parent) moveMembers(unit, parent, day);
      close(unit, day, parent?.id ?? null);
    }
    audit(by, "unit.abolish-tier", "unit", root.code, { kind, units: tier.map((u) => u.code), day });
    return tier.length;
  });
}
