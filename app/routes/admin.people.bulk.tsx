// /admin/people/bulk: a bulk action on people chosen on /admin/people (issue 20 item 5; decision 0038).
// POST intent=preview → the confirmation page (who, with codes and units, and what will happen; nothing
// written). POST intent=apply from that page → applied in one transaction, then back to the list; for
// password resets, the printable list of one-time passwords, in this response only (never stored).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { requireRole } from "~/auth/session.server";
import { ROLES, type Role } from "~/db/schema.shared";
import { env } from "~/env.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import {
  applyBulk,
  BULK_KINDS,
  BULK_LIMIT,
  BULK_ROLES,
  BulkRefused,
  previewBulk,
  type BulkAction,
  type BulkKind,
} from "~/people/bulk.server";
import { countPeople, matchingIds } from "~/people/directory.server";
import { parsePeopleQuery, queryString } from "~/people/directory-query.server";
import { readForm } from "~/ui/form.server";
import { getUnit } from "~/units/tree.server";
import { PrintButton } from "~/ui/print-button";

export const meta: MetaFunction = () => [{ title: `${t.peopleAdmin.bulkTitle} · ${t.app.name}` }];

/**
 * Nothing to read on a GET (the list is where a selection is made; a reload never shows the passwords
 * again). Not a redirect: Remix runs the loader after the action too, to render its answer.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

/** The chosen action, checked; or the Vietnamese reason it cannot be done. */
async function parseAction(form: FormData): Promise<{ action: BulkAction; what: string } | { error: string }> {
  const kind = String(form.get("kind") ?? "");
  if (!(BULK_KINDS as readonly string[]).includes(kind)) return { error: t.peopleAdmin.badKind };
  const k = kind as BulkKind;
  const role = String(form.get("role") ?? "");
  if (k === "move") {
    const id = positiveId(form.get("unitId") || undefined);
    const unit = id !== null ? await getUnit(id) : undefined;
    if (!unit || unit.validTo) return { error: t.peopleAdmin.badUnit };
    return { action: { kind: k, unitId: unit.id }, what: t.peopleAdmin.confirmWhat.move!(unit.name) };
  }
  if (k === "add-role") {
    if (!(BULK_ROLES as readonly string[]).includes(role)) return { error: t.peopleAdmin.badRole };
    const what = t.peopleAdmin.confirmWhat[k]!(t.roles[role]!) + (role === "manager" ? t.peopleAdmin.managerScopeOwnUnit : "");
    return { action: { kind: k, role: role as (typeof BULK_ROLES)[number] }, what };
  }
  if (k === "remove-role") {
    if (!(ROLES as readonly string[]).includes(role)) return { error: t.peopleAdmin.badRemoveRole };
    return { action: { kind: k, role: role as Role }, what: t.peopleAdmin.confirmWhat[k]!(t.roles[role]!) };
  }
  return { action: { kind: k }, what: t.peopleAdmin.confirmWhat[k]!("") };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const query = await parsePeopleQuery((k) => {
    const v = form.get(`f-${k}`);
    return typeof v === "string" ? v : null;
  });
  const back = `/admin/people${queryString(query.values) ? `?${queryString(query.values)}` : ""}`;
  const fail = (message: string, status = 400) => data({ stage: "error" as const, message, back }, { status });
  const parsed = await parseAction(form);
  if ("error" in parsed) return fail(parsed.error);
  let ids: number[];
  if (form.get("intent") === "preview" && form.get("all") === "1") {
    // "Everyone matching" with a unit filter that no longer names a current unit would be everyone.
    if (query.unitPick.error) return fail(query.unitPick.error);
    ids = await matchingIds(query.filter, BULK_LIMIT);
    if (ids.length > BULK_LIMIT) return fail(t.peopleAdmin.tooMany(BULK_LIMIT, await countPeople(query.filter)));
  } else {
    // At most a little over the limit is read: a larger selection is refused by its count anyway.
    const posted = form.getAll("id").slice(0, BULK_LIMIT * 4);
    ids = [...new Set(posted.map(positiveId).flatMap((id) => (id === null ? [] : [id])))];
    if (form.getAll("id").length > BULK_LIMIT) return fail(t.peopleAdmin.tooMany(BULK_LIMIT, form.getAll("id").length));
  }
  try {
    if (form.get("intent") === "apply") {
      const issued = await applyBulk(ids, parsed.action, admin.id);
      if (parsed.action.kind !== "reset-passwords") return redirect(`${back}${back.includes("?") ? "&" : "?"}applied=${ids.length}`);
      // Shown once: this response is not cached, and the passwords exist nowhere else in clear.
      return data(
        { stage: "passwords" as const, issued, loginUrl: `${env().publicUrl}/login`, back },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    const people = await previewBulk(ids, parsed.action);
    return data({ stage: "confirm" as const, people, ids, what: parsed.what, fields: formFields(form), back });
  } catch (error) {
    if (error instanceof BulkRefused) return fail(error.message);
    console.error(error);
    return fail(t.peopleAdmin.failed, 409);
  }
}

/** The action's fields and the filters, carried by the confirmation form to the second POST. */
function formFields(form: FormData): [string, string][] {
  return ["kind", "unitId", "role", "f-q", "f-unit", "f-role", "f-status"]
    .map((k) => [k, String(form.get(k) ?? "").slice(0, 200)] as [string, string])
    .filter(([, v]) => v !== "");
}

export default function Bulk() {
  const r = useActionData<typeof action>();
  if (!r)
    return (
      <div className="stack">
        <h1>{t.peopleAdmin.bulkTitle}</h1>
        <p>{t.peopleAdmin.noneSelected}</p>
        <p>
          <Link to="/admin/people">← {t.people.title}</Link>
        </p>
      </div>
    );
  if (r.stage === "error")
    return (
      <div className="stack">
        <h1>{t.peopleAdmin.bulkTitle}</h1>
        <p className="alert alert--error" role="alert" data-testid="bulk-error">
          {r.message}
        </p>
        <p>
          <Link to={r.back}>{t.peopleAdmin.cancel}</Link>
        </p>
      </div>
    );
  if (r.stage === "passwords") return <Passwords issued={r.issued} loginUrl={r.loginUrl} back={r.back} />;
  return (
    <div className="stack">
      <h1>{t.peopleAdmin.confirmTitle}</h1>
      <p className="alert alert--info" data-testid="bulk-what">
        {t.peopleAdmin.confirmIntro(r.what, formatNumber(r.people.length))}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="bulk-affected">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.units.staffCode}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.units.status}</th>
            </tr>
          </thead>
          <tbody>
            {r.people.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.fullName}</th>
                <td>{p.staffCode}</td>
                <td>{p.unit}</td>
                <td>{p.active ? t.units.active : t.units.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="actions">
        {r.ids.map((id) => (
          <input key={id} type="hidden" name="id" value={id} />
        ))}
        {r.fields.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button type="submit" className="button" name="intent" value="apply">
          {t.peopleAdmin.confirm}
        </button>
        <Link to={r.back}>{t.peopleAdmin.cancel}</Link>
      </Form>
    </div>
  );
}

/** The one-time passwords as an A4 list to print, cut and hand out (the page's print styles: .print-page). */
function Passwords({
  issued,
  loginUrl,
  back,
}: {
  issued: { id: number; fullName: string; unit: string; username: string; password: string }[];
  loginUrl: string;
  back: string;
}) {
  // The print button needs JavaScript: false on the server and while hydrating.
  return (
    <div className="stack print-page" data-testid="one-time-passwords">
      <p className="no-print">
        <Link to={back}>← {t.people.title}</Link>
      </p>
      <h1>{t.peopleAdmin.passwordsTitle}</h1>
      <p className="alert alert--info no-print" role="status">
        {t.peopleAdmin.passwordsWarning}
      </p>
      <p className="no-print">
        <PrintButton label={t.peopleAdmin.print} hint={t.offices.printHint} />
      </p>
      <p>{t.peopleAdmin.passwordsLogin(loginUrl)}</p>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="passwords">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.peopleAdmin.username}</th>
              <th scope="col">{t.peopleAdmin.password}</th>
            </tr>
          </thead>
          <tbody>
            {issued.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.fullName}</th>
                <td>{p.unit}</td>
                <td>
                  <code>{p.username}</code>
                </td>
                <td>
                  <code>{p.password}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
