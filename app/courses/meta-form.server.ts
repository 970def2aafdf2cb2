// The course information form's validation (zod), on the server: the fields are in meta-form.tsx.
import { z } from "zod";
import type { DraftMeta } from "~/db/schema.shared";
import { t } from "~/i18n/vi";
import { fieldErrors } from "~/ui/field-errors";

const Meta = z.object({
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
  const parsed = Meta.safeParse({
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
