// The course information form, shared by "create" and "edit": its fields (the validation is in
// meta-form.server.ts, so zod stays out of the pages' bundles — issue 19 item 4).
import type { DraftMeta } from "~/db/schema.shared";
import { t } from "~/i18n/vi";

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
