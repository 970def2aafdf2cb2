import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { searchPeople } from "~/people/directory.server";

export const meta: MetaFunction = () => [{ title: `${t.people.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { q, people: searchPeople(q) };
}

export default function People() {
  const { q, people } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t.people.title}</h1>
      <p className="actions">
        <Link className="button button--secondary" to="/admin/import">
          {t.people.import}
        </Link>
      </p>
      <Form method="get" className="search-form" role="search">
        <div className="field">
          <label htmlFor="q">{t.people.search}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="button button--secondary">
          {t.units.searchSubmit}
        </button>
      </Form>
      <div className="table-wrap">
        <table data-testid="people-directory">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.units.staffCode}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.units.status}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/admin/people/${p.id}`}>{p.fullName}</Link>
                </th>
                <td>{p.staffCode}</td>
                <td>{p.unit}</td>
                <td>{p.active ? t.units.active : t.units.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
