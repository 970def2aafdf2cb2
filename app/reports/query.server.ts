// Report parameters from the query string, validated: course, as-of date, status, search, page.
import { z } from "zod";
import { parseDayInput, todayInVietnam } from "~/i18n/dates";
import { t } from "~/i18n/vi";
import { STATUSES } from "./people.server";
import type { Selection } from "./unit-report.server";

/** A Vietnamese message for a date that did not parse (app/i18n/dates.ts). */
export function dayError(error: "empty" | "format" | "invalid"): string {
  return error === "invalid" ? t.inputs.dateInvalid : error === "empty" ? t.inputs.dateRequired : t.reports.badDate;
}

/**
 * "30/06/2025", "3/6/2025" or "2025-06-30" → "2025-06-30"; null when empty; an error message when
 * invalid, or when in the future unless `allowFuture` (a report cannot be dated tomorrow; a target can).
 */
export function parseDay(input: string | null, options: { allowFuture?: boolean } = {}): { day: string | null; error: string | null } {
  const parsed = parseDayInput(input);
  if (parsed.error === "empty") return { day: null, error: null };
  if (parsed.error) return { day: null, error: dayError(parsed.error) };
  if (!options.allowFuture && parsed.day > todayInVietnam()) return { day: null, error: t.reports.futureDate };
  return { day: parsed.day, error: null };
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
  return {
    selection: base.course as Selection,
    status: base.status,
    q: base.q,
    page: base.page,
    asOf: asOf.day,
    asOfInput: p.get("asOf") ?? "",
    asOfError: asOf.error,
  };
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

/** What a report page refused: shown by AsOfBoundary (app/reports/as-of.tsx) with the field to correct. */
export type AsOfRefusal = { asOfRefused: { action: string; course: string; asOfInput: string; asOfError: string } };

/**
 * A report, its people list or its print view for a date that is not a day (or is in the future):
 * refused with a 400 and the field message, never today's figures under a date the reader asked for.
 */
export function refuseBadAsOf(query: ReturnType<typeof reportQuery>, action: string): void {
  if (!query.asOfError) return;
  const body: AsOfRefusal = {
    asOfRefused: {
      action,
      course: query.selection === "mandatory" ? "" : String(query.selection),
      asOfInput: query.asOfInput.slice(0, 40),
      asOfError: query.asOfError,
    },
  };
  throw Response.json(body, { status: 400 });
}
