import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { normalizeForm } from "~/ui/form.server";
import {
  applyPlan,
  ImportForm,
  discardUpload,
  keepUpload,
  keptUntil,
  planUpload,
  previewPlan,
  takeUpload,
  type PlanPreview,
} from "~/people/roster-import.server";
import { ENCODINGS, FIELDS, PREVIEW_ROWS, type Encoding, type Field } from "~/people/roster-fields";
import { MAX_ROSTER_BYTES, tooBigRequest } from "~/people/upload-limit";
import { UnitOptions } from "~/units/unit-options";
import { currentUnitOptions } from "~/units/tree-view.server";
import { UploadProgress } from "~/people/upload-progress";

export const meta: MetaFunction = () => [{ title: `${t.roster.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { units: await currentUnitOptions() };
}

type Options = { encoding: Encoding; unitId: number | null; deactivateMissing: boolean; mapping: (Field | null)[] | null };
/** The file kept on the server between the dry run and the application (issue 20 item 6). */
type Kept = { fileName: string; until: string };
type Result = {
  token: string | null;
  plan: PlanPreview | null;
  fileError: string | null;
  applied: string | null;
  options: Options;
  kept?: Kept | null;
};
const noOptions: Options = { encoding: "auto", unitId: null, deactivateMissing: false, mapping: null };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  // Refuse an oversized file from its announced length, before reading any of it.
  if (tooBigRequest(request))
    return data<Result>({ token: null, plan: null, fileError: t.roster.tooBig, applied: null, options: noOptions }, { status: 413 });
  let form: FormData;
  try {
    form = normalizeForm(
      await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ROSTER_BYTES })),
    );
  } catch (error) {
    const tooBig = error instanceof MaxPartSizeExceededError;
    return data<Result>(
      { token: null, plan: null, fileError: tooBig ? t.roster.tooBig : t.roster.noFile, applied: null, options: noOptions },
      { status: tooBig ? 413 : 400 },
    );
  }
  const o = ImportForm.parse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")));
  const options: Options = {
    encoding: o.encoding,
    unitId: o.unitId ?? null,
    deactivateMissing: o.deactivateMissing === "on",
    mapping: null,
  };
  let token = o.token ?? null;
  let upload = token ? await takeUpload(token, user.id) : null;
  const file = form.get("file");
  // A file chosen again is a new file: it gets its own dry run, never an application unseen.
  let intent = o.intent;
  if (file instanceof File && file.size > 0) {
    if (token) await discardUpload(token, user.id); // another file replaces the one kept for the dry run
    const now = new Date();
    upload = { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), keptUntil: keptUntil(now) };
    token = await keepUpload(file.name, upload.bytes, user.id, now);
    intent = "dry-run";
  }
  if (!upload || !token)
    return data<Result>(
      { token: null, plan: null, fileError: o.token ? t.roster.expired : t.roster.noFile, applied: null, options },
      { status: 400 },
    );

  // A manual override of the column mapping, when the administrator chose one.
  const chosen = (i: number) => {
    const value = form.get(`map${i}`);
    return typeof value === "string" ? value : null;
  };
  const planned = await planUpload(upload, options, chosen);
  if ("message" in planned) {
    // The file cannot be used: it is not kept (personal data), the administrator chooses another.
    await discardUpload(token, user.id);
    return data<Result>({ token: null, plan: null, fileError: planned.message, applied: null, options }, { status: 400 });
  }
  const { plan } = planned;
  options.mapping = plan.mapping;
  const kept: Kept = { fileName: upload.fileName, until: upload.keptUntil };
  if (intent === "apply") {
    const result = await applyPlan(plan, user.id);
    if (result.ok) {
      await discardUpload(token, user.id);
      return data<Result>({
        token: null,
        plan: previewPlan(plan),
        fileError: null,
        applied: t.roster.applied(
          formatNumber(result.added),
          formatNumber(result.changed),
          formatNumber(result.moved),
          formatNumber(result.deactivated),
        ),
        options,
      });
    }
    return data<Result>({ token, plan: previewPlan(plan), fileError: result.message, applied: null, options, kept }, { status: 400 });
  }
  return data<Result>({ token, plan: previewPlan(plan), fileError: null, applied: null, options, kept });
}

/** The full dry-run report: the same plan, recomputed on the server from the kept file and options. */
function reportHref(token: string, options: Options): string {
  const q = new URLSearchParams({ token, encoding: options.encoding });
  if (options.unitId) q.set("unitId", String(options.unitId));
  if (options.deactivateMissing) q.set("deactivateMissing", "on");
  options.mapping?.forEach((m, i) => q.set(`map${i}`, m ?? ""));
  return `/admin/import/report.csv?${q}`;
}

export default function RosterImport() {
  const { units } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const plan = r?.plan ?? null;
  const clean = plan && plan.fileErrors.length === 0 && plan.counts.errors === 0;
  return (
    <div className="stack">
      <h1>{t.roster.title}</h1>
      <p className="muted">{t.roster.intro}</p>
      <p>
        <a href="/admin/import/template.xlsx" download data-testid="roster-template">
          {t.offices.template}
        </a>
      </p>
      {r?.applied ? (
        <p className="alert alert--ok" role="status">
          {r.applied}
        </p>
      ) : null}
      {r?.fileError ? (
        <p className="alert" role="alert">
          {r.fileError}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" id="roster-form">
        {r?.token ? <input type="hidden" name="token" value={r.token} /> : null}
        <div className="field">
          <label htmlFor="file">{t.roster.file}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv"
            data-max-bytes={MAX_ROSTER_BYTES}
            aria-describedby={r?.token && r.kept ? "kept-file" : undefined}
          />
          {r?.token && r.kept ? (
            <p className="field-hint" id="kept-file" data-testid="kept-file">
              {t.offices.keptFile(r.kept.fileName, formatDateTime(r.kept.until))}
            </p>
          ) : null}
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
          <button type="submit" name="intent" value="dry-run" className="button button--secondary">
            {t.roster.dryRun}
          </button>
          <UploadProgress formId="roster-form" />
        </div>
      </Form>
      {plan ? <PlanView plan={plan} reportHref={r?.token ? reportHref(r.token, r.options) : null} /> : null}
      {clean && r?.token ? (
        // Below what it applies (issue 20 item 6). The button belongs to the form above (form=…): the
        // kept file's token and the options chosen go with it, with or without JavaScript.
        <section className="card stack" aria-labelledby="apply-title" data-testid="apply">
          <h2 id="apply-title">{t.offices.applyTitle}</h2>
          <p>{t.offices.applyHint}</p>
          {r.kept ? <p className="muted">{t.offices.keptFileHint}</p> : null}
          <div className="actions">
            <button type="submit" form="roster-form" name="intent" value="apply" className="button">
              {t.roster.apply}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function PlanView({ plan, reportHref }: { plan: PlanPreview; reportHref: string | null }) {
  const c = plan.counts;
  const more = (shown: number, total: number) => (total > shown ? <p>{t.roster.more(formatNumber(total - shown))}</p> : null);
  const trimmed = Object.entries(c).some(([k, n]) => k !== "unchanged" && n > PREVIEW_ROWS);
  return (
    <section aria-labelledby="plan-title" className="stack" data-testid="plan">
      <h2 id="plan-title">{t.roster.summary}</h2>
      <p className="muted">{t.roster.detected(t.roster.encodings[plan.encoding] ?? plan.encoding, formatNumber(plan.total))}</p>
      {plan.fileErrors.length > 0 ? (
        <div className="alert" role="alert">
          <p>
            <strong>{t.roster.fileErrors}</strong>
          </p>
          <ul>
            {plan.fileErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {c.errors > 0 ? (
        <div className="alert" role="alert">
          <p>
            <strong>{t.roster.rowErrors(formatNumber(c.errors))}</strong>
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="row-errors">
              <thead>
                <tr>
                  <th scope="col">{t.roster.row}</th>
                  <th scope="col">{t.roster.column}</th>
                  <th scope="col">{t.roster.reason}</th>
                </tr>
              </thead>
              <tbody>
                {plan.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{formatNumber(e.row)}</td>
                    <td>{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more(plan.errors.length, c.errors)}
        </div>
      ) : null}
      <ul data-testid="plan-counts">
        <li>{t.roster.adds(formatNumber(c.adds))}</li>
        <li>{t.roster.changes(formatNumber(c.changes))}</li>
        <li>{t.roster.moves(formatNumber(c.moves))}</li>
        <li>{t.roster.reactivations(formatNumber(c.reactivations))}</li>
        <li>{t.roster.deactivations(formatNumber(c.deactivations))}</li>
        <li>{t.roster.unchanged(formatNumber(c.unchanged))}</li>
      </ul>
      {trimmed || reportHref ? (
        <p data-testid="plan-report">
          {trimmed ? <>{t.roster.preview(formatNumber(PREVIEW_ROWS))} </> : null}
          {reportHref ? (
            <a href={reportHref} download>
              {t.roster.downloadReport}
            </a>
          ) : null}
        </p>
      ) : null}
      {c.adds > 0 ? (
        <details open={c.adds <= 20}>
          <summary>{t.roster.adds(formatNumber(c.adds))}</summary>
          <ul>
            {plan.adds.map((a) => (
              <li key={a.staffCode}>
                {a.staffCode} · {a.name} · {a.unitName}
              </li>
            ))}
          </ul>
          {more(plan.adds.length, c.adds)}
        </details>
      ) : null}
      {c.changes > 0 ? (
        <details open={c.changes <= 20}>
          <summary>{t.roster.changes(formatNumber(c.changes))}</summary>
          <ul>
            {plan.changes.map((x) => (
              <li key={x.staffCode}>
                {x.staffCode} · {x.name}: {x.fields.map((f) => `${f.field} "${f.from}" → "${f.to}"`).join("; ")}
              </li>
            ))}
          </ul>
          {more(plan.changes.length, c.changes)}
        </details>
      ) : null}
      {c.moves > 0 ? (
        <details open={c.moves <= 20}>
          <summary>{t.roster.moves(formatNumber(c.moves))}</summary>
          <ul>
            {plan.moves.map((m) => (
              <li key={m.staffCode}>
                {m.staffCode} · {m.name} → {m.toUnit}
              </li>
            ))}
          </ul>
          {more(plan.moves.length, c.moves)}
        </details>
      ) : null}
      {c.reactivations > 0 ? (
        <details open={c.reactivations <= 20}>
          <summary>{t.roster.reactivations(formatNumber(c.reactivations))}</summary>
          <ul>
            {plan.reactivations.map((x) => (
              <li key={x.staffCode}>
                {x.staffCode} · {x.name}
              </li>
            ))}
          </ul>
          {more(plan.reactivations.length, c.reactivations)}
        </details>
      ) : null}
      {c.deactivations > 0 ? (
        <details>
          <summary>{t.roster.deactivations(formatNumber(c.deactivations))}</summary>
          <ul>
            {plan.deactivations.map((d) => (
              <li key={d.staffCode}>
                {d.staffCode} · {d.name} · {d.unit}
              </li>
            ))}
          </ul>
          {more(plan.deactivations.length, c.deactivations)}
        </details>
      ) : null}
    </section>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
