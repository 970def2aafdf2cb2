// One official seen by their manager (issue 20 item 8): per course the lessons done of the current
// version, the quiz attempts (count, best score, the last), the last activity; and their assignments
// with the state the assignment reports use (stateOn) and the learner's own words for the due day
// (due-state.ts). The route checks scope before calling any of this.
import { sql } from "drizzle-orm";
import { daysLeft } from "~/assignments/assignments.server";
import { rows } from "~/db/client.server";
import { NO_DUE_DAY } from "~/db/schema";
import { stateOn, type AssignmentState } from "./assignment-report.server";

export type CourseActivity = {
  id: number;
  lessonsDone: number;
  lessonsTotal: number;
  attempts: number;
  bestScore: number | null;
  lastAttemptAt: string | null;
  lastScore: number | null;
  lastPassed: boolean | null;
  lastActivityAt: string | null;
};

/** Lessons, attempts and the last activity per published course, for one official (course id → activity). */
export async function courseActivity(officialId: number): Promise<Map<number, CourseActivity>> {
  const found = await rows<{
    id: number;
    lessonsDone: number | string;
    lessonsTotal: number | string;
    attempts: number | string;
    bestScore: number | null;
    lastAttemptAt: string | null;
    lastLessonAt: string | null;
  }>(
    sql`SELECT c.id,
               (SELECT count(*) FROM lesson_versions lv
                  JOIN lesson_progress lp ON lp.lesson_id = lv.lesson_id AND lp.official_id = ${officialId} AND lp.completed_at IS NOT NULL
                 WHERE lv.course_version_id = c.current_version_id) AS "lessonsDone",
               (SELECT count(*) FROM lesson_versions lv WHERE lv.course_version_id = c.current_version_id) AS "lessonsTotal",
               (SELECT count(*) FROM quiz_attempts a
                 WHERE a.official_id = ${officialId} AND a.course_id = c.id AND a.status = 'graded') AS attempts,
               (SELECT max(a.score) FROM quiz_attempts a
                 WHERE a.official_id = ${officialId} AND a.course_id = c.id AND a.status = 'graded') AS "bestScore",
               (SELECT max(a.submitted_at) FROM quiz_attempts a
                 WHERE a.official_id = ${officialId} AND a.course_id = c.id AND a.status = 'graded') AS "lastAttemptAt",
               (SELECT max(coalesce(lp.completed_at, lp.started_at)) FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
                 WHERE lp.official_id = ${officialId} AND l.course_id = c.id) AS "lastLessonAt"
          FROM courses c
         WHERE c.current_version_id IS NOT NULL AND c.retired_at IS NULL`,
  );
  const last = await rows<{ courseId: number; score: number | null; passed: number | boolean | null }>(
    sql`SELECT a.course_id AS "courseId", a.score, a.passed FROM quiz_attempts a
         WHERE a.official_id = ${officialId} AND a.status = 'graded'
           AND a.id = (SELECT max(b.id) FROM quiz_attempts b
                        WHERE b.official_id = a.official_id AND b.course_id = a.course_id AND b.status = 'graded')`,
  );
  const lastBy = new Map(last.map((l) => [Number(l.courseId), l]));
  return new Map(
    found.map((c) => {
      const l = lastBy.get(Number(c.id));
      const times = [c.lastAttemptAt, c.lastLessonAt].filter((x): x is string => x !== null).sort();
      return [
        Number(c.id),
        {
          id: Number(c.id),
          lessonsDone: Number(c.lessonsDone),
          lessonsTotal: Number(c.lessonsTotal),
          attempts: Number(c.attempts),
          bestScore: c.bestScore === null ? null : Number(c.bestScore),
          lastAttemptAt: c.lastAttemptAt,
          lastScore: l?.score ?? null,
          lastPassed: l ? (l.passed === null ? null : Boolean(l.passed)) : null,
          lastActivityAt: times.at(-1) ?? null,
        },
      ];
    }),
  );
}

export type PersonAssignment = {
  assignmentId: number;
  title: string;
  dueOn: string | null;
  completedOn: string | null;
  state: AssignmentState;
  days: number | null;
};

/** The official's current assignments (not withdrawn, started), with their state today; the earliest due day first. */
export async function personAssignments(officialId: number, today: string): Promise<PersonAssignment[]> {
  const found = await rows<{
    assignmentId: number;
    title: string;
    dueOn: string;
    assignedOn: string;
    startedOn: string | null;
    completedOn: string | null;
  }>(
    sql`SELECT a.id AS "assignmentId", c.title, m.due_on AS "dueOn", m.assigned_on AS "assignedOn",
               m.started_on AS "startedOn", m.completed_on AS "completedOn"
          FROM assignment_members m JOIN assignments a ON a.id = m.assignment_id JOIN courses c ON c.id = a.course_id
         WHERE m.official_id = ${officialId} AND m.left_on IS NULL AND a.status <> 'withdrawn' AND a.start_on <= ${today}
         ORDER BY m.due_on, c.title, a.id`,
  );
  return found.map((m) => ({
    assignmentId: Number(m.assignmentId),
    title: m.title,
    dueOn: m.dueOn === NO_DUE_DAY ? null : m.dueOn,
    completedOn: m.completedOn,
    state: stateOn(m, today),
    days: daysLeft(m.dueOn, today),
  }));
}
