// Who is assigned (docs/decisions/0027). An assignment's members are written once when it is made
// (in chunks, by buildAssignments: a national assignment never holds the database for long), then
// follow people: reconcileOfficial() opens a membership when someone joins the audience (a new
// official, a move into the subtree, a new position or role, a reactivation) with a grace period,
// and closes it when they leave (their record stays; the figures stop counting them).
// Reorganisations never open or close memberships: they move people, not hire them; the audience's
// units follow the units to their successors (carryAudience), so later joiners still get it.
import { sql } from "drizzle-orm";
import { exec, letOthersRun, lock, lockMany, row, rows, transaction } from "~/db/client.server";
import { NO_DUE_DAY, type Role } from "~/db/schema";
import { env } from "~/env.server";
import { pathUpperBound, ancestorIds } from "~/db/unit-path";
import { joiningRows, shiftingRows, writeAssignmentFigures, type MemberFacts } from "~/figures/assignment-figures.server";
import { jsonTable } from "~/db/portable.server";
import { foldVietnamese } from "~/i18n/format";
import { addDays, dayOf, vnToday } from "~/i18n/time";
import { mailNewMembers, notifyNewMembers } from "~/notifications/notifications.server";

/** An assignment's audience, as the membership rules read it. */
export type Audience = {
  id: number;
  courseId: number;
  startOn: string;
  dueOn: string;
  graceDays: number;
  positions: string[];
  roles: Role[];
  status: "building" | "active" | "withdrawn";
  buildCursor: number;
  unitPaths: string[];
  people: Set<number>;
};

export type Candidate = { id: number; active: boolean; path: string; position: string; roles: Role[] };

type AssignmentRow = Omit<Audience, "unitPaths" | "people" | "positions" | "roles"> & { positions: unknown; roles: unknown };
const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

/** The audiences of every assignment not withdrawn (or of one). A handful of rows: read whole. */
export async function audiences(only?: number): Promise<Audience[]> {
  const filter = only === undefined ? sql`a.status <> 'withdrawn'` : sql`a.id = ${only}`;
  const list = await rows<AssignmentRow>(
    sql`SELECT a.id, a.course_id AS "courseId", a.start_on AS "startOn", a.due_on AS "dueOn", a.grace_days AS "graceDays",
               a.positions, a.roles, a.status, a.build_cursor AS "buildCursor"
          FROM assignments a WHERE ${filter} ORDER BY a.id`,
  );
  if (list.length === 0) return [];
  const ids = list.map((a) => a.id);
  const unitRows = await rows<{ assignmentId: number; path: string }>(
    sql`SELECT au.assignment_id AS "assignmentId", u.path FROM assignment_units au JOIN units u ON u.id = au.unit_id
         WHERE au.assignment_id IN (${sql.join(ids, sql`, `)})`,
  );
  const peopleRows = await rows<{ assignmentId: number; officialId: number }>(
    sql`SELECT assignment_id AS "assignmentId", official_id AS "officialId" FROM assignment_people
         WHERE assignment_id IN (${sql.join(ids, sql`, `)})`,
  );
  return list.map((a) => ({
    ...a,
    positions: json<string[]>(a.positions),
    roles: json<Role[]>(a.roles),
    unitPaths: unitRows.filter((u) => u.assignmentId === a.id).map((u) => u.path),
    people: new Set(peopleRows.filter((p) => p.assignmentId === a.id).map((p) => p.officialId)),
  }));
}

/** Does this person belong to the audience now? Named people always; otherwise the subtree, narrowed by position and role. */
export function inAudience(a: Audience, o: Candidate): boolean {
  if (!o.active) return false;
  if (a.people.has(o.id)) return true;
  if (!a.unitPaths.some((p) => o.path.startsWith(p))) return false;
  if (a.positions.length > 0 && !a.positions.some((p) => foldVietnamese(p) === foldVietnamese(o.position))) return false;
  if (a.roles.length > 0 && !a.roles.some((r) => o.roles.includes(r))) return false;
  return true;
}

/** A person's due day: the assignment's, or for someone who joins after the start, no earlier than joining + grace. */
export function dueFor(a: Pick<Audience, "startOn" | "dueOn" | "graceDays">, assignedOn: string): string {
  if (assignedOn <= a.startOn || a.dueOn === NO_DUE_DAY) return a.dueOn;
  const grace = addDays(assignedOn, a.graceDays);
  return grace > a.dueOn ? grace : a.dueOn;
}

