// Ids from a URL (route params, query strings), read on the server only: route modules that import zod
// ship it to the browser (issue 19 item 4), so pages parse ids through here.
import { z } from "zod";

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A positive whole number that fits a database id, or null ("12" → 12; "", "x", "1.5", "-3" → null). */
export function positiveId(value: unknown): number | null {
  const parsed = Id.safeParse(value);
  return parsed.success ? parsed.data : null;
}
