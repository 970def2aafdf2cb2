// The assignment pages' server side (issue 15 item 1): who may use them, the actor the domain
// expects, the units a viewer is offered, and the create and edit forms read into the domain's input
// with one Vietnamese message per field. Every input is bounded in size before it is looked at.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { isAdmin, scopeRoot } from "~/auth/permissions.server";
import { forbidden, requireUser, type SessionUser } from "~/auth/session.server";
import { rows } from "~/db/client.server";
import { NO_DUE_DAY, ROLES, type Role } from "~/db/schema.shared";
import { t } from "~/i18n/vi";
import { parseDay } from "~/reports/query.server";
import { reportCourses } from "~/reports/unit-report.server";
import { type FieldErrors } from "~/ui/form.server";
import { rootUnit, subtree, type Unit } from "~/units/tree.server";
import type { UnitOption } from "~/units/unit-options";
import {
  DEFAULT_GRACE_DAYS,
  MAX_NOTE,
  MAX_PEOPLE,
  MAX_PEOPLE_TEXT,
  MAX_POSITION_LENGTH,
  MAX_POSITIONS,
  MAX_POSITIONS_TEXT,
  MAX_UNITS,
  type CreateValues,
  type EditValues,
} from "./assignment-form";
import type { Actor, AssignmentInput } from "./assignments.server";

const F = () => t.assignmentForms;

export type Assigner = { user: SessionUser; actor: Actor; root: Unit };

/**
 * Administrators (any unit) and managers with a current managed unit (their subtree); anyone else
 * 403. `root` is the top of what they may assign: the tree's root for administrators.
 */
export async function requireAssigner(request: Request): Promise<Assigner> {
  const user = await requireUser(request);
  const admin = isAdmin(user);
  if (!admin && !user.roles.includes("manager")) forbidden();
  const root = admin ? await rootUnit() : await scopeRoot(user);
  if (!root) forbidden();
  return { user, actor: { id: user.id, admin, scopePath: admin ? (root.path ?? null) : root.path }, root };
}

/** The current units the assigner may choose: their subtree only, indented from its top. */
export async function unitChoices(root: Unit): Promise<UnitOption[]> {
  return (await subtree(root))
    .filter((u) => u.validTo === null)
    .map((u) => ({ id: u.id, name: u.name, code: u.code, depth: u.depth - root.depth }));
}

const text = (form: FormData, name: string, max: number) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};
const texts = (form: FormData, name: string, maxCount: number, maxLength: number) =>
  form
    .getAll(name)
    .filter((v): v is string => typeof v === "string")
    .slice(0, maxCount + 1)
    .map((v) => v.slice(0, maxLength));

/** The typed values, cut to their limits (so an error page never echoes megabytes back). */
export function createValues(form: FormData): CreateValues {
  return {
    courseId: text(form, "courseId", 20),
    unitIds: texts(form, "unitIds", MAX_UNITS, 20),
    people: text(form, "people", MAX_PEOPLE_TEXT + 1),
    positions: text(form, "positions", MAX_POSITIONS_TEXT + 1),
    roles: texts(form, "roles", ROLES.length, 20),
    startOn: text(form, "startOn", 40),
    dueOn: text(form, "dueOn", 40),
    graceDays: text(form, "graceDays", 20),
    note: text(form, "note", MAX_NOTE + 1),
  };
}

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Staff codes as typed, split on spaces, commas, semicolons and new lines; upper-cased, unique. */
export function splitCodes(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** Positions, one a line, trimmed, empty lines dropped. */
export function splitLines(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}

function dates(values: { startOn: string; dueOn: string }, errors: FieldErrors, requireStart: boolean) {
  const start = parseDay(values.startOn, { allowFuture: true });
  if (start.error) errors.startOn = start.error;
  else if (!start.day && requireStart) errors.startOn = t.inputs.dateRequired;
  const due = parseDay(values.dueOn, { allowFuture: true });
  if (due.error) errors.dueOn = due.error;
  // An empty due day is "no due day" (the form says so under the field).
  return { startOn: start.day, dueOn: due.day ?? NO_DUE_DAY };
}

function grace(value: string, errors: FieldErrors): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .safeParse(value.trim() === "" ? Number.NaN : value.trim());
  if (!parsed.success) errors.graceDays = t.assignments.errors.grace;
  return parsed.success ? parsed.data : DEFAULT_GRACE_DAYS;
}

function note(value: string, errors: FieldErrors): string {
  const v = value.trim();
  if (v.length > MAX_NOTE) errors.note = t.inputs.tooLong(String(MAX_NOTE));
  return v;
}

