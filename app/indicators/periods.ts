// Periods of an indicator: a month "2025-03" or a quarter "2025-Q1" (docs/decisions/0035). Pure, so
// the forms, the import and the page share one reading of "Kỳ" (also typed as "03/2025", "3/2025",
// "Q1/2025", "Quý 1/2025" or "quý 1 2025").
import type { IndicatorPeriod } from "~/db/schema.shared";
import { t } from "~/i18n/vi";

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A period as typed by a person (or a cell) → its stored form, or null when it is not one of `kind`. */
export function parsePeriod(input: string, kind: IndicatorPeriod): string | null {
  const s = input.trim().toLowerCase().normalize("NFC").replace(/\s+/g, " ");
  if (kind === "month") {
    let m = /^(\d{4})-(\d{1,2})$/.exec(s);
    if (m) return month(Number(m[1]), Number(m[2]));
    m = /^(?:tháng )?(\d{1,2})[/.-](\d{4})$/.exec(s);
    if (m) return month(Number(m[2]), Number(m[1]));
    return null;
  }
  let q = /^(\d{4})-?q([1-4])$/.exec(s);
  if (q) return `${q[1]}-Q${q[2]}`;
  q = /^(?:q|quý ?)([1-4])[/ -](\d{4})$/.exec(s);
  if (q) return `${q[2]}-Q${q[1]}`;
  return null;
}

function month(year: number, m: number): string | null {
  if (m < 1 || m > 12 || year < 2000 || year > 2100) return null;
  return `${year}-${String(m).padStart(2, "0")}`;
}

/** The first and last day (YYYY-MM-DD) of a stored period. */
export function periodBounds(period: string): { first: string; last: string } {
  const m = MONTH.exec(period);
  const q = QUARTER.exec(period);
  const year = Number((m ?? q)![1]);
  const firstMonth = m ? Number(m[2]) : (Number(q![2]) - 1) * 3 + 1;
  const lastMonth = m ? firstMonth : firstMonth + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, "0");
  return { first: `${year}-${mm(firstMonth)}-01`, last: `${year}-${mm(lastMonth)}-${mm(lastDay)}` };
}

/** The period of `kind` that contains a day. */
export function periodOf(day: string, kind: IndicatorPeriod): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return kind === "month" ? `${y}-${String(m).padStart(2, "0")}` : `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The period before one (2025-01 → 2024-12; 2025-Q1 → 2024-Q4). */
export function previousPeriod(period: string): string {
  const m = MONTH.exec(period);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
  }
  const q = QUARTER.exec(period)!;
  const y = Number(q[1]);
  const n = Number(q[2]);
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

/** The `count` periods of `kind` ending with the one containing `day`, oldest first. */
export function lastPeriods(day: string, kind: IndicatorPeriod, count: number): string[] {
  const out = [periodOf(day, kind)];
  while (out.length < count) out.unshift(previousPeriod(out[0]!));
  return out;
}

/** "03/2025" or "Quý 1/2025". */
export function formatPeriod(period: string): string {
  const m = MONTH.exec(period);
  if (m) return `${m[2]}/${m[1]}`;
  const q = QUARTER.exec(period);
  return q ? t.indicators.quarter(q[2]!, q[1]!) : period;
}
