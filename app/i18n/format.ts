// One formatter for dates, numbers, sorting and accent-insensitive matching (vi-VN).
import { dayForField, parseDayInput } from "./dates";
import { VN_TIME_ZONE } from "./time";
const LOCALE = "vi-VN";

const dateFmt = new Intl.DateTimeFormat(LOCALE, {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  timeZone: VN_TIME_ZONE,
});
const dateTimeFmt = new Intl.DateTimeFormat(LOCALE, {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: VN_TIME_ZONE,
});
const numberFmt = new Intl.NumberFormat(LOCALE);
const percentFmt = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 });

// Stored dates are ISO ("2026-11-27" or a full timestamp). Anything else is not handed to Date's
// lenient parser, which reads "01/02/2030" the American way (2 January).
function toDate(value: Date | string): Date {
  return typeof value === "string" ? (/^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN)) : value;
}

// Reports format the same few dates many times per page: remember them (bounded).
const dateCache = new Map<string, string>();

/** 27/11/2026 */
export function formatDate(value: Date | string): string {
  if (typeof value === "string") {
    const hit = dateCache.get(value);
    if (hit) return hit;
  }
  const date = toDate(value);
  // A value that is not a date (an old row saved before dates were checked) is shown as it can be
  // read, never thrown: one bad row must not take down a whole report.
  if (Number.isNaN(date.getTime())) return typeof value === "string" ? readableDay(value) : "";
  const parts = dateFmt.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const text = `${get("day")}/${get("month")}/${get("year")}`;
  if (typeof value === "string") {
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(value, text);
  }
  return text;
}

function readableDay(value: string): string {
  const parsed = parseDayInput(value);
  return parsed.day ? dayForField(parsed.day) : value.slice(0, 40);
}

/** 27/11/2026 14:05 */
export function formatDateTime(value: Date | string): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return typeof value === "string" ? readableDay(value) : "";
  const parts = dateTimeFmt.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

/** 1.234,5 */
export function formatNumber(value: number): string {
  return numberFmt.format(value);
}

const oneDecimalFmt = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percentOneDecimalFmt = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Always one decimal, for tables of figures that are compared by eye: 0.46 → "0,5", 72 → "72,0". */
export function formatOneDecimal(value: number): string {
  return oneDecimalFmt.format(value);
}

/** A ratio as a percentage with always one decimal: 0.5 → "50,0%", 0.456 → "45,6%". */
export function formatPercentOneDecimal(ratio: number): string {
  return percentOneDecimalFmt.format(ratio);
}

/** 0.456 → "45,6 %" */
export function formatPercent(ratio: number): string {
  return percentFmt.format(ratio);
}

// Default sensitivity: tone marks break ties after the letters ("Anh" before "Ánh"), as Vietnamese lists expect.
export const viCollator = new Intl.Collator("vi", { numeric: true });

/**
 * Lower-case, strip diacritics and fold đ→d, collapse spaces: "Đặng Thị Ánh" → "dang thi anh".
 * NFD decomposition separates the tone and vowel marks; đ has no decomposition, so it is mapped by hand.
 */
export function foldVietnamese(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Does `haystack` contain `needle`, ignoring case, diacritics and đ/d? */
export function matchesFolded(haystack: string, needle: string): boolean {
  return foldVietnamese(haystack).includes(foldVietnamese(needle));
}
