// The report of one unit (and its whole subtree): per course and for all mandatory courses, with the
// same figures for each child unit. Reads rollup rows only: a handful of rows whatever the size of
// the country. "As of a date" sums the daily rows up to that date and uses the tree as it was then.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { db, rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { courses, courseTargets, units } from "~/db/schema";
import { viCollator } from "~/i18n/format";
import { endOfVnDay, vnToday } from "~/i18n/time";
import type { Unit } from "~/units/tree.server";
import { assignmentCounts, assignmentsStarted, NO_COUNTS, type AssignmentCounts, type ReportAssignment } from "./assignment-counts.server";

export type Raw = { started: number; completed: number; attempts: number; passed: number; scoreSum: number };
const ZERO: Raw = { started: 0, completed: 0, attempts: 0, passed: 0, scoreSum: 0 };

export type Figures = {
  inScope: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  /** completed / inScope, 0–1 (for "all mandatory": over every official × mandatory course). */
  rate: number;
  attempts: number;
  passRate: number | null;
  averageScore: number | null;
  /** "All assignments" only: assigned person-assignment pairs past their due day and not completed (null for one course). */
  overdue: number | null;
};

export type ReportCourse = { id: number; slug: string; title: string; mandatory: boolean };
export type Target = { rate: number; dueDate: string };

function figures(members: number, raw: Raw, courseCount = 1): Figures {
  const inScope = members * courseCount;
  const completed = raw.completed;
  const started = Math.max(raw.started, completed);
  return {
    inScope,
    notStarted: Math.max(0, inScope - started),
    inProgress: started - completed,
    completed,
    rate: inScope > 0 ? completed / inScope : 0,
    attempts: raw.attempts,
    passRate: raw.attempts > 0 ? raw.passed / raw.attempts : null,
    averageScore: raw.attempts > 0 ? raw.scoreSum / raw.attempts : null,
    overdue: null,
  };
}

/**
 * "All assignments": person × assignment pairs (each assigned person once per assignment they have),
 * from the assignment figures — the denominator is who is assigned, never the whole unit, so
 * publishing a course changes nothing until an assignment of it starts (issue 15, decision 0027).
 */
function pairFigures(c: AssignmentCounts, raw: Raw): Figures {
  const completed = c.onTime + c.late;
  return {
    inScope: c.assigned,
    notStarted: c.notStarted,
    inProgress: c.inProgress,
    completed,
    rate: c.assigned > 0 ? completed / c.assigned : 0,
    attempts: raw.attempts,
    passRate: raw.attempts > 0 ? raw.passed / raw.attempts : null,
    averageScore: raw.attempts > 0 ? raw.scoreSum / raw.attempts : null,
    overdue: c.overdue,
  };
}

const sumCounts = (list: AssignmentCounts[]): AssignmentCounts => {
  const c = { ...NO_COUNTS };
  for (const x of list) {
    c.assigned += x.assigned;
    c.onTime += x.onTime;
    c.late += x.late;
    c.overdue += x.overdue;
    c.inProgress += x.inProgress;
    c.notStarted += x.notStarted;
  }
  return c;
};

const add = (a: Raw, b: Raw): Raw => ({
  started: a.started + b.started,
  completed: a.completed + b.completed,
  attempts: a.attempts + b.attempts,
  passed: a.passed + b.passed,
  scoreSum: a.scoreSum + b.scoreSum,
});

// The report's reads look rows up by unit and course ids (keys of their indexes), whatever the unit:
// on PostgreSQL they run as named prepared statements (parsed and planned once per connection, not per
// request), with id lists as one array parameter (inIds) so the text does not vary with their length.
const PREPARED = { prepare: true };

/** Published courses, mandatory first, in the trainers' order. */
export async function reportCourses(): Promise<ReportCourse[]> {
  const list = await db()
    .select({ id: courses.id, slug: courses.slug, title: courses.title, mandatory: courses.mandatory, order: courses.sortOrder })
    .from(courses)
    .where(and(isNotNull(courses.currentVersionId), isNull(courses.retiredAt)));
  return list
    .sort((a, b) => Number(b.mandatory) - Number(a.mandatory) || a.order - b.order || viCollator.compare(a.title, b.title))
    .map(({ order: _o, ...c }) => c);
}

