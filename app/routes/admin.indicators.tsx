// The indicator catalogue (issue 18): administrators add, edit, retire indicators, choose their
// supporting courses and set optional targets (per unit subtree and period). A successful save
// redirects with ?saved=<id>: the form below is keyed on it, so it comes back empty for the next one
// (with JavaScript, Remix would otherwise keep what was typed in the inputs for the first).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { requireRole } from "~/auth/session.server";
import { formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import {
  addIndicatorTarget,
  deleteIndicatorTarget,
  getIndicator,
  IndicatorError,
  listIndicators,
  listIndicatorTargets,
  saveIndicator,
  setRetired,
  supportingCourses,
} from "~/indicators/catalogue.server";
import { formatPeriod, parsePeriod } from "~/indicators/periods";
import { reportCourses } from "~/reports/unit-report.server";
import { fieldErrors, formObject, readForm, type FieldErrors } from "~/ui/form.server";
import { IndicatorForm, TargetForm } from "~/indicators/forms.server";
import { getUnit } from "~/units/tree.server";
import { currentUnitOptions } from "~/units/tree-view.server";
import { UnitOptions } from "~/units/unit-options";

export const meta: MetaFunction = () => [{ title: `${t.indicators.adminTitle} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const list = await listIndicators({ includeRetired: true });
  const [links, targets, courses, units] = await Promise.all([
    supportingCourses(list.map((i) => i.id)),
    listIndicatorTargets(),
    reportCourses(),
    currentUnitOptions(),
  ]);
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  const editing = Number.isSafeInteger(editId) && editId > 0 ? list.find((i) => i.id === editId) : undefined;
  return {
    indicators: list.map((i) => ({ ...i, courses: links.get(i.id) ?? [] })),
    targets,
    courses: courses.map((c) => ({ id: c.id, title: c.title })),
    units,
    editing: editing ? { ...editing, courseIds: (links.get(editing.id) ?? []).map((c) => c.id) } : null,
  };
}

type Values = Record<string, string | string[]>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readForm(request);
  const raw = formObject(form);
  const values: Values = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.filter((x) => typeof x === "string") : typeof v === "string" ? v : ""]),
  ) as Values;
  const intent = form.get("intent");
  if (intent === "retire" || intent === "restore") {
    const id = positiveId(form.get("id"));
    if (id !== null) await setRetired(id, intent === "retire", user.id);
    return redirect("/admin/indicators");
  }
  if (intent === "delete-target") {
    const id = positiveId(form.get("id"));
    if (id !== null) await deleteIndicatorTarget(id, user.id);
    return redirect("/admin/indicators#targets");
  }
  if (intent === "target") {
    const parsed = TargetForm.safeParse(raw);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    let period: string | null = null;
    if (parsed.success) {
      const indicator = await getIndicator(parsed.data.indicatorId);
      if (!indicator) errors.indicatorId = t.indicators.pickIndicator;
      else if (parsed.data.period) {
        period = parsePeriod(parsed.data.period, indicator.period);
        if (!period) errors.period = indicator.period === "month" ? t.indicators.badMonth : t.indicators.badQuarter;
      }
      if (parsed.data.unitId !== "") {
        const unit = await getUnit(parsed.data.unitId);
        if (!unit || unit.validTo) errors.unitId = t.inputs.unknownUnit;
      }
    }
    if (!parsed.success || Object.keys(errors).length > 0) return data({ form: "target", errors, values }, { status: 400 });
    await addIndicatorTarget(
      {
        indicatorId: parsed.data.indicatorId,
        unitId: parsed.data.unitId === "" ? null : parsed.data.unitId,
        period,
        rate: parsed.data.rate / 100,
      },
      user.id,
    );
    return redirect(`/admin/indicators?target=${Date.now()}#targets`);
  }
  const parsed = IndicatorForm.safeParse(raw);
  if (!parsed.success) return data({ form: "indicator", errors: fieldErrors(parsed.error), values }, { status: 400 });
  const { id, direction, ...input } = parsed.data;
  try {
    const saved = await saveIndicator(id === "" ? null : id, { ...input, higherIsBetter: direction === "higher" }, user.id);
    return redirect(`/admin/indicators?saved=${saved.id}`);
  } catch (error) {
    if (!(error instanceof IndicatorError)) throw error;
    return data({ form: "indicator", errors: { [error.field]: error.message } as FieldErrors, values }, { status: 400 });
  }
}

function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => React.ReactNode;
}) {
  const describedBy = [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children({ id: name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function IndicatorsAdmin() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errorsFor = (form: string): Record<string, string> => (r?.form === form ? (r.errors as Record<string, string>) : {});
  const valuesFor = (form: string): Values => (r?.form === form ? r.values : {});
  const e = errorsFor("indicator");
  // What the form shows: what was just typed (refused), else the indicator being edited, else nothing.
  const typed = valuesFor("indicator");
  const ed = d.editing;
  const v = (key: string, fromEdit: string | undefined) => {
    const x = typed[key];
    return typeof x === "string" ? x : r?.form === "indicator" ? "" : (fromEdit ?? "");
  };
  const checkedCourses = new Set(r?.form === "indicator" ? [typed.courseIds ?? []].flat().map(String) : (ed?.courseIds ?? []).map(String));
  const te = errorsFor("target");
  const tv = valuesFor("target");
  const tvs = (key: string) => (typeof tv[key] === "string" ? (tv[key] as string) : "");
  const saved = params.get("saved");
  const savedName = saved ? d.indicators.find((i) => String(i.id) === saved)?.name : undefined;
  return (
    <div className="stack">
      <h1>{t.indicators.adminTitle}</h1>
      <p className="muted">{t.indicators.adminIntro}</p>
      {savedName && !r ? (
        <p className="notice" role="status">
          {t.indicators.saved(savedName)}
        </p>
      ) : null}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t.indicators.listCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.indicators.code}</th>
              <th scope="col">{t.indicators.name}</th>
              <th scope="col">{t.indicators.period}</th>
              <th scope="col">{t.indicators.courses}</th>
              <th scope="col">
                <span className="visually-hidden">{t.indicators.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.indicators.map((i) => (
              <tr key={i.id} data-code={i.code}>
                <td>
                  <code>{i.code}</code>
                </td>
                <td>
                  {i.name}
                  <br />
                  <span className="muted">
                    {i.numeratorLabel} / {i.denominatorLabel} ·{" "}
                    {i.higherIsBetter ? t.indicators.higherIsBetter : t.indicators.lowerIsBetter}
                  </span>
                  {i.retiredAt ? (
                    <>
                      <br />
                      <strong>{t.indicators.retired}</strong>
                    </>
                  ) : null}
                </td>
                <td>{i.period === "month" ? t.indicators.periodMonth : t.indicators.periodQuarter}</td>
                <td>
                  {i.courses.length ? i.courses.map((c) => c.title).join("; ") : <span className="muted">{t.indicators.noCourses}</span>}
                </td>
                <td>
                  <Link to={`/admin/indicators?edit=${i.id}#indicator-form`}>{t.indicators.edit}</Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value={i.retiredAt ? "restore" : "retire"} />
                    <input type="hidden" name="id" value={i.id} />
                    <button type="submit" className="button button--secondary">
                      {i.retiredAt ? t.indicators.restore : t.indicators.retire}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <Form method="post" className="card" noValidate id="indicator-form" key={`indicator-${saved ?? ""}-${ed?.id ?? "new"}`}>
        <h2>{ed ? t.indicators.edit : t.indicators.add}</h2>
        <input type="hidden" name="intent" value="indicator" />
        {ed ? <input type="hidden" name="id" value={ed.id} /> : null}
        {e._form ? (
          <p className="alert" role="alert">
            {e._form}
          </p>
        ) : null}
        <Field name="code" label={t.indicators.code} error={e.code} hint={t.indicators.codeHint}>
          {(p) => <input {...p} name="code" defaultValue={v("code", ed?.code)} maxLength={40} autoComplete="off" />}
        </Field>
        <Field name="name" label={t.indicators.name} error={e.name}>
          {(p) => <input {...p} name="name" defaultValue={v("name", ed?.name)} maxLength={200} />}
        </Field>
        <Field name="numeratorLabel" label={t.indicators.numeratorLabel} error={e.numeratorLabel}>
          {(p) => <input {...p} name="numeratorLabel" defaultValue={v("numeratorLabel", ed?.numeratorLabel)} maxLength={300} />}
        </Field>
        <Field name="denominatorLabel" label={t.indicators.denominatorLabel} error={e.denominatorLabel}>
          {(p) => <input {...p} name="denominatorLabel" defaultValue={v("denominatorLabel", ed?.denominatorLabel)} maxLength={300} />}
        </Field>
        <Field name="period" label={t.indicators.period} error={e.period}>
          {(p) => (
            <select {...p} name="period" defaultValue={v("period", ed?.period)}>
              <option value="">—</option>
              <option value="month">{t.indicators.periodMonth}</option>
              <option value="quarter">{t.indicators.periodQuarter}</option>
            </select>
          )}
        </Field>
        <Field name="direction" label={t.indicators.direction}>
          {(p) => (
            <select {...p} name="direction" defaultValue={v("direction", ed ? (ed.higherIsBetter ? "higher" : "lower") : "higher")}>
              <option value="higher">{t.indicators.higherIsBetter}</option>
              <option value="lower">{t.indicators.lowerIsBetter}</option>
            </select>
          )}
        </Field>
        <Field name="minDenominator" label={t.indicators.minDenominator} error={e.minDenominator} hint={t.indicators.minDenominatorHint}>
          {(p) => (
            <input
              {...p}
              name="minDenominator"
              inputMode="numeric"
              defaultValue={v("minDenominator", ed ? String(ed.minDenominator) : "20")}
            />
          )}
        </Field>
        <fieldset className="field" aria-describedby={e.courseIds ? "courseIds-error" : undefined}>
          <legend>{t.indicators.courses}</legend>
          {d.courses.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" name="courseIds" value={c.id} defaultChecked={checkedCourses.has(String(c.id))} /> {c.title}
            </label>
          ))}
          {e.courseIds ? (
            <p className="field-error" id="courseIds-error">
              {e.courseIds}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          {t.indicators.save}
        </button>{" "}
        {ed ? <Link to="/admin/indicators">{t.indicators.cancelEdit}</Link> : null}
      </Form>

      <section className="stack" id="targets" aria-labelledby="targets-title">
        <h2 id="targets-title">{t.indicators.targetsTitle}</h2>
        <p className="muted">{t.indicators.targetsIntro}</p>
        {d.targets.length === 0 ? (
          <p className="muted">{t.indicators.noTargets}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.indicators.indicator}</th>
                  <th scope="col">{t.indicators.unit}</th>
                  <th scope="col">{t.indicators.periodInput}</th>
                  <th scope="col" className="num">
                    {t.indicators.target}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t.indicators.targetRemove}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.targets.map((x) => (
                  <tr key={x.id}>
                    <td>{d.indicators.find((i) => i.id === x.indicatorId)?.name ?? "—"}</td>
                    <td>{x.unitName ?? t.indicators.targetEveryUnit}</td>
                    <td>{x.period ? formatPeriod(x.period) : t.indicators.targetEveryPeriod}</td>
                    <td className="num">{formatPercent(x.rate)}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="delete-target" />
                        <input type="hidden" name="id" value={x.id} />
                        <button type="submit" className="button button--secondary">
                          {t.indicators.targetRemove}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form method="post" className="card" noValidate key={`target-${params.get("target") ?? ""}`}>
          <h3>{t.indicators.targetAdd}</h3>
          <input type="hidden" name="intent" value="target" />
          <Field name="indicatorId" label={t.indicators.indicator} error={te.indicatorId}>
            {(p) => (
              <select {...p} name="indicatorId" defaultValue={tvs("indicatorId")}>
                <option value="">—</option>
                {d.indicators
                  .filter((i) => !i.retiredAt)
                  .map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field name="unitId" label={t.indicators.unit} error={te.unitId}>
            {(p) => (
              <select {...p} name="unitId" defaultValue={tvs("unitId")}>
                <option value="">{t.indicators.targetEveryUnit}</option>
                <UnitOptions units={d.units} />
              </select>
            )}
          </Field>
          <Field name="targetPeriod" label={t.indicators.targetPeriod} error={te.period} hint={t.indicators.periodHint}>
            {(p) => <input {...p} name="period" defaultValue={tvs("period")} maxLength={20} />}
          </Field>
          <Field name="rate" label={t.indicators.targetRate} error={te.rate}>
            {(p) => <input {...p} name="rate" inputMode="decimal" defaultValue={tvs("rate")} />}
          </Field>
          <button type="submit" className="button">
            {t.indicators.targetAdd}
          </button>
        </Form>
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
