// The audit log: who did what, when. Written in the same transaction as the change it records.
import { desc, eq } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { auditLog, officials } from "~/db/schema";

/** Records an action: inside the caller's transaction when there is one, else in its own. */
export async function audit(actorId: number | null, action: string, subjectType: string, subjectId: string, detail: unknown = null) {
  await transaction(async () => {
    await db().insert(auditLog).values({ actorId, action, subjectType, subjectId, detail });
  });
}

export async function recentAudit(limit = 200) {
  return db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      detail: auditLog.detail,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
    })
    .from(auditLog)
    .leftJoin(officials, eq(officials.id, auditLog.actorId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
