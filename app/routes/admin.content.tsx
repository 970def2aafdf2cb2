import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { contentStatus } from "~/courses/catalogue.server";
import { latestVersionNumber } from "~/courses/sync.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [{ title: `${t.content.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin", "trainer");
  return {
    courses: await Promise.all(
      (await contentStatus()).map(async (c) => ({
        slug: c.slug,
        title: c.title,
        served: c.currentVersionId !== null,
        version: await latestVersionNumber(c.id),
        retired: c.retiredAt !== null,
        problems: c.problems ?? [],
      })),
    ),
  };
}

export default function ContentStatus() {
  const { courses } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t.content.title}</h1>
      <p className="muted">{t.content.intro}</p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.content.course}</th>
              <th scope="col">{t.content.status}</th>
              <th scope="col">{t.content.version}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.slug} data-course={c.slug}>
                <td>
                  {c.served && !c.retired ? <Link to={`/courses/${c.slug}`}>{c.title}</Link> : c.title}
                  <div className="muted">{c.slug}</div>
                </td>
                <td>
                  {c.retired ? (
                    <span className="status status--todo">{t.content.retired}</span>
                  ) : c.problems.length > 0 ? (
                    <>
                      <span className="status" style={{ color: "var(--bad)" }}>
                        ⚠ {t.content.broken}
                      </span>
                      <ul className="problem-list">
                        {c.problems.map((p, i) => (
                          <li key={i}>
                            <code>{p.line ? t.content.location(p.file, String(p.line), String(p.column ?? 1)) : p.file}</code>: {p.message}
                          </li>
                        ))}
                      </ul>
                      <p className="muted">{c.served && c.version ? t.content.servingOld(formatNumber(c.version)) : t.content.notServed}</p>
                    </>
                  ) : (
                    <span className="status status--done">{t.content.ok}</span>
                  )}
                </td>
                <td className="num">{c.version ? formatNumber(c.version) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
