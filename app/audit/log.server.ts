// The audit log: who did what, when. Written in the same transaction as the change it records.
import { desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditLog, officials } from "~/db/schema";

export function audit(actorId: number | null, action: string, subjectType: string, subjectId: string, detail: unknown = null) {
  db().insert(auditLog).values({ actorId, action, subjectType, subjectId, detail }).run();
}

export function recentAudit(limit = 200) {
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
    .limit(limit)
    .all();
}
