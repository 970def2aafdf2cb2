import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { actionChoices, auditPage, parseAuditQuery } from "~/audit/view.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { DateField } from "~/ui/date-field";

export const meta: MetaFunction = () => [{ title: `${t.authoring.audit} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = parseAuditQuery(url);
  const page = await auditPage(query);
  // The same filters for the export and the next page (never the page's own keyset).
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query.filters)) if (v) params.set(k, v);
  return {
    filters: query.filters,
    raw: Object.fromEntries(["who", "what", "unit", "from", "to"].map((k) => [k, url.searchParams.get(k) ?? ""])),
    errors: page.errors,
    entries: page.entries,
    total: page.total,
    paged: query.before !== null,
    next: page.nextBefore ? `?${new URLSearchParams([...params, ["before", String(page.nextBefore)]]).toString()}` : null,
    first: `?${params.toString()}`,
    exportHref: `/admin/audit.xlsx?${params.toString()}`,
    choices: actionChoices(),
  };
}

export default function Audit() {
  const d = useLoaderData<typeof loader>();
  const errors: Record<string, string | undefined> = d.errors;
  const text = (name: "who" | "unit", label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        name={name}
        type="search"
        maxLength={80}
        defaultValue={d.raw[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[errors[name] ? `audit-${name}-error` : null, `audit-${name}-hint`].filter(Boolean).join(" ")}
      />
      <p className="field-hint muted" id={`audit-${name}-hint`}>
        {hint}
      </p>
      {errors[name] ? (
        <p className="field-error" id={`audit-${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <div className="stack">
      <h1>{t.authoring.audit}</h1>
      <p className="muted">{t.audit.intro}</p>
      <Form method="get" className="stack" aria-label={t.audit.filters}>
        <div className="filters">
          {text("who", t.audit.who, t.audit.whoHint)}
          <div className="field">
            <label htmlFor="audit-what">{t.audit.what}</label>
            <select
              id="audit-what"
              name="what"
              defaultValue={d.filters.what}
              aria-invalid={errors.what ? true : undefined}
              aria-describedby={errors.what ? "audit-what-error" : undefined}
            >
              <option value="">{t.audit.anyAction}</option>
              {d.choices.map((g) => (
                <optgroup key={g.group} label={g.label}>
                  <option value={g.group}>{`${g.label} — ${t.audit.anyAction.toLowerCase()}`}</option>
                  {g.actions.map((a) => (
                    <option key={a.value} value={a.value}>
                      {a.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {errors.what ? (
              <p className="field-error" id="audit-what-error">
                {errors.what}
              </p>
            ) : null}
          </div>
          {text("unit", t.audit.unit, t.audit.unitHint)}
          <DateField name="from" id="audit-from" label={t.audit.from} defaultValue={d.raw.from} error={errors.from} />
          <DateField name="to" id="audit-to" label={t.audit.to} defaultValue={d.raw.to} error={errors.to} />
        </div>
        <p className="actions">
          <button type="submit" className="button">
            {t.audit.apply}
          </button>
          <Link to="/admin/audit" className="button button--secondary">
            {t.audit.clear}
          </Link>
          <a href={d.exportHref} className="button button--secondary" download>
            {t.audit.export}
          </a>
        </p>
      </Form>
      <p role="status" data-testid="audit-count">
        {t.audit.count(formatNumber(d.total))}
      </p>
      {d.entries.length === 0 ? (
        <p>{t.audit.none}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="audit" className="audit-table">
            <thead>
              <tr>
                <th scope="col">{t.audit.when}</th>
                <th scope="col">{t.audit.who}</th>
                <th scope="col">{t.audit.what}</th>
                <th scope="col">{t.audit.subject}</th>
                <th scope="col">{t.audit.detail}</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at)}</td>
                  <td>{r.whoLink ? <Link to={r.whoLink}>{r.who}</Link> : r.who}</td>
                  <td data-action={r.action}>{r.actionLabel}</td>
                  <td>{r.subjectLink ? <Link to={r.subjectLink}>{r.subject}</Link> : r.subject}</td>
                  <td className="audit-detail">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.paged || d.next ? (
        <nav aria-label={t.audit.pages} className="actions">
          {d.paged ? <Link to={d.first}>{t.audit.newer}</Link> : null}
          {d.next ? <Link to={d.next}>{t.audit.older}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
