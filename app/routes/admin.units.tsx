import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { parseDay } from "~/reports/query.server";
import { mergeUnits, moveUnit, renameUnit, ReorgError, splitUnit } from "~/units/reorganise.server";
import { currentUnitOptions } from "~/units/tree-view.server";
import { UnitOptions } from "~/units/unit-options";
import { DateField } from "~/ui/date-field";
import { readForm } from "~/ui/form.server";

export const meta: MetaFunction = () => [{ title: `${t.reorg.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return {
    units: currentUnitOptions(),
    today: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  const dayInput = String(form.get("day") ?? "");
  const parsedDay = parseDay(dayInput);
  // Reorganisations may be recorded for today or a past date.
  const day = parsedDay.day;
  const fail = (message: string) => data({ intent, message }, { status: 400 });
  if (intent !== "rename" && !day) return fail(parsedDay.error ?? t.reports.badDate);
  try {
    switch (intent) {
      case "rename": {
        const name = String(form.get("name") ?? "").trim();
        if (name.length < 2) return fail(t.people.required);
        renameUnit(Number(form.get("unitId")), name, admin.id);
        break;
      }
      case "move":
        moveUnit(Number(form.get("unitId")), Number(form.get("parentId")), day!, admin.id);
        break;
      case "merge": {
        const ids = form.getAll("unitIds").map(Number).filter(Boolean);
        if (ids.length < 2) return fail(t.reorg.pickTwo);
        const name = String(form.get("name") ?? "").trim();
        const code = String(form.get("code") ?? "").trim();
        if (name.length < 2 || code.length < 2) return fail(t.people.required);
        mergeUnits(ids, { name, code }, day!, admin.id);
        break;
      }
      case "split": {
        const parts = String(form.get("parts") ?? "")
          .split(/\r?\n/)
          .map((line) => line.split("|").map((x) => x.trim()))
          .filter((p) => p[0] && p[1])
          .map(([code, name, staff]) => ({ code: code!, name: name!, staffCodes: (staff ?? "").split(",").map((s) => s.trim()).filter(Boolean) }));
        if (parts.length < 2) return fail(t.reorg.badSplit);
        splitUnit(Number(form.get("unitId")), parts, day!, admin.id);
        break;
      }
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  } catch (error) {
    if (error instanceof ReorgError) return fail(error.message);
    throw error;
  }
  return redirect("/admin/units?done=1");
}

/** One reorganisation: its fields, the effective date when it has one, its error, a submit button. */
function ReorgForm({ intent, title, error, day, children }: { intent: string; title: string; error: ReactNode; day?: ReactNode; children: ReactNode }) {
  return (
    <Form method="post" className="card">
      <h2>{title}</h2>
      <input type="hidden" name="intent" value={intent} />
      {children}
      {day}
      {error}
      <button type="submit" className="button button--secondary">{t.reorg.submit}</button>
    </Form>
  );
}

export default function Reorganise() {
  const { units, today } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const options = <UnitOptions units={units} withCode />;
  const error = (intent: string) =>
    r?.intent === intent ? (
      <p className="field-error" role="alert">
        {r.message}
      </p>
    ) : null;
  const day = (intent: string) => <DateField name="day" id={`${intent}-day`} label={t.reorg.day} defaultValue={today} />;
  return (
    <div className="stack">
      <h1>{t.reorg.title}</h1>
      <p className="muted">{t.reorg.intro}</p>
      {params.get("done") ? <p className="alert alert--ok" role="status">{t.reorg.done}</p> : null}
      <ReorgForm intent="rename" title={t.reorg.rename} error={error("rename")}>
        <div className="field"><label>{t.reorg.unit}<select name="unitId">{options}</select></label></div>
        <div className="field"><label>{t.reorg.newName}<input name="name" /></label></div>
      </ReorgForm>
      <ReorgForm intent="move" title={t.reorg.move} error={error("move")} day={day("move")}>
        <div className="field"><label>{t.reorg.unit}<select name="unitId">{options}</select></label></div>
        <div className="field"><label>{t.reorg.newParent}<select name="parentId">{options}</select></label></div>
      </ReorgForm>
      <ReorgForm intent="merge" title={t.reorg.merge} error={error("merge")} day={day("merge")}>
        <div className="field"><label>{t.reorg.units}<select name="unitIds" multiple size={8}>{options}</select></label></div>
        <div className="field"><label>{t.reorg.newName}<input name="name" /></label></div>
        <div className="field"><label>{t.reorg.code}<input name="code" /></label></div>
      </ReorgForm>
      <ReorgForm intent="split" title={t.reorg.split} error={error("split")} day={day("split")}>
        <div className="field"><label>{t.reorg.unit}<select name="unitId">{options}</select></label></div>
        <div className="field">
          <label htmlFor="parts">{t.reorg.splitHint}</label>
          <textarea id="parts" name="parts" rows={4} placeholder={"X-A | Xã A\nX-B | Xã B | LA000123, LA000124"} />
        </div>
      </ReorgForm>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
