// Time in Vietnam, in one place: the calendar day of an instant, today, and the first and last
// instant of a day. Vietnam is UTC+7 all year (no daylight saving since 1975), so a fixed offset is
// exact — and cheap on hot paths (every recorded event computes its day). Days are ISO "yyyy-mm-dd";
// instants are ISO timestamps in UTC, as the database stores them.

export const VN_TIME_ZONE = "Asia/Ho_Chi_Minh";
export const VN_OFFSET = "+07:00";
const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86400_000;

/** An instant: a Date, an ISO timestamp or milliseconds since the epoch. */
export type Instant = Date | string | number;

const msOf = (at: Instant): number => (typeof at === "number" ? at : typeof at === "string" ? new Date(at).getTime() : at.getTime());

/** Calendar day in Vietnam of an instant: "2025-06-30T18:30:00Z" → "2025-07-01". */
export function dayOf(at: Instant): string {
  return new Date(msOf(at) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in Vietnam, ISO. */
export function vnToday(now: Instant = Date.now()): string {
  return dayOf(now);
}

/** The first instant of a Vietnamese day, ISO UTC: "2025-07-01" → "2025-06-30T17:00:00.000Z". */
export function startOfVnDay(day: string): string {
  return new Date(`${day}T00:00:00.000${VN_OFFSET}`).toISOString();
}

/** The last instant of a Vietnamese day, ISO UTC: "2025-06-30" → "2025-06-30T16:59:59.999Z". */
export function endOfVnDay(day: string): string {
  return new Date(`${day}T23:59:59.999${VN_OFFSET}`).toISOString();
}

/** The hour of the day in Vietnam (0–23) of an instant: schedules that start at a local hour. */
export function vnHour(at: Instant): number {
  return new Date(msOf(at) + OFFSET_MS).getUTCHours();
}

/** The weekday in Vietnam of an instant, ISO numbering: 1 Monday … 7 Sunday. */
export function vnWeekday(at: Instant): number {
  return new Date(msOf(at) + OFFSET_MS).getUTCDay() || 7;
}

/** A calendar day moved by whole days: addDays("2025-07-01", -1) → "2025-06-30". */
export function addDays(day: string, days: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
