// Failed sign-ins are counted per account and per network address.
// The account limit is strict (5 failures → 15 min cool-down). The address limit is loose (50), because a
// whole commune office often shares one public address: one colleague's typos must not lock out the rest.
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { changes, db, lock, transaction } from "~/db/client.server";
import { loginThrottle } from "~/db/schema";

export const LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { max: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof LIMITS;

/**
 * The account a sign-in attempt is about. A known account is counted by its id, so typing the username
 * five times and the e-mail four times is nine failures on one account, not four on each. A name that
 * matches no account is counted by what was typed (NFC, lower case), so probing it also locks.
 */
export const accountKey = (identifier: string, officialId?: number) =>
  officialId !== undefined ? `acct:#${officialId}` : `acct:${identifier.normalize("NFC").trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Milliseconds left on a lock, or 0 when the key may try. */
export async function lockRemaining(key: string, now = new Date()): Promise<number> {
  const [row] = await db().select().from(loginThrottle).where(eq(loginThrottle.key, key));
  if (!row?.lockedUntil) return 0;
  return Math.max(0, new Date(row.lockedUntil).getTime() - now.getTime());
}

/** Count a failure; returns true when this failure starts a lock. */
export async function recordFailure(key: string, kind: ThrottleKind, now = new Date()): Promise<boolean> {
  return transaction(async () => {
    // Read, count, write: one process at a time per key, so two app processes count every failure.
    await lock("throttle:" + key);
    return countFailure(key, kind, now);
  });
}

async function countFailure(key: string, kind: ThrottleKind, now: Date): Promise<boolean> {
  const limit = LIMITS[kind];
  const [row] = await db().select().from(loginThrottle).where(eq(loginThrottle.key, key));
  const windowOpen = row && now.getTime() - new Date(row.windowStart).getTime() < limit.windowMs;
  const failures = windowOpen ? row.failures + 1 : 1;
  const windowStart = windowOpen ? row.windowStart : now.toISOString();
  const locks = failures >= limit.max;
  const lockedUntil = locks ? new Date(now.getTime() + limit.lockMs).toISOString() : null;
  await db()
    .insert(loginThrottle)
    .values({ key, failures: locks ? 0 : failures, windowStart, lockedUntil })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures: locks ? 0 : failures, windowStart: locks ? now.toISOString() : windowStart, lockedUntil },
    });
  return locks;
}

export async function clearFailures(key: string) {
  await transaction(async () => {
    await db().delete(loginThrottle).where(eq(loginThrottle.key, key));
  });
}

export function minutesLeft(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Delete counters whose window and lock are both over: they say nothing any more. */
export async function pruneThrottle(now = new Date()): Promise<number> {
  const windowCutoff = new Date(now.getTime() - Math.max(LIMITS.account.windowMs, LIMITS.address.windowMs)).toISOString();
  const nowIso = now.toISOString();
  return transaction(async () =>
    changes(
      await db()
        .delete(loginThrottle)
        .where(
          and(lt(loginThrottle.windowStart, windowCutoff), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, nowIso))),
        ),
    ),
  );
}