/** Rollup figures per unit and course, now (totals) or as of the end of a day (sum of daily rows). */
async function readRollups(unitIds: number[], courseIds: number[], asOf: string | null): Promise<Map<string, Raw>> {
  const out = new Map<string, Raw>();
  if (unitIds.length === 0 || courseIds.length === 0) return out;
  type Found = Raw & { unitId: number; courseId: number; epoch: number };
  if (!asOf) {
    // Now: only the epoch in force counts (after a material change everyone starts the course again),
    // joined in the same statement — one round trip, not two.
    const found = await rows<Found>(
      sql`SELECT r.unit_id AS "unitId", r.course_id AS "courseId", r.epoch, r.started, r.completed, r.attempts, r.passed, r.score_sum AS "scoreSum"
            FROM rollup_totals r JOIN courses c ON c.id = r.course_id AND c.epoch = r.epoch
           WHERE ${inIds(sql`r.unit_id`, unitIds)} AND ${inIds(sql`r.course_id`, courseIds)}`,
      PREPARED,
    );
    for (const r of found) out.set(`${r.unitId}:${r.courseId}`, r);
    return out;
  }
  const [epochs, found] = await Promise.all([
    epochsAt(courseIds, asOf),
    rows<Found>(
      sql`SELECT unit_id AS "unitId", course_id AS "courseId", epoch, sum(started) AS started, sum(completed) AS completed,
                 sum(attempts) AS attempts, sum(passed) AS passed, sum(score_sum) AS "scoreSum"
            FROM rollup_daily
           WHERE ${inIds(sql`unit_id`, unitIds)} AND ${inIds(sql`course_id`, courseIds)} AND day <= ${asOf}
           GROUP BY unit_id, course_id, epoch`,
      PREPARED,
    ),
  ]);
  // Only the epoch in force on that day counts.
  for (const r of found) if (r.epoch === (epochs.get(r.courseId) ?? 1)) out.set(`${r.unitId}:${r.courseId}`, r);
  return out;
}

/** The epoch of each course now, or as of the end of a day (the latest version published by then). */
export async function epochsAt(courseIds: number[], asOf: string | null): Promise<Map<number, number>> {
  if (courseIds.length === 0) return new Map();
  const found = await rows<{ courseId: number; epoch: number }>(
    asOf
      ? sql`SELECT course_id AS "courseId", max(epoch) AS epoch FROM course_versions
             WHERE ${inIds(sql`course_id`, courseIds)} AND created_at <= ${endOfVnDay(asOf)} GROUP BY course_id`
      : sql`SELECT id AS "courseId", epoch FROM courses WHERE ${inIds(sql`id`, courseIds)}`,
    PREPARED,
  );
  return new Map(found.map((r) => [r.courseId, r.epoch]));
}

async function readHeadcounts(unitIds: number[], asOf: string | null): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const found = await rows<{ unitId: number; members: number }>(
    asOf
      ? sql`SELECT unit_id AS "unitId", sum(delta) AS members FROM headcount_daily
             WHERE ${inIds(sql`unit_id`, unitIds)} AND day <= ${asOf} GROUP BY unit_id`
      : sql`SELECT unit_id AS "unitId", members FROM headcount_totals WHERE ${inIds(sql`unit_id`, unitIds)}`,
    PREPARED,
  );
  return new Map(found.map((r) => [r.unitId, r.members]));
}

/** Children of a unit as the tree was at the end of `asOf` (or now). */
export async function childrenAt(unitId: number, asOf: string | null): Promise<Unit[]> {
  const when = asOf ?? "9999-12-31";
  return db()
    .select()
    .from(units)
    .where(
      and(
        eq(units.parentId, unitId),
        lte(units.validFrom, when),
        asOf ? or(isNull(units.validTo), gt(units.validTo, when)) : isNull(units.validTo),
      ),
    )
    .orderBy(asc(units.name));
}

async function targetsFor(courseIds: number[]): Promise<(courseId: number, unitPathIds: number[]) => Target | null> {
  if (courseIds.length === 0) return () => null;
  const targets = await db().select().from(courseTargets).where(inArray(courseTargets.courseId, courseIds));
  return (courseId, pathIds) => {
    // The most specific target wins: the unit's own, then its nearest ancestor's, then the default.
    for (const id of [...pathIds].reverse()) {
      const own = targets.find((r) => r.courseId === courseId && r.unitId === id);
      if (own) return { rate: own.rate, dueDate: own.dueDate };
    }
    const general = targets.find((r) => r.courseId === courseId && r.unitId === null);
    return general ? { rate: general.rate, dueDate: general.dueDate } : null;
  };
}

export type Selection = number | "mandatory";

export type UnitRow = {
  id: number;
  name: string;
  kind: string;
  members: number;
  figures: Figures;
  target: Target | null;
  belowTarget: boolean;
};

export type UnitReport = {
  unit: { id: number; name: string; kind: string; code: string };
  asOf: string | null;
  members: number;
  courses: (ReportCourse & { figures: Figures; target: Target | null; belowTarget: boolean })[];
  mandatory: Figures;
  selection: Selection;
  selectionTitle: string;
  headline: Figures;
  children: UnitRow[];
};

