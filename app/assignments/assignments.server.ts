// Assignments: who must finish which course by when (issue 15, docs/decisions/0027). Made by an
// administrator, or by a manager for units and people inside their own scope; edited (every change
// kept in assignment_history and the audit log) and withdrawn. The members are written by the
// builder in members.server.ts; the figures by app/figures/assignment-figures.server.ts.
import { sql } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { exec, lock, row, rows, transaction } from "~/db/client.server";
import { NO_DUE_DAY, ROLES, type Role } from "~/db/schema";
import { joiningRows, writeAssignmentFigures } from "~/figures/assignment-figures.server";
import { foldVietnamese } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { buildAssignments, dueFor } from "./members.server";

/** A refusal in Vietnamese for one form field. */
export class AssignmentError extends Error {
  constructor(
    message: string,
    readonly field: string = "_form",
  ) {
    super(message);
  }
}

/** Who is acting: administrators may assign anywhere; a manager inside the subtree of `scopePath`. */
export type Actor = { id: number; admin: boolean; scopePath: string | null };

export type AssignmentInput = {
  courseId: number;
  unitIds: number[];
  officialIds: number[];
  positions: string[];
  roles: Role[];
  startOn: string;
  dueOn: string;
  graceDays: number;
  note: string;
};

const A = () => t.assignments;
const within = (scopePath: string | null, path: string) => scopePath !== null && path.startsWith(scopePath);

async function checkAudience(actor: Actor, input: Pick<AssignmentInput, "unitIds" | "officialIds" | "courseId">) {
  const course = await row<{ id: number }>(
    sql`SELECT id FROM courses WHERE id = ${input.courseId} AND current_version_id IS NOT NULL AND retired_at IS NULL`,
  );
  if (!course) throw new AssignmentError(A().errors.course, "courseId");
  if (input.unitIds.length + input.officialIds.length === 0) throw new AssignmentError(A().errors.audience, "unitIds");
  if (input.unitIds.length > 0) {
    const found = await rows<{ id: number; path: string }>(
      sql`SELECT id, path FROM units WHERE valid_to IS NULL AND id IN (${sql.join(input.unitIds, sql`, `)})`,
    );
    if (found.length !== new Set(input.unitIds).size) throw new AssignmentError(A().errors.unit, "unitIds");
    if (!actor.admin && found.some((u) => !within(actor.scopePath, u.path))) throw new AssignmentError(A().errors.outOfScope, "unitIds");
  }
  if (input.officialIds.length > 0) {
    const found = await rows<{ id: number; path: string }>(
      sql`SELECT o.id, u.path FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active AND o.id IN (${sql.join(input.officialIds, sql`, `)})`,
    );
    if (found.length !== new Set(input.officialIds).size) throw new AssignmentError(A().errors.person, "people");
    if (!actor.admin && found.some((u) => !within(actor.scopePath, u.path))) throw new AssignmentError(A().errors.outOfScope, "people");
  }
}

function checkDates(input: Pick<AssignmentInput, "startOn" | "dueOn" | "graceDays">) {
  if (input.dueOn < input.startOn) throw new AssignmentError(A().errors.dueBeforeStart, "dueOn");
  if (!Number.isInteger(input.graceDays) || input.graceDays < 0 || input.graceDays > 365)
    throw new AssignmentError(A().errors.grace, "graceDays");
}

/** The assignment as the history keeps it. */
type Snapshot = { startOn: string; dueOn: string; graceDays: number; note: string };

