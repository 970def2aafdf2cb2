import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { assetsOf, checkLesson, draftLesson, previewLesson, saveLesson } from "~/courses/authoring.server";
import { LessonForm, requireEditableCourse } from "~/courses/authoring-access.server";
import { Preview, PREVIEW_SLOT, Problems, PROBLEMS_SLOT } from "~/courses/lesson-editor-parts";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { MAX_SOURCE_CHARS, PREVIEW_DEBOUNCE_MS } from "~/mdx/limits";
import { fieldErrors, readForm } from "~/ui/form.server";
import { InlineScript } from "~/ui/inline-script";

// A plain page (decision 0049): every button posts the form to this route's action, with or without
// JavaScript. With it, a few lines of inline script (LIVE below) add the two things a trainer sees while
// typing: the size limit said next to the field at once, and the live preview, which posts the form to
// the resource route …/preview once typing stops and puts its answer in the two slots below.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lesson.title ?? ""} · ${t.authoring.title} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  const lesson = await draftLesson(course.id, params.key ?? "");
  if (!lesson) throw new Response("Not Found", { status: 404 });
  return {
    course: { id: course.id, title: draft.meta.title },
    lesson: { key: lesson.lessonKey, title: lesson.title, minutes: lesson.minutes, source: lesson.source },
    // Answered from the gate's cache while the stored draft has not changed.
    problems: await checkLesson(course.id, lesson.source),
    assets: (await assetsOf(course.id)).map((a) => a.fileName),
  };
}

const tooLong = (source: string) =>
  source.length > MAX_SOURCE_CHARS ? t.mdxGate.sourceTooLong(formatNumber(source.length), formatNumber(MAX_SOURCE_CHARS)) : null;

export async function action({ request, params }: ActionFunctionArgs) {
  const { course } = await requireEditableCourse(request, params.courseId);
  if (!(await draftLesson(course.id, params.key ?? ""))) throw new Response("Not Found", { status: 404 });
  const form = await readForm(request);
  const intent = form.get("intent");
  const raw = {
    title: String(form.get("title") ?? ""),
    minutes: String(form.get("minutes") ?? ""),
    source: String(form.get("source") ?? "").replace(/\r\n/g, "\n"),
  };
  // Too long: said next to the field, nothing saved or checked.
  const long = tooLong(raw.source);
  if (long)
    return data(
      { html: null, problems: [], saved: false, errors: { source: long } as Record<string, string>, values: raw },
      { status: 400 },
    );
  if (intent === "preview") {
    const preview = await previewLesson(course.id, raw.source);
    return data({ ...preview, saved: false, errors: {} as Record<string, string>, values: raw });
  }
  const parsed = LessonForm.safeParse(raw);
  if (!parsed.success) {
    return data({ html: null, problems: [], saved: false, errors: fieldErrors(parsed.error), values: raw }, { status: 400 });
  }
  // A draft is kept even when it does not pass yet: nothing typed is lost.
  const problems = await saveLesson(course.id, params.key!, parsed.data);
  return data({ html: null, problems, saved: true, errors: {} as Record<string, string>, values: raw });
}

/**
 * The live preview and the size check while typing. One request after the trainer stops typing
 * (PREVIEW_DEBOUNCE_MS), never two at once: a change made while one runs is sent when it has answered.
 */
const LIVE = `function (o) {
  var form = document.getElementById(o.form), box = document.getElementById(o.box), source = document.getElementById(o.source);
  var problems = document.getElementById(o.problems), preview = document.getElementById(o.preview);
  if (!form || !box || !source || !problems || !preview) return;
  var number = window.Intl ? new Intl.NumberFormat("vi-VN") : { format: String };
  function say(message) {
    var p = document.getElementById(o.error);
    if (message) {
      if (!p) {
        p = document.createElement("p");
        p.id = o.error;
        p.className = "field-error";
        p.setAttribute("data-testid", "source-error");
        source.parentNode.insertBefore(p, source.nextSibling);
      }
      p.textContent = message;
      source.setAttribute("aria-invalid", "true");
      source.setAttribute("aria-describedby", o.error + " " + o.help);
    } else {
      if (p) p.parentNode.removeChild(p);
      source.removeAttribute("aria-invalid");
      source.setAttribute("aria-describedby", o.help);
    }
  }
  var live = window.fetch && window.FormData && window.URLSearchParams;
  if (live) box.parentNode.hidden = false;
  var timer, busy = false, again = false;
  function send() {
    if (busy) { again = true; return; }
    again = false;
    if (source.value.length > o.max) return;
    busy = true;
    fetch(o.url, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d || !box.checked) return;
        problems.innerHTML = d.problems;
        preview.innerHTML = d.preview;
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again && box.checked) send();
      });
  }
  form.addEventListener("input", function (e) {
    if (e.target === source) {
      var n = source.value.length;
      say(n > o.max ? o.tooLong.replace("{n}", number.format(n)) : "");
    }
    if (!live || !box.checked) return;
    clearTimeout(timer);
    timer = setTimeout(send, o.debounce);
  });
}`;

