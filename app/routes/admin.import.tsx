import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import {
  applyPlan, autoMapping, ENCODINGS, FIELDS, keepUpload, markApplied, planImport, readTable, takeUpload, type Encoding, type Field, type Plan,
} from "~/people/roster-import.server";
import { getUnit, rootUnit } from "~/units/tree.server";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";
import { UploadProgress } from "~/people/upload-progress";

export const meta: MetaFunction = () => [{ title: `${t.roster.title} · ${t.app.name}` }];

const MAX_BYTES = 20 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { units: currentUnitOptions() };
}

const Options = z.object({
  token: z.string().optional(),
  intent: z.enum(["dry-run", "apply"]).catch("dry-run"),
  encoding: z.enum(ENCODINGS).catch("auto"),
  unitId: z.coerce.number().int().positive().optional().catch(undefined),
  deactivateMissing: z.literal("on").optional().catch(undefined),
});

type Result = { token: string | null; plan: Plan | null; fileError: string | null; applied: string | null; options: { encoding: Encoding; unitId: number | null; deactivateMissing: boolean; mapping: (Field | null)[] | null } };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
  } catch {
    return data<Result>({ token: null, plan: null, fileError: t.roster.tooBig, applied: null, options: { encoding: "auto", unitId: null, deactivateMissing: false, mapping: null } }, { status: 400 });
  }
  const o = Options.parse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  const options = { encoding: o.encoding, unitId: o.unitId ?? null, deactivateMissing: o.deactivateMissing === "on", mapping: null as (Field | null)[] | null };
  let token = o.token ?? null;
  let upload = token ? takeUpload(token, user.id) : null;
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    upload = { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    token = keepUpload(file.name, upload.bytes, user.id);
  }
  if (!upload || !token) return data<Result>({ token: null, plan: null, fileError: o.token ? t.roster.expired : t.roster.noFile, applied: null, options }, { status: 400 });

  const table = await readTable(upload.fileName, upload.bytes, options.encoding);
  if ("message" in table) return data<Result>({ token, plan: null, fileError: table.message, applied: null, options }, { status: 400 });
  // A manual override of the column mapping, when the administrator chose one.
  const auto = autoMapping(table.headers);
  const mapping = table.headers.map((_, i) => {
    const chosen = form.get(`map${i}`);
    if (typeof chosen !== "string") return auto[i] ?? null;
    return (FIELDS as readonly string[]).includes(chosen) ? (chosen as Field) : null;
  });
  options.mapping = mapping;
  const scope = options.unitId ? getUnit(options.unitId) ?? null : rootUnit() ?? null;
  const plan = planImport(table, mapping, { root: scope, deactivateMissing: options.deactivateMissing });
  if (o.intent === "apply") {
    const result = applyPlan(plan, user.id);
    if (result.ok) {
      markApplied(token);
      return data<Result>({ token: null, plan, fileError: null, applied: t.roster.applied(formatNumber(result.added), formatNumber(result.changed), formatNumber(result.moved), formatNumber(result.deactivated)), options });
    }
    return data<Result>({ token, plan, fileError: result.message, applied: null, options }, { status: 400 });
  }
  return data<Result>({ token, plan, fileError: null, applied: null, options });
}

const LIMIT = 200;

