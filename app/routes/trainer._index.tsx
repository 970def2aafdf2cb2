import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { authoringList, copyRepoCourse, createCourse } from "~/courses/authoring.server";
import { MetaFields } from "~/courses/meta-form";
import { parseMeta } from "~/courses/meta-form.server";
import { t } from "~/i18n/vi";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.authoring.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "trainer", "admin");
  const all = (await authoringList()).filter((c) => c.retiredAt === null || c.source === "app");
  return { app: all.filter((c) => c.source === "app"), repo: all.filter((c) => c.source === "repo" && c.currentVersionId !== null) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "trainer", "admin");
  const form = await readForm(request);
  if (form.get("intent") === "copy") {
    const copy = await copyRepoCourse(Number(form.get("courseId")), user.id);
    if (!copy) throw new Response("Not Found", { status: 404 });
    return redirect(`/trainer/courses/${copy.id}`);
  }
  const parsed = parseMeta(form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const course = await createCourse(parsed.meta, user.id);
  return redirect(`/trainer/courses/${course.id}`);
}

export default function TrainerHome() {
  const { app, repo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t.authoring.title}</h1>
      <p className="muted">{t.authoring.intro}</p>
      <section aria-labelledby="app-title">
        <h2 id="app-title">{t.authoring.appCourses}</h2>
        <ul>
          {app.map((c) => (
            <li key={c.id}>
              <Link to={`/trainer/courses/${c.id}`}>{c.title}</Link>{" "}
              <span className="muted">({c.currentVersionId ? t.authoring.liveShort : t.authoring.notLive})</span>
            </li>
          ))}
        </ul>
      </section>
      <Form method="post" className="card" noValidate>
        <h2>{t.authoring.newCourse}</h2>
        <MetaFields errors={result?.errors ?? {}} />
        <button type="submit" className="button">
          {t.authoring.create}
        </button>
      </Form>
      <section aria-labelledby="repo-title">
        <h2 id="repo-title">{t.authoring.repoCourses}</h2>
        <p className="muted">{t.authoring.repoNote}</p>
        <ul>
          {repo.map((c) => (
            <li key={c.id} className="actions" style={{ margin: "0.25rem 0" }}>
              <Link to={`/courses/${c.slug}`}>{c.title}</Link>
              <Form method="post">
                <input type="hidden" name="intent" value="copy" />
                <input type="hidden" name="courseId" value={c.id} />
                <button type="submit" className="button button--secondary">
                  {t.authoring.copy}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