type ReportOptions = { asOf?: string | null; selection?: Selection };

/** The first reads of a report (the courses and the unit's children), startable before the unit is known. */
export async function reportFirstReads(unitId: number, asOf: string | null) {
  // Independent reads: outside a transaction, PostgreSQL runs them at once on pooled connections.
  const [all, kids, assignments] = await Promise.all([reportCourses(), childrenAt(unitId, asOf), assignmentsStarted(asOf)]);
  return { all, kids, assignments };
}

type FirstReads = Awaited<ReturnType<typeof reportFirstReads>>;

/** What the rest of a report depends on: the courses, the unit's children, the selection they settle. */
async function reportBasis(unit: Unit, options: ReportOptions, first?: FirstReads) {
  const asOf = options.asOf ?? null;
  const { all, kids, assignments } = first ?? (await reportFirstReads(unit.id, asOf));
  // "mandatory" is now "all assignments started by the day": their courses give the quiz figures.
  const mandatoryIds = [...new Set(assignments.map((a) => a.courseId))].filter((id) => all.some((c) => c.id === id));
  const selection: Selection =
    options.selection === "mandatory" || options.selection === undefined
      ? assignments.length > 0
        ? "mandatory"
        : (all[0]?.id ?? "mandatory")
      : options.selection;
  return { asOf, all, kids, mandatoryIds, assignments, selection };
}

export async function unitReport(unit: Unit, options: ReportOptions = {}): Promise<UnitReport> {
  return reportFrom(unit, await reportBasis(unit, options));
}

/**
 * The report page's two reads in three steps rather than four: the trend needs only the courses and
 * the selection, so it is read beside the figures (at once on PostgreSQL's pooled connections).
 */
export async function unitReportWithTrend(unit: Unit, options: ReportOptions = {}, first?: FirstReads) {
  const basis = await reportBasis(unit, options, first);
  const [report, trend] = await Promise.all([
    reportFrom(unit, basis),
    weeklyTrend(unit, basis.selection, { asOf: basis.asOf, assignments: basis.assignments }),
  ]);
  return { report, trend };
}

async function reportFrom(unit: Unit, basis: Awaited<ReturnType<typeof reportBasis>>): Promise<UnitReport> {
  const { asOf, all, kids, mandatoryIds, assignments, selection } = basis;
  const ids = [unit.id, ...kids.map((k) => k.id)];
  const assignmentIds = assignments.map((a) => a.id);
  // Independent reads: outside a transaction, PostgreSQL runs them at once on pooled connections.
  const [rollups, heads, target, pairs] = await Promise.all([
    readRollups(
      ids,
      all.map((c) => c.id),
      asOf,
    ),
    readHeadcounts(ids, asOf),
    targetsFor(all.map((c) => c.id)),
    assignmentCounts(ids, assignmentIds, asOf),
  ]);
  const pairsOf = (unitId: number) => pairFigures(sumCounts([...(pairs.get(unitId)?.values() ?? [])]), rawOf(unitId, mandatoryIds));
  const pathIds = (u: Unit) => u.path.split("/").filter(Boolean).map(Number);

  const rawOf = (unitId: number, courseIds: number[]) =>
    courseIds.reduce((acc, id) => add(acc, rollups.get(`${unitId}:${id}`) ?? ZERO), ZERO);
  const selectedIds = selection === "mandatory" ? mandatoryIds : [selection];
  const figuresOf = (unitId: number) =>
    selection === "mandatory" ? pairsOf(unitId) : figures(heads.get(unitId) ?? 0, rawOf(unitId, selectedIds), selectedIds.length);
  const targetOf = (u: Unit): Target | null => (selection === "mandatory" ? null : target(selection, pathIds(u)));

  const members = heads.get(unit.id) ?? 0;
  const children: UnitRow[] = kids.map((k) => {
    const f = figuresOf(k.id);
    const tg = targetOf(k);
    return {
      id: k.id,
      name: k.name,
      kind: k.kind,
      members: heads.get(k.id) ?? 0,
      figures: f,
      target: tg,
      belowTarget: !!tg && f.rate < tg.rate,
    };
  });
  // Worst first: where help is needed.
  children.sort((a, b) => a.figures.rate - b.figures.rate || viCollator.compare(a.name, b.name));

  const selected = all.find((c) => c.id === selection);
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, code: unit.code },
    asOf,
    members,
    courses: all.map((c) => {
      const f = figures(members, rawOf(unit.id, [c.id]));
      const tg = target(c.id, pathIds(unit));
      return { ...c, figures: f, target: tg, belowTarget: !!tg && f.rate < tg.rate };
    }),
    mandatory: pairsOf(unit.id),
    selection,
    selectionTitle: selected?.title ?? "",
    headline: figuresOf(unit.id),
    children,
  };
}

