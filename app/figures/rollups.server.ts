// The figures kernel: the ONE place report figures are written. Every change that moves a figure
// (a lesson started, a course completed, a quiz attempt, an official added, moved or deactivated,
// a unit reorganised) calls in here; people, units, courses and quizzes all do. Any room may call
// it; it calls no room (it imports only app/db), so it can never close an import cycle. The read
// side is app/reports/ (decision 0007). The item analysis totals of a graded attempt are written
// beside them by item-totals.server.ts (decision 0025), and moved with the official by shiftOfficial.
//
// Rollups: the only writer of rollup_* and headcount_* rows. Each function adds to the row of the
// official's unit and of every ancestor (the ids in the unit's path), per course and per day, and
// to the running totals. Callers run these inside the transaction that records the event (db() is
// that transaction), so a report is never behind the last completion and never counts an event that
// was rolled back. The upserts add to the stored figure (x = x + excluded.x), so concurrent
// transactions on PostgreSQL never lose each other's increments.
import { sql } from "drizzle-orm";
import { dialect, exec, rows } from "~/db/client.server";
import { ancestorIds } from "~/db/unit-path";
import { shiftAssignmentFigures } from "./assignment-figures.server";
import { shiftItemTotals } from "./item-totals.server";

/** Calendar day in Vietnam of an ISO timestamp (re-exported for the callers of the rollups: one implementation in i18n/time). */
export { dayOf } from "~/i18n/time";

export type Figures = { started?: number; completed?: number; attempts?: number; passed?: number; scoreSum?: number };

// One multi-row upsert per table for all the ancestors of a unit (a round trip each on PostgreSQL,
// so the statement count per event stays at four whatever the depth of the tree).
const list = (parts: ReturnType<typeof sql>[]) => sql.join(parts, sql`, `);
// Named prepared statements on PostgreSQL only for an event's few rows (one per ancestor: a handful of
// distinct texts); the bulk writes of a reorganisation (hundreds of rows) stay unnamed.
const prepareFor = (rowCount: number) => ({ prepare: rowCount <= 12 });

type FigureRow = {
  unit: number;
  courseId: number;
  epoch: number;
  started: number;
  completed: number;
  attempts: number;
  passed: number;
  scoreSum: number;
};

/** The one writer of course figures: adds each row to its daily and running-total row (rows unique per unit, course, epoch). */
async function writeCourseFigures(day: string, figures: FigureRow[]) {
  // A few hundred rows per statement at most, well under either engine's parameter limit.
  for (let i = 0; i < figures.length; i += 500) {
    const chunk = figures.slice(i, i + 500);
    const PREPARE = prepareFor(chunk.length);
    if (dialect() === "postgres") {
      // One round trip for both tables: the rows once, as a VALUES list, and the daily upsert in a
      // data-modifying WITH before the totals' (PostgreSQL runs both; SQLite has no such WITH).
      await exec(
        sql`WITH v (unit_id, course_id, epoch, started, completed, attempts, passed, score_sum) AS (
          VALUES ${list(chunk.map((r) => sql`(${r.unit}::int, ${r.courseId}::int, ${r.epoch}::int, ${r.started}::int, ${r.completed}::int, ${r.attempts}::int, ${r.passed}::int, ${r.scoreSum}::int)`))}
        ), daily AS (
          INSERT INTO rollup_daily (unit_id, course_id, epoch, day, started, completed, attempts, passed, score_sum)
          SELECT unit_id, course_id, epoch, ${day}, started, completed, attempts, passed, score_sum FROM v
          ON CONFLICT (unit_id, course_id, epoch, day) DO UPDATE SET
            started = rollup_daily.started + excluded.started, completed = rollup_daily.completed + excluded.completed,
            attempts = rollup_daily.attempts + excluded.attempts, passed = rollup_daily.passed + excluded.passed,
            score_sum = rollup_daily.score_sum + excluded.score_sum
        )
        INSERT INTO rollup_totals (unit_id, course_id, epoch, started, completed, attempts, passed, score_sum)
        SELECT unit_id, course_id, epoch, started, completed, attempts, passed, score_sum FROM v
        ON CONFLICT (unit_id, course_id, epoch) DO UPDATE SET
          started = rollup_totals.started + excluded.started, completed = rollup_totals.completed + excluded.completed,
          attempts = rollup_totals.attempts + excluded.attempts, passed = rollup_totals.passed + excluded.passed,
          score_sum = rollup_totals.score_sum + excluded.score_sum`,
        PREPARE,
      );
      continue;
    }
    await exec(
      sql`INSERT INTO rollup_daily (unit_id, course_id, epoch, day, started, completed, attempts, passed, score_sum)
      VALUES ${list(chunk.map((r) => sql`(${r.unit}, ${r.courseId}, ${r.epoch}, ${day}, ${r.started}, ${r.completed}, ${r.attempts}, ${r.passed}, ${r.scoreSum})`))}
      ON CONFLICT (unit_id, course_id, epoch, day) DO UPDATE SET
        started = rollup_daily.started + excluded.started, completed = rollup_daily.completed + excluded.completed,
        attempts = rollup_daily.attempts + excluded.attempts, passed = rollup_daily.passed + excluded.passed,
        score_sum = rollup_daily.score_sum + excluded.score_sum`,
      PREPARE,
    );
    await exec(
      sql`INSERT INTO rollup_totals (unit_id, course_id, epoch, started, completed, attempts, passed, score_sum)
      VALUES ${list(chunk.map((r) => sql`(${r.unit}, ${r.courseId}, ${r.epoch}, ${r.started}, ${r.completed}, ${r.attempts}, ${r.passed}, ${r.scoreSum})`))}
      ON CONFLICT (unit_id, course_id, epoch) DO UPDATE SET
        started = rollup_totals.started + excluded.started, completed = rollup_totals.completed + excluded.completed,
        attempts = rollup_totals.attempts + excluded.attempts, passed = rollup_totals.passed + excluded.passed,
        score_sum = rollup_totals.score_sum + excluded.score_sum`,
      PREPARE,
    );
  }
}

