// Issuing certificates (issue 17 item 1, docs/decisions/0029): one per recorded completion, in the
// completion's transaction (recordCompletionIfMet calls issueCertificate), so a rolled-back completion
// leaves no certificate and no number used. Certificates for completions recorded before this existed
// are issued by backfillCertificates at start (app/bootstrap.server.ts) and after the demo seed.
import { sql } from "drizzle-orm";
import { db, lock, row, rows, transaction } from "~/db/client.server";
import { certificateCounters, certificates } from "~/db/schema";
import { dayOf } from "~/i18n/time";
import { fullName } from "~/people/names";
import { signingKey } from "./keys.server";
import { checkCodeOf, claimsOf, signClaims } from "./signing.server";

export const NUMBER_PREFIX = "TH";

export function certificateNumber(year: number, seq: number): string {
  return `${NUMBER_PREFIX}-${year}-${String(seq).padStart(6, "0")}`;
}

export const NUMBER_SHAPE = /^TH-\d{4}-\d{6,}$/;

export type CompletionRow = {
  id: number;
  officialId: number;
  courseId: number;
  epoch: number;
  courseVersionId: number;
  completedAt: string;
  versionNumber: number;
  courseTitle: string;
  ho: string;
  dem: string;
  ten: string;
  unitId: number;
  unitName: string;
  score: number | null;
};

/**
 * Issues the certificate of one recorded completion (official, course, epoch). Call inside the
 * completion's transaction: the person's unit now is their unit at the time. Returns the number, or
 * undefined when the completion does not exist or has its certificate already.
 */
export async function issueCertificate(officialId: number, courseId: number, epoch: number): Promise<string | undefined> {
  return transaction(async () => {
    // The completion's writer holds this already (re-entrant); the backfill takes it so it cannot race one.
    await lock("official", officialId);
    const c = await row<CompletionRow>(
      sql`SELECT cc.id, cc.official_id AS "officialId", cc.course_id AS "courseId", cc.epoch,
                 cc.course_version_id AS "courseVersionId", cc.completed_at AS "completedAt",
                 cv.number AS "versionNumber", co.title AS "courseTitle", o.ho, o.dem, o.ten,
                 u.id AS "unitId", u.name AS "unitName",
                 (SELECT max(a.score) FROM quiz_attempts a
                   WHERE a.official_id = cc.official_id AND a.course_id = cc.course_id AND a.epoch = cc.epoch
                     AND a.passed AND a.status = 'graded') AS score
            FROM course_completions cc
            JOIN course_versions cv ON cv.id = cc.course_version_id
            JOIN courses co ON co.id = cc.course_id
            JOIN officials o ON o.id = cc.official_id
            JOIN units u ON u.id = o.unit_id
           WHERE cc.official_id = ${officialId} AND cc.course_id = ${courseId} AND cc.epoch = ${epoch}
             AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.completion_id = cc.id)`,
      { prepare: true },
    );
    if (!c) return undefined;
    return insertCertificate(c);
  });
}

/**
 * The certificate of a completion its caller has just recorded, from what the caller read already
 * (recordCompletionIfMet: the completion facts, one query): no read of its own. Inside the completion's
 * transaction, under lock("official", officialId).
 */
export function issueCertificateFor(c: CompletionRow): Promise<string> {
  return insertCertificate(c);
}

async function insertCertificate(c: CompletionRow): Promise<string> {
  const completedOn = dayOf(c.completedAt);
  const year = Number(completedOn.slice(0, 4));
  // One row per year, bumped in this transaction: the row lock (PostgreSQL) or the single writer
  // (SQLite) makes two issuers take different numbers, and a rollback gives the number back.
  const [counter] = await db()
    .insert(certificateCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: certificateCounters.year, set: { last: sql`${certificateCounters.last} + 1` } })
    .returning({ last: certificateCounters.last });
  const number = certificateNumber(year, counter!.last);
  const key = await signingKey();
  const fields = {
    number,
    fullName: fullName(c).normalize("NFC"),
    unitName: c.unitName.normalize("NFC"),
    courseTitle: c.courseTitle.normalize("NFC"),
    versionNumber: Number(c.versionNumber),
    completedOn,
    score: c.score === null ? null : Number(c.score),
  };
  const signature = signClaims(key.privateKey, key.id, claimsOf(fields));
  await db()
    .insert(certificates)
    .values({
      ...fields,
      completionId: c.id,
      officialId: c.officialId,
      courseId: c.courseId,
      epoch: c.epoch,
      courseVersionId: c.courseVersionId,
      unitId: c.unitId,
      keyId: key.id,
      signature,
      checkCode: checkCodeOf(signature),
    });
  return number;
}

/**
 * Certificates for completions that have none (recorded before certificates existed), oldest first,
 * in batches of one transaction each. Idempotent; returns how many were issued. The unit is the
 * person's unit when this runs (the unit at the time was not recorded then).
 */
export async function backfillCertificates(batch = 500): Promise<number> {
  let issued = 0;
  for (;;) {
    const missing = await rows<{ officialId: number; courseId: number; epoch: number }>(
      sql`SELECT cc.official_id AS "officialId", cc.course_id AS "courseId", cc.epoch
            FROM course_completions cc
           WHERE NOT EXISTS (SELECT 1 FROM certificates x WHERE x.completion_id = cc.id)
           ORDER BY cc.completed_at, cc.id
           LIMIT ${batch}`,
    );
    if (missing.length === 0) return issued;
    const before = issued;
    // One transaction per certificate: a batch in one transaction would hold the year's counter row
    // while it locks the next person, and deadlock on PostgreSQL with a live completion that holds that
    // person and waits for the counter (the backfill runs while the server serves).
    for (const m of missing) if (await transaction(() => issueCertificate(m.officialId, m.courseId, m.epoch))) issued++;
    if (issued === before) return issued;
  }
}
