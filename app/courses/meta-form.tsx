// The course information form, shared by "create" and "edit": fields, and their validation (zod).
import { z } from "zod";
import type { DraftMeta } from "~/db/schema.shared";
import { t } from "~/i18n/vi";
import { fieldErrors } from "~/ui/field-errors";

// Built on use: a module-level zod call would ship zod to the browser with the form (issue 19 item 4).
const Meta = () =>
  z.object({
    title: z.string().trim().min(3, t.authoring.titleRequired).max(200),
    summary: z.string().trim().max(2000).default(""),
    audience: z.string().trim().max(500).default(""),
    minutes: z.coerce
      .number({ error: t.authoring.minutesInvalid })
      .int(t.authoring.minutesInvalid)
      .min(1, t.authoring.minutesInvalid)
      .max(600, t.authoring.minutesInvalid),
    mandatory: z.boolean(),
    tags: z.array(z.string().trim().min(1).max(60)).max(12),
  });

export function parseMeta(form: FormData): { ok: true; meta: DraftMeta } | { ok: false; errors: Record<string, string> } {
  const parsed = Meta().safeParse({
    title: form.get("title") ?? "",
    summary: form.get("summary") ?? "",
    audience: form.get("audience") ?? "",
    minutes: form.get("minutes") ?? "",
    mandatory: form.get("mandatory") === "on",
    tags: String(form.get("tags") ?? "")
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  });
  if (parsed.success) return { ok: true, meta: parsed.data };
  return { ok: false, errors: fieldErrors(parsed.error) };
}

function Field({ name, label, error, children }: { name: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function MetaFields({ meta, errors }: { meta?: DraftMeta; errors: Record<string, string> }) {
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  return (
    <>
      <Field name="title" label={t.authoring.courseTitle} error={errors.title}>
        <input id="title" name="title" defaultValue={meta?.title} required {...invalid("title")} />
      </Field>
      <Field name="summary" label={t.authoring.summary} error={errors.summary}>
        <textarea id="summary" name="summary" rows={3} defaultValue={meta?.summary} {...invalid("summary")} />
      </Field>
      <Field name="audience" label={t.authoring.audience}>
        <input id="audience" name="audience" defaultValue={meta?.audience} />
      </Field>
      <Field name="minutes" label={t.authoring.minutes} error={errors.minutes}>
        <input id="minutes" name="minutes" inputMode="numeric" defaultValue={meta?.minutes ?? 30} {...invalid("minutes")} />
      </Field>
      <Field name="tags" label={t.authoring.tags}>
        <input id="tags" name="tags" defaultValue={meta?.tags.join(", ")} />
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" name="mandatory" defaultChecked={meta?.mandatory} /> {t.authoring.mandatory}
        </label>
      </div>
    </>
  );
}