/** Creates an assignment (status building) and starts writing its members in the background. */
export async function createAssignment(actor: Actor, raw: AssignmentInput): Promise<number> {
  // Positions are kept as typed (shown so) and compared without case, diacritics or extra spaces.
  const positions = new Map<string, string>();
  for (const p of raw.positions.map((x) => x.normalize("NFC").replace(/\s+/g, " ").trim()).filter(Boolean))
    if (!positions.has(foldVietnamese(p))) positions.set(foldVietnamese(p), p);
  const input = { ...raw, positions: [...positions.values()], roles: [...new Set(raw.roles)] };
  if (input.roles.some((r) => !ROLES.includes(r))) throw new AssignmentError(A().errors.role, "roles");
  checkDates(input);
  const id = await transaction(async () => {
    await checkAudience(actor, input);
    const created = await row<{ id: number }>(
      sql`INSERT INTO assignments (course_id, note, start_on, due_on, grace_days, positions, roles, status, created_by)
          VALUES (${input.courseId}, ${input.note}, ${input.startOn}, ${input.dueOn}, ${input.graceDays},
                  ${JSON.stringify(input.positions)}, ${JSON.stringify(input.roles)}, 'building', ${actor.id})
          RETURNING id`,
    );
    const id = Number(created!.id);
    for (const unitId of new Set(input.unitIds))
      await exec(sql`INSERT INTO assignment_units (assignment_id, unit_id) VALUES (${id}, ${unitId})`);
    for (const officialId of new Set(input.officialIds))
      await exec(sql`INSERT INTO assignment_people (assignment_id, official_id) VALUES (${id}, ${officialId})`);
    const after = {
      ...snapshotOf(input),
      courseId: input.courseId,
      unitIds: input.unitIds,
      officialIds: input.officialIds,
      positions: input.positions,
      roles: input.roles,
    };
    await exec(
      sql`INSERT INTO assignment_history (assignment_id, by, change, after) VALUES (${id}, ${actor.id}, 'create', ${JSON.stringify(after)})`,
    );
    await audit(actor.id, "assignment.create", "assignment", String(id), after);
    return id;
  });
  void buildAssignments().catch((error: unknown) => console.error(t.console.assignmentBuildFailed, error));
  return id;
}

const snapshotOf = (a: Snapshot): Snapshot => ({ startOn: a.startOn, dueOn: a.dueOn, graceDays: a.graceDays, note: a.note });

/** May this actor change this assignment? Administrators always; a manager when every unit and person of it is in their scope. */
async function requireOwn(actor: Actor, id: number) {
  const a = await row<Snapshot & { id: number; status: string; courseId: number }>(
    sql`SELECT id, status, course_id AS "courseId", start_on AS "startOn", due_on AS "dueOn", grace_days AS "graceDays", note FROM assignments WHERE id = ${id}`,
  );
  if (!a) throw new AssignmentError(A().errors.notFound);
  if (actor.admin) return a;
  const paths = await rows<{ path: string }>(
    sql`SELECT u.path FROM assignment_units au JOIN units u ON u.id = au.unit_id WHERE au.assignment_id = ${id}
        UNION ALL
        SELECT u.path FROM assignment_people ap JOIN officials o ON o.id = ap.official_id JOIN units u ON u.id = o.unit_id WHERE ap.assignment_id = ${id}`,
  );
  if (paths.length === 0 || paths.some((p) => !within(actor.scopePath, p.path))) throw new AssignmentError(A().errors.notFound);
  return a;
}

/**
 * New dates, grace or note. The members' due days follow (the first ones: the new due day; later
 * joiners: no earlier than joining + grace) and the assignment's figures are written again from its
 * members at their current units, in one transaction (decision 0027: "as of" figures of the
 * assignment before an edit use the new dates).
 */
export async function editAssignment(actor: Actor, id: number, next: Snapshot) {
  checkDates(next);
  await transaction(async () => {
    await lock("assignment", id);
    const before = await requireOwn(actor, id);
    if (before.status === "withdrawn") throw new AssignmentError(A().errors.withdrawn);
    if (before.status === "building") throw new AssignmentError(A().errors.building);
    const same = JSON.stringify(snapshotOf(before)) === JSON.stringify(snapshotOf(next));
    if (same) return;
    await exec(
      sql`UPDATE assignments SET start_on = ${next.startOn}, due_on = ${next.dueOn}, grace_days = ${next.graceDays}, note = ${next.note},
             version = version + 1, updated_at = ${new Date().toISOString()} WHERE id = ${id}`,
    );
    const datesChanged = before.startOn !== next.startOn || before.dueOn !== next.dueOn || before.graceDays !== next.graceDays;
    if (datesChanged) {
      const members = await rows<{
        officialId: number;
        assignedOn: string;
        startedOn: string | null;
        completedOn: string | null;
        path: string;
      }>(
        sql`SELECT m.official_id AS "officialId", m.assigned_on AS "assignedOn", m.started_on AS "startedOn", m.completed_on AS "completedOn", u.path
              FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
             WHERE m.assignment_id = ${id} AND m.left_on IS NULL AND o.active`,
      );
      await exec(sql`DELETE FROM assignment_daily WHERE assignment_id = ${id}`);
      await exec(sql`DELETE FROM assignment_totals WHERE assignment_id = ${id}`);
      const facts = members.map((m) => {
        // The first ones were assigned on the old start; they move with it.
        const assignedOn = m.assignedOn <= before.startOn ? next.startOn : m.assignedOn;
        return { ...m, assignmentId: id, unitPath: m.path, assignedOn, dueOn: dueFor(next, assignedOn) };
      });
      for (const f of facts)
        await exec(
          sql`UPDATE assignment_members SET assigned_on = ${f.assignedOn}, due_on = ${f.dueOn} WHERE assignment_id = ${id} AND official_id = ${f.officialId}`,
        );
      await writeAssignmentFigures(joiningRows(facts));
    }
    await exec(
      sql`INSERT INTO assignment_history (assignment_id, by, change, before, after)
          VALUES (${id}, ${actor.id}, 'edit', ${JSON.stringify(snapshotOf(before))}, ${JSON.stringify(snapshotOf(next))})`,
    );
    await audit(actor.id, "assignment.edit", "assignment", String(id), { before: snapshotOf(before), after: snapshotOf(next) });
  });
}

