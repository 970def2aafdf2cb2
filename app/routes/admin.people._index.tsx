import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { audit } from "~/audit/log.server";
import { requireRole } from "~/auth/session.server";
import { transaction } from "~/db/client.server";
import { t } from "~/i18n/vi";
import { searchPeople, staffCodeTaken, usernameTaken } from "~/people/directory.server";
import { emailTaken, today } from "~/people/lifecycle.server";
import { createOfficial } from "~/people/officials.server";
import { constraintErrors, parseForm } from "~/ui/form.server";
import { getUnit } from "~/units/tree.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";

export const meta: MetaFunction = () => [{ title: `${t.people.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return {
    q,
    people: await searchPeople(q),
    units: await currentUnitOptions(),
  };
}

const NewOfficial = z.object({
  ho: z.string().trim().max(60).default(""),
  dem: z.string().trim().max(60).default(""),
  ten: z.string().trim().min(1, t.people.required).max(60),
  staffCode: z.string().trim().min(1, t.people.required).max(30).regex(/^\S+$/, t.people.required),
  username: z
    .string()
    .trim()
    .min(3, t.people.required)
    .max(60)
    .regex(/^[a-zA-Z0-9._-]+$/, t.people.required),
  email: z.union([z.literal(""), z.string().trim().max(200).pipe(z.email(t.inputs.badEmail))], { error: t.inputs.badEmail }).default(""),
  position: z.string().trim().max(200).default(""),
  unitId: z.coerce
    .number({ error: t.inputs.unknownUnit })
    .int(t.inputs.unknownUnit)
    .positive(t.inputs.unknownUnit)
    .max(Number.MAX_SAFE_INTEGER, t.inputs.unknownUnit),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const parsed = await parseForm(request, NewOfficial);
  const values = Object.fromEntries(
    [...parsed.form.entries()].filter((e): e is [string, string] => typeof e[1] === "string").map(([k, v]) => [k, v.slice(0, 300)]),
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
  const { q, people, units } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const errors: Record<string, string> = r?.errors ?? {};
  const values: Record<string, string> = r?.values ?? {};
  const field = (name: string, label: string) => (
    <div className="field">
      <label htmlFor={`new-${name}`}>{label}</label>
      <input
        id={`new-${name}`}
        name={name}
        defaultValue={values[name] ?? ""}
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
  return (
    <div className="stack">
      <h1>{t.people.title}</h1>
      <p className="actions">
        <Link className="button button--secondary" to="/admin/import">
          {t.people.import}
        </Link>
      </p>
      <Form method="get" className="search-form" role="search">
        <div className="field">
          <label htmlFor="q">{t.people.search}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="button button--secondary">
          {t.units.searchSubmit}
        </button>
      </Form>
      <div className="table-wrap">
        <table data-testid="people-directory">
          <thead>
            <tr>
              <th scope="col">{t.units.fullName}</th>
              <th scope="col">{t.units.staffCode}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.units.status}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
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
            <select
              id="new-unitId"
              name="unitId"
              defaultValue={values.unitId}
              aria-invalid={errors.unitId ? true : undefined}
              aria-describedby={errors.unitId ? "new-unitId-error" : undefined}
            >
              <UnitOptions units={units} />
            </select>
            {errors.unitId ? (
              <p className="field-error" id="new-unitId-error">
                {errors.unitId}
              </p>
            ) : null}
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
