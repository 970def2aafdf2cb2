import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { recentAudit } from "~/audit/log.server";
import { formatDateTime } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";

export const meta: MetaFunction = () => [{ title: `${t.authoring.audit} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return {
    rows: (await recentAudit()).map((r) => ({
      id: r.id,
      at: r.at,
      who: r.ho ? fullName({ ho: r.ho, dem: r.dem ?? "", ten: r.ten ?? "" }) : "—",
      action: r.action,
      subject: `${r.subjectType} ${r.subjectId ?? ""}`,
      detail: r.detail ? JSON.stringify(r.detail) : "",
    })),
  };
}

export default function Audit() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t.authoring.audit}</h1>
      <p className="muted">{t.authoring.auditIntro}</p>
      <div className="table-wrap">
        <table data-testid="audit">
          <thead>
            <tr>
              <th scope="col">{t.authoring.when}</th>
              <th scope="col">{t.authoring.who}</th>
              <th scope="col">{t.authoring.what}</th>
              <th scope="col">{t.authoring.subject}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.who}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>
                  {r.subject} <span className="muted">{r.detail}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
