// Per official and course: started, completed, best quiz score. The first start and the completion
// are what the reports count, so each is written once, together with its rollup.
import { and, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { db, exec } from "~/db/client.server";
import { courses, courseStatus } from "~/db/schema";
import { unitPathOf } from "~/people/officials.server";
import { addCourseFigures, dayOf } from "~/figures/rollups.server";
import { addAssignmentCourseEvent } from "~/figures/assignment-figures.server";

async function statusRow(officialId: number, courseId: number, epoch: number) {
  const [row] = await db()
    .select()
    .from(courseStatus)
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)))
    .limit(1);
  return row;
}

/**
 * Records the official's first start of the course (idempotent). Call inside the event's transaction,
 * after lock("official", officialId): the read-then-insert below must not race another request.
 */
export async function markStarted(officialId: number, courseId: number, at: string) {
  // The course's epoch and whether this official started it, in one query (one round trip).
  const [row] = await db()
    .select({ epoch: courses.epoch, startedAt: courseStatus.startedAt })
    .from(courses)
    .leftJoin(
      courseStatus,
      and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courses.id), eq(courseStatus.epoch, courses.epoch)),
    )
    .where(eq(courses.id, courseId))
    .limit(1);
  const epoch = row?.epoch ?? 1;
  if (row?.startedAt) return;
  await db().insert(courseStatus).values({ officialId, courseId, epoch, startedAt: at });
  const unitPath = await unitPathOf(officialId);
  await addCourseFigures(unitPath, courseId, epoch, dayOf(at), { started: 1 });
  await addAssignmentCourseEvent(officialId, courseId, unitPath, dayOf(at), { started: true, completed: false });
}

/**
 * Writes the course status and its figures for a completion (and the start it implies when the course
 * was never started), knowing the status from `facts` (read in the same transaction, after the lock):
 * no read of its own, and one pair of rollup upserts for both figures.
 */
export async function recordCourseEvents(
  officialId: number,
  courseId: number,
  facts: { epoch: number; startedAt: string | null; unitPath: string },
  at: string,
  what: { complete: boolean },
) {
  const start = facts.startedAt === null;
  const { epoch } = facts;
  const completedAt = what.complete ? at : null;
  if (start)
    await exec(
      sql`INSERT INTO course_status (official_id, course_id, epoch, started_at, completed_at) VALUES (${officialId}, ${courseId}, ${epoch}, ${at}, ${completedAt})`,
      { prepare: true },
    );
  else if (what.complete)
    await exec(
      sql`UPDATE course_status SET completed_at = ${at} WHERE official_id = ${officialId} AND course_id = ${courseId} AND epoch = ${epoch}`,
      { prepare: true },
    );
  if (start || what.complete) {
    await addCourseFigures(facts.unitPath, courseId, epoch, dayOf(at), { started: start ? 1 : 0, completed: what.complete ? 1 : 0 });
    await addAssignmentCourseEvent(officialId, courseId, facts.unitPath, dayOf(at), { started: start, completed: what.complete });
  }
}

/** Counts a graded quiz attempt; returns the official's unit path the figures went to. */
export async function markAttempt(
  officialId: number,
  courseId: number,
  epoch: number,
  at: string,
  score: number,
  passed: boolean,
): Promise<string> {
  await markStarted(officialId, courseId, at);
  const row = (await statusRow(officialId, courseId, epoch))!;
  await db()
    .update(courseStatus)
    .set({
      bestScore: Math.max(row.bestScore ?? 0, score),
      passedAt: row.passedAt ?? (passed ? at : null),
    })
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)));
  const unitPath = await unitPathOf(officialId);
  await addCourseFigures(unitPath, courseId, epoch, dayOf(at), {
    attempts: 1,
    passed: passed ? 1 : 0,
    scoreSum: score,
  });
  return unitPath;
}
