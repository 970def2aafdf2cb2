// Unit pickers that stay light at national scale (issue 19 item 3, docs/decisions/0050). Up to
// SELECT_LIMIT current units, a picker is a <select> of the whole tree, as before. Above it (a national
// deployment has about 3,400), the page sends no list: the picker is a text field where the unit is
// typed by name or code, resolved here on the server like a roster's unit column, with suggestions
// fetched as one types when JavaScript runs (/admin/units/suggest). The typed text travels as
// `<field>Text` beside the field's id, so a unit code made only of digits is never read as an id.
import { count, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { units } from "~/db/schema";
import { foldVietnamese } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { matchUnit, unitIndex } from "~/people/roster-import.server";
import type { FieldErrors } from "~/ui/field-errors";
import { currentUnitOptions } from "./tree-view.server";
import { getUnit, getUnitByCode, type Unit } from "./tree.server";
import type { UnitPickerData } from "./unit-picker";

/** A <select> of every current unit up to this many; a typed name or code above. */
export const SELECT_LIMIT = 400;
/** Suggestions sent for one typed text. */
export const SUGGESTIONS = 10;

/** What a page needs to draw its unit pickers: the list itself only when it is small enough to send. */
export async function unitPicker(limit = SELECT_LIMIT): Promise<UnitPickerData> {
  const [row] = await db().select({ n: count() }).from(units).where(isNull(units.validTo));
  if (Number(row?.n ?? 0) > limit) return { mode: "search" };
  return { mode: "select", units: await currentUnitOptions() };
}

/** How a chosen unit reads in a text picker, and what the server reads back: "Xã Tân Phước Tây (LA-TT-X02)". */
export function unitLabel(u: Pick<Unit, "name" | "code">): string {
  return `${u.name} (${u.code})`;
}

/**
 * A current unit from what was typed: its label ("Name (CODE)", as a suggestion fills it in), its code
 * (any case) or its name when only one current unit bears it; else the Vietnamese message saying why,
 * with the nearest names.
 */
export async function resolveUnitText(text: string): Promise<Unit | { message: string }> {
  const typed = text.trim().slice(0, 200);
  const labelled = /\(([^()\s]+)\)\s*$/.exec(typed)?.[1];
  for (const code of [labelled, typed].filter((c): c is string => !!c && !/\s/.test(c))) {
    const unit = (await getUnitByCode(code)) ?? (await getUnitByCode(code.toUpperCase()));
    if (unit) return unit;
  }
  // Not a code: the whole list, matched like a roster's unit column (code in any case, or a unique name),
  // then by its words: "bac hoa" is "Xã Bắc Hòa" when no other unit's name has both words.
  const index = await unitIndex(null);
  const name = labelled ? typed.slice(0, typed.lastIndexOf("(")).trim() : typed;
  const matched = matchUnit(index, name);
  if (!("message" in matched)) return matched;
  const words = foldVietnamese(name).split(" ").filter(Boolean);
  const hits = [...index.byCode.values()].filter((u) => {
    const own = foldVietnamese(u.name).split(" ");
    return words.length > 0 && words.every((w) => own.includes(w));
  });
  return hits.length === 1 ? hits[0]! : matched;
}

/**
 * The unit of one picker in a submitted form or query: its typed text (`<name>Text`) when there is one,
 * else its id (`<name>`). A current unit, `null` when nothing was chosen, or the message for the field.
 */
export async function chosenUnit(get: (name: string) => unknown, name: string): Promise<Unit | null | { message: string }> {
  const text = get(`${name}Text`);
  if (typeof text === "string" && text.trim() !== "") return resolveUnitText(text);
  const raw = get(name);
  if (typeof raw !== "string" || raw.trim() === "") return null;
  const id = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  const unit = Number.isSafeInteger(id) ? await getUnit(id) : undefined;
  return unit && unit.validTo === null ? unit : { message: t.inputs.unknownUnit };
}

/**
 * Resolves each named picker of a posted form in place: a typed unit becomes its id under the field's
 * own name, so the form's schema reads a number whichever picker was drawn. Returns a message per
 * field that could not be resolved (the schema's own message is then replaced by the clearer one).
 */
export async function resolveUnitFields(form: FormData, names: string[]): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const name of names) {
    const text = form.get(`${name}Text`);
    if (typeof text !== "string" || text.trim() === "") continue;
    const unit = await resolveUnitText(text);
    if ("message" in unit) {
      errors[name] = unit.message;
      form.delete(name);
    } else form.set(name, String(unit.id));
  }
  return errors;
}

/** Up to SUGGESTIONS current units whose name has every typed word (diacritics ignored) or whose code starts with the text. */
export async function suggestUnits(text: string): Promise<{ id: number; label: string }[]> {
  const typed = text.trim().slice(0, 100);
  if (typed.length < 2) return [];
  const words = foldVietnamese(typed).split(" ").filter(Boolean);
  const code = typed.toLowerCase();
  const index = await unitIndex(null);
  const found: Unit[] = [];
  for (const u of index.byCode.values()) {
    const name = foldVietnamese(u.name);
    if (u.code.toLowerCase().startsWith(code) || words.every((w) => name.includes(w))) found.push(u);
  }
  // Whole-name and code matches first, then shorter names (a commune before the wards that contain its name).
  const exact = (u: Unit) => (u.code.toLowerCase() === code || foldVietnamese(u.name) === words.join(" ") ? 0 : 1);
  return found
    .sort((a, b) => exact(a) - exact(b) || a.name.length - b.name.length || a.id - b.id)
    .slice(0, SUGGESTIONS)
    .map((u) => ({ id: u.id, label: unitLabel(u) }));
}
