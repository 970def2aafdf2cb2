// The /admin/people filters, read from a URL (the GET form) or a posted form (the bulk form's hidden
// copy of them), checked: an unknown unit, role or status is dropped, never trusted.
import { z } from "zod";
import { chosenUnit, unitLabel } from "~/units/unit-picker.server";
import { ROLES, type Role } from "~/db/schema";
import { STATUSES, type PeopleFilter, type Status } from "./directory.server";

export type PeopleQuery = {
  filter: PeopleFilter;
  /** What the form shows back (and the export and page links carry). */
  values: { q: string; unit: string; role: string; status: Status };
  page: number;
  /** The unit filter as its picker shows it back: the chosen unit, or the text that found none and why. */
  unitPick: { chosen: { id: number; label: string } | null; typed: string | null; error: string | null };
};

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export async function parsePeopleQuery(get: (name: string) => string | null): Promise<PeopleQuery> {
  const q = (get("q") ?? "").trim().slice(0, 100);
  // By id (a link, a <select>) or by typed name or code (the text picker at national scale).
  const picked = await chosenUnit(get, "unit");
  const unit = picked && !("message" in picked) ? picked : undefined;
  const error = picked && "message" in picked ? picked.message : null;
  const roleValue = get("role") ?? "";
  const role = (ROLES as readonly string[]).includes(roleValue) ? (roleValue as Role) : null;
  const statusValue = get("status") ?? "";
  // By default everyone, active or not, as the directory always searched; the filter narrows it.
  const status: Status = (STATUSES as readonly string[]).includes(statusValue) ? (statusValue as Status) : "all";
  const page = Id.safeParse(get("page") || undefined);
  return {
    filter: { q, unitPath: unit?.path ?? null, role, status },
    values: { q, unit: unit ? String(unit.id) : "", role: role ?? "", status },
    page: page.success ? Math.min(page.data, 1_000_000) : 1,
    unitPick: {
      chosen: unit ? { id: unit.id, label: unitLabel(unit) } : null,
      typed: error ? (get("unitText") ?? "").slice(0, 200) || null : null,
      error,
    },
  };
}

/** The filters as a query string ("q=…&unit=…"), without the page. */
export function queryString(values: PeopleQuery["values"], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  return params.toString();
}
