// Personal data is not kept by accident: what the server deletes on its own, at start and every hour
// (docs/decisions/0011-personal-data.md says what is kept, for how long, and why).
import { pruneThrottle } from "~/auth/rate-limit.server";
import { pruneSessions } from "~/auth/session.server";
import { pruneRosterUploads } from "~/people/roster-import.server";
import { t } from "~/i18n/vi";

export type Pruned = { sessions: number; throttle: number; rosterUploads: number };

export function housekeeping(now = new Date()): Pruned {
  return { sessions: pruneSessions(now), throttle: pruneThrottle(now), rosterUploads: pruneRosterUploads(now) };
}

let timer: NodeJS.Timeout | undefined;

/** Runs housekeeping now and then every hour; the timer does not keep the process alive. */
export function startHousekeeping(everyMs = 3600_000) {
  const run = () => {
    try {
      housekeeping();
    } catch (error) {
      console.error(t.console.housekeepingFailed, error);
    }
  };
  run();
  timer ??= setInterval(run, everyMs);
  timer.unref();
}
