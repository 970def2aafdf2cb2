import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { formatDate, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { parseDay } from "~/reports/query.server";
import { deleteTarget, listTargets, setTarget } from "~/reports/targets.server";
import { reportCourses } from "~/reports/unit-report.server";
import { getUnit } from "~/units/tree.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";

export const meta: MetaFunction = () => [{ title: `${t.targets.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return {
    targets: listTargets(),
    courses: reportCourses().map((c) => ({ id: c.id, title: c.title })),
    units: currentUnitOptions(),
  };
}

const NewTarget = z.object({
  courseId: z.coerce.number({ error: t.targets.pickCourse }).int().positive(t.targets.pickCourse),
  unitId: z.union([z.literal(""), z.coerce.number().int().positive()]),
  rate: z.coerce.number({ error: t.targets.badRate }).min(1, t.targets.badRate).max(100, t.targets.badRate),
  dueDate: z.string(),
});

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "delete") {
    deleteTarget(Number(form.id));
    return redirect("/admin/targets");
  }
  const parsed = NewTarget.safeParse(form);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const due = parseDay(typeof form.dueDate === "string" ? form.dueDate : "");
  // A due date may lie in the future, so only the format is checked here.
  const dueDay = due.day ?? (due.error === t.reports.futureDate ? String(form.dueDate) : null);
  if (!dueDay) errors.dueDate = t.targets.badDate;
  if (parsed.success && parsed.data.unitId !== "" && !getUnit(parsed.data.unitId)) errors.unitId = t.errors.badRequest;
  if (Object.keys(errors).length > 0 || !parsed.success || !dueDay) return data({ errors }, { status: 400 });
  setTarget({ courseId: parsed.data.courseId, unitId: parsed.data.unitId === "" ? null : parsed.data.unitId, rate: parsed.data.rate / 100, dueDate: dueDay });
  return redirect("/admin/targets");
}

export default function Targets() {
  const d = useLoaderData<typeof loader>();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  return (
    <div className="stack">
      <h1>{t.targets.title}</h1>
      <p className="muted">{t.targets.intro}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.reports.course}</th>
              <th scope="col">{t.reports.unit}</th>
              <th scope="col">{t.reports.target}</th>
              <th scope="col"><span className="visually-hidden">{t.targets.remove}</span></th>
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
                    <button type="submit" className="button button--secondary">{t.targets.remove}</button>
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
          <select id="courseId" name="courseId" aria-invalid={errors.courseId ? true : undefined} aria-describedby={errors.courseId ? "courseId-error" : undefined}>
            <option value="">—</option>
            {d.courses.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
          </select>
          {errors.courseId ? <p className="field-error" id="courseId-error">{errors.courseId}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="unitId">{t.reports.unit}</label>
          <select id="unitId" name="unitId">
            <option value="">{t.targets.everyUnit}</option>
            <UnitOptions units={d.units} />
          </select>
          {errors.unitId ? <p className="field-error">{errors.unitId}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="rate">{t.targets.rate}</label>
          <input id="rate" name="rate" inputMode="decimal" aria-invalid={errors.rate ? true : undefined} aria-describedby={errors.rate ? "rate-error" : undefined} />
          {errors.rate ? <p className="field-error" id="rate-error">{errors.rate}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="dueDate">{t.targets.dueDate}</label>
          <input id="dueDate" name="dueDate" type="date" aria-invalid={errors.dueDate ? true : undefined} aria-describedby={errors.dueDate ? "dueDate-error" : undefined} />
          {errors.dueDate ? <p className="field-error" id="dueDate-error">{errors.dueDate}</p> : null}
        </div>
        <button type="submit" className="button">{t.targets.save}</button>
      </Form>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