/** Active officials with these staff codes, inside `scopePath` for a manager: code → id. */
async function resolveCodes(codes: string[], actor: Actor): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const found = await rows<{ id: number; code: string; path: string }>(
    sql`SELECT o.id, upper(o.staff_code) AS code, u.path FROM officials o JOIN units u ON u.id = o.unit_id
         WHERE o.active AND upper(o.staff_code) IN (${sql.join(codes, sql`, `)})`,
  );
  return new Map(
    found.filter((o) => actor.admin || (actor.scopePath !== null && o.path.startsWith(actor.scopePath))).map((o) => [o.code, Number(o.id)]),
  );
}

/**
 * The create form → the domain's input, or the field messages. What the domain checks itself (the
 * course is published, units exist and lie in scope, due after start) it still checks; this catches
 * what it cannot see: the form's shapes, limits and unknown staff codes.
 */
export async function readCreateForm(
  form: FormData,
  actor: Actor,
): Promise<{ input: AssignmentInput; errors: null; values: CreateValues } | { input: null; errors: FieldErrors; values: CreateValues }> {
  const values = createValues(form);
  const errors: FieldErrors = {};

  const course = Id.safeParse(values.courseId);
  if (!course.success || !(await reportCourses()).some((c) => c.id === course.data)) errors.courseId = t.assignments.errors.course;

  let unitIds: number[] = [];
  if (values.unitIds.length > MAX_UNITS) errors.unitIds = t.inputs.tooMany(String(MAX_UNITS));
  else {
    const ids = values.unitIds.filter((v) => v !== "").map((v) => Id.safeParse(v));
    if (ids.some((p) => !p.success)) errors.unitIds = t.assignments.errors.unit;
    else unitIds = [...new Set(ids.map((p) => p.data!))];
  }

  let officialIds: number[] = [];
  const codes = splitCodes(values.people);
  if (values.people.length > MAX_PEOPLE_TEXT || codes.length > MAX_PEOPLE)
    errors.people = t.assignments.errors.tooManyPeople(String(MAX_PEOPLE));
  else if (codes.some((c) => c.length > 40))
    errors.people = F().unknownCodes(codes.filter((c) => c.length > 40).map((c) => `${c.slice(0, 40)}…`));
  else {
    const byCode = await resolveCodes(codes, actor);
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length > 0) errors.people = F().unknownCodes(unknown);
    else officialIds = codes.map((c) => byCode.get(c)!);
  }

  const positions = splitLines(values.positions);
  if (values.positions.length > MAX_POSITIONS_TEXT || positions.length > MAX_POSITIONS)
    errors.positions = F().tooManyPositions(String(MAX_POSITIONS));
  else if (positions.some((p) => p.length > MAX_POSITION_LENGTH)) errors.positions = t.inputs.tooLong(String(MAX_POSITION_LENGTH));

  if (values.roles.length > ROLES.length || values.roles.some((r) => !(ROLES as readonly string[]).includes(r)))
    errors.roles = t.assignments.errors.role;

  const { startOn, dueOn } = dates(values, errors, true);
  const graceDays = grace(values.graceDays, errors);
  const noteText = note(values.note, errors);

  if (!errors.unitIds && !errors.people && unitIds.length + officialIds.length === 0 && codes.length === 0)
    errors.unitIds = t.assignments.errors.audience;
  if (!errors.startOn && !errors.dueOn && startOn && dueOn < startOn) errors.dueOn = t.assignments.errors.dueBeforeStart;

  if (Object.keys(errors).length > 0 || !course.success || !startOn) return { input: null, errors, values };
  return {
    input: {
      courseId: course.data,
      unitIds,
      officialIds,
      positions,
      roles: [...new Set(values.roles)] as Role[],
      startOn,
      dueOn,
      graceDays,
      note: noteText,
    },
    errors: null,
    values,
  };
}

/** The edit form (start, due, grace, note) → the domain's snapshot, or the field messages. */
export function readEditForm(
  form: FormData,
):
  | { next: { startOn: string; dueOn: string; graceDays: number; note: string }; errors: null; values: EditValues }
  | { next: null; errors: FieldErrors; values: EditValues } {
  const values: EditValues = {
    startOn: text(form, "startOn", 40),
    dueOn: text(form, "dueOn", 40),
    graceDays: text(form, "graceDays", 20),
    note: text(form, "note", MAX_NOTE + 1),
  };
  const errors: FieldErrors = {};
  const { startOn, dueOn } = dates(values, errors, true);
  const graceDays = grace(values.graceDays, errors);
  const noteText = note(values.note, errors);
  if (!errors.startOn && !errors.dueOn && startOn && dueOn < startOn) errors.dueOn = t.assignments.errors.dueBeforeStart;
  if (Object.keys(errors).length > 0 || !startOn) return { next: null, errors, values };
  return { next: { startOn, dueOn, graceDays, note: noteText }, errors: null, values };
}
