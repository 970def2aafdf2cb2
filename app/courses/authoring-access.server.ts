// Every trainer route starts here: a trainer (or administrator), and a course written in the app.
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { editableCourse } from "./authoring.server";
import { t } from "~/i18n/vi";

export async function requireEditableCourse(request: Request, courseIdParam: string | undefined) {
  const user = await requireRole(request, "trainer", "admin");
  const id = z.coerce.number().int().positive().safeParse(courseIdParam);
  const editable = id.success ? await editableCourse(id.data) : null;
  if (!editable) throw new Response("Not Found", { status: 404 });
  return { user, ...editable };
}

/** A lesson's key in a draft: lower-case letters, digits and hyphens. */
export const LessonKey = z.string().regex(/^[a-z0-9-]+$/);

/** The lesson editor's form. */
export const LessonForm = z.object({
  title: z.string().trim().min(2, t.authoring.lessonTitleRequired).max(200),
  minutes: z.coerce
    .number({ error: t.authoring.minutesInvalid })
    .int(t.authoring.minutesInvalid)
    .min(1, t.authoring.minutesInvalid)
    .max(600, t.authoring.minutesInvalid),
  source: z.string(),
});
