import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { t } from "~/i18n/vi";

// A message thrown with a 400 is shown as it is only when it is Vietnamese (has a Vietnamese letter):
// an English body from a library ("Bad Request", "Method Not Allowed") never reaches the page.
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** Title and message for an error: one place for the page, its <title> and plain-text answers. */
export function errorCopy(error: unknown): { status: number; title: string; message: string } {
  if (!isRouteErrorResponse(error)) return { status: 500, title: t.errors.title, message: t.errors.generic };
  const status = error.status;
  const title = t.inputs.errorTitles[status] ?? (status >= 500 ? t.errors.title : t.inputs.errorTitles[400]!);
  switch (status) {
    case 400:
      return { status, title, message: typeof error.data === "string" && VIETNAMESE.test(error.data) ? error.data : t.errors.badRequest };
    case 401:
      return { status, title, message: t.errors.unauthorized };
    case 403:
      return { status, title: t.errors.forbiddenTitle, message: t.errors.forbidden };
    case 404:
      return { status, title: t.errors.notFoundTitle, message: t.errors.notFound };
    case 405:
      return { status, title, message: t.inputs.methodNotAllowed };
    case 413:
      return { status, title, message: t.inputs.tooLarge };
    default:
      return status >= 500 ? { status, title: t.errors.title, message: t.errors.generic } : { status, title, message: t.errors.badRequest };
  }
}

/** Every route exports this: a Vietnamese message per status and a way back. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { status, title, message } = errorCopy(error);
  if (!isRouteErrorResponse(error) && typeof console !== "undefined") console.error(error);
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