/** Withdraws an assignment: nobody has it any more; its figures and members stay for the record. */
export async function withdrawAssignment(actor: Actor, id: number) {
  await transaction(async () => {
    await lock("assignment", id);
    const before = await requireOwn(actor, id);
    if (before.status === "withdrawn") return;
    await exec(sql`UPDATE assignments SET status = 'withdrawn', updated_at = ${new Date().toISOString()} WHERE id = ${id}`);
    await exec(
      sql`INSERT INTO assignment_history (assignment_id, by, change, before) VALUES (${id}, ${actor.id}, 'withdraw', ${JSON.stringify(snapshotOf(before))})`,
    );
    await audit(actor.id, "assignment.withdraw", "assignment", String(id), snapshotOf(before));
  });
}

export type AssignmentSummary = {
  id: number;
  courseId: number;
  courseSlug: string;
  courseTitle: string;
  note: string;
  startOn: string;
  dueOn: string;
  graceDays: number;
  positions: string[];
  roles: Role[];
  status: "building" | "active" | "withdrawn";
  units: { id: number; name: string; path: string; current: boolean }[];
  people: { id: number; name: string; path: string }[];
  /** The members counted now (open memberships). */
  members: number;
  createdAt: string;
  fromMandatory: boolean;
};

const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

/** Assignments the actor may see and change: all for administrators; for a manager those wholly inside their scope. Newest first. */
export async function listAssignments(
  actor: Actor,
  options: { includeWithdrawn?: boolean; id?: number } = {},
): Promise<AssignmentSummary[]> {
  const filter =
    options.id !== undefined ? sql`a.id = ${options.id}` : options.includeWithdrawn ? sql`1 = 1` : sql`a.status <> 'withdrawn'`;
  const list = await rows<
    Omit<AssignmentSummary, "units" | "people" | "positions" | "roles" | "fromMandatory" | "members"> & {
      positions: unknown;
      roles: unknown;
      members: number;
      fromMandatory: number;
    }
  >(
    sql`SELECT a.id, a.course_id AS "courseId", c.slug AS "courseSlug", c.title AS "courseTitle", a.note, a.start_on AS "startOn", a.due_on AS "dueOn",
               a.grace_days AS "graceDays", a.positions, a.roles, a.status, a.created_at AS "createdAt",
               (SELECT count(*) FROM assignment_members m WHERE m.assignment_id = a.id AND m.left_on IS NULL) AS members,
               (SELECT count(*) FROM assignment_history h WHERE h.assignment_id = a.id AND h.change = 'mandatory') AS "fromMandatory"
          FROM assignments a JOIN courses c ON c.id = a.course_id WHERE ${filter} ORDER BY a.id DESC`,
  );
  if (list.length === 0) return [];
  const ids = sql.join(
    list.map((a) => a.id),
    sql`, `,
  );
  const unitRows = await rows<{ assignmentId: number; id: number; name: string; path: string; current: number | boolean }>(
    sql`SELECT au.assignment_id AS "assignmentId", u.id, u.name, u.path, CASE WHEN u.valid_to IS NULL THEN 1 ELSE 0 END AS current
          FROM assignment_units au JOIN units u ON u.id = au.unit_id WHERE au.assignment_id IN (${ids}) ORDER BY u.path`,
  );
  const peopleRows = await rows<{ assignmentId: number; id: number; ho: string; dem: string; ten: string; path: string }>(
    sql`SELECT ap.assignment_id AS "assignmentId", o.id, o.ho, o.dem, o.ten, u.path
          FROM assignment_people ap JOIN officials o ON o.id = ap.official_id JOIN units u ON u.id = o.unit_id WHERE ap.assignment_id IN (${ids})`,
  );
  const out = list.map((a) => ({
    ...a,
    id: Number(a.id),
    members: Number(a.members),
    fromMandatory: Number(a.fromMandatory) > 0,
    positions: json<string[]>(a.positions),
    roles: json<Role[]>(a.roles),
    units: unitRows
      .filter((u) => Number(u.assignmentId) === Number(a.id))
      .map((u) => ({ id: Number(u.id), name: u.name, path: u.path, current: Number(u.current) === 1 })),
    people: peopleRows
      .filter((p) => Number(p.assignmentId) === Number(a.id))
      .map((p) => ({ id: Number(p.id), name: [p.ho, p.dem, p.ten].filter(Boolean).join(" "), path: p.path })),
  }));
  if (actor.admin) return out;
  return out.filter((a) => a.units.length + a.people.length > 0 && [...a.units, ...a.people].every((u) => within(actor.scopePath, u.path)));
}

