// The one place that decides whether a course is complete for an official.
// Rule: every lesson of the course's current version is done and, when the course has a final quiz,
// an attempt of the current epoch passed it.
// Recording a completion happens in the caller's transaction, right after the progress it depends on
// (the caller holds lock("official", officialId), so "already recorded?" cannot race).
//
// Everything the rule needs is read in ONE query (completionFacts): on PostgreSQL each statement is a
// round trip, and the completion of a lesson is the hottest write path (docs/benchmarks.md).
import { sql } from "drizzle-orm";
import { issueCertificateFor } from "~/certificates/issue.server";
import { row, type Db } from "~/db/client.server";
import { enqueueCourseCompleted } from "~/mail/messages.server";
import { notifyCoursePassed } from "~/notifications/notifications.server";
import { recordCourseEvents } from "./status.server";

/** What the completion rule and its writers need to know about one official and course, now. */
export type CompletionFacts = {
  epoch: number;
  versionId: number | null;
  /** The course status of this epoch: when it was started (null when it was not). */
  startedAt: string | null;
  /** A completion is recorded for this epoch already. */
  recorded: boolean;
  /** Lessons of the current version not done, not counting `assumeDone` (the lesson being marked). */
  remaining: number;
  hasQuiz: boolean;
  passed: boolean;
  unitPath: string;
  /** The progress row of `assumeDone`, when one was asked for. */
  lessonStartedAt: string | null;
  lessonCompletedAt: string | null;
  /** What the completion's certificate and e-mail say, read here so that they read nothing themselves. */
  versionNumber: number | null;
  courseTitle: string;
  slug: string;
  ho: string;
  dem: string;
  ten: string;
  email: string | null;
  unitId: number;
  unitName: string;
  /** The best passed score of this epoch (the certificate's), null without a passed attempt. */
  score: number | null;
  /** The person turned the congratulations e-mail off. */
  mailOptedOut: boolean;
};

type FactsRow = Omit<CompletionFacts, "recorded" | "hasQuiz" | "passed" | "mailOptedOut"> & {
  recorded: number;
  hasQuiz: number;
  passed: number;
  mailOptedOut: number;
};

/**
 * Reads the facts in one query. `assumeDone` is a lesson the caller is marking done in this
 * transaction: it does not count as remaining, and its progress row is returned. Undefined when the
 * course or the official does not exist.
 */
export async function completionFacts(
  officialId: number,
  courseId: number,
  assumeDone: number | null,
): Promise<CompletionFacts | undefined> {
  const lesson = assumeDone ?? -1;
  const r = await row<FactsRow>(
    sql`
    SELECT c.epoch, c.current_version_id AS "versionId", cs.started_at AS "startedAt",
           lp.started_at AS "lessonStartedAt", lp.completed_at AS "lessonCompletedAt", u.path AS "unitPath",
           CASE WHEN EXISTS (SELECT 1 FROM course_completions cc
                              WHERE cc.official_id = ${officialId} AND cc.course_id = c.id AND cc.epoch = c.epoch) THEN 1 ELSE 0 END AS recorded,
           (SELECT count(*) FROM lesson_versions lv
             WHERE lv.course_version_id = c.current_version_id AND lv.lesson_id <> ${lesson}
               AND NOT EXISTS (SELECT 1 FROM lesson_progress p
                                WHERE p.official_id = ${officialId} AND p.lesson_id = lv.lesson_id AND p.completed_at IS NOT NULL)) AS remaining,
           CASE WHEN EXISTS (SELECT 1 FROM quiz_definitions q WHERE q.course_version_id = c.current_version_id) THEN 1 ELSE 0 END AS "hasQuiz",
           CASE WHEN EXISTS (SELECT 1 FROM quiz_attempts a
                              WHERE a.official_id = ${officialId} AND a.course_id = c.id AND a.epoch = c.epoch
                                AND a.passed AND a.status = 'graded') THEN 1 ELSE 0 END AS passed,
           (SELECT max(a.score) FROM quiz_attempts a
             WHERE a.official_id = ${officialId} AND a.course_id = c.id AND a.epoch = c.epoch
               AND a.passed AND a.status = 'graded') AS score,
           cv.number AS "versionNumber", c.title AS "courseTitle", c.slug, o.ho, o.dem, o.ten, o.email,
           u.id AS "unitId", u.name AS "unitName",
           CASE WHEN EXISTS (SELECT 1 FROM mail_opt_outs m WHERE m.official_id = o.id AND m.kind = 'course-completed')
                THEN 1 ELSE 0 END AS "mailOptedOut"
      FROM courses c
      JOIN officials o ON o.id = ${officialId}
      JOIN units u ON u.id = o.unit_id
      LEFT JOIN course_versions cv ON cv.id = c.current_version_id
      LEFT JOIN course_status cs ON cs.official_id = o.id AND cs.course_id = c.id AND cs.epoch = c.epoch
      LEFT JOIN lesson_progress lp ON lp.official_id = o.id AND lp.lesson_id = ${lesson}
     WHERE c.id = ${courseId}`,
    { prepare: true },
  );
  if (!r) return undefined;
  return {
    ...r,
    recorded: Number(r.recorded) === 1,
    hasQuiz: Number(r.hasQuiz) === 1,
    passed: Number(r.passed) === 1,
    remaining: Number(r.remaining),
    mailOptedOut: Number(r.mailOptedOut) === 1,
    versionNumber: r.versionNumber === null ? null : Number(r.versionNumber),
    score: r.score === null ? null : Number(r.score),
  };
}

