import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  addLesson,
  assetsOf,
  draftQuizText,
  draftLessonsOf,
  MAX_IMAGE_BYTES,
  moveLesson,
  publish,
  removeLesson,
  saveMeta,
  unpublish,
  uploadAsset,
  versionsOf,
} from "~/courses/authoring.server";
import { LessonKey, requireEditableCourse } from "~/courses/authoring-access.server";
import { MetaFields } from "~/courses/meta-form";
import { parseMeta } from "~/courses/meta-form.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import { quizWarnings } from "~/quizzes/quiz-editor.server";
import { normalizeForm, readForm } from "~/ui/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.meta.title ?? ""} · ${t.authoring.title} · ${t.app.name}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  return {
    course: { id: course.id, slug: course.slug, live: course.currentVersionId !== null },
    meta: draft.meta,
    hasQuiz: typeof draft.quiz === "string" && draft.quiz.trim() !== "",
    lessons: (await draftLessonsOf(course.id)).map((l) => ({ key: l.lessonKey, title: l.title, minutes: l.minutes })),
    assets: await assetsOf(course.id),
    versions: (await versionsOf(course.id)).map((v) => ({
      ...v,
      who: v.ho ? fullName({ ho: v.ho, dem: v.dem ?? "", ten: v.ten ?? "" }) : "—",
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireEditableCourse(request, params.courseId);
  const back = `/trainer/courses/${course.id}`;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = normalizeForm(
        await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES })),
      );
    } catch {
      return data({ upload: t.authoringServer.imageTooBig, problems: null, errors: null }, { status: 400 });
    }
    const file = form.get("image");
    if (!(file instanceof File) || file.size === 0)
      return data({ upload: t.authoringServer.chooseImage, problems: null, errors: null }, { status: 400 });
    const result = await uploadAsset(course.id, file.name, new Uint8Array(await file.arrayBuffer()), user.id);
    if (!result.ok) return data({ upload: result.message, problems: null, errors: null }, { status: 400 });
    return redirect(`${back}?uploaded=${encodeURIComponent(result.fileName)}#anh`);
  }
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const key = LessonKey.safeParse(form.get("key"));
  switch (intent) {
    case "meta": {
      const parsed = parseMeta(form);
      if (!parsed.ok) return data({ errors: parsed.errors, upload: null, problems: null }, { status: 400 });
      await saveMeta(course.id, parsed.meta, user.id);
      return redirect(`${back}?saved=1`);
    }
    case "add-lesson": {
      const title = String(form.get("lessonTitle") ?? "").trim();
      if (title.length < 2)
        return data({ errors: { lessonTitle: t.authoring.lessonTitleRequired }, upload: null, problems: null }, { status: 400 });
      const lesson = await addLesson(course.id, title.slice(0, 200));
      return redirect(`${back}/lessons/${lesson.lessonKey}`);
    }
    case "up":
    case "down":
      if (key.success) await moveLesson(course.id, key.data, intent);
      return redirect(back);
    case "remove":
      if (key.success) await removeLesson(course.id, key.data);
      return redirect(back);
    case "publish": {
      // Anything odd in the quiz is shown first; publishing goes ahead once the trainer confirms.
      const warnings = form.get("confirmWarnings") === "1" ? [] : quizWarnings(await draftQuizText(course.id));
      if (warnings.length > 0)
        return data({ warnings, materialChange: form.get("materialChange") === "on", problems: null, errors: null, upload: null });
      const result = await publish(course.id, { materialChange: form.get("materialChange") === "on" }, user.id);
      if (!result.ok) return data({ problems: result.problems, errors: null, upload: null }, { status: 400 });
      return redirect(`${back}?published=${result.version}`);
    }
    case "unpublish":
      await unpublish(course.id, user.id);
      return redirect(`${back}?unpublished=1`);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function CourseEditor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <p>
        <Link to="/trainer">← {t.authoring.title}</Link>
      </p>
      <h1>{d.meta.title}</h1>
      <p>
        <strong>{t.authoring.status}:</strong>{" "}
        {d.course.live ? (
          <Link to={`/courses/${d.course.slug}`}>{t.authoring.live(formatNumber(d.versions[0]?.number ?? 0))}</Link>
        ) : (
          t.authoring.notLive
        )}
      </p>
      {params.get("saved") ? <p className="alert alert--ok">{t.authoring.saved}</p> : null}
      {params.get("published") ? (
        <p className="alert alert--ok" role="status">
          {t.authoring.published(params.get("published")!)}
        </p>
      ) : null}
      {params.get("unpublished") ? <p className="alert alert--info">{t.authoring.unpublished}</p> : null}
      {result?.problems ? (
        <div className="alert" role="alert">
          <p>
            <strong>{t.authoring.problems}</strong>
          </p>
          <ul>
            {result.problems.map((p, i) => (
              <li key={i}>
                {"lesson" in p && p.lesson ? `${t.authoring.lessonProblem(p.lesson)}: ` : ""}
                {p.line ? `${t.authoring.at(String(p.line), String(p.column ?? 1))}: ` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card" aria-labelledby="lessons-title">
        <h2 id="lessons-title">{t.authoring.lessons}</h2>
        <ol className="lesson-list">
          {d.lessons.map((l, i) => (
            <li key={l.key}>
              <span>
                <Link to={`lessons/${l.key}`}>{l.title}</Link>{" "}
                <span className="muted">({t.catalogue.minutes(formatNumber(l.minutes))})</span>
              </span>
              <span className="actions" style={{ margin: 0 }}>
                <Link to={`lessons/${l.key}`}>{t.authoring.edit}</Link>
                {(["up", "down", "remove"] as const).map((intent) =>
                  (intent === "up" && i === 0) || (intent === "down" && i === d.lessons.length - 1) ? null : (
                    <Form method="post" key={intent}>
                      <input type="hidden" name="intent" value={intent} />
                      <input type="hidden" name="key" value={l.key} />
                      <button
                        type="submit"
                        className="button button--secondary"
                        aria-label={`${intent === "up" ? t.authoring.moveUp : intent === "down" ? t.authoring.moveDown : t.authoring.remove}: ${l.title}`}
                      >
                        {intent === "up" ? `↑ ${t.authoring.moveUp}` : intent === "down" ? `↓ ${t.authoring.moveDown}` : t.authoring.remove}
                      </button>
                    </Form>
                  ),
                )}
              </span>
            </li>
          ))}
        </ol>
        <Form method="post" className="search-form" noValidate>
          <input type="hidden" name="intent" value="add-lesson" />
          <div className="field">
            <label htmlFor="lessonTitle">{t.authoring.lessonTitle}</label>
            <input
              id="lessonTitle"
              name="lessonTitle"
              aria-invalid={result?.errors?.lessonTitle ? true : undefined}
              aria-describedby={result?.errors?.lessonTitle ? "lessonTitle-error" : undefined}
            />
            {result?.errors?.lessonTitle ? (
              <p className="field-error" id="lessonTitle-error">
                {result.errors.lessonTitle}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button--secondary">
            {t.authoring.addLesson}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="anh" id="anh">
        <h2 id="anh-title">{t.authoring.images}</h2>
        <p className="muted">{t.authoring.imagesHint}</p>
        {params.get("uploaded") ? (
          <p className="alert alert--ok" role="status">
            {t.authoring.uploaded(params.get("uploaded")!)}
          </p>
        ) : null}
        {result?.upload ? (
          <p className="alert" role="alert">
            {result.upload}
          </p>
        ) : null}
        <ul>
          {d.assets.map((a) => (
            <li key={a.fileName}>
              <code>{a.fileName}</code> <span className="muted">({formatNumber(Math.round(a.size / 1024))} KB)</span>
            </li>
          ))}
        </ul>
        <Form method="post" encType="multipart/form-data" className="search-form">
          <div className="field">
            <label htmlFor="image">{t.authoring.chooseImage}</label>
            <input id="image" name="image" type="file" accept="image/png,image/jpeg,image/webp" />
          </div>
          <button type="submit" className="button button--secondary">
            {t.authoring.upload}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2>{t.authoring.quiz}</h2>
        <Link to="quiz">{t.authoring.editQuiz}</Link>
      </section>

      <Form method="post" className="card" noValidate>
        <h2>{t.authoring.saveMeta}</h2>
        <input type="hidden" name="intent" value="meta" />
        <MetaFields meta={d.meta} errors={result?.errors ?? {}} />
        <button type="submit" className="button button--secondary">
          {t.authoring.saveMeta}
        </button>
      </Form>

      <section className="card" aria-labelledby="publish-title">
        <h2 id="publish-title">{t.authoring.publish}</h2>
        <p className="muted">{t.authoring.publishHint}</p>
        {result && "warnings" in result ? (
          <div className="alert" role="alert" data-testid="publish-warnings">
            <p>
              <strong>{t.quizForms.warningsTitle}</strong>
            </p>
            <p>{t.quizForms.warningsIntro}</p>
            <ul>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
            <p>
              <Link to="quiz">{t.authoring.editQuiz}</Link>
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="confirmWarnings" value="1" />
              {result.materialChange ? <input type="hidden" name="materialChange" value="on" /> : null}
              <button type="submit" className="button">
                {t.quizForms.publishAnyway}
              </button>
            </Form>
          </div>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          {d.course.live ? (
            <div className="field">
              <label>
                <input type="checkbox" name="materialChange" /> {t.authoring.materialChange}
              </label>
            </div>
          ) : null}
          <button type="submit" className="button">
            {t.authoring.publish}
          </button>
        </Form>
        {d.course.live ? (
          <Form method="post" style={{ marginTop: "0.75rem" }}>
            <input type="hidden" name="intent" value="unpublish" />
            <button type="submit" className="button button--secondary">
              {t.authoring.unpublish}
            </button>
          </Form>
        ) : null}
        <h3>{t.authoring.versions}</h3>
        <ul>
          {d.versions.map((v) => (
            <li key={v.number}>
              {t.authoring.versionLine(formatNumber(v.number), formatDateTime(v.createdAt), v.who)}
              {v.materialChange ? <span className="tag"> {t.authoring.materialFlag}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
