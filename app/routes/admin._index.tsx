import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { scopesToReview } from "~/units/scopes.server";

export const meta: MetaFunction = () => [{ title: `${t.nav.admin} · ${t.app.name}` }];

// One place for the tools; the header stays short enough for a phone.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin", "trainer");
  const admin = user.roles.includes("admin");
  return { admin, scopes: admin ? await scopesToReview() : [] };
}

export default function AdminHome() {
  const { admin, scopes } = useLoaderData<typeof loader>();
  const tools = [
    { to: "/trainer", label: t.nav.trainer, text: t.authoring.intro },
    { to: "/trainer/quizzes", label: t.nav.quizAnalysis, text: t.analysis.intro },
    { to: "/admin/content", label: t.nav.contentStatus, text: t.content.intro },
    ...(admin
      ? [
          { to: "/admin/people", label: t.nav.people, text: t.people.title },
          { to: "/admin/import", label: t.roster.title, text: t.roster.intro },
          { to: "/admin/units", label: t.nav.reorg, text: t.reorg.intro },
          { to: "/admin/targets", label: t.nav.targets, text: t.targets.intro },
          { to: "/admin/indicators", label: t.indicators.admin, text: t.indicators.adminIntro },
          { to: "/admin/audit", label: t.nav.audit, text: t.authoring.auditIntro },
          { to: "/admin/mail", label: t.mail.title, text: t.mail.intro },
          { to: "/admin/certificates", label: t.certificates.adminTitle, text: t.certificates.adminIntro },
        ]
      : []),
  ];
  return (
    <div className="stack">
      <h1>{t.nav.admin}</h1>
      {scopes.length > 0 ? (
        <section className="card alert alert--info" aria-labelledby="scopes-title" data-testid="scopes-to-review">
          <h2 id="scopes-title">{t.reorganisation.scopesToReview}</h2>
          <p>{t.reorganisation.scopesToReviewIntro}</p>
          <ul>
            {scopes.map((s) => (
              <li key={s.officialId}>
                <Link to={`/admin/people/${s.officialId}#roles`}>{s.fullName}</Link> ({s.username}) · {t.reorganisation.scopeWas(s.unit)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ul className="tools">
        {tools.map((tool) => (
          <li key={tool.to} className="card">
            <Link to={tool.to}>{tool.label}</Link>
            <p className="muted">{tool.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
