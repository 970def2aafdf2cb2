import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser, revokeOtherSessions } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { readForm } from "~/ui/form.server";
import { changeOwnPassword } from "~/people/lifecycle.server";

export const meta: MetaFunction = () => [{ title: `${t.account.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const next = String(form.get("next") ?? "");
  if (next !== String(form.get("confirm") ?? "")) return data({ error: t.account.mismatch, field: "confirm" }, { status: 400 });
  const problem = await changeOwnPassword(user.id, String(form.get("current") ?? ""), next);
  if (problem) return data({ error: problem.message, field: problem.field }, { status: 400 });
  // Whoever else holds a session of this person (a shared PC, a stolen cookie) is signed out now.
  await revokeOtherSessions(user.id, request);
  return redirect("/account/password?done=1");
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const field = (name: string, label: string, auto: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={auto}
        aria-invalid={r?.field === name ? true : undefined}
        aria-describedby={r?.field === name ? `${name}-error` : undefined}
      />
      {r?.field === name ? (
        <p className="field-error" id={`${name}-error`}>
          {r.error}
        </p>
      ) : null}
    </div>
  );
  return (
    <section className="card auth-card">
      <h1>{t.account.title}</h1>
      {mustChange ? <p className="alert alert--info">{t.account.mustChange}</p> : null}
      {params.get("done") ? (
        <p className="alert alert--ok" role="status">
          {t.account.done}
        </p>
      ) : null}
      <Form method="post" noValidate>
        {field("current", t.account.current, "current-password")}
        {field("next", t.account.next, "new-password")}
        {field("confirm", t.account.confirm, "new-password")}
        <button type="submit" className="button">
          {t.account.submit}
        </button>
      </Form>
      <p>
        <Link to="/account/notifications">{t.mail.prefsTitle}</Link>
      </p>
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
