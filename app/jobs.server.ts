// Scheduled jobs that must run once per interval however many app processes share the database
// (housekeeping today; reminders next). Each process has a timer; whichever claims the job's row first
// runs it, the others find it claimed. The claim is one portable upsert (SQLite and PostgreSQL).
import { sql } from "drizzle-orm";
import { row, transaction } from "~/db/client.server";

/**
 * Claims `name` for this run when its last run started at least `everyMs` ago (or never); returns true
 * when this process should run it now.
 */
export async function claimJob(name: string, everyMs: number, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - everyMs + 1000).toISOString(); // a second of slack for timer drift
  const claimed = await transaction(() =>
    row<{ name: string }>(sql`
      INSERT INTO job_runs (name, last_run_at, runs) VALUES (${name}, ${now.toISOString()}, 1)
      ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, runs = job_runs.runs + 1
        WHERE job_runs.last_run_at <= ${cutoff}
      RETURNING name`),
  );
  return claimed !== undefined;
}
