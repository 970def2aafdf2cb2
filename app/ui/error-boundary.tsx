import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
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
      {status === 403 ? (
        <ForbiddenHelp />
      ) : (
        <p>
          <Link to="/">{t.errors.backHome}</Link>
        </p>
      )}
    </section>
  );
}

type RootData = { user: { roles: string[] } | null } | undefined;

/**
 * A 403 says where the person can go instead (issue 20 item 7): a manager's own report, a trainer's
 * and an administrator's tools, and always their own home — not only "Về trang chủ".
 */
function ForbiddenHelp() {
  const roles = useRouteLoaderData<RootData>("root")?.user?.roles ?? null;
  const links: { to: string; label: string; testId: string }[] = [];
  if (!roles) links.push({ to: "/login", label: t.offices.signIn, testId: "forbidden-login" });
  else {
    if (roles.includes("manager") || roles.includes("admin"))
      links.push({ to: "/reports", label: t.offices.ownReport, testId: "forbidden-report" });
    if (roles.includes("trainer")) links.push({ to: "/trainer", label: t.offices.ownTrainer, testId: "forbidden-trainer" });
    if (roles.includes("admin")) links.push({ to: "/admin", label: t.offices.ownAdmin, testId: "forbidden-admin" });
    links.push({ to: "/", label: t.offices.ownHome, testId: "forbidden-home" });
  }
  return (
    <nav aria-labelledby="forbidden-help">
      <p id="forbidden-help">{t.offices.forbiddenHelp}</p>
      <ul className="forbidden-links">
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to} data-testid={l.testId}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
