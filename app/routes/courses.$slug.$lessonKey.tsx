import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { freshContent } from "~/bootstrap.server";
import { requireUser } from "~/auth/session.server";
import { lessonForReading, lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson, publishedCourseProgress } from "~/courses/progress.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { quizFor } from "~/quizzes/queries.server";
import { badRequest, readForm } from "~/ui/form.server";
import { InlineScript } from "~/ui/inline-script";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lesson.title ?? ""} · ${data?.course.title ?? ""} · ${t.app.name}` },
];

async function load(slug: string | undefined, key: string | undefined) {
  const course = await publishedCourse(slug ?? "");
  if (!course?.currentVersionId) throw new Response("Not Found", { status: 404 });
  const lesson = await lessonForReading(course.currentVersionId, key ?? "");
  if (!lesson) throw new Response("Not Found", { status: 404 });
  return { course, lesson };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await freshContent();
  // The course and this official's progress in it: one statement (issue 19 item 5).
  const found = await publishedCourseProgress(params.slug ?? "", user.id);
  if (!found) throw new Response("Not Found", { status: 404 });
  const { course, progress } = found;
  const lesson = await lessonForReading(course.currentVersionId, params.lessonKey ?? "");
  if (!lesson) throw new Response("Not Found", { status: 404 });
  // A GET writes nothing (decision 0003): "started" is recorded by the page's own POST (/progress/started).
  const all = await lessonsOf(course.currentVersionId);
  const index = all.findIndex((l) => l.lessonId === lesson.lessonId);
  const mine = progress.lessons.find((l) => l.lessonId === lesson.lessonId);
  const url = new URL(request.url);
  return {
    course: { slug: course.slug, title: course.title },
    lesson: { key: lesson.key, title: lesson.title, minutes: lesson.minutes, html: lesson.html, toc: lesson.toc },
    position: index + 1,
    total: all.length,
    previous: index > 0 ? { key: all[index - 1]!.key, title: all[index - 1]!.title } : null,
    next: index < all.length - 1 ? { key: all[index + 1]!.key, title: all[index + 1]!.title } : null,
    startedAt: mine?.startedAt ?? null,
    completedAt: mine?.completedAt ?? null,
    courseCompletedAt: progress.completedAt,
    allLessonsDone: progress.done === progress.total,
    hasQuiz: (await quizFor(course.currentVersionId)) !== null,
    justDone: url.searchParams.get("xong") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { course, lesson } = await load(params.slug, params.lessonKey);
  // Only the page's own button marks a lesson done ("started" has its own route, /progress/started).
  if ((await readForm(request)).get("intent") !== "done") badRequest();
  await completeLesson(user.id, course.id, lesson.lessonId);
  // Post/redirect/get: a reload or the back button never re-submits.
  return redirect(`/courses/${course.slug}/${lesson.key}?xong=1#hoan-thanh`);
}

// Plain links and forms (no page ships the client runtime, decision 0049): Remix's <Link> and <Form>
// would cost the most-read page their router look-ups on every request (issue 19 item 5).
export default function LessonPage() {
  const data = useLoaderData<typeof loader>();
  const { course, lesson } = data;
  return (
    <div>
      <p>
        <a href={`/courses/${course.slug}`}>← {course.title}</a>
      </p>
      <p className="muted">
        {t.lesson.lessonOf(formatNumber(data.position), formatNumber(data.total))} · {t.lesson.readingTime(formatNumber(lesson.minutes))}
      </p>
      <h1>{lesson.title}</h1>
      <div className="lesson-layout">
        {lesson.toc.length > 0 ? (
          <nav className="lesson-toc card" aria-labelledby="toc-title">
            <h2 id="toc-title" className="muted" style={{ fontSize: "1rem", margin: 0 }}>
              {t.lesson.toc}
            </h2>
            <ol>
              {lesson.toc.map((entry) => (
                <li key={entry.id} className={`toc-${entry.depth}`}>
                  <a href={`#${entry.id}`}>{entry.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <div>
          {/* Rendered on the server from the course's checked MDX when content was synced; no code runs here. */}
          <article className="lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
          <section className="card" id="hoan-thanh" aria-live="polite" style={{ maxWidth: "46rem", marginTop: "1rem" }}>
            {data.justDone && data.courseCompletedAt ? <p className="alert alert--ok">{t.lesson.courseJustCompleted}</p> : null}
            {data.justDone && !data.courseCompletedAt ? <p className="alert alert--ok">{t.lesson.justDone}</p> : null}
            {data.allLessonsDone && !data.courseCompletedAt && data.hasQuiz ? (
              <p>
                {t.lesson.allLessonsDone}{" "}
                <a className="button" href={`/courses/${course.slug}/quiz`}>
                  {t.course.takeQuiz}
                </a>
              </p>
            ) : null}
            {data.completedAt ? (
              <p className="status status--done">{t.lesson.doneAt(formatDate(data.completedAt))}</p>
            ) : (
              <form method="post" action={`/courses/${course.slug}/${lesson.key}`}>
                <button type="submit" name="intent" value="done" className="button">
                  {t.lesson.markDone}
                </button>
              </form>
            )}
          </section>
          <nav className="lesson-nav" aria-label={t.lesson.toc}>
            {data.previous ? (
              <a rel="prev" href={`/courses/${course.slug}/${data.previous.key}`}>
                ← {t.lesson.previous}: {data.previous.title}
              </a>
            ) : (
              <span />
            )}
            {data.next ? (
              <a rel="next" className={data.completedAt ? "button" : undefined} href={`/courses/${course.slug}/${data.next.key}`}>
                {t.lesson.next}: {data.next.title} →
              </a>
            ) : (
              <a href={`/courses/${course.slug}`}>{t.lesson.backToCourse}</a>
            )}
          </nav>
        </div>
      </div>
      {data.startedAt === null ? (
        <>
          {/* Once the page has loaded in a browser that runs scripts: the first sign the official is reading it. */}
          <form id="lesson-started" method="post" action="/progress/started" hidden>
            <input type="hidden" name="course" value={course.slug} />
            <input type="hidden" name="lesson" value={lesson.key} />
          </form>
          <InlineScript code={STARTED} options={{ form: "lesson-started" }} />
        </>
      ) : null}
    </div>
  );
}

/** Posts the hidden form above with fetch (keepalive: leaving the page at once does not cancel it). */
const STARTED = `function (o) {
  var f = document.getElementById(o.form);
  if (f && window.fetch && window.FormData && window.URLSearchParams)
    fetch(f.action, { method: "POST", body: new URLSearchParams(new FormData(f)), credentials: "same-origin", keepalive: true });
}`;
