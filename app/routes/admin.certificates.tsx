// /admin/certificates: an administrator looks a certificate up by number and revokes it with a reason
// (audited in the same transaction; issue 17 item 4). The public page then shows it revoked, with the
// reason. A material change of a course revokes nothing: certificates name the version they were for.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { certificateByNumber, REASON_MAX, revokeCertificate } from "~/certificates/certificates.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.certificates.adminTitle} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const number = (url.searchParams.get("number") ?? "").trim().toUpperCase().slice(0, 40);
  const c = number ? await certificateByNumber(number) : undefined;
  return {
    number,
    done: url.searchParams.get("done") === "1",
    found: c
      ? {
          number: c.number,
          fullName: c.fullName,
          unitName: c.unitName,
          courseTitle: c.courseTitle,
          versionNumber: c.versionNumber,
          completedOn: c.completedOn,
          revokedAt: c.revokedAt,
          revokedReason: c.revokedReason,
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readForm(request);
  const number = String(form.get("number") ?? "")
    .trim()
    .toUpperCase()
    .slice(0, 40);
  const reason = String(form.get("reason") ?? "").trim();
  if (!reason) return data({ error: t.certificates.revokeReasonMissing }, { status: 400 });
  if (reason.length > REASON_MAX) return data({ error: t.certificates.revokeReasonTooLong(formatNumber(REASON_MAX)) }, { status: 400 });
  if (!(await certificateByNumber(number))) return data({ error: t.certificates.adminNotFound }, { status: 400 });
  if (!(await revokeCertificate(number, reason, user.id))) return data({ error: t.certificates.revokeAlready }, { status: 400 });
  return redirect(`/admin/certificates?number=${encodeURIComponent(number)}&done=1`);
}

export default function AdminCertificates() {
  const { number, found, done } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t.certificates.adminTitle}</h1>
      <p>{t.certificates.adminIntro}</p>
      <Form method="get" className="actions">
        <label htmlFor="cert-number">{t.certificates.verifyNumber}</label>
        <input id="cert-number" name="number" defaultValue={number} />
        <button type="submit" className="button">
          {t.certificates.adminSearch}
        </button>
      </Form>
      {done ? (
        <p className="alert alert--ok" role="status">
          {t.certificates.revoked}
        </p>
      ) : null}
      {number && !found ? <p className="muted">{t.certificates.adminNotFound}</p> : null}
      {found ? (
        <section className="card" aria-labelledby="cert-found">
          <h2 id="cert-found">
            {t.certificates.numberLabel} {found.number}
          </h2>
          <p>
            {t.certificates.adminPerson}: {found.fullName} · {found.unitName}
          </p>
          <p>
            {found.courseTitle} ({t.certificates.versionLabel} {formatNumber(found.versionNumber)}) · {formatDate(found.completedOn)}
          </p>
          {found.revokedAt ? (
            <p className="alert alert--error">{t.certificates.revokedNote(found.revokedReason ?? "")}</p>
          ) : (
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="number" value={found.number} />
              <div className="field">
                <label htmlFor="revoke-reason">{t.certificates.revokeReason}</label>
                <textarea
                  id="revoke-reason"
                  name="reason"
                  rows={3}
                  maxLength={REASON_MAX}
                  aria-invalid={r?.error ? true : undefined}
                  aria-describedby={r?.error ? "revoke-error" : undefined}
                />
                {r?.error ? (
                  <p className="field-error" id="revoke-error" role="alert">
                    {r.error}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="button">
                {t.certificates.revokeSubmit}
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  );
}
