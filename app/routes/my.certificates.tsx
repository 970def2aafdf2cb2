// /my/certificates ("Chứng nhận của tôi"): the signed-in learner's certificates with their downloads
// (PDF, Open Badges VC-JWT and JSON) and the public check link (issue 17 items 1 and 5).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { certificatesOf } from "~/certificates/certificates.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [{ title: `${t.certificates.mineTitle} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { list: await certificatesOf(user.id) };
}

export default function MyCertificates() {
  const { list } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t.certificates.mineTitle}</h1>
      {list.length === 0 ? <p className="muted">{t.certificates.mineEmpty}</p> : null}
      {list.map((c) => (
        <section className="card" key={c.number} aria-labelledby={`cert-${c.number}`} data-testid="my-certificate">
          <h2 id={`cert-${c.number}`}>
            <Link to={`/courses/${c.slug}`}>{c.courseTitle}</Link>
          </h2>
          <p>
            {t.certificates.numberLabel} {c.number} · {t.certificates.versionLabel} {formatNumber(c.versionNumber)} ·{" "}
            {t.certificates.dateLabel}: {formatDate(c.completedOn)}
            {c.score !== null ? ` · ${t.certificates.scoreLabel}: ${formatNumber(c.score)}%` : ""}
          </p>
          {c.revokedAt ? (
            <p className="alert alert--error" role="status">
              {t.certificates.revokedNote(c.revokedReason ?? "")}
            </p>
          ) : null}
          <p className="actions">
            <a className="button" href={`/certificates/${c.number}.pdf`} download>
              {t.certificates.downloadPdf}
            </a>{" "}
            <a href={`/certificates/${c.number}.jwt`} download>
              {t.certificates.downloadBadge}
            </a>{" "}
            <a href={`/certificates/${c.number}.json`} download>
              {t.certificates.downloadBadgeJson}
            </a>
          </p>
        </section>
      ))}
    </div>
  );
}
