// Reading a posted form safely, for every action: a body that is not a form (JSON, plain text, a
// broken multipart) is a Vietnamese 400, not a 500; text is NFC-normalised (a name typed on a Mac or
// pasted from a PDF compares equal to the same name typed on Windows); zod issues become one
// Vietnamese message per field; database constraint failures that slipped past the checks become
// field messages too.
import type { z } from "zod";
import "~/i18n/zod";
import { t } from "~/i18n/vi";
import { fieldErrors, type FieldErrors } from "./field-errors";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** A 400 whose body the error page shows as it is (app/ui/error-boundary.tsx). */
export function badRequest(message: string = t.errors.badRequest): never {
  throw new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The posted form, strings NFC-normalised; a Vietnamese 400 when the body is not a form. */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) badRequest(t.inputs.notAForm);
  let raw: FormData;
  try {
    raw = await request.formData();
  } catch {
    badRequest(t.inputs.notAForm);
  }
  return normalizeForm(raw);
}

/** A form's names and text values NFC-normalised (for forms read another way: multipart uploads). */
export function normalizeForm(raw: FormData): FormData {
  const form = new FormData();
  for (const [key, value] of raw.entries()) form.append(key.normalize("NFC"), typeof value === "string" ? value.normalize("NFC") : value);
  return form;
}

/** One value per field, or an array when a field is repeated (check boxes, multiple selects). */
export function formObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

export { fieldErrors, type FieldErrors } from "./field-errors";

export type Parsed<T> =
  { ok: true; data: T; form: FormData; errors: FieldErrors } | { ok: false; data: null; form: FormData; errors: FieldErrors };

/** readForm + schema: the typed data, or field messages in Vietnamese. */
export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const form = await readForm(request);
  const parsed = schema.safeParse(formObject(form));
  if (parsed.success) return { ok: true, data: parsed.data, form, errors: {} };
  return { ok: false, data: null, form, errors: fieldErrors(parsed.error) };
}

/**
 * A constraint failure as a field message, when the checks before the write missed it (two
 * administrators saving at once): SQLite's "UNIQUE constraint failed: officials.email" or PostgreSQL's
 * 23505 "Key (email)=(…) already exists" → { email: … }. drizzle may wrap the driver's error (its
 * `cause`). Returns null for anything else, which the caller rethrows.
 */
export function constraintErrors(error: unknown, fields: Record<string, string> = {}): FieldErrors | null {
  const driver = driverError(error);
  if (!driver) return null;
  const field = driver.column ? (fields[driver.column] ?? driver.column) : "_form";
  if (driver.kind === "foreign-key") return { _form: t.inputs.missingReference };
  if (driver.column === "email") return { [field]: t.inputs.emailTaken };
  return { [field]: t.inputs.duplicate };
}

function driverError(error: unknown): { kind: "unique" | "foreign-key"; column: string | undefined } | null {
  for (let e = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, detail } = e as { code?: unknown; message?: unknown; detail?: unknown };
    if (typeof code !== "string") continue;
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      const column = /constraint failed: \w+\.(\w+)/.exec(typeof message === "string" ? message : "")?.[1];
      return { kind: code === "SQLITE_CONSTRAINT_FOREIGNKEY" ? "foreign-key" : "unique", column };
    }
    if (code === "23505" || code === "23503") {
      // "Key (email)=(a@b.vn) already exists." — the last column of the key names the field.
      const columns = /Key \(([^)]*)\)/.exec(typeof detail === "string" ? detail : "")?.[1]?.split(",");
      return { kind: code === "23503" ? "foreign-key" : "unique", column: columns?.at(-1)?.trim() };
    }
  }
  return null;
}
