import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { audit } from "~/audit/log.server";
import { requireRole } from "~/auth/session.server";
import { transaction } from "~/db/client.server";
import { t } from "~/i18n/vi";
import { ROLES } from "~/db/schema.shared";
import { formatNumber } from "~/i18n/format";
import { BULK_KINDS, BULK_ROLES, STATUSES } from "~/people/bulk-options";
import { listPeople, staffCodeTaken, usernameTaken } from "~/people/directory.server";
import { parsePeopleQuery, queryString } from "~/people/directory-query.server";
import { emailTaken, today } from "~/people/lifecycle.server";
import { NewOfficial, createOfficial } from "~/people/officials.server";
import { constraintErrors, formObject, readForm } from "~/ui/form.server";
import { fieldErrors } from "~/ui/field-errors";
import { UnitPicker } from "~/units/unit-picker";
import { getUnit } from "~/units/tree.server";
import { resolveUnitFields, unitPicker } from "~/units/unit-picker.server";

export const meta: MetaFunction = () => [{ title: `${t.people.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = await parsePeopleQuery((k) => url.searchParams.get(k));
  // A unit filter that names no current unit lists nobody (with the reason at the field), not everyone.
  const found = query.unitPick.error
    ? { people: [], total: 0, page: 1, pages: 1, more: false }
    : await listPeople(query.filter, query.page);
  const qs = queryString(query.values);
  const at = (page: number) => `?${queryString(query.values, { page: String(page) })}`;
  return {
    values: query.values,
    ...found,
    previous: found.page > 1 ? at(found.page - 1) : null,
    next: found.page < found.pages ? at(found.page + 1) : null,
    exportHref: `/admin/people.xlsx${qs ? `?${qs}` : ""}`,
    applied: url.searchParams.get("applied"),
    unitPick: query.unitPick,
    // The whole tree only while it is small; a typed name or code at national scale (decision 0050).
    picker: await unitPicker(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  // The unit typed by name or code (the picker at national scale) becomes its id before the schema reads it.
  const unitErrors = await resolveUnitFields(form, ["unitId"]);
  const checked = NewOfficial.safeParse(formObject(form));
  const parsed = checked.success
    ? { ok: true as const, data: checked.data, errors: { ...unitErrors } }
    : { ok: false as const, data: null, errors: { ...fieldErrors(checked.error), ...unitErrors } };
  const values = Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string").map(([k, v]) => [k, v.slice(0, 300)]),
  );
  const errors = parsed.errors;
  if (parsed.ok) {
    if (await staffCodeTaken(parsed.data.staffCode)) errors.staffCode = t.people.staffCodeTaken;
    if (await usernameTaken(parsed.data.username)) errors.username = t.people.usernameTaken;
    if (parsed.data.email && (await emailTaken(parsed.data.email))) errors.email = t.inputs.emailTaken;
    const unit = await getUnit(parsed.data.unitId);
    if (!unit || unit.validTo) errors.unitId = t.inputs.unknownUnit;
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  let o;
  try {
    const input = { ...parsed.data, email: parsed.data.email || null, since: today() };
    o = await transaction(async () => {
      const created = await createOfficial(input);
      await audit(admin.id, "official.create", "official", created.staffCode);
      return created;
    });
  } catch (error) {
    // Two administrators saving the same code or address at once: the unique index says no.
    const mapped = constraintErrors(error, { staff_code: "staffCode", username: "username", email: "email", unit_id: "unitId" });
    if (!mapped) throw error;
    return data({ errors: mapped, values }, { status: 400 });
  }
  return redirect(`/admin/people/${o.id}?saved=1`);
}

export default function People() {
  const d = useLoaderData<typeof loader>();
  const { values, people, picker, unitPick } = d;
  const r = useActionData<typeof action>();
  const errors: Record<string, string> = r?.errors ?? {};
  const formValues: Record<string, string> = r?.values ?? {};
  const field = (name: string, label: string) => (
    <div className="field">
      <label htmlFor={`new-${name}`}>{label}</label>
      <input
        id={`new-${name}`}
        name={name}
        defaultValue={formValues[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `new-${name}-error` : undefined}
      />
      {errors[name] ? (
        <p className="field-error" id={`new-${name}-error`}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  // The filters ride along (as f-…) for "select all N matching": the bulk route lists them again itself.
  const hidden = Object.entries(values).map(([k, v]) => <input key={k} type="hidden" name={`f-${k}`} value={v} />);
  return (
    <div className="stack">
      <h1>{t.people.title}</h1>
      <p className="actions">
        <Link className="button button--secondary" to="/admin/import">
          {t.people.import}
        </Link>
        <a className="button button--secondary" href={d.exportHref} download data-testid="people-export">
          {t.peopleAdmin.export}
        </a>
      </p>
      {d.applied ? (
        <p className="alert alert--ok" role="status" data-testid="bulk-applied">
          {t.peopleAdmin.applied(formatNumber(Number(d.applied) || 0))}
        </p>
      ) : null}
      <Form method="get" className="stack" role="search" aria-label={t.peopleAdmin.filters}>
        <div className="filters">
          <div className="field">
            <label htmlFor="q">{t.people.search}</label>
            <input id="q" name="q" type="search" defaultValue={values.q} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="filter-unit">{t.peopleAdmin.unit}</label>
            <UnitPicker
              id="filter-unit"
              name="unit"
              picker={picker}
              chosen={unitPick.chosen}
              typed={unitPick.typed}
              placeholder={t.peopleAdmin.anyUnit}
              error={unitPick.error}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-role">{t.peopleAdmin.role}</label>
            <select id="filter-role" name="role" defaultValue={values.role}>
              <option value="">{t.peopleAdmin.anyRole}</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t.roles[role]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t.peopleAdmin.status}</label>
            <select id="filter-status" name="status" defaultValue={values.status}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t.peopleAdmin.statuses[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="actions">
          <button type="submit" className="button button--secondary">
            {t.peopleAdmin.apply}
          </button>
          <Link to="/admin/people">{t.peopleAdmin.clear}</Link>
        </p>
      </Form>
      <p role="status" data-testid="people-count">
        {d.more ? t.nameSearch.countMore(formatNumber(d.total)) : t.peopleAdmin.count(formatNumber(d.total))}
        {d.pages > 1 ? ` · ${t.peopleAdmin.pageOf(formatNumber(d.page), formatNumber(d.pages))}` : ""}
      </p>
      {d.more ? <p data-testid="search-more">{t.nameSearch.more(formatNumber(d.total))}</p> : null}
      {people.length === 0 ? (
        <p>{t.peopleAdmin.none}</p>
      ) : (
        <Form method="post" action="/admin/people/bulk" className="stack" id="bulk">
          {hidden}
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="people-directory">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t.peopleAdmin.bulkTitle}</span>
                  </th>
                  <th scope="col">{t.units.fullName}</th>
                  <th scope="col">{t.units.staffCode}</th>
                  <th scope="col">{t.reports.unit}</th>
                  <th scope="col">{t.units.status}</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <input type="checkbox" name="id" value={p.id} id={`pick-${p.id}`} aria-label={t.peopleAdmin.select(p.fullName)} />
                    </td>
                    <th scope="row">
                      <Link to={`/admin/people/${p.id}`}>{p.fullName}</Link>
                    </th>
                    <td>{p.staffCode}</td>
                    <td>{p.unit}</td>
                    <td>{p.active ? t.units.active : t.units.inactive}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {d.previous || d.next ? (
            <nav aria-label={t.peopleAdmin.pages} className="actions">
              {d.previous ? <Link to={d.previous}>{t.peopleAdmin.previous}</Link> : null}
              {d.next ? <Link to={d.next}>{t.peopleAdmin.next}</Link> : null}
            </nav>
          ) : null}
          <fieldset className="card">
            <legend>{t.peopleAdmin.bulkTitle}</legend>
            <div className="field">
              <label>
                <input type="checkbox" name="all" value="1" />{" "}
                {t.peopleAdmin.selectAllMatching(
                  d.more ? t.nameSearch.countMore(formatNumber(d.total)).toLowerCase() : formatNumber(d.total),
                )}
              </label>
            </div>
            <div className="filters">
              <div className="field">
                <label htmlFor="bulk-kind">{t.peopleAdmin.bulkKind}</label>
                <select id="bulk-kind" name="kind" defaultValue="">
                  <option value="">{t.peopleAdmin.badKind}</option>
                  {BULK_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t.peopleAdmin.kinds[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="bulk-unit">{t.peopleAdmin.targetUnit}</label>
                <UnitPicker id="bulk-unit" name="unitId" picker={picker} placeholder={t.peopleAdmin.chooseUnit} />
              </div>
              <div className="field">
                <label htmlFor="bulk-role">{t.peopleAdmin.bulkRole}</label>
                <select id="bulk-role" name="role" defaultValue="">
                  <option value="">{t.peopleAdmin.chooseRole}</option>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t.roles[role]}
                      {(BULK_ROLES as readonly string[]).includes(role) ? "" : ` (${t.peopleAdmin.kinds["remove-role"]!.toLowerCase()})`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="submit" className="button" name="intent" value="preview">
              {t.peopleAdmin.review}
            </button>
          </fieldset>
        </Form>
      )}
      <details className="card" open={Object.keys(errors).length > 0}>
        <summary>{t.people.create}</summary>
        <Form method="post" noValidate>
          {field("ho", t.roster.fields.ho)}
          {field("dem", t.roster.fields.dem)}
          {field("ten", t.roster.fields.ten)}
          {field("staffCode", t.roster.fields.staffCode)}
          {field("username", t.roster.fields.username)}
          {field("email", t.roster.fields.email)}
          {field("position", t.units.position)}
          <div className="field">
            <label htmlFor="new-unitId">{t.reports.unit}</label>
            <UnitPicker
              id="new-unitId"
              name="unitId"
              picker={picker}
              chosen={formValues.unitId ? { id: formValues.unitId, label: formValues.unitIdText ?? "" } : null}
              typed={formValues.unitIdText || null}
              error={errors.unitId}
            />
          </div>
          <button type="submit" className="button">
            {t.people.create}
          </button>
        </Form>
      </details>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
