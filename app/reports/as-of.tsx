// The as-of date of the report pages: the field, and the page shown when a date is refused
// (reports/query.server.ts refuseBadAsOf) — the message next to the field, no figures.
import { Form, isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { t } from "~/i18n/vi";
import { DateField } from "~/ui/date-field";
import { ErrorBoundary as RouteErrorBoundary } from "~/ui/error-boundary";
import type { AsOfRefusal } from "./query.server";

export function AsOfField({ value, error }: { value: string | null; error: string | null }) {
  return (
    <DateField name="asOf" label={t.reports.asOf} defaultValue={value} error={error} hint={`${t.inputs.dateHint} ${t.reports.asOfHint}`} />
  );
}

function refusal(error: unknown): AsOfRefusal["asOfRefused"] | null {
  if (!isRouteErrorResponse(error) || error.status !== 400) return null;
  const data = error.data as Partial<AsOfRefusal> | null;
  return data && typeof data === "object" && data.asOfRefused ? data.asOfRefused : null;
}

/** ErrorBoundary of the report pages: a refused date shows the form again; anything else the usual page. */
export function AsOfBoundary() {
  const error = useRouteError();
  const r = refusal(error);
  if (!r) return <RouteErrorBoundary />;
  return (
    <div className="stack">
      <h1>{t.reports.title}</h1>
      <p className="alert" role="alert">
        {t.inputs.badAsOf(r.asOfError)}
      </p>
      <Form method="get" action={r.action} className="filters" noValidate>
        {r.course ? <input type="hidden" name="course" value={r.course} /> : null}
        <AsOfField value={r.asOfInput} error={r.asOfError} />
        <button type="submit" className="button button--secondary">
          {t.reports.show}
        </button>
      </Form>
      <p>
        <Link to={r.action + (r.course ? `?course=${encodeURIComponent(r.course)}` : "")}>{t.inputs.currentFigures}</Link>
      </p>
    </div>
  );
}
