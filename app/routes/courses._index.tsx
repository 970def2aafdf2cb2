import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { assignedCourses, marksBySlug } from "~/assignments/home.server";
import { freshContent } from "~/bootstrap.server";
import { requireUser } from "~/auth/session.server";
import { CourseCard } from "~/courses/course-card";
import { CatalogueQuery, allTags, catalogue } from "~/courses/catalogue.server";
import { formatNumber } from "~/i18n/format";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [{ title: `${t.catalogue.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await freshContent();
  const url = new URL(request.url);
  const { q, tag } = CatalogueQuery.parse({ q: url.searchParams.get("q") ?? "", tag: url.searchParams.get("tag") ?? "" });
  // The learner's assignments, read once for the page: each card looks its course up.
  const marks = marksBySlug(await assignedCourses(user.id, vnToday()));
  return { courses: await catalogue(user.id, { q, tag }), tags: await allTags(), q, tag, marks };
}

export default function Catalogue() {
  const { courses, tags, q, tag, marks } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t.catalogue.title}</h1>
      <p className="muted">{t.catalogue.intro}</p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t.catalogue.search}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="tag">{t.catalogue.tag}</label>
          <select id="tag" name="tag" defaultValue={tag}>
            <option value="">{t.catalogue.allTags}</option>
            {tags.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t.catalogue.searchSubmit}
        </button>
        {q || tag ? <Link to="/courses">{t.catalogue.clear}</Link> : null}
      </Form>
      <p className="muted" aria-live="polite">
        {t.catalogue.results(formatNumber(courses.length))}
      </p>
      {courses.length === 0 ? (
        <p>{t.catalogue.none}</p>
      ) : (
        <ul className="course-list">
          {courses.map((c) => (
            <li key={c.slug}>
              <CourseCard course={c} assigned={marks[c.slug]} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
