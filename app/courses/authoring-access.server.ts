// Every trainer route starts here: a trainer (or administrator), and a course written in the app.
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { editableCourse } from "./authoring.server";

export async function requireEditableCourse(request: Request, courseIdParam: string | undefined) {
  const user = await requireRole(request, "trainer", "admin");
  const id = z.coerce.number().int().positive().safeParse(courseIdParam);
  const editable = id.success ? await editableCourse(id.data) : null;
  if (!editable) throw new Response("Not Found", { status: 404 });
  return { user, ...editable };
}
