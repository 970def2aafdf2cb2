// The figures kernel: the ONE place report figures are written. Every change that moves a figure
// (a lesson started, a course completed, a quiz attempt, an official added, moved or deactivated,
// a unit reorganised) calls in here; people, units, courses and quizzes all do. Any room may call
// it; it calls no room (it imports only app/db), so it can never close an import cycle. The read
// side is app/reports/ (decision 0007).
//
// Rollups: the only writer of rollup_* and headcount_* rows. Each function adds to the row of the
// official's unit and of every ancestor (the ids in the unit's path), per course and per day, and
// to the running totals. Callers run these inside the transaction that records the event, so a
// report is never behind the last completion and never counts an event that was rolled back.
import { prepared } from "~/db/client.server";
import { ancestorIds } from "~/db/unit-path";

/** Calendar day in Vietnam of an ISO timestamp (re-exported for the callers of the rollups: one implementation in i18n/time). */
export { dayOf } from "~/i18n/time";

export type Figures = { started?: number; completed?: number; attempts?: number; passed?: number; scoreSum?: number };

const DAILY = `INSERT INTO rollup_daily (unit_id, course_id, epoch, day, started, completed, attempts, passed, score_sum)
  VALUES (@unit, @course, @epoch, @day, @started, @completed, @attempts, @passed, @scoreSum)
  ON CONFLICT (unit_id, course_id, epoch, day) DO UPDATE SET
    started = started + excluded.started, completed = completed + excluded.completed,
    attempts = attempts + excluded.attempts, passed = passed + excluded.passed, score_sum = score_sum + excluded.score_sum`;
const TOTALS = `INSERT INTO rollup_totals (unit_id, course_id, epoch, started, completed, attempts, passed, score_sum)
  VALUES (@unit, @course, @epoch, @started, @completed, @attempts, @passed, @scoreSum)
  ON CONFLICT (unit_id, course_id, epoch) DO UPDATE SET
    started = started + excluded.started, completed = completed + excluded.completed,
    attempts = attempts + excluded.attempts, passed = passed + excluded.passed, score_sum = score_sum + excluded.score_sum`;
const MEMBERS_DAILY = `INSERT INTO headcount_daily (unit_id, day, delta) VALUES (@unit, @day, @delta)
  ON CONFLICT (unit_id, day) DO UPDATE SET delta = delta + excluded.delta`;
const MEMBERS_TOTAL = `INSERT INTO headcount_totals (unit_id, members) VALUES (@unit, @delta)
  ON CONFLICT (unit_id) DO UPDATE SET members = members + excluded.members`;

/** Add course figures for an event of an official in the unit with this path, on this day. */
export function addCourseFigures(unitPath: string, courseId: number, epoch: number, day: string, f: Figures) {
  const values = {
    course: courseId,
    epoch,
    day,
    started: f.started ?? 0,
    completed: f.completed ?? 0,
    attempts: f.attempts ?? 0,
    passed: f.passed ?? 0,
    scoreSum: f.scoreSum ?? 0,
  };
  const daily = prepared(DAILY);
  const totals = prepared(TOTALS);
  for (const unit of ancestorIds(unitPath)) {
    daily.run({ ...values, unit });
    totals.run({ ...values, unit });
  }
}

/** A member joins (+1) or leaves (−1) the unit with this path on this day. */
export function addMembers(unitPath: string, day: string, delta: number) {
  const daily = prepared(MEMBERS_DAILY);
  const total = prepared(MEMBERS_TOTAL);
  for (const unit of ancestorIds(unitPath)) {
    daily.run({ unit, day, delta });
    total.run({ unit, delta });
  }
}

/**
 * An official leaves one place in the tree for another (a move), for none (deactivation) or comes
 * from none (reactivation), on `day`:
 * their head count and their figures in every course's current epoch go with them. Earlier days keep
 * the old figures, so a report as of a date before the change still shows where they were.
 */
export function shiftOfficial(officialId: number, fromPath: string | null, toPath: string | null, day: string) {
  if (fromPath) addMembers(fromPath, day, -1);
  if (toPath) addMembers(toPath, day, +1);
  const rows = prepared(
    `SELECT cs.course_id AS courseId, cs.epoch, 1 AS started, (cs.completed_at IS NOT NULL) AS completed,
            (SELECT count(*) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded') AS attempts,
            (SELECT count(*) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded' AND a.passed = 1) AS passed,
            (SELECT coalesce(sum(a.score), 0) FROM quiz_attempts a WHERE a.official_id = cs.official_id AND a.course_id = cs.course_id AND a.epoch = cs.epoch AND a.status = 'graded') AS scoreSum
       FROM course_status cs JOIN courses c ON c.id = cs.course_id AND c.epoch = cs.epoch
      WHERE cs.official_id = ?`,
  ).all(officialId) as {
    courseId: number;
    epoch: number;
    started: number;
    completed: number;
    attempts: number;
    passed: number;
    scoreSum: number;
  }[];
  for (const r of rows) {
    const f = { started: r.started, completed: r.completed, attempts: r.attempts, passed: r.passed, scoreSum: r.scoreSum };
    if (fromPath) addCourseFigures(fromPath, r.courseId, r.epoch, day, negate(f));
    if (toPath) addCourseFigures(toPath, r.courseId, r.epoch, day, f);
  }
}

const negate = (f: Required<Figures>): Figures => ({
  started: -f.started,
  completed: -f.completed,
  attempts: -f.attempts,
  passed: -f.passed,
  scoreSum: -f.scoreSum,
});
