// Calendar days as Vietnamese people type them: one parser for every date field and query string.
// Accepted: 30/06/2025, 3/6/2025 (also with "." or "-" between the parts, which a phone's numeric
// keypad can type) and ISO 2025-06-30. Stored and passed around as ISO "yyyy-mm-dd"; never the raw text.

export type DayInput = { day: string; error: null } | { day: null; error: "empty" | "format" | "invalid" };

const VI = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** The years a form may mention: wide enough for history and plans, narrow enough to catch typos. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** HTML `pattern` for a date field (a hint to the browser; the server decides). */
export const DAY_PATTERN = String.raw`\s*(\d{1,2}\s*[\/.\-]\s*\d{1,2}\s*[\/.\-]\s*\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*`;

export function parseDayInput(input: string | null | undefined): DayInput {
  const value = (input ?? "").normalize("NFKC").trim();
  if (!value) return { day: null, error: "empty" };
  if (value.length > 20) return { day: null, error: "format" };
  let y: string, m: string, d: string;
  const vi = VI.exec(value);
  const iso = vi ? null : ISO.exec(value);
  if (vi) [, d, m, y] = vi as unknown as [string, string, string, string];
  else if (iso) [, y, m, d] = iso as unknown as [string, string, string, string];
  else return { day: null, error: "format" };
  const year = Number(y);
  if (year < MIN_YEAR || year > MAX_YEAR) return { day: null, error: "invalid" };
  const day = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return { day: null, error: "invalid" };
  return { day, error: null };
}

/** "2025-06-30" → "30/06/2025"; anything else is returned as it is (a field keeps what was typed). */
export function dayForField(value: string | null | undefined): string {
  const v = value ?? "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : v;
}

/** Today in Vietnam (UTC+7), ISO: the one implementation is in ./time. */
export { vnToday as todayInVietnam } from "./time";