export default function LessonEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? { title: d.lesson.title, minutes: String(d.lesson.minutes), source: d.lesson.source };
  const errors = result?.errors ?? {};
  const problems = result ? result.problems : d.problems;
  const sourceError = errors.source ?? null;

  return (
    <div className="stack">
      <p>
        <Link to={`/trainer/courses/${d.course.id}`}>
          ← {t.authoring.back}: {d.course.title}
        </Link>
      </p>
      <h1>{values.title}</h1>
      {result?.saved ? (
        <p className="alert alert--ok" role="status">
          {t.authoring.saved}
        </p>
      ) : null}
      <div id={PROBLEMS_SLOT}>
        <Problems problems={problems ?? []} />
      </div>
      <Form method="post" id="lesson-editor" noValidate>
        <div className="field">
          <label htmlFor="title">{t.authoring.lessonTitle}</label>
          <input
            id="title"
            name="title"
            defaultValue={values.title}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? "title-error" : undefined}
          />
          {errors.title ? (
            <p className="field-error" id="title-error">
              {errors.title}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="minutes">{t.authoring.minutes}</label>
          <input
            id="minutes"
            name="minutes"
            inputMode="numeric"
            defaultValue={values.minutes}
            aria-invalid={errors.minutes ? true : undefined}
            aria-describedby={errors.minutes ? "minutes-error" : undefined}
          />
          {errors.minutes ? (
            <p className="field-error" id="minutes-error">
              {errors.minutes}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="source">{t.authoring.editor}</label>
          <textarea
            id="source"
            name="source"
            rows={22}
            defaultValue={values.source}
            spellCheck={false}
            style={{ fontFamily: "ui-monospace, monospace" }}
            aria-invalid={sourceError ? true : undefined}
            aria-describedby={sourceError ? "source-error source-help" : "source-help"}
          />
          {sourceError ? (
            <p className="field-error" id="source-error" data-testid="source-error">
              {sourceError}
            </p>
          ) : null}
          <p className="muted" id="source-help">
            {t.authoring.componentsHelp} {d.assets.length > 0 ? t.authoringServer.imagesList(d.assets.join(", ")) : null}
          </p>
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="preview" className="button button--secondary">
            {t.authoring.preview}
          </button>
          <button type="submit" name="intent" value="save" className="button">
            {t.authoring.saveDraft}
          </button>
          {/* Shown by the script: without JavaScript there is no live preview, only the button. */}
          <label className="no-print" hidden>
            <input type="checkbox" id="live-preview" /> {t.authoring.livePreview}
          </label>
        </div>
      </Form>
      <div id={PREVIEW_SLOT}>
        <Preview html={result?.html ?? null} />
      </div>
      <InlineScript
        code={LIVE}
        options={{
          form: "lesson-editor",
          box: "live-preview",
          source: "source",
          error: "source-error",
          help: "source-help",
          problems: PROBLEMS_SLOT,
          preview: PREVIEW_SLOT,
          url: `/trainer/courses/${d.course.id}/lessons/${encodeURIComponent(d.lesson.key)}/preview`,
          max: MAX_SOURCE_CHARS,
          debounce: PREVIEW_DEBOUNCE_MS,
          tooLong: t.mdxGate.sourceTooLong("{n}", formatNumber(MAX_SOURCE_CHARS)),
        }}
      />
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
