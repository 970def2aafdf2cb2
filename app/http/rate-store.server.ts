// The request-limit counters (guards.server.ts) kept in the database, so that several app processes
// on one PostgreSQL database count together (issue 13 item 4; decision 0018 listed the memory store as
// the one thing a second process would loosen). One upsert per counted request, atomic on both engines:
// the window restarts when its reset time has passed. On SQLite (one process) the memory store is
// used instead: it is exact there and costs no write.
import { sql } from "drizzle-orm";
import type { Options, Store } from "express-rate-limit";
import { exec, row, transaction } from "~/db/client.server";

export class DatabaseStore implements Store {
  windowMs = 60_000;
  localKeys = false;

  /** `prefix` names the limiter, so two limiters never share a counter. */
  constructor(readonly prefix: string) {}

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const now = new Date();
    const resetAt = new Date(now.getTime() + this.windowMs).toISOString();
    const found = await transaction(() =>
      row<{ hits: number; resetAt: string }>(sql`
        INSERT INTO request_counts (key, hits, reset_at) VALUES (${this.prefix + key}, 1, ${resetAt})
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN request_counts.reset_at <= ${now.toISOString()} THEN 1 ELSE request_counts.hits + 1 END,
          reset_at = CASE WHEN request_counts.reset_at <= ${now.toISOString()} THEN excluded.reset_at ELSE request_counts.reset_at END
        RETURNING hits, reset_at AS "resetAt"`),
    );
    return { totalHits: found?.hits ?? 1, resetTime: new Date(found?.resetAt ?? resetAt) };
  }

  async decrement(key: string) {
    await transaction(() => exec(sql`UPDATE request_counts SET hits = hits - 1 WHERE key = ${this.prefix + key} AND hits > 0`));
  }

  async resetKey(key: string) {
    await transaction(() => exec(sql`DELETE FROM request_counts WHERE key = ${this.prefix + key}`));
  }
}

/** Counters whose window is over say nothing any more (housekeeping). */
export async function pruneRequestCounts(now = new Date()): Promise<number> {
  return transaction(() => exec(sql`DELETE FROM request_counts WHERE reset_at <= ${now.toISOString()}`));
}
