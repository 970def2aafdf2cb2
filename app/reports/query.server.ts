// Report parameters from the query string, validated: course, as-of date, status, search, page.
import { z } from "zod";
import { t } from "~/i18n/vi";
import { STATUSES } from "./people.server";
import type { Selection } from "./unit-report.server";

/** "30/06/2025" or "2025-06-30" → "2025-06-30"; null when empty; an error message when invalid. */
export function parseDay(input: string | null): { day: string | null; error: string | null } {
  const value = (input ?? "").trim();
  if (!value) return { day: null, error: null };
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return { day: null, error: t.reports.badDate };
  const [y, mo, d] = value.includes("/") ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const iso = `${y}-${mo!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { day: null, error: t.reports.badDate };
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  if (iso > today) return { day: null, error: t.reports.futureDate };
  return { day: iso, error: null };
}

const Base = z.object({
  course: z.union([z.literal("mandatory"), z.coerce.number().int().positive()]).catch("mandatory"),
  status: z.enum(STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export function reportQuery(url: URL) {
  const p = url.searchParams;
  const base = Base.parse({
    course: p.get("course") ?? "mandatory",
    status: p.get("status") ?? undefined,
    q: p.get("q") ?? "",
    page: p.get("page") ?? 1,
  });
  const asOf = parseDay(p.get("asOf"));
  return { selection: base.course as Selection, status: base.status, q: base.q, page: base.page, asOf: asOf.day, asOfInput: p.get("asOf") ?? "", asOfError: asOf.error };
}

/** The query string for links between report pages, keeping course and date. */
export function reportSearch(params: { selection: Selection; asOf: string | null }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (params.selection !== "mandatory") q.set("course", String(params.selection));
  if (params.asOf) q.set("asOf", params.asOf);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