export default function RosterImport() {
  const { units } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const plan = r?.plan ?? null;
  const clean = plan && plan.fileErrors.length === 0 && plan.errors.length === 0;
  return (
    <div className="stack">
      <h1>{t.roster.title}</h1>
      <p className="muted">{t.roster.intro}</p>
      {r?.applied ? <p className="alert alert--ok" role="status">{r.applied}</p> : null}
      {r?.fileError ? <p className="alert" role="alert">{r.fileError}</p> : null}
      <Form method="post" encType="multipart/form-data" className="card" id="roster-form">
        {r?.token ? <input type="hidden" name="token" value={r.token} /> : null}
        <div className="field">
          <label htmlFor="file">{t.roster.file}</label>
          <input id="file" name="file" type="file" accept=".csv,.txt,.xlsx,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="encoding">{t.roster.encoding}</label>
          <select id="encoding" name="encoding" defaultValue={r?.options.encoding ?? "auto"}>
            {ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {t.roster.encodings[e]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="unitId">{t.roster.unit}</label>
          <select id="unitId" name="unitId" defaultValue={r?.options.unitId ?? ""}>
            <UnitOptions units={units} />
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="deactivateMissing" defaultChecked={r?.options.deactivateMissing} /> {t.roster.deactivateMissing}
          </label>
        </div>
        {plan && plan.headers.length > 0 ? (
          <fieldset className="card">
            <legend>{t.roster.mapping}</legend>
            <p className="muted">{t.roster.mappingHint}</p>
            {plan.headers.map((h, i) => (
              <div className="field" key={i}>
                <label htmlFor={`map${i}`}>{h || `#${i + 1}`}</label>
                <select id={`map${i}`} name={`map${i}`} defaultValue={plan.mapping[i] ?? ""}>
                  <option value="">{t.roster.ignore}</option>
                  {FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {t.roster.fields[f]}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" name="intent" value="dry-run" className="button button--secondary" disabled={busy}>
            {t.roster.dryRun}
          </button>
          {clean && r?.token ? (
            <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
              {t.roster.apply}
            </button>
          ) : null}
          <UploadProgress formId="roster-form" />
          {busy ? (
            <span role="status">
              <progress aria-label={t.roster.working} /> {t.roster.working}
            </span>
          ) : null}
        </div>
      </Form>
      {plan ? <PlanView plan={plan} /> : null}
    </div>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  return (
    <section aria-labelledby="plan-title" className="stack" data-testid="plan">
      <h2 id="plan-title">{t.roster.summary}</h2>
      <p className="muted">{t.roster.detected(t.roster.encodings[plan.encoding] ?? plan.encoding, formatNumber(plan.total))}</p>
      {plan.fileErrors.length > 0 ? (
        <div className="alert" role="alert">
          <p><strong>{t.roster.fileErrors}</strong></p>
          <ul>{plan.fileErrors.map((e) => <li key={e}>{e}</li>)}</ul>
        </div>
      ) : null}
      {plan.errors.length > 0 ? (
        <div className="alert" role="alert">
          <p><strong>{t.roster.rowErrors(formatNumber(plan.errors.length))}</strong></p>
          <div className="table-wrap">
            <table data-testid="row-errors">
              <thead><tr><th scope="col">{t.roster.row}</th><th scope="col">{t.roster.column}</th><th scope="col">{t.roster.reason}</th></tr></thead>
              <tbody>
                {plan.errors.slice(0, LIMIT).map((e, i) => (
                  <tr key={i}><td className="num">{formatNumber(e.row)}</td><td>{e.column}</td><td>{e.message}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {plan.errors.length > LIMIT ? <p>{t.roster.more(formatNumber(plan.errors.length - LIMIT))}</p> : null}
        </div>
      ) : null}
      <ul data-testid="plan-counts">
        <li>{t.roster.adds(formatNumber(plan.adds.length))}</li>
        <li>{t.roster.changes(formatNumber(plan.changes.length))}</li>
        <li>{t.roster.moves(formatNumber(plan.moves.length))}</li>
        <li>{t.roster.reactivations(formatNumber(plan.reactivations.length))}</li>
        <li>{t.roster.deactivations(formatNumber(plan.deactivations.length))}</li>
        <li>{t.roster.unchanged(formatNumber(plan.unchanged))}</li>
      </ul>
      {plan.adds.length > 0 ? (
        <details open={plan.adds.length <= 20}>
          <summary>{t.roster.adds(formatNumber(plan.adds.length))}</summary>
          <ul>{plan.adds.slice(0, LIMIT).map((a) => <li key={a.staffCode}>{a.staffCode} · {[a.ho, a.dem, a.ten].filter(Boolean).join(" ")} · {a.unitName}</li>)}</ul>
        </details>
      ) : null}
      {plan.changes.length > 0 ? (
        <details open={plan.changes.length <= 20}>
          <summary>{t.roster.changes(formatNumber(plan.changes.length))}</summary>
          <ul>{plan.changes.slice(0, LIMIT).map((c) => <li key={c.staffCode}>{c.staffCode} · {c.name}: {c.fields.map((f) => `${f.field} "${f.from}" → "${f.to}"`).join("; ")}</li>)}</ul>
        </details>
      ) : null}
      {plan.moves.length > 0 ? (
        <details open={plan.moves.length <= 20}>
          <summary>{t.roster.moves(formatNumber(plan.moves.length))}</summary>
          <ul>{plan.moves.slice(0, LIMIT).map((m) => <li key={m.staffCode}>{m.staffCode} · {m.name} → {m.toUnit}</li>)}</ul>
        </details>
      ) : null}
      {plan.deactivations.length > 0 ? (
        <details>
          <summary>{t.roster.deactivations(formatNumber(plan.deactivations.length))}</summary>
          <ul>{plan.deactivations.slice(0, LIMIT).map((d) => <li key={d.staffCode}>{d.staffCode} · {d.name} · {d.unit}</li>)}</ul>
        </details>
      ) : null}
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