/** First start and first completion (any epoch) of a course, per official, as Vietnamese days. */
async function courseFirsts(courseId: number, officialIds: number[]) {
  const out = new Map<number, { startedOn: string | null; completedOn: string | null }>();
  if (officialIds.length === 0) return out;
  const ids = idList(officialIds);
  const started = await rows<{ id: number; at: string }>(
    sql`SELECT official_id AS id, min(started_at) AS at FROM course_status WHERE course_id = ${courseId} AND official_id IN (${ids}) GROUP BY official_id`,
  );
  const completed = await rows<{ id: number; at: string }>(
    sql`SELECT official_id AS id, min(completed_at) AS at FROM course_completions WHERE course_id = ${courseId} AND official_id IN (${ids}) GROUP BY official_id`,
  );
  for (const s of started) out.set(Number(s.id), { startedOn: dayOf(s.at), completedOn: null });
  for (const c of completed) {
    const had = out.get(Number(c.id)) ?? { startedOn: dayOf(c.at), completedOn: null };
    out.set(Number(c.id), { ...had, completedOn: dayOf(c.at) });
  }
  return out;
}

async function candidate(officialId: number): Promise<Candidate | undefined> {
  const o = await row<{ id: number; active: number | boolean; path: string; position: string }>(
    sql`SELECT o.id, o.active, u.path, o.position FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.id = ${officialId}`,
  );
  if (!o) return undefined;
  const roles = await rows<{ role: Role }>(sql`SELECT role FROM official_roles WHERE official_id = ${officialId}`);
  return { id: Number(o.id), active: Boolean(o.active), path: o.path, position: o.position, roles: roles.map((r) => r.role) };
}

type MemberRow = {
  assignmentId: number;
  assignedOn: string;
  dueOn: string;
  startedOn: string | null;
  completedOn: string | null;
  leftOn: string | null;
};

/**
 * Opens and closes this official's memberships to match the audiences now, on `day`. Call inside the
 * transaction of the change (after lock("official", id)), after shiftOfficial moved their figures.
 */
export async function reconcileOfficial(officialId: number, day: string, list?: Audience[]) {
  const o = await candidate(officialId);
  if (!o) return;
  const all = list ?? (await audiences());
  const mine = await rows<MemberRow>(
    sql`SELECT assignment_id AS "assignmentId", assigned_on AS "assignedOn", due_on AS "dueOn", started_on AS "startedOn",
               completed_on AS "completedOn", left_on AS "leftOn"
          FROM assignment_members WHERE official_id = ${officialId}`,
  );
  const byAssignment = new Map(mine.map((m) => [m.assignmentId, m]));
  const figures: Parameters<typeof writeAssignmentFigures>[0] = [];
  for (const a of all) {
    if (a.status === "withdrawn") continue;
    // Officials the builder has not reached yet are its business.
    if (a.status === "building" && officialId > a.buildCursor) continue;
    const m = byAssignment.get(a.id);
    const should = inAudience(a, o);
    const open = m !== undefined && m.leftOn === null;
    if (open && !should) {
      await exec(sql`UPDATE assignment_members SET left_on = ${day} WHERE assignment_id = ${a.id} AND official_id = ${officialId}`);
      // An inactive official's figures left with them (shiftOfficial to nowhere); a move out of the audience leaves them here.
      if (o.active)
        figures.push(
          ...shiftingRows(
            [{ ...m, assignmentId: a.id }],
            ancestorIds(o.path).map((u) => [u, -1]),
            day,
          ),
        );
    } else if (!open && should) {
      const firsts = (await courseFirsts(a.courseId, [officialId])).get(officialId) ?? { startedOn: null, completedOn: null };
      if (m) {
        // Back in the audience: the same membership (its due day) again, with what they did meanwhile.
        await exec(
          sql`UPDATE assignment_members SET left_on = NULL, started_on = ${firsts.startedOn}, completed_on = ${firsts.completedOn}
               WHERE assignment_id = ${a.id} AND official_id = ${officialId}`,
        );
        figures.push(
          ...shiftingRows(
            [{ ...m, ...firsts, assignmentId: a.id }],
            ancestorIds(o.path).map((u) => [u, +1]),
            day,
          ),
        );
      } else {
        const assignedOn = day > a.startOn ? day : a.startOn;
        const facts: MemberFacts = { assignmentId: a.id, unitPath: o.path, assignedOn, dueOn: dueFor(a, assignedOn), ...firsts };
        await insertMembers(a.courseId, [{ ...facts, officialId }]);
        figures.push(...joiningRows([facts]).rows());
        // A joiner is told like the first cohort (decision 0030).
        await notifyNewMembers(a.id, sql`m.official_id = ${officialId}`);
      }
    }
  }
  if (figures.length > 0) await writeAssignmentFigures(figures);
}