/** Completions per week (Monday start) and the cumulative rate, for the trend chart. */
export async function weeklyTrend(
  unit: Unit,
  selection: Selection,
  options: { asOf?: string | null; weeks?: number; assignments?: ReportAssignment[] } = {},
) {
  const weeks = options.weeks ?? 26;
  const end = options.asOf ?? vnToday();
  if (selection === "mandatory")
    return assignmentTrend(unit, options.assignments ?? (await assignmentsStarted(options.asOf ?? null)), end, weeks);
  // The report page has just read the courses: it passes them, saving a round trip.
  const courseIds = [selection];
  const endDate = new Date(`${end}T00:00:00Z`);
  const monday = new Date(endDate.getTime() - ((endDate.getUTCDay() + 6) % 7) * 86400_000);
  const first = new Date(monday.getTime() - (weeks - 1) * 7 * 86400_000);
  const firstDay = first.toISOString().slice(0, 10);
  const [days, headsAt] = await Promise.all([
    courseIds.length === 0
      ? Promise.resolve([])
      : rows<{ day: string; completed: number }>(
          sql`SELECT r.day, sum(r.completed) AS completed FROM rollup_daily r JOIN courses c ON c.id = r.course_id AND c.epoch = r.epoch
               WHERE r.unit_id = ${unit.id} AND ${inIds(sql`r.course_id`, courseIds)} AND r.day <= ${end}
               GROUP BY r.day`,
          PREPARED,
        ),
    readHeadcounts([unit.id], end),
  ]);
  const before = days.filter((r) => r.day < firstDay).reduce((s, r) => s + r.completed, 0);
  const buckets = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(first.getTime() + i * 7 * 86400_000).toISOString().slice(0, 10),
    completed: 0,
    cumulativeRate: 0,
  }));
  for (const r of days) {
    if (r.day < firstDay) continue;
    const index = Math.floor((new Date(`${r.day}T00:00:00Z`).getTime() - first.getTime()) / (7 * 86400_000));
    if (buckets[index]) buckets[index]!.completed += r.completed;
  }
  const heads = headsAt.get(unit.id) ?? 0;
  const denominator = heads * courseIds.length;
  let running = before;
  for (const b of buckets) {
    running += b.completed;
    b.cumulativeRate = denominator > 0 ? running / denominator : 0;
  }
  return buckets;
}

/**
 * The trend of "all assignments": completions of assigned people per week, and the cumulative share
 * of the pairs assigned by each week's end that were completed by then.
 */
async function assignmentTrend(unit: Unit, assignments: ReportAssignment[], end: string, weeks: number) {
  const endDate = new Date(`${end}T00:00:00Z`);
  const monday = new Date(endDate.getTime() - ((endDate.getUTCDay() + 6) % 7) * 86400_000);
  const first = new Date(monday.getTime() - (weeks - 1) * 7 * 86400_000);
  const firstDay = first.toISOString().slice(0, 10);
  const ids = assignments.map((a) => a.id);
  const days =
    ids.length === 0
      ? []
      : await rows<{ day: string; completed: number; assigned: number }>(
          sql`SELECT day, sum(completed) AS completed, sum(assigned) AS assigned FROM assignment_daily
               WHERE unit_id = ${unit.id} AND ${inIds(sql`assignment_id`, ids)} AND day <= ${end} GROUP BY day`,
          PREPARED,
        );
  const buckets = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(first.getTime() + i * 7 * 86400_000).toISOString().slice(0, 10),
    completed: 0,
    cumulativeRate: 0,
    assigned: 0,
  }));
  let doneBefore = 0;
  let assignedBefore = 0;
  for (const r of days) {
    if (r.day < firstDay) {
      doneBefore += Number(r.completed);
      assignedBefore += Number(r.assigned);
      continue;
    }
    const bucket = buckets[Math.floor((new Date(`${r.day}T00:00:00Z`).getTime() - first.getTime()) / (7 * 86400_000))];
    if (bucket) {
      bucket.completed += Number(r.completed);
      bucket.assigned += Number(r.assigned);
    }
  }
  let done = doneBefore;
  let assigned = assignedBefore;
  return buckets.map(({ assigned: newly, ...b }) => {
    done += b.completed;
    assigned += newly;
    return { ...b, cumulativeRate: assigned > 0 ? done / assigned : 0 };
  });
}
