import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { LoginForm, signIn } from "~/auth/login.server";
import { safeRedirect } from "~/auth/redirect";
import { commitSessionCookie, getUser } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { fieldErrors, readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.login.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const to = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(to);
  // Sign-in succeeded and sent the session cookie, yet the browser did not send it back: say why
  // instead of showing the empty form again (a Secure cookie over http://, or cookies blocked).
  const cookieMissing = url.searchParams.get("check") === "1";
  return { cookieMissing, plainHttp: url.protocol === "http:" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Not a form body (JSON, garbage): a Vietnamese 400. Strings are NFC, as the passwords were hashed.
  const form = Object.fromEntries(await readForm(request));
  const parsed = LoginForm.safeParse(form);
  const identifier = typeof form.identifier === "string" ? form.identifier : "";
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return data(
      { formError: null, fieldErrors: { identifier: fields.identifier, password: fields.password }, identifier },
      { status: 400 },
    );
  }
  const result = await signIn(parsed.data.identifier, parsed.data.password, {
    ip: context.clientIp ?? "unknown",
    userAgent: request.headers.get("user-agent") ?? undefined,
  });
  if (!result.ok) {
    return data({ formError: result.message, fieldErrors: {}, identifier }, { status: 401 });
  }
  // Back through this page: its loader sends a signed-in person on to the target, and tells one whose
  // browser dropped the cookie why they are still here.
  const next = new URLSearchParams({ redirectTo: safeRedirect(parsed.data.redirectTo), check: "1" });
  throw redirect(`/login?${next.toString()}`, {
    headers: { "Set-Cookie": await commitSessionCookie(result.token, request) },
  });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const { cookieMissing, plainHttp } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const fieldErrors: { identifier?: string; password?: string } = result?.fieldErrors ?? {};
  return (
    <section className="card auth-card" aria-labelledby="login-title">
      <h1 id="login-title">{t.login.title}</h1>
      <p className="muted">{t.login.intro}</p>
      {params.get("loggedOut") ? <p className="alert alert--info">{t.login.signedOut}</p> : null}
      {cookieMissing && !result ? (
        <p className="alert" role="alert" id="cookie-error">
          {plainHttp ? t.login.cookieMissingHttp : t.login.cookieMissing}
        </p>
      ) : null}
      {result?.formError ? (
        <p className="alert" role="alert" id="login-error">
          {result.formError}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={safeRedirect(params.get("redirectTo"))} />
        <div className="field">
          <label htmlFor="identifier">{t.login.identifier}</label>
          <input
            id="identifier"
            name="identifier"
            autoComplete="username"
            required
            defaultValue={result?.identifier ?? ""}
            aria-invalid={fieldErrors.identifier ? true : undefined}
            aria-describedby={fieldErrors.identifier ? "identifier-error" : undefined}
          />
          {fieldErrors.identifier ? (
            <p className="field-error" id="identifier-error">
              {fieldErrors.identifier}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">{t.login.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? "password-error" : undefined}
          />
          {fieldErrors.password ? (
            <p className="field-error" id="password-error">
              {fieldErrors.password}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t.login.submit}
        </button>
      </Form>
      <p className="muted">{t.login.forgot}</p>
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
