import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { assetsOf, checkLesson, draftLesson, previewLesson, saveLesson } from "~/courses/authoring.server";
import { LessonForm, requireEditableCourse } from "~/courses/authoring-access.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { MAX_SOURCE_CHARS, PREVIEW_DEBOUNCE_MS } from "~/mdx/limits";
import { fieldErrors, readForm } from "~/ui/form.server";
import { RUNTIME } from "~/ui/runtime";

// Browser code on this page (hooks, handlers): it ships the React runtime (decision 0049).
export const handle = RUNTIME;

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

function Problems({ problems }: { problems: { line: number | null; column: number | null; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert" role="alert" data-testid="gate-problems">
      <p>
        <strong>{t.authoring.gateProblems}</strong>
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {t.authoring.at(String(p.line ?? 1), String(p.column ?? 1))}: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function LessonEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const live = useFetcher<typeof action>();
  const [liveOn, setLiveOn] = useState(false);
  const [typedLength, setTypedLength] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const waiting = useRef(false);
  const liveState = useRef(live.state);
  // The debounce timer calls send() with an old render's closure: it reads the fetcher's latest state here.
  useEffect(() => {
    liveState.current = live.state;
  });
  const formRef = useRef<HTMLFormElement>(null);
  const values = result?.values ?? { title: d.lesson.title, minutes: String(d.lesson.minutes), source: d.lesson.source };
  const errors = result?.errors ?? {};
  const shown = live.data && liveOn ? live.data : result;
  const problems = shown ? shown.problems : d.problems;
  // Once the trainer types, the browser knows the length; without JavaScript the server says it.
  const sourceError =
    typedLength !== null
      ? typedLength > MAX_SOURCE_CHARS
        ? t.mdxGate.sourceTooLong(formatNumber(typedLength), formatNumber(MAX_SOURCE_CHARS))
        : null
      : (shown?.errors.source ?? errors.source ?? null);

  // Live preview: one request after the trainer stops typing, never while one is still running.
  const send = () => {
    const form = formRef.current;
    if (!form) return;
    if (liveState.current !== "idle") {
      waiting.current = true;
      return;
    }
    waiting.current = false;
    const body = new FormData(form);
    if (String(body.get("source") ?? "").length > MAX_SOURCE_CHARS) return;
    body.set("intent", "preview");
    live.submit(body, { method: "post" });
  };
  useEffect(() => {
    if (live.state === "idle" && waiting.current && liveOn) send();
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLTextAreaElement;
    if (target.name === "source") setTypedLength(target.value.length);
    if (!liveOn || !formRef.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(send, PREVIEW_DEBOUNCE_MS);
  };

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
      <Problems problems={problems ?? []} />
      <Form method="post" ref={formRef} onInput={onInput} noValidate>
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
          <label className="no-print">
            <input type="checkbox" id="live-preview" checked={liveOn} onChange={(e) => setLiveOn(e.target.checked)} />{" "}
            {t.authoring.livePreview}
          </label>
        </div>
      </Form>
      {shown?.html ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{t.authoring.previewTitle}</h2>
          {/* Compiled on the server only after the gate passed; see app/mdx/gate.server.ts. */}
          <article className="lesson-body" data-testid="preview" dangerouslySetInnerHTML={{ __html: shown.html }} />
        </section>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
