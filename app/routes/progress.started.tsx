// "Started": the lesson page's own POST once it has loaded in a browser with JavaScript (decision 0003).
// The lesson page ships no runtime (decision 0049): a few lines of inline script send its hidden form
// here with fetch(). A resource route, so the answer is 204, not the lesson page rendered again.
// Without JavaScript nothing is sent; the first "mark done" records the start too (completeLesson).
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { lessonForReading, publishedCourse } from "~/courses/catalogue.server";
import { recordLessonStarted } from "~/courses/progress.server";
import { t } from "~/i18n/vi";
import { readForm } from "~/ui/form.server";
import { vietnameseError } from "~/ui/resource-errors.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const slug = String(form.get("course") ?? "").slice(0, 200);
  const key = String(form.get("lesson") ?? "").slice(0, 200);
  const course = slug ? await publishedCourse(slug) : undefined;
  const lesson = course?.currentVersionId ? await lessonForReading(course.currentVersionId, key) : undefined;
  if (!course || !lesson) throw await vietnameseError(new Response("", { status: 404 }));
  await recordLessonStarted(user.id, course.id, lesson.lessonId);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

export async function loader(): Promise<Response> {
  throw new Response(`${t.inputs.errorTitles[405]}. ${t.inputs.methodNotAllowed}`, {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}