/** The one writer of head counts: adds each delta to the unit's daily and total row. */
async function writeMembers(day: string, deltas: [unit: number, delta: number][]) {
  if (deltas.length === 0) return;
  const PREPARE = prepareFor(deltas.length);
  await exec(
    sql`INSERT INTO headcount_daily (unit_id, day, delta)
    VALUES ${list(deltas.map(([unit, delta]) => sql`(${unit}, ${day}, ${delta})`))}
    ON CONFLICT (unit_id, day) DO UPDATE SET delta = headcount_daily.delta + excluded.delta`,
    PREPARE,
  );
  await exec(
    sql`INSERT INTO headcount_totals (unit_id, members)
    VALUES ${list(deltas.map(([unit, delta]) => sql`(${unit}, ${delta})`))}
    ON CONFLICT (unit_id) DO UPDATE SET members = headcount_totals.members + excluded.members`,
    PREPARE,
  );
}

/** Add course figures for an event of an official in the unit with this path, on this day. */
export async function addCourseFigures(unitPath: string, courseId: number, epoch: number, day: string, f: Figures) {
  const figures = {
    started: f.started ?? 0,
    completed: f.completed ?? 0,
    attempts: f.attempts ?? 0,
    passed: f.passed ?? 0,
    scoreSum: f.scoreSum ?? 0,
  };
  await writeCourseFigures(
    day,
    ancestorIds(unitPath).map((unit) => ({ unit, courseId, epoch, ...figures })),
  );
}

/** A member joins (+1) or leaves (−1) the unit with this path on this day. */
export async function addMembers(unitPath: string, day: string, delta: number) {
  await writeMembers(
    day,
    ancestorIds(unitPath).map((unit) => [unit, delta]),
  );
}

/**
 * An official leaves one place in the tree for another (a move), for none (deactivation) or comes
 * from none (reactivation), on `day`:
 * their head count and their figures in every course's current epoch go with them. Earlier days keep
 * the old figures, so a report as of a date before the change still shows where they were.
 * The change is netted per unit first (an ancestor both places share, such as the province, does not
 * change), then written as one upsert per table: a reorganisation moving hundreds of officials costs
 * eight statements per official (three of them the item analysis totals), not one per ancestor and course.
 */
export async function shiftOfficial(officialId: number, fromPath: string | null, toPath: string | null, day: string) {
  const sign = new Map<number, number>();
  for (const unit of fromPath ? ancestorIds(fromPath) : []) sign.set(unit, (sign.get(unit) ?? 0) - 1);
  for (const unit of toPath ? ancestorIds(toPath) : []) sign.set(unit, (sign.get(unit) ?? 0) + 1);
  const moved = [...sign].filter(([, d]) => d !== 0);
  if (moved.length === 0) return;
  await writeMembers(day, moved);
  const figures = await rows<Omit<FigureRow, "unit">>(
    sql`SELECT cs.course_id AS "courseId", cs.epoch, 1 AS started, CASE WHEN cs.completed_at IS NOT NULL THEN 1 ELSE 0 END AS completed,
            (SELECT count(*) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded') AS attempts,
            (SELECT count(*) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded' AND a.passed) AS passed,
            (SELECT coalesce(sum(a.score), 0) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded') AS "scoreSum"
       FROM course_status cs JOIN courses c ON c.id = cs.course_id AND c.epoch = cs.epoch
      WHERE cs.official_id = ${officialId}`,
  );
  await writeCourseFigures(
    day,
    figures.flatMap((r) =>
      moved.map(([unit, d]) => ({
        unit,
        courseId: r.courseId,
        epoch: r.epoch,
        started: d * r.started,
        completed: d * r.completed,
        attempts: d * r.attempts,
        passed: d * r.passed,
        scoreSum: d * r.scoreSum,
      })),
    ),
  );
  // The item analysis totals of current epochs follow the official too (docs/decisions/0025), after the
  // rollups as at grading: the same order of row locks on PostgreSQL.
  await shiftItemTotals(officialId, moved);
  // And the figures of their open assignment memberships (docs/decisions/0027).
  await shiftAssignmentFigures(officialId, moved, day);
}
