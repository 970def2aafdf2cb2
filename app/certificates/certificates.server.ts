// Reading certificates: the public check (by number + check code, or by signed code), a learner's own,
// the ones a manager may download, and revocation by an administrator (issue 17 items 3, 4, 7).
import { and, asc, count, desc, eq, isNull, like } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db, transaction } from "~/db/client.server";
import { certificates, courses, officials, units } from "~/db/schema";
import { verifyingKey } from "./keys.server";
import { claimsOf, normaliseCheckCode, parseSignedCode, signatureValid, signedCode, type CertificateClaims } from "./signing.server";

export type Certificate = typeof certificates.$inferSelect;

export async function certificateByNumber(number: string): Promise<Certificate | undefined> {
  const [c] = await db().select().from(certificates).where(eq(certificates.number, number)).limit(1);
  return c;
}

/** The stored fields still carry a valid signature of the key they name (an edited row does not). */
export async function rowSignatureValid(c: Certificate): Promise<boolean> {
  const key = await verifyingKey(c.keyId);
  return !!key && signatureValid(key, c.keyId, claimsOf(c), c.signature);
}

export function signedCodeOf(c: Certificate): string {
  return signedCode(c.keyId, claimsOf(c), c.signature);
}

/** What the public page shows: these fields and nothing else about the person. */
export type VerifiedView = {
  number: string;
  fullName: string;
  courseTitle: string;
  versionNumber: number;
  completedOn: string;
  unitName: string;
  status: "valid" | "revoked" | "unregistered";
  revokedReason: string | null;
  revokedAt: string | null;
};

function viewOfRow(c: Certificate): VerifiedView {
  return {
    number: c.number,
    fullName: c.fullName,
    courseTitle: c.courseTitle,
    versionNumber: c.versionNumber,
    completedOn: c.completedOn,
    unitName: c.unitName,
    status: c.revokedAt ? "revoked" : "valid",
    revokedReason: c.revokedReason,
    revokedAt: c.revokedAt,
  };
}

function viewOfClaims(claims: CertificateClaims): VerifiedView {
  return {
    number: claims.n,
    fullName: claims.h,
    courseTitle: claims.c,
    versionNumber: claims.v,
    completedOn: claims.d,
    unitName: claims.u,
    status: "unregistered",
    revokedReason: null,
    revokedAt: null,
  };
}

/**
 * The public check. `code` is either the short check code (looked up with the number) or a signed
 * code (the QR code's; verified with the public key it names, so it verifies without the row). Any
 * mismatch — unknown number, wrong code, a signature that fails, a row edited in the database, a
 * signed code for another number — is undefined: the page says only "không tìm thấy".
 */
export async function verifyCertificate(number: string, code: string): Promise<VerifiedView | undefined> {
  const trimmed = code.trim();
  if (!trimmed || trimmed.length > 2000) return undefined;
  if (trimmed.includes(".")) {
    const parsed = parseSignedCode(trimmed);
    if (!parsed || (number && parsed.claims.n !== number)) return undefined;
    const key = await verifyingKey(parsed.keyId);
    if (!key || !signatureValid(key, parsed.keyId, parsed.claims, parsed.signature)) return undefined;
    const stored = await certificateByNumber(parsed.claims.n);
    // The register knows it: its status (revoked?) counts, and it must be this very certificate.
    if (stored && stored.signature === parsed.signature) return viewOfRow(stored);
    if (stored) return undefined;
    return viewOfClaims(parsed.claims);
  }
  const c = number ? await certificateByNumber(number) : undefined;
  if (!c || c.checkCode !== normaliseCheckCode(trimmed)) return undefined;
  if (!(await rowSignatureValid(c))) return undefined;
  return viewOfRow(c);
}

/** A learner's own certificates, newest first, with the course slug for links. */
export async function certificatesOf(officialId: number) {
  return db()
    .select({
      number: certificates.number,
      courseTitle: certificates.courseTitle,
      versionNumber: certificates.versionNumber,
      completedOn: certificates.completedOn,
      score: certificates.score,
      revokedAt: certificates.revokedAt,
      revokedReason: certificates.revokedReason,
      slug: courses.slug,
      courseId: certificates.courseId,
    })
    .from(certificates)
    .innerJoin(courses, eq(courses.id, certificates.courseId))
    .where(eq(certificates.officialId, officialId))
    .orderBy(desc(certificates.completedOn), desc(certificates.id));
}

/** The learner's certificate for a course's current epoch (the course page's download), if any. */
export async function certificateForCourse(officialId: number, courseId: number, epoch: number) {
  const [c] = await db()
    .select({ number: certificates.number })
    .from(certificates)
    .where(and(eq(certificates.officialId, officialId), eq(certificates.courseId, courseId), eq(certificates.epoch, epoch)))
    .limit(1);
  return c;
}

/** Certificates of the people now in a unit's subtree (the manager's zip), by number. */
export async function certificatesUnder(unitPath: string, limit?: number): Promise<Certificate[]> {
  const query = db()
    .select({ c: certificates })
    .from(certificates)
    .innerJoin(officials, eq(officials.id, certificates.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(like(units.path, `${unitPath}%`))
    .orderBy(asc(certificates.number));
  const list = limit === undefined ? await query : await query.limit(limit);
  return list.map((r) => r.c);
}

/** How many certificates certificatesUnder() would list (one count, no rows). */
export async function countCertificatesUnder(unitPath: string): Promise<number> {
  const [r] = await db()
    .select({ n: count() })
    .from(certificates)
    .innerJoin(officials, eq(officials.id, certificates.officialId))
    .innerJoin(units, eq(units.id, officials.unitId))
    .where(like(units.path, `${unitPath}%`));
  return Number(r?.n ?? 0);
}

export const REASON_MAX = 500;

/** Revokes with a reason (audited, same transaction). False when the number is unknown or already revoked. */
export async function revokeCertificate(number: string, reason: string, actorId: number, at = new Date().toISOString()): Promise<boolean> {
  return transaction(async () => {
    const done = await db()
      .update(certificates)
      .set({ revokedAt: at, revokedBy: actorId, revokedReason: reason })
      .where(and(eq(certificates.number, number), isNull(certificates.revokedAt)))
      .returning({ id: certificates.id });
    if (done.length === 0) return false;
    await audit(actorId, "certificate.revoke", "certificate", number, { reason });
    return true;
  });
}
