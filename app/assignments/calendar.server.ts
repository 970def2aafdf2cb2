// The learner's due days as an iCalendar file (RFC 5545) that a phone or a desktop calendar imports
// (issue 15 item 7): one all-day event per assignment with a due day, in Vietnam time (VN_TIME_ZONE).
//
// A small writer rather than ical-generator: its current major (11) needs Node 22, and 10.x, once a
// calendar time zone is set (needed for VTIMEZONE and X-WR-TIMEZONE), writes DTSTAMP as a floating
// local time, where RFC 5545 §3.8.7.2 requires UTC. What this file must get right is small: text
// escaping (§3.3.11), CRLF line ends and folding at 75 octets without splitting a UTF-8 character
// (§3.1). tests/unit/assignments/calendar.test.ts reads the result back with ical.js.
import { NO_DUE_DAY } from "~/db/schema";
import { formatDate } from "~/i18n/format";
import { VN_TIME_ZONE, addDays } from "~/i18n/time";
import { t } from "~/i18n/vi";
import type { MyAssignment } from "./assignments.server";

/** TEXT values: backslash, semicolon, comma and new lines escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** A content line folded at 75 octets; continuation lines start with a space (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line holds 75 octets; each continuation line 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const basicDay = (day: string) => day.replace(/-/g, "");
/** 2026-11-30T10:00:00.123Z → 20261130T100000Z */
const utcStamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** Stable across downloads: the same assignment for the same person replaces its event on re-import. */
export const eventUid = (assignmentId: number, officialId: number) => `assignment-${assignmentId}-official-${officialId}@taphuan`;

export function assignmentsCalendar(options: { officialId: number; assignments: MyAssignment[]; origin: string; now?: Date }): string {
  const L = t.assignmentsLearner;
  const stamp = utcStamp(options.now ?? new Date());
  const lines = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Tap huan//Han hoan thanh//VI",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(t.assignments.calendarName)}`,
    `X-WR-TIMEZONE:${VN_TIME_ZONE}`,
    // Vietnam: UTC+7 all year, no daylight saving since 1975.
    "BEGIN:VTIMEZONE",
    `TZID:${VN_TIME_ZONE}`,
    "BEGIN:STANDARD",
    "DTSTART:19750613T000000",
    "TZOFFSETFROM:+0700",
    "TZOFFSETTO:+0700",
    "TZNAME:+07",
    "END:STANDARD",
    "END:VTIMEZONE",
  ];
  for (const a of options.assignments) {
    if (a.dueOn === NO_DUE_DAY) continue;
    const url = new URL(`/courses/${encodeURIComponent(a.slug)}`, options.origin).toString();
    const description = [
      t.assignments.calendarBody(url),
      L.calendarDueAt(formatDate(a.dueOn)),
      a.completedOn ? L.calendarDone(formatDate(a.completedOn)) : null,
      a.note ? L.calendarNote(a.note) : null,
    ].filter((line): line is string => line !== null);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${eventUid(a.assignmentId, options.officialId)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDay(a.dueOn)}`,
      `DTEND;VALUE=DATE:${basicDay(addDays(a.dueOn, 1))}`,
      `SUMMARY:${escapeText(t.assignments.calendarEvent(a.title))}`,
      `DESCRIPTION:${escapeText(description.join("\n"))}`,
      `URL;VALUE=URI:${url}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