/** The rule itself. */
export function ruleMet(f: CompletionFacts): boolean {
  return f.versionId !== null && !f.recorded && f.remaining === 0 && (!f.hasQuiz || f.passed);
}

/**
 * Records the completion (and the start, when the course was never started) with their figures, when
 * the rule is met and the completion not yet recorded, issues its certificate, and enqueues the congratulations e-mail
 * (app/mail/messages.server.ts). Returns true only when this call recorded it.
 * Call inside the transaction, after lock("official", officialId).
 */
export async function recordCompletionIfMet(officialId: number, courseId: number, facts: CompletionFacts, at: string): Promise<boolean> {
  if (!ruleMet(facts)) return false;
  const recorded = await row<{ id: number }>(
    sql`INSERT INTO course_completions (official_id, course_id, epoch, course_version_id, completed_at)
                 VALUES (${officialId}, ${courseId}, ${facts.epoch}, ${facts.versionId}, ${at}) RETURNING id`,
    { prepare: true },
  );
  await recordCourseEvents(officialId, courseId, facts, at, { complete: true });
  // The certificate, in this transaction: a rolled-back completion issues none (docs/decisions/0029).
  // Everything it prints was read with the facts: no read of its own (one round trip less on PostgreSQL).
  await issueCertificateFor({
    id: Number(recorded!.id),
    officialId,
    courseId,
    epoch: facts.epoch,
    courseVersionId: facts.versionId!,
    completedAt: at,
    versionNumber: facts.versionNumber!,
    courseTitle: facts.courseTitle,
    ho: facts.ho,
    dem: facts.dem,
    ten: facts.ten,
    unitId: facts.unitId,
    unitName: facts.unitName,
    score: facts.score,
  });
  // The optional congratulations e-mail, in this transaction: a rolled-back completion sends nothing.
  await enqueueCourseCompleted(officialId, courseId, facts.epoch, at, {
    email: facts.email,
    ho: facts.ho,
    dem: facts.dem,
    ten: facts.ten,
    title: facts.courseTitle,
    slug: facts.slug,
    optedOut: facts.mailOptedOut,
  });
  // And the bell (decision 0030).
  await notifyCoursePassed(officialId, courseId, facts.epoch);
  return true;
}

/**
 * Records the course completion when the rule is now met and not yet recorded for this epoch.
 * Returns true only when this call recorded it. Call inside the transaction.
 */
export async function evaluateCompletion(_tx: Db, officialId: number, courseId: number, at: string): Promise<boolean> {
  const facts = await completionFacts(officialId, courseId, null);
  return !!facts && recordCompletionIfMet(officialId, courseId, facts, at);
}
