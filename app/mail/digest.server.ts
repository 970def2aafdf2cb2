// The managers' weekly digest (issue 16 item 3, docs/decisions/0031): to each person with a manager
// scope, the overdue people of their subtree — per assignment, counts per child unit (worst first), the
// first few names of each child (Vietnamese order by tên), links to the assignment reports.
//
// Counts come from the assignment figures (assignment_totals: overdue on a day = Σ(assigned − completed)
// over personal due days before it, a few rows per unit), never from counting people. Names: one pass
// over the overdue members of the overdue assignments, in keyset chunks that yield to the event loop,
// keeping only the first NAMES_PER_UNIT per unit (then merged up the tree, deepest units first).
//
// Sent once a week, from Monday 07:00 Vietnam time: every process has a timer; claimJob's row lets one
// process build the week's digests; the outbox key `digest:<managerId>:<isoWeek>` makes any re-run
// (a crash mid-run, a second process after the claim's hour) a no-op for the digests already queued.
import { sql } from "drizzle-orm";
import { exec, row, rows, transaction } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { env } from "~/env.server";
import { formatDate, formatNumber, viCollator } from "~/i18n/format";
import { dayOf, vnHour, vnWeekday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { claimJob } from "~/jobs.server";
import { compareNames, fullName, type NameParts } from "~/people/names";
import { compose, type Composed } from "./messages.server";
import { enqueueMail } from "./outbox.server";

/** Names shown per child unit and assignment. */
export const NAMES_PER_UNIT = 5;

export type DigestChild = { unitId: number; name: string; overdue: number; names: string[] };
export type DigestSection = {
  assignmentId: number;
  course: string;
  dueOn: string;
  overdue: number;
  link: string;
  children: DigestChild[];
  own: number;
  ownNames: string[];
};
export type Digest = {
  managerId: number;
  address: string;
  name: string;
  unitId: number;
  unitName: string;
  total: number;
  sections: DigestSection[];
  message: Composed;
};

/** ISO 8601 week of a calendar day: "2026-11-30" → "2026-W49". */
export function isoWeekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The week's digest is due from Monday 07:00 in Vietnam until the week ends. */
export function digestDue(now: Date): boolean {
  return !(vnWeekday(now) === 1 && vnHour(now) < 7);
}

type Manager = NameParts & { id: number; email: string; unitId: number; unitName: string };
type OverdueAssignment = { id: number; course: string; dueOn: string };
type UnitRow = { id: number; parentId: number | null; depth: number; name: string };
type Person = NameParts & { id: number };

/** The first `k` people by compareNames, kept sorted; an insert costs one comparison when it does not enter. */
class FirstNames {
  readonly people: Person[] = [];
  constructor(private readonly k: number) {}
  add(p: Person) {
    const list = this.people;
    if (list.length === this.k && compareNames(p, list[list.length - 1]!) >= 0) return;
    let i = list.length;
    while (i > 0 && compareNames(p, list[i - 1]!) < 0) i--;
    list.splice(i, 0, p);
    if (list.length > this.k) list.pop();
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type BuildOptions = { now?: Date; namesPerUnit?: number; chunk?: number };

/** Builds (does not send) the digest of every manager whose subtree has someone overdue today. */
export async function buildDigests(options: BuildOptions = {}): Promise<Digest[]> {
  const now = options.now ?? new Date();
  const k = options.namesPerUnit ?? NAMES_PER_UNIT;
  const chunk = options.chunk ?? 5000;
  const today = dayOf(now);
  const managers = await rows<Manager>(sql`
    SELECT o.id, o.email, o.ho, o.dem, o.ten, u.id AS "unitId", u.name AS "unitName"
      FROM official_roles r JOIN officials o ON o.id = r.official_id JOIN units u ON u.id = r.scope_unit_id
     WHERE r.role = 'manager' AND NOT r.scope_needs_review AND u.valid_to IS NULL AND o.active AND o.email IS NOT NULL
     ORDER BY o.id`);
  if (managers.length === 0) return [];
  const assignments = await rows<OverdueAssignment>(sql`
    SELECT a.id, c.title AS course, a.due_on AS "dueOn"
      FROM assignments a JOIN courses c ON c.id = a.course_id
     WHERE a.status = 'active' AND a.due_on < ${today} AND a.start_on <= ${today}
     ORDER BY a.due_on, a.id`);
  if (assignments.length === 0) return [];
  const assignmentIds = assignments.map((a) => a.id);

  // Overdue per unit and assignment, from the figures.
  const overdue = new Map<string, number>();
  const figureRows = await rows<{ unitId: number; assignmentId: number; n: number }>(sql`
    SELECT unit_id AS "unitId", assignment_id AS "assignmentId", sum(assigned - completed) AS n
      FROM assignment_totals
     WHERE ${inIds(sql`assignment_id`, assignmentIds)} AND due_on < ${today}
     GROUP BY unit_id, assignment_id`);
  for (const r of figureRows) if (Number(r.n) > 0) overdue.set(`${r.unitId}:${r.assignmentId}`, Number(r.n));
  const count = (unitId: number, assignmentId: number) => overdue.get(`${unitId}:${assignmentId}`) ?? 0;
  if (!managers.some((m) => assignmentIds.some((a) => count(m.unitId, a) > 0))) return [];

  // The current tree: parents and children (names only of units someone might read about).
  const units = await rows<UnitRow>(
    sql`SELECT id, parent_id AS "parentId", depth, name FROM units WHERE valid_to IS NULL ORDER BY depth DESC, id`,
  );
  const unitById = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number, UnitRow[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);

  // The first names per unit and assignment: the members' own units, then merged up (deepest first).
  const firstNames = new Map<string, FirstNames>();
  const namesOf = (unitId: number, assignmentId: number) => {
    const key = `${unitId}:${assignmentId}`;
    let found = firstNames.get(key);
    if (!found) firstNames.set(key, (found = new FirstNames(k)));
    return found;
  };
  const ownNames = new Map<string, Person[]>();
  for (const a of assignments) {
    for (let after = 0; ;) {
      const batch = await rows<Person & { unitId: number }>(
        sql`SELECT m.official_id AS id, o.unit_id AS "unitId", o.ho, o.dem, o.ten
              FROM assignment_members m JOIN officials o ON o.id = m.official_id
             WHERE m.assignment_id = ${a.id} AND m.official_id > ${after} AND m.left_on IS NULL AND m.completed_on IS NULL
               AND m.due_on < ${today} AND o.active
             ORDER BY m.official_id LIMIT ${chunk}`,
        { prepare: true },
      );
      for (const p of batch) namesOf(p.unitId, a.id).add(p);
      if (batch.length < chunk) break;
      after = batch[batch.length - 1]!.id;
      await yieldToLoop();
    }
    // The people directly in each unit (before the children's are merged in): the digest's "own" line.
    for (const [key, list] of firstNames) if (key.endsWith(`:${a.id}`)) ownNames.set(key, [...list.people]);
    let merged = 0;
    for (const u of units) {
      if (u.parentId === null) continue;
      const mine = firstNames.get(`${u.id}:${a.id}`);
      if (!mine || !unitById.has(u.parentId)) continue;
      const parent = namesOf(u.parentId, a.id);
      for (const p of mine.people) parent.add(p);
      if (++merged % 2000 === 0) await yieldToLoop();
    }
  }

  const base = env().publicUrl;
  const digests: Digest[] = [];
  for (const m of managers) {
    const sections: DigestSection[] = [];
    for (const a of assignments) {
      const n = count(m.unitId, a.id);
      if (n <= 0) continue;
      const kids = (children.get(m.unitId) ?? [])
        .map((c) => ({
          unitId: c.id,
          name: c.name,
          overdue: count(c.id, a.id),
          names: (firstNames.get(`${c.id}:${a.id}`)?.people ?? []).map(fullName),
        }))
        .filter((c) => c.overdue > 0)
        .sort((x, y) => y.overdue - x.overdue || viCollator.compare(x.name, y.name));
      const own = n - kids.reduce((s, c) => s + c.overdue, 0);
      sections.push({
        assignmentId: a.id,
        course: a.course,
        dueOn: a.dueOn,
        overdue: n,
        link: `${base}/reports/${m.unitId}/assignments/${a.id}`,
        children: kids,
        own: Math.max(own, 0),
        ownNames: (ownNames.get(`${m.unitId}:${a.id}`) ?? []).map(fullName),
      });
    }
    if (sections.length === 0) continue;
    const total = sections.reduce((s, x) => s + x.overdue, 0);
    const digest = { managerId: m.id, address: m.email, name: fullName(m), unitId: m.unitId, unitName: m.unitName, total, sections };
    digests.push({ ...digest, message: composeDigest(digest, today) });
    if (digests.length % 500 === 0) await yieldToLoop();
  }
  return digests;
}

const namesLine = (names: string[], overdue: number) =>
  names.length === 0 ? [] : [t.digest.names(names.join(", "), formatNumber(Math.max(overdue - names.length, 0)))];

/** The digest's text and HTML (compose's frame; each section's report address becomes a link in the HTML). */
export function composeDigest(d: Omit<Digest, "message">, today: string): Composed {
  const paragraphs = [t.digest.intro(d.unitName, formatDate(today), formatNumber(d.total))];
  for (const s of d.sections) {
    const lines = [t.digest.course(s.course, formatDate(s.dueOn), formatNumber(s.overdue))];
    for (const c of s.children) lines.push(t.digest.child(c.name, formatNumber(c.overdue)), ...namesLine(c.names, c.overdue));
    if (s.own > 0) lines.push(t.digest.child(t.digest.own, formatNumber(s.own)), ...namesLine(s.ownNames, s.own));
    lines.push(`${t.digest.reportLink} ${s.link}`);
    paragraphs.push(lines.join("\n"));
  }
  const message = compose({
    name: d.name,
    subject: t.digest.subject(d.unitName, isoWeekOf(today)),
    paragraphs,
    linkLabel: t.digest.mainLink,
    link: `${env().publicUrl}/reports/${d.unitId}`,
  });
  // In the HTML: line breaks kept, and each section's report address as a link (escaped already, so safe).
  let html = message.html;
  for (const s of d.sections) {
    const plain = `${t.digest.reportLink} ${s.link}`;
    html = html.replace(plain, `${t.digest.reportLink} <a href="${s.link}">${s.link}</a>`);
  }
  html = html.replace(/<p>([^<]*\n[^<]*(?:<a [^>]*>[^<]*<\/a>)?)<\/p>/g, (_all, body: string) => `<p>${body.replace(/\n/g, "<br>\n")}</p>`);
  return { ...message, html };
}

export type DigestRun = { week: string; built: number; queued: number; duplicate: number; optedOut: number };

/** Builds and enqueues this week's digests (key digest:<manager>:<week>: a second run queues nothing new). */
export async function sendWeeklyDigests(options: BuildOptions = {}): Promise<DigestRun> {
  const now = options.now ?? new Date();
  return enqueueDigests(await buildDigests({ ...options, now }), now);
}

/** Writes built digests to the outbox, 200 per transaction, yielding between them. */
export async function enqueueDigests(digests: Digest[], now = new Date()): Promise<DigestRun> {
  const week = isoWeekOf(dayOf(now));
  const run: DigestRun = { week, built: digests.length, queued: 0, duplicate: 0, optedOut: 0 };
  for (let i = 0; i < digests.length; i += 200) {
    const results = await transaction(async () => {
      const out: string[] = [];
      for (const d of digests.slice(i, i + 200))
        out.push(
          await enqueueMail(
            { officialId: d.managerId, address: d.address, kind: "digest", key: `digest:${d.managerId}:${week}`, ...d.message },
            now,
          ),
        );
      return out;
    });
    for (const r of results) {
      if (r === "queued") run.queued++;
      else if (r === "duplicate") run.duplicate++;
      else run.optedOut++;
    }
    await yieldToLoop();
  }
  return run;
}

/** How long a process holds the week's job before another may take it over (it died mid-run). */
export const DIGEST_LEASE_MS = 3600_000;

/**
 * The scheduler's step: when the week's digest is due and not done, claim the week's job (one process
 * of several wins), send, and mark the week done. Returns the run, or null when this process had nothing to do.
 */
export async function runScheduledDigest(now = new Date()): Promise<DigestRun | null> {
  if (!digestDue(now)) return null;
  const week = isoWeekOf(dayOf(now));
  const done = await row<{ name: string }>(sql`SELECT name FROM job_runs WHERE name = ${`digest-done:${week}`}`);
  if (done) return null;
  if (!(await claimJob(`digest:${week}`, DIGEST_LEASE_MS, now))) return null;
  const run = await sendWeeklyDigests({ now });
  await transaction(() =>
    exec(sql`INSERT INTO job_runs (name, last_run_at, runs) VALUES (${`digest-done:${week}`}, ${now.toISOString()}, 1)
             ON CONFLICT (name) DO NOTHING`),
  );
  return run;
}

let timer: NodeJS.Timeout | undefined;

/** Every process looks every `everyMs` (10 min) whether the week's digest is due; the first look after a minute. */
export function startDigests(everyMs = 10 * 60_000) {
  const run = () => void runScheduledDigest().catch((error: unknown) => console.error(t.digest.jobFailed, error));
  if (timer) return;
  setTimeout(run, 60_000).unref();
  timer = setInterval(run, everyMs);
  timer.unref();
}
