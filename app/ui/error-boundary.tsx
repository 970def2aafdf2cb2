import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { t } from "~/i18n/vi";

/** Every route exports this: a Vietnamese message per status and a way back. */
export function ErrorBoundary() {
  const error = useRouteError();
  let title = t.errors.title;
  let message = t.errors.generic;
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t.errors.notFoundTitle;
      message = t.errors.notFound;
    } else if (error.status === 403) {
      title = t.errors.forbiddenTitle;
      message = t.errors.forbidden;
    } else if (error.status === 401) {
      message = t.errors.unauthorized;
    } else if (error.status === 400) {
      message = typeof error.data === "string" && error.data && error.data !== "Bad Request" ? error.data : t.errors.badRequest;
    }
  } else if (typeof console !== "undefined") {
    console.error(error);
  }
  return (
    <section className="error-page" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      <p className="muted">{t.errors.status(status)}</p>
      <p>
        <Link to="/">{t.errors.backHome}</Link>
      </p>
    </section>
  );
}