export async function getAssignment(actor: Actor, id: number): Promise<AssignmentSummary | undefined> {
  return (await listAssignments(actor, { id }))[0];
}

export type HistoryEntry = { at: string; by: string | null; change: string; before: Snapshot | null; after: Partial<Snapshot> | null };

export async function assignmentHistory(id: number): Promise<HistoryEntry[]> {
  const found = await rows<{
    at: string;
    ho: string | null;
    dem: string | null;
    ten: string | null;
    change: string;
    before: unknown;
    after: unknown;
  }>(
    sql`SELECT h.at, o.ho, o.dem, o.ten, h.change, h.before, h.after FROM assignment_history h LEFT JOIN officials o ON o.id = h.by
         WHERE h.assignment_id = ${id} ORDER BY h.id`,
  );
  return found.map((h) => ({
    at: h.at,
    by: h.ho ? [h.ho, h.dem, h.ten].filter(Boolean).join(" ") : null,
    change: h.change,
    before: h.before ? json<Snapshot>(h.before) : null,
    after: h.after ? json<Partial<Snapshot>>(h.after) : null,
  }));
}

export type MyAssignment = {
  assignmentId: number;
  courseId: number;
  slug: string;
  title: string;
  startOn: string;
  dueOn: string;
  startedOn: string | null;
  completedOn: string | null;
  note: string;
};

/** The official's open assignments that have started by `today`, the nearest due day first; done ones last. */
export async function myAssignments(officialId: number, today: string): Promise<MyAssignment[]> {
  const found = await rows<MyAssignment>(
    sql`SELECT a.id AS "assignmentId", c.id AS "courseId", c.slug, c.title, a.start_on AS "startOn", m.due_on AS "dueOn",
               m.started_on AS "startedOn", m.completed_on AS "completedOn", a.note
          FROM assignment_members m JOIN assignments a ON a.id = m.assignment_id JOIN courses c ON c.id = a.course_id
         WHERE m.official_id = ${officialId} AND m.left_on IS NULL AND a.status <> 'withdrawn' AND a.start_on <= ${today}
           AND c.retired_at IS NULL
         ORDER BY CASE WHEN m.completed_on IS NULL THEN 0 ELSE 1 END, m.due_on, c.title`,
  );
  // One course assigned twice (province and district): the earliest due day speaks for both.
  const seen = new Set<number>();
  return found.filter((a) => (seen.has(a.courseId) ? false : (seen.add(a.courseId), true)));
}

/** Days from `today` to the due day: positive "còn N ngày", negative "quá hạn N ngày"; null with no due day. */
export function daysLeft(dueOn: string, today: string): number | null {
  if (dueOn === NO_DUE_DAY) return null;
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400000);
}

/** Units whose path lies in the actor's scope, for the form's unit choice. */
export function canAssignTo(actor: Actor, path: string) {
  return actor.admin || within(actor.scopePath, path);
}