// Bulk statements of the builder are written as literal text, not thousands of bound parameters:
// drizzle's per-parameter work was a third of a national build. Only values that cannot carry SQL are
// inlined: safe integers and ISO days, checked here (anything else throws).
const DAY = /^\d{4}-\d{2}-\d{2}$/;
function literal(value: number | string | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && DAY.test(value)) return `'${value}'`;
  throw new Error(`not an id or a day: ${String(value)}`);
}
/** "1, 2, 3" of checked integers, for IN (…). */
const idList = (ids: number[]) => sql.raw(ids.map(literal).join(", "));

async function insertMembers(courseId: number, members: (MemberFacts & { officialId: number })[]): Promise<Set<number>> {
  const inserted = new Set<number>();
  for (let i = 0; i < members.length; i += 5000) {
    const part = members.slice(i, i + 5000);
    const done = await rows<{ officialId: number }>(
      sql`INSERT INTO assignment_members (assignment_id, official_id, course_id, assigned_on, due_on, started_on, completed_on)
          SELECT assignment_id, official_id, ${courseId}, assigned_on, due_on, started_on, completed_on
            FROM ${jsonTable(
              part.map((m) => [m.assignmentId, m.officialId, m.assignedOn, m.dueOn, m.startedOn, m.completedOn]),
              MEMBER_COLUMNS,
            )} AS r WHERE true
          ON CONFLICT (assignment_id, official_id) DO NOTHING RETURNING official_id AS "officialId"`,
      { prepare: true },
    );
    for (const d of done) inserted.add(Number(d.officialId));
  }
  return inserted;
}

const MEMBER_COLUMNS = [
  ["assignment_id", "int"],
  ["official_id", "int"],
  ["assigned_on", "text"],
  ["due_on", "text"],
  ["started_on", "text"],
  ["completed_on", "text"],
] as const satisfies readonly [string, "int" | "text"][];

/** Officials a builder chunk writes at most (one short transaction each; bench:assignments measures it). */
const buildChunkSize = () => env().ASSIGNMENT_BUILD_CHUNK;

/**
 * Writes the next chunk of members of an assignment being built: the active officials in the next
 * window of `chunk` official ids after the cursor that belong to the audience (its units' subtrees or
 * named), with what they have done of the course. Windows of ids, not "the next N members": each
 * chunk reads one primary-key range whatever the audience, so a build is linear in the number of
 * officials (an audience of one commune still walks the id windows, each a cheap range). Returns true
 * when the assignment is complete.
 */
