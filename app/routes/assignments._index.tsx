import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAssigner } from "~/assignments/assignment-form.server";
import { listAssignments } from "~/assignments/assignments.server";
import { AudienceSummary, DatesText } from "~/assignments/assignment-view";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [{ title: `${t.assignments.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAssigner(request);
  return { assignments: await listAssignments(actor) };
}

export default function Assignments() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t.assignments.title}</h1>
      <p className="muted">{t.assignmentForms.intro}</p>
      {params.get("withdrawn") ? (
        <p className="alert alert--ok" role="status">
          {t.assignments.withdrawn}
        </p>
      ) : null}
      <p>
        <Link to="/assignments/new" className="button">
          {t.assignments.add}
        </Link>
      </p>
      <h2>{t.assignments.list}</h2>
      {d.assignments.length === 0 ? (
        <p>{t.assignments.none}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="assignments">
            <thead>
              <tr>
                <th scope="col">{t.assignments.course}</th>
                <th scope="col">{t.assignments.audience}</th>
                <th scope="col">{t.assignments.dates}</th>
                <th scope="col">{t.assignments.members}</th>
                <th scope="col">{t.assignments.status}</th>
              </tr>
            </thead>
            <tbody>
              {d.assignments.map((a) => (
                <tr key={a.id} data-assignment-id={a.id}>
                  <td>
                    <Link to={`/assignments/${a.id}`} aria-label={t.assignmentForms.open(a.courseTitle)}>
                      {a.courseTitle}
                    </Link>
                    {a.note ? <div className="muted">{a.note}</div> : null}
                  </td>
                  <td>
                    <AudienceSummary a={a} />
                  </td>
                  <td>
                    <DatesText a={a} />
                  </td>
                  <td>{formatNumber(a.members)}</td>
                  <td>{t.assignments.statuses[a.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
