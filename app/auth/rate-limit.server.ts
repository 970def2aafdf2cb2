// Failed sign-ins are counted per account and per network address.
// The account limit is strict (5 failures → 15 min cool-down). The address limit is loose (50), because a
// whole commune office often shares one public address: one colleague's typos must not lock out the rest.
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { loginThrottle } from "~/db/schema";

export const LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { max: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof LIMITS;

export const accountKey = (identifier: string) => `acct:${identifier.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Milliseconds left on a lock, or 0 when the key may try. */
export function lockRemaining(key: string, now = new Date()): number {
  const row = db().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  if (!row?.lockedUntil) return 0;
  return Math.max(0, new Date(row.lockedUntil).getTime() - now.getTime());
}

/** Count a failure; returns true when this failure starts a lock. */
export function recordFailure(key: string, kind: ThrottleKind, now = new Date()): boolean {
  const limit = LIMITS[kind];
  const row = db().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
  const windowOpen = row && now.getTime() - new Date(row.windowStart).getTime() < limit.windowMs;
  const failures = windowOpen ? row.failures + 1 : 1;
  const windowStart = windowOpen ? row.windowStart : now.toISOString();
  const locks = failures >= limit.max;
  const lockedUntil = locks ? new Date(now.getTime() + limit.lockMs).toISOString() : null;
  db()
    .insert(loginThrottle)
    .values({ key, failures: locks ? 0 : failures, windowStart, lockedUntil })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: { failures: locks ? 0 : failures, windowStart: locks ? now.toISOString() : windowStart, lockedUntil },
    })
    .run();
  return locks;
}

export function clearFailures(key: string) {
  db().delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}

export function minutesLeft(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
