// Per official and course: started, completed, best quiz score. The first start and the completion
// are what the reports count, so each is written once, together with its rollup.
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { courses, courseStatus } from "~/db/schema";
import { unitPathOf } from "~/people/officials.server";
import { addCourseFigures, dayOf } from "~/figures/rollups.server";

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
  await addCourseFigures(await unitPathOf(officialId), courseId, epoch, dayOf(at), { started: 1 });
}

/** Records the completion for the epoch (the caller has checked the rule). */
export async function markCompleted(officialId: number, courseId: number, epoch: number, at: string) {
  await markStarted(officialId, courseId, at);
  await db()
    .update(courseStatus)
    .set({ completedAt: at })
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)));
  await addCourseFigures(await unitPathOf(officialId), courseId, epoch, dayOf(at), { completed: 1 });
}

/** Counts a graded quiz attempt. */
export async function markAttempt(officialId: number, courseId: number, epoch: number, at: string, score: number, passed: boolean) {
  await markStarted(officialId, courseId, at);
  const row = (await statusRow(officialId, courseId, epoch))!;
  await db()
    .update(courseStatus)
    .set({
      bestScore: Math.max(row.bestScore ?? 0, score),
      passedAt: row.passedAt ?? (passed ? at : null),
    })
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)));
  await addCourseFigures(await unitPathOf(officialId), courseId, epoch, dayOf(at), {
    attempts: 1,
    passed: passed ? 1 : 0,
    scoreSum: score,
  });
}
