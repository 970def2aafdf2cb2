// The lesson editor's live preview (decision 0049: the editor is a plain page): its inline script posts
// the form here after the trainer stops typing, and puts the answer's two pieces of HTML — the gate's
// problems and the compiled lesson — in their places on the page. The same checks as the editor's own
// "Xem trước" button (the page's action, which is what a browser without JavaScript uses): the
// trainer must be allowed to edit the course, the source is refused above the size limit before any
// compile, and only what passed the gate is compiled (app/mdx/gate.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { draftLesson, previewLesson } from "~/courses/authoring.server";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { Preview, Problems } from "~/courses/lesson-editor-parts";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { MAX_SOURCE_CHARS } from "~/mdx/limits";
import { readForm } from "~/ui/form.server";
import { vietnameseError } from "~/ui/resource-errors.server";

const NO_STORE = { "Cache-Control": "private, no-store" };

export async function action({ request, params }: ActionFunctionArgs) {
  // Its refusals are said in Vietnamese, as a page's would be (a resource route's answer goes out as thrown).
  const { course } = await requireEditableCourse(request, params.courseId).catch(async (e: unknown) => {
    throw e instanceof Response ? await vietnameseError(e) : e;
  });
  if (!(await draftLesson(course.id, params.key ?? ""))) throw await vietnameseError(new Response("", { status: 404 }));
  const form = await readForm(request);
  const source = String(form.get("source") ?? "").replace(/\r\n/g, "\n");
  if (source.length > MAX_SOURCE_CHARS)
    return Response.json(
      { error: t.mdxGate.sourceTooLong(formatNumber(source.length), formatNumber(MAX_SOURCE_CHARS)) },
      { status: 400, headers: NO_STORE },
    );
  const { html, problems } = await previewLesson(course.id, source);
  return Response.json(
    { problems: renderToStaticMarkup(<Problems problems={problems} />), preview: renderToStaticMarkup(<Preview html={html} />) },
    { headers: NO_STORE },
  );
}

export async function loader(): Promise<Response> {
  throw new Response(`${t.inputs.errorTitles[405]}. ${t.inputs.methodNotAllowed}`, {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}
