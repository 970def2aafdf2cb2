// The completion of an indicator's supporting courses in a unit and in each of its children, as the
// unit report (app/reports/unit-report.server.ts) computes it for one course — completed over the
// unit's headcount — read once for every supporting course and every child (the figures' rollup rows:
// a few rows per unit and course), instead of one whole unit report per course. The reads are the
// report's own (its readRollups and readHeadcounts, which it does not export); a test compares the
// two on both engines (tests/unit/indicators/).
import { sql } from "drizzle-orm";
import { rows } from "~/db/client.server";
import { inIds } from "~/db/portable.server";
import { epochsAt, reportCourses } from "~/reports/unit-report.server";

export type Training = { completed: number; inScope: number; rate: number | null };

export type TrainingFigures = {
  /** Completions per unit and course (the course's epoch in force on the day); the courses a report shows only. */
  completed: Map<string, number>;
  /** Officials per unit on the day. */
  members: Map<number, number>;
};

/** The figures of these courses for these units, now or as of the end of a day. */
export async function trainingFigures(unitIds: number[], courseIds: number[], asOf: string | null): Promise<TrainingFigures> {
  const out: TrainingFigures = { completed: new Map(), members: new Map() };
  if (unitIds.length === 0 || courseIds.length === 0) return out;
  // The report counts only published, not retired courses (reportCourses): a supporting course outside
  // that list shows 0 completed over the headcount there, so here too.
  const shown = new Set((await reportCourses()).map((c) => c.id));
  const ids = courseIds.filter((id) => shown.has(id));
  const [completions, members] = await Promise.all([
    ids.length === 0
      ? Promise.resolve([] as { unitId: number; courseId: number; completed: number }[])
      : asOf
        ? Promise.all([
            epochsAt(ids, asOf),
            rows<{ unitId: number; courseId: number; epoch: number; completed: number }>(
              sql`SELECT unit_id AS "unitId", course_id AS "courseId", epoch, sum(completed) AS completed
                    FROM rollup_daily
                   WHERE ${inIds(sql`unit_id`, unitIds)} AND ${inIds(sql`course_id`, ids)} AND day <= ${asOf}
                   GROUP BY unit_id, course_id, epoch`,
            ),
          ]).then(([epochs, found]) => found.filter((r) => Number(r.epoch) === (epochs.get(r.courseId) ?? 1)))
        : rows<{ unitId: number; courseId: number; completed: number }>(
            sql`SELECT r.unit_id AS "unitId", r.course_id AS "courseId", r.completed
                  FROM rollup_totals r JOIN courses c ON c.id = r.course_id AND c.epoch = r.epoch
                 WHERE ${inIds(sql`r.unit_id`, unitIds)} AND ${inIds(sql`r.course_id`, ids)}`,
          ),
    rows<{ unitId: number; members: number }>(
      asOf
        ? sql`SELECT unit_id AS "unitId", sum(delta) AS members FROM headcount_daily
               WHERE ${inIds(sql`unit_id`, unitIds)} AND day <= ${asOf} GROUP BY unit_id`
        : sql`SELECT unit_id AS "unitId", members FROM headcount_totals WHERE ${inIds(sql`unit_id`, unitIds)}`,
    ),
  ]);
  for (const r of completions) out.completed.set(`${r.unitId}:${r.courseId}`, Number(r.completed));
  for (const r of members) out.members.set(Number(r.unitId), Number(r.members));
  return out;
}

/** The completion of these courses in one unit: Σ completed over (headcount × courses); null without courses. */
export function trainingOf(figures: TrainingFigures, courseIds: number[], unitId: number): Training | null {
  if (courseIds.length === 0) return null;
  const members = figures.members.get(unitId) ?? 0;
  let completed = 0;
  for (const id of courseIds) completed += figures.completed.get(`${unitId}:${id}`) ?? 0;
  const inScope = members * courseIds.length;
  return { completed, inScope, rate: inScope > 0 ? completed / inScope : null };
}

/** The first day anyone in the unit's subtree started each of these courses (on or before `day`), by course. */
export async function trainingStarts(unitId: number, courseIds: number[], day: string): Promise<Map<number, string>> {
  if (courseIds.length === 0) return new Map();
  const found = await rows<{ courseId: number; first: string | null }>(
    sql`SELECT course_id AS "courseId", min(day) AS first FROM rollup_daily
         WHERE unit_id = ${unitId} AND ${inIds(sql`course_id`, courseIds)} AND started > 0 AND day <= ${day}
         GROUP BY course_id`,
  );
  return new Map(found.flatMap((r) => (r.first ? [[Number(r.courseId), r.first] as [number, string]] : [])));
}
