import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { formatDate, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { parseDay } from "~/reports/query.server";
import { DeleteTarget, NewTarget, deleteTarget, listTargets, setTarget } from "~/reports/targets.server";
import { reportCourses } from "~/reports/unit-report.server";
import { getUnit } from "~/units/tree.server";
import { DateField } from "~/ui/date-field";
import { constraintErrors, fieldErrors, readForm, type FieldErrors } from "~/ui/form.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";

export const meta: MetaFunction = () => [{ title: `${t.targets.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return {
    targets: await listTargets(),
    courses: (await reportCourses()).map((c) => ({ id: c.id, title: c.title })),
    units: await currentUnitOptions(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    const parsed = DeleteTarget.safeParse({ id: form.get("id") });
    if (parsed.success) await deleteTarget(parsed.data.id);
    return redirect("/admin/targets");
  }
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = NewTarget.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  // Only an ISO day is ever stored; a due date may lie in the future.
  const due = parseDay(values.dueDate ?? "", { allowFuture: true });
  if (!due.day) errors.dueDate = due.error ?? t.inputs.dateRequired;
  if (parsed.success) {
    if (!(await reportCourses()).some((c) => c.id === parsed.data.courseId)) errors.courseId = t.inputs.unknownCourse;
    if (parsed.data.unitId !== "") {
      const unit = await getUnit(parsed.data.unitId);
      if (!unit || unit.validTo) errors.unitId = t.inputs.unknownUnit;
    }
  }
  if (!parsed.success || !due.day || Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  try {
    await setTarget({
      courseId: parsed.data.courseId,
      unitId: parsed.data.unitId === "" ? null : parsed.data.unitId,
      rate: parsed.data.rate / 100,
      dueDate: due.day,
    });
  } catch (error) {
    const mapped = constraintErrors(error, { course_id: "courseId", unit_id: "unitId" });
    if (!mapped) throw error;
    return data({ errors: mapped, values }, { status: 400 });
  }
  return redirect("/admin/targets");
}

export default function Targets() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const errors: Record<string, string> = r?.errors ?? {};
  const values: Record<string, string> = r?.values ?? {};
  return (
    <div className="stack">
      <h1>{t.targets.title}</h1>
      <p className="muted">{t.targets.intro}</p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.reports.course}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.reports.target}</th>
              <th scope="col">
                <span className="visually-hidden">{t.targets.remove}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.targets.map((x) => (
              <tr key={x.id}>
                <td>{x.course}</td>
                <td>{x.unit ?? t.targets.everyUnit}</td>
                <td>{t.reports.targetText(formatPercent(x.rate), formatDate(x.dueDate))}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={x.id} />
                    <button type="submit" className="button button--secondary">
                      {t.targets.remove}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="card" noValidate>
        <h2>{t.targets.add}</h2>
        <div className="field">
          <label htmlFor="courseId">{t.reports.course}</label>
          <select
            id="courseId"
            name="courseId"
            defaultValue={values.courseId ?? ""}
            aria-invalid={errors.courseId ? true : undefined}
            aria-describedby={errors.courseId ? "courseId-error" : undefined}
          >
            <option value="">—</option>
            {d.courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          {errors.courseId ? (
            <p className="field-error" id="courseId-error">
              {errors.courseId}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="unitId">{t.reports.unit}</label>
          <select
            id="unitId"
            name="unitId"
            defaultValue={values.unitId ?? ""}
            aria-invalid={errors.unitId ? true : undefined}
            aria-describedby={errors.unitId ? "unitId-error" : undefined}
          >
            <option value="">{t.targets.everyUnit}</option>
            <UnitOptions units={d.units} />
          </select>
          {errors.unitId ? (
            <p className="field-error" id="unitId-error">
              {errors.unitId}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="rate">{t.targets.rate}</label>
          <input
            id="rate"
            name="rate"
            inputMode="decimal"
            defaultValue={values.rate ?? ""}
            aria-invalid={errors.rate ? true : undefined}
            aria-describedby={errors.rate ? "rate-error" : undefined}
          />
          {errors.rate ? (
            <p className="field-error" id="rate-error">
              {errors.rate}
            </p>
          ) : null}
        </div>
        <DateField name="dueDate" label={t.targets.dueDate} defaultValue={values.dueDate} error={errors.dueDate} />
        <button type="submit" className="button">
          {t.targets.save}
        </button>
      </Form>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
