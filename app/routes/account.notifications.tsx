// A person's e-mail choices (issue 16 item 6, docs/decisions/0028): the optional kinds can be turned off;
// the required ones (what they were assigned, when it is due) are listed as always sent.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { isOptionalKind, MAIL_KINDS, OPTIONAL_MAIL_KINDS, type MailKind } from "~/mail/kinds";
import { mailAddressOf, optOutsOf, setMailChoices } from "~/mail/outbox.server";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.mail.prefsTitle} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { address: (await mailAddressOf(user.id)) ?? null, off: await optOutsOf(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const wanted = form.getAll("kind").map(String);
  if (wanted.some((k) => !isOptionalKind(k))) return data({ error: t.mail.prefsBadKind }, { status: 400 });
  await setMailChoices(user.id, wanted);
  return redirect("/account/notifications?done=1");
}

export default function Notifications() {
  const { address, off } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const kinds = Object.keys(MAIL_KINDS) as MailKind[];
  return (
    <section className="card auth-card">
      <h1>{t.mail.prefsTitle}</h1>
      {params.get("done") ? (
        <p className="alert alert--ok" role="status">
          {t.mail.prefsSaved}
        </p>
      ) : null}
      <p>{address ? t.mail.prefsAddress(address) : t.mail.prefsNoAddress}</p>
      <Form method="post" noValidate>
        <fieldset className="field" aria-describedby={r?.error ? "kind-error" : "kinds-intro"}>
          <legend>{t.mail.prefsTitle}</legend>
          <p id="kinds-intro" className="muted">
            {t.mail.prefsIntro}
          </p>
          {OPTIONAL_MAIL_KINDS.map((kind) => (
            <div className="field" key={kind}>
              <label>
                <input type="checkbox" name="kind" value={kind} defaultChecked={!off.includes(kind)} /> {t.mail.kinds[kind]}
              </label>
            </div>
          ))}
          {kinds
            .filter((k) => !MAIL_KINDS[k].optional)
            .map((kind) => (
              <div className="field" key={kind}>
                <label>
                  <input type="checkbox" checked disabled /> {t.mail.kinds[kind]} <span className="muted">({t.mail.prefsRequired})</span>
                </label>
              </div>
            ))}
          {r?.error ? (
            <p className="field-error" id="kind-error" role="alert">
              {r.error}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          {t.mail.prefsSave}
        </button>
      </Form>
      <p>
        <Link to="/account/password">{t.account.title}</Link>
      </p>
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
