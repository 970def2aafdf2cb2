// zod issues as form field messages: the one loop, shared by server actions (through form.server.ts)
// and by form modules that the browser bundle also loads (app/courses/meta-form.tsx).
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** The first message of each field (the path's first part names the form field). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "_form")] ??= issue.message;
  return errors;
}
