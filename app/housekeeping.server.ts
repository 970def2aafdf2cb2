// Personal data is not kept by accident: what the server deletes on its own, at start and every hour
// (docs/decisions/0011-personal-data.md says what is kept, for how long, and why).
import { pruneThrottle } from "~/auth/rate-limit.server";
import { pruneSessions } from "~/auth/session.server";
import { pruneRosterUploads } from "~/people/roster-import.server";
import { pruneRequestCounts } from "~/http/rate-store.server";
import { t } from "~/i18n/vi";
import { claimJob } from "~/jobs.server";
import { buildAssignments } from "~/assignments/members.server";
import { pruneNotifications, startDailyReminders } from "~/notifications/notifications.server";

export type Pruned = { sessions: number; throttle: number; rosterUploads: number; requestCounts: number; notifications: number };

export async function housekeeping(now = new Date()): Promise<Pruned> {
  return {
    sessions: await pruneSessions(now),
    throttle: await pruneThrottle(now),
    rosterUploads: await pruneRosterUploads(now),
    requestCounts: await pruneRequestCounts(now),
    notifications: await pruneNotifications(now),
  };
}

let timer: NodeJS.Timeout | undefined;

/**
 * Runs housekeeping now and then every hour; the timer does not keep the process alive. With several
 * processes on one database each has the timer, and the job's row (claimJob) lets one of them run it.
 */
export function startHousekeeping(everyMs = 3600_000) {
  const run = () => {
    claimJob("housekeeping", everyMs)
      .then((mine) => (mine ? housekeeping() : undefined))
      .catch((error: unknown) => console.error(t.console.housekeepingFailed, error));
  };
  run();
  timer ??= setInterval(run, everyMs);
  timer.unref();
  startAssignmentBuilds();
  startDailyReminders();
}

let builds: NodeJS.Timeout | undefined;

/**
 * Assignments still being built (a restart in the middle of one, or one migrated from the "mandatory"
 * flag) are finished at start and looked for every minute (docs/decisions/0027). Two processes may
 * build at once: each member is written once.
 */
export function startAssignmentBuilds(everyMs = 60_000) {
  const run = () => void buildAssignments().catch((error: unknown) => console.error(t.console.assignmentBuildFailed, error));
  run();
  builds ??= setInterval(run, everyMs);
  builds.unref();
}
