// Per official and course: started, completed, best quiz score. The first start and the completion
// are what the reports count, so each is written once, together with its rollup.
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { courses, courseStatus } from "~/db/schema";
import { unitPathOf } from "~/people/officials.server";
import { addCourseFigures, dayOf } from "~/figures/rollups.server";

function currentEpoch(courseId: number): number {
  return db().select({ epoch: courses.epoch }).from(courses).where(eq(courses.id, courseId)).get()?.epoch ?? 1;
}

function statusRow(officialId: number, courseId: number, epoch: number) {
  return db()
    .select()
    .from(courseStatus)
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)))
    .get();
}

/** Records the official's first start of the course (idempotent). Call inside the event's transaction. */
export function markStarted(officialId: number, courseId: number, at: string) {
  const epoch = currentEpoch(courseId);
  if (statusRow(officialId, courseId, epoch)) return;
  db().insert(courseStatus).values({ officialId, courseId, epoch, startedAt: at }).run();
  addCourseFigures(unitPathOf(officialId), courseId, epoch, dayOf(at), { started: 1 });
}

/** Records the completion for the epoch (the caller has checked the rule). */
export function markCompleted(officialId: number, courseId: number, epoch: number, at: string) {
  markStarted(officialId, courseId, at);
  db()
    .update(courseStatus)
    .set({ completedAt: at })
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)))
    .run();
  addCourseFigures(unitPathOf(officialId), courseId, epoch, dayOf(at), { completed: 1 });
}

/** Counts a graded quiz attempt. */
export function markAttempt(officialId: number, courseId: number, epoch: number, at: string, score: number, passed: boolean) {
  markStarted(officialId, courseId, at);
  const row = statusRow(officialId, courseId, epoch)!;
  db()
    .update(courseStatus)
    .set({
      bestScore: Math.max(row.bestScore ?? 0, score),
      passedAt: row.passedAt ?? (passed ? at : null),
    })
    .where(and(eq(courseStatus.officialId, officialId), eq(courseStatus.courseId, courseId), eq(courseStatus.epoch, epoch)))
    .run();
  addCourseFigures(unitPathOf(officialId), courseId, epoch, dayOf(at), { attempts: 1, passed: passed ? 1 : 0, scoreSum: score });
}
