import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { requireRole } from "~/auth/session.server";
import { ROLES, type Role } from "~/db/schema.shared";
import { formatDate, formatDateTime } from "~/i18n/format";
import { t } from "~/i18n/vi";
import {
  emailTaken,
  moveOfficial,
  officialHistory,
  resetPassword,
  setActive,
  setRoles,
  today,
  updateOfficial,
} from "~/people/lifecycle.server";
import { fullName } from "~/people/names";
import { EditOfficial, getOfficial, rolesOf } from "~/people/officials.server";
import { constraintErrors, fieldErrors, formObject, readForm, type FieldErrors } from "~/ui/form.server";
import { getUnit } from "~/units/tree.server";
import { UnitPicker } from "~/units/unit-picker";
import { chosenUnit, unitLabel, unitPicker } from "~/units/unit-picker.server";
import { managerScopeOf } from "~/units/scopes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.official.fullName ?? ""} · ${t.app.name}` }];

async function load(id: string | undefined) {
  const officialId = positiveId(id);
  const official = officialId !== null ? await getOfficial(officialId) : undefined;
  if (!official) throw new Response(t.errors.notFound, { status: 404 });
  return official;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const o = await load(params.officialId);
  const roles = await rolesOf(o.id);
  const home = await getUnit(o.unitId);
  const scope = await managerScopeOf(o.id);
  const managed = scope?.scopeUnitId ? await getUnit(scope.scopeUnitId) : undefined;
  return {
    official: {
      id: o.id,
      fullName: fullName(o),
      ho: o.ho,
      dem: o.dem,
      ten: o.ten,
      staffCode: o.staffCode,
      username: o.username,
      email: o.email,
      position: o.position,
      active: o.active,
      unitId: o.unitId,
      unit: home?.name ?? "",
      unitLabel: home ? unitLabel(home) : "",
    },
    roles: roles.map((r) => r.role),
    // A flagged or closed scope is not offered again: the administrator chooses a current unit.
    managerScope: scope,
    managedLabel: managed ? unitLabel(managed) : "",
    // The whole tree only while it is small; a typed name or code at national scale (decision 0050).
    picker: await unitPicker(),
    history: await officialHistory(o.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const o = await load(params.officialId);
  const form = await readForm(request);
  const back = `/admin/people/${o.id}`;
  // `typed`: a unit typed by name or code that found none, shown back in its field.
  const fail = (errors: FieldErrors, typed: Record<string, string> = {}) => data({ errors, password: null, typed }, { status: 400 });
  const typedOf = (name: string) => ({ [name]: String(form.get(`${name}Text`) ?? "").slice(0, 200) });
  switch (form.get("intent")) {
    case "edit": {
      const parsed = EditOfficial.safeParse(formObject(form));
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      if (parsed.data.email && (await emailTaken(parsed.data.email, o.id))) return fail({ email: t.inputs.emailTaken });
      try {
        await updateOfficial(o.id, { ...parsed.data, email: parsed.data.email || null }, admin.id);
      } catch (error) {
        const mapped = constraintErrors(error);
        if (!mapped) throw error;
        return fail(mapped);
      }
      return redirect(`${back}?saved=1`);
    }
    case "roles": {
      const posted = form.getAll("role").map(String);
      if (posted.some((r) => !(ROLES as readonly string[]).includes(r))) return fail({ role: t.inputs.unknownRole });
      const roles = [...new Set(posted)] as Role[];
      let managed: number | null = null;
      // A manager role always names a current unit: no fallback to the person's own unit.
      if (roles.includes("manager")) {
        const unit = await chosenUnit((k) => form.get(k), "managedUnitId");
        if (!unit) return fail({ managedUnitId: t.reorganisation.scopeRequired });
        if ("message" in unit) return fail({ managedUnitId: unit.message }, typedOf("managedUnitId"));
        managed = unit.id;
      }
      try {
        await setRoles(
          o.id,
          roles.map((role) => ({ role, scopeUnitId: role === "manager" ? managed : null })),
          admin.id,
        );
      } catch (error) {
        const mapped = constraintErrors(error, { role: "role", scope_unit_id: "managedUnitId" });
        if (!mapped) throw error;
        return fail(mapped);
      }
      return redirect(`${back}?saved=1`);
    }
    case "move": {
      const unit = await chosenUnit((k) => form.get(k), "unitId");
      if (!unit) return fail({ unitId: t.inputs.unknownUnit });
      if ("message" in unit) return fail({ unitId: unit.message }, typedOf("unitId"));
      await moveOfficial(o.id, unit.id, today(), admin.id);
      return redirect(`${back}?saved=1`);
    }
    case "deactivate":
      await setActive(o.id, false, today(), admin.id);
      return redirect(`${back}?saved=1`);
    case "reactivate":
      await setActive(o.id, true, today(), admin.id);
      return redirect(`${back}?saved=1`);
    case "reset-password":
      // Shown once, in this response only; never stored in clear.
      return data({ errors: {} as Record<string, string>, password: await resetPassword(o.id, admin.id) });
  }
  throw new Response(t.errors.badRequest, { status: 400 });
}

export default function PersonAdmin() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: Record<string, string> = r?.errors ?? {};
  const typed: Record<string, string> = (r && "typed" in r ? r.typed : undefined) ?? {};
  const o = d.official;
  const checkedRoles: string[] = r && "roles" in r && Array.isArray(r.roles) ? (r.roles as string[]) : d.roles;
  return (
    <div className="stack">
      <p>
        <Link to="/admin/people">← {t.people.title}</Link>
      </p>
      <h1>{o.fullName}</h1>
      <p>
        {o.staffCode} · {o.username} · {o.unit} · <strong>{o.active ? t.units.active : t.units.inactive}</strong>
      </p>
      {params.get("saved") ? (
        <p className="alert alert--ok" role="status">
          {t.people.saved}
        </p>
      ) : null}
      {r?.password ? (
        <p className="alert alert--info" role="status" data-testid="temporary-password">
          {t.people.temporary(r.password)}
        </p>
      ) : null}

      <Form method="post" className="card" noValidate>
        <h2>{t.people.edit}</h2>
        <input type="hidden" name="intent" value="edit" />
        {(["ho", "dem", "ten", "position", "email"] as const).map((f) => (
          <div className="field" key={f}>
            <label htmlFor={f}>{f === "position" ? t.units.position : f === "email" ? t.roster.fields.email : t.roster.fields[f]}</label>
            <input
              id={f}
              name={f}
              defaultValue={(o[f] as string | null) ?? ""}
              aria-invalid={errors[f] ? true : undefined}
              aria-describedby={errors[f] ? `${f}-error` : undefined}
            />
            {errors[f] ? (
              <p className="field-error" id={`${f}-error`}>
                {errors[f]}
              </p>
            ) : null}
          </div>
        ))}
        <button type="submit" className="button">
          {t.people.save}
        </button>
      </Form>

      <Form method="post" className="card" id="roles" key={JSON.stringify(checkedRoles)}>
        <h2>{t.people.roles}</h2>
        {d.managerScope?.needsReview ? (
          <p className="alert alert--info" role="status" data-testid="scope-needs-review">
            {t.reorganisation.scopeFlaggedOnPerson(d.managerScope.unit)}
          </p>
        ) : null}
        <input type="hidden" name="intent" value="roles" />
        {ROLES.map((role) => (
          <div className="field" key={role}>
            <label>
              <input type="checkbox" name="role" value={role} defaultChecked={checkedRoles.includes(role)} /> {t.roles[role]}
            </label>
          </div>
        ))}
        {errors.role ? (
          <p className="field-error" role="alert">
            {errors.role}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="managedUnitId">{t.people.managedUnit}</label>
          <UnitPicker
            id="managedUnitId"
            name="managedUnitId"
            picker={d.picker}
            chosen={d.managerScope?.scopeUnitId ? { id: d.managerScope.scopeUnitId, label: d.managedLabel } : null}
            typed={typed.managedUnitId || null}
            placeholder={t.reorganisation.unitPlaceholder}
            error={errors.managedUnitId}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t.people.save}
        </button>
      </Form>

      <Form method="post" className="card">
        <h2>{t.people.move}</h2>
        <input type="hidden" name="intent" value="move" />
        <div className="field">
          <label htmlFor="unitId">{t.people.moveTo}</label>
          <UnitPicker
            id="unitId"
            name="unitId"
            picker={d.picker}
            chosen={{ id: o.unitId, label: o.unitLabel }}
            typed={typed.unitId || null}
            error={errors.unitId}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t.people.move}
        </button>
      </Form>

      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value={o.active ? "deactivate" : "reactivate"} />
          <button type="submit" className="button button--secondary">
            {o.active ? t.people.deactivate : t.people.reactivate}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="reset-password" />
          <button type="submit" className="button button--secondary">
            {t.people.resetPassword}
          </button>
        </Form>
      </div>

      <section className="card">
        <h2>{t.people.history}</h2>
        <h3>{t.people.memberships}</h3>
        <ul>
          {d.history.memberships.map((m, i) => (
            <li key={i}>
              {m.unit}: {formatDate(m.validFrom)} – {m.validTo ? formatDate(m.validTo) : t.people.now}
            </li>
          ))}
        </ul>
        <ul>
          {d.history.audit.map((a) => (
            <li key={a.id}>
              {formatDateTime(a.at)} · <code>{a.action}</code> {a.detail ? <span className="muted">{JSON.stringify(a.detail)}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