export async function buildChunk(assignmentId: number, chunk = buildChunkSize()): Promise<boolean> {
  return transaction(async () => {
    // One builder per assignment at a time (two processes would otherwise take the same window).
    await lock("assignment-build", assignmentId);
    const [a] = await audiences(assignmentId);
    if (!a || a.status !== "building") return true;
    const top = Number((await row<{ top: number | null }>(sql`SELECT max(id) AS top FROM officials`))?.top ?? 0);
    const from = a.buildCursor;
    const to = Math.min(from + chunk, top);
    const ranges = a.unitPaths.map((p) => sql`(u.path >= ${p} AND u.path < ${pathUpperBound(p)})`);
    const named = [...a.people];
    const where = sql.join([...ranges, ...(named.length > 0 ? [sql`o.id IN (${idList(named)})`] : [])], sql` OR `);
    // CROSS JOIN: SQLite takes the officials' id range as the outer loop (not the units' path index,
    // which for a province-wide audience would walk every official once per chunk); PostgreSQL plans
    // it as the inner join it is. First start and completion of the course (any epoch) read per
    // official by its key, in the same statement.
    const found =
      ranges.length + named.length === 0 || to <= from
        ? []
        : await rows<{ id: number; path: string; position: string; startedAt: string | null; completedAt: string | null }>(
            sql`SELECT o.id, u.path, o.position,
                       (SELECT min(cs.started_at) FROM course_status cs WHERE cs.official_id = o.id AND cs.course_id = ${a.courseId}) AS "startedAt",
                       (SELECT min(cc.completed_at) FROM course_completions cc WHERE cc.official_id = o.id AND cc.course_id = ${a.courseId}) AS "completedAt"
                  FROM officials o CROSS JOIN units u
                 WHERE u.id = o.unit_id AND o.id > ${from} AND o.id <= ${to} AND o.active AND (${where}) ORDER BY o.id`,
          );
    await letOthersRun();
    const ids = found.map((f) => Number(f.id));
    // Not while one of them is recording a lesson or quiz (PostgreSQL; SQLite serialises writers).
    await lockMany("official", ids);
    const roles = new Map<number, Role[]>();
    if (a.roles.length > 0 && ids.length > 0) {
      for (const r of await rows<{ id: number; role: Role }>(
        sql`SELECT official_id AS id, role FROM official_roles WHERE official_id IN (${idList(ids)})`,
      ))
        roles.set(Number(r.id), [...(roles.get(Number(r.id)) ?? []), r.role]);
    }
    const narrowed = a.positions.length > 0 || a.roles.length > 0;
    const members = (
      narrowed
        ? found.filter((f) =>
            inAudience(a, { id: Number(f.id), active: true, path: f.path, position: f.position, roles: roles.get(Number(f.id)) ?? [] }),
          )
        : found
    ).map((f) => ({
      officialId: Number(f.id),
      assignmentId: a.id,
      unitPath: f.path,
      assignedOn: a.startOn,
      dueOn: a.dueOn,
      // A completion implies a start (a course can be completed from an earlier epoch's start).
      startedOn: f.startedAt !== null ? dayOf(f.startedAt) : f.completedAt !== null ? dayOf(f.completedAt) : null,
      completedOn: f.completedAt !== null ? dayOf(f.completedAt) : null,
    }));
    const inserted = await insertMembers(a.courseId, members);
    await letOthersRun();
    await writeAssignmentFigures(
      joiningRows(inserted.size === members.length ? members : members.filter((m) => inserted.has(m.officialId))),
    );
    await letOthersRun();
    // The chunk's new, unfinished members get their e-mail in the chunk's transaction (decision 0030);
    // their in-app notice is drawn from the membership when their bell is read (decision 0037).
    const told = members.filter((m) => m.completedOn === null && inserted.has(m.officialId)).map((m) => m.officialId);
    if (told.length > 0) await mailNewMembers(a.id, sql`m.official_id > ${from} AND m.official_id <= ${to}`, told);
    return finishWindow(a, from, to, top);
  });
}

async function finishWindow(a: Audience, from: number, to: number, top: number): Promise<boolean> {
  const finished = to >= top;
  await exec(
    sql`UPDATE assignments SET build_cursor = ${Math.max(from, to)}, status = ${finished ? "active" : "building"} WHERE id = ${a.id} AND status = 'building'`,
  );
  return finished;
}

let building: Promise<void> | null = null;

/**
 * Builds every assignment still building, chunk after chunk, letting other requests run between
 * chunks. One run per process at a time (a second call joins it); two processes on one database
 * may both build, and write each member once (the insert skips members already there).
 */
export function buildAssignments(): Promise<void> {
  building ??= (async () => {
    try {
      for (;;) {
        const next = await row<{ id: number }>(sql`SELECT id FROM assignments WHERE status = 'building' ORDER BY id LIMIT 1`);
        if (!next) return;
        while (!(await buildChunk(next.id))) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      building = null;
    }
  })();
  return building;
}

/**
 * A reorganisation closed `fromUnitId`: audiences that named it name its successors instead (a move:
 * the unit's new row; a merge: the merged unit; a split: every part; an abolished tier: the new rows
 * of its children). Returns the courses of the assignments carried. Call inside the reorganisation.
 */
export async function carryAudience(fromUnitId: number, toUnitIds: number[]): Promise<{ assignmentId: number; course: string }[]> {
  const carried = await rows<{ assignmentId: number; course: string }>(
    sql`SELECT au.assignment_id AS "assignmentId", c.title AS course FROM assignment_units au
          JOIN assignments a ON a.id = au.assignment_id JOIN courses c ON c.id = a.course_id
         WHERE au.unit_id = ${fromUnitId} AND a.status <> 'withdrawn' ORDER BY au.assignment_id`,
  );
  if (carried.length === 0) return [];
  await exec(sql`DELETE FROM assignment_units WHERE unit_id = ${fromUnitId}`);
  for (const c of carried)
    for (const to of toUnitIds)
      await exec(sql`INSERT INTO assignment_units (assignment_id, unit_id) VALUES (${c.assignmentId}, ${to}) ON CONFLICT DO NOTHING`);
  return carried;
}

/** Reconciles one official in its own transaction (for changes made outside one). */
export async function reconcileNow(officialId: number, day = vnToday()) {
  await transaction(async () => {
    await lock("official", officialId);
    await reconcileOfficial(officialId, day);
  });
}
