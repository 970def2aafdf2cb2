// Entering indicator values for a unit (issue 18): a manager for the units of their subtree, an
// administrator for any. One value on the form (a correction when the period already has one: the old
// version stays in the history), or many from a CSV/XLSX file: a dry run first, then all rows or none.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { getIndicator, listIndicators } from "~/indicators/catalogue.server";
import { applyIndicatorImport, planIndicatorImport, type ImportPlan } from "~/indicators/import.server";
import { formatPeriod } from "~/indicators/periods";
import { checkValue, enterValue, unitValues, valueHistory } from "~/indicators/values.server";
import { discardUpload, keepUpload, takeUpload } from "~/people/roster-import.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { normalizeForm, readForm } from "~/ui/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t.indicators.enterTitle(data?.unit.name ?? "")} · ${t.app.name}` },
];

/** The guard's default body limit (1 MB) is the file limit here: an indicator file of a whole province is far smaller. */
const MAX_FILE_BYTES = 1024 * 1024 - 16 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit } = await requireReportUnit(request, params.unitId);
  const url = new URL(request.url);
  const list = await listIndicators();
  const own = await unitValues(unit.id);
  const h = /^(\d+):(\d{4}-(?:\d{2}|Q[1-4]))$/.exec(url.searchParams.get("history") ?? "");
  const historyIndicator = h ? list.find((i) => i.id === Number(h[1])) : undefined;
  return {
    unit: { id: unit.id, name: unit.name, code: unit.code },
    indicators: list.map((i) => ({ id: i.id, code: i.code, name: i.name, period: i.period })),
    own,
    history:
      historyIndicator && h
        ? { indicator: historyIndicator.name, period: h[2]!, rows: await valueHistory(historyIndicator.id, unit.id, h[2]!) }
        : null,
  };
}

type ActionResult =
  | { kind: "value"; errors: Record<string, string>; values: Record<string, string> }
  | { kind: "import"; error: string | null; plan: ImportPlan | null; token: string | null; fileName: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = normalizeForm(
        await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES })),
      );
    } catch (error) {
      const message = error instanceof MaxPartSizeExceededError ? t.indicators.importTooBig : t.indicators.importNoFile;
      return data<ActionResult>({ kind: "import", error: message, plan: null, token: null, fileName: null }, { status: 400 });
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      return data<ActionResult>(
        { kind: "import", error: t.indicators.importNoFile, plan: null, token: null, fileName: null },
        { status: 400 },
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const plan = await planIndicatorImport(file.name, bytes, unit);
    const ok = plan.fileErrors.length === 0 && plan.errors.length === 0 && plan.values.length > 0;
    // A good file is kept (24 hours at most, as rosters are) so "apply" needs no second upload.
    const token = ok ? await keepUpload(file.name, bytes, user.id) : null;
    return data<ActionResult>({ kind: "import", error: null, plan, token, fileName: file.name }, { status: ok ? 200 : 400 });
  }
  const form = await readForm(request);
  if (form.get("intent") === "apply") {
    const token = String(form.get("token") ?? "").slice(0, 200);
    const upload = token ? await takeUpload(token, user.id) : null;
    if (!upload)
      return data<ActionResult>(
        { kind: "import", error: t.indicators.importExpired, plan: null, token: null, fileName: null },
        { status: 400 },
      );
    const result = await applyIndicatorImport(upload.fileName, upload.bytes, unit, user.id);
    await discardUpload(token, user.id);
    if (!result.ok)
      return data<ActionResult>(
        { kind: "import", error: null, plan: result.plan, token: null, fileName: upload.fileName },
        { status: 400 },
      );
    return redirect(`/reports/${unit.id}/chi-so/nhap?imported=${result.written}&same=${result.unchanged}`);
  }
  const values = {
    indicatorId: String(form.get("indicatorId") ?? "").slice(0, 20),
    period: String(form.get("period") ?? "").slice(0, 40),
    numerator: String(form.get("numerator") ?? "").slice(0, 40),
    denominator: String(form.get("denominator") ?? "").slice(0, 40),
    note: String(form.get("note") ?? "").slice(0, 500),
  };
  const indicator = /^\d+$/.test(values.indicatorId) ? await getIndicator(Number(values.indicatorId)) : undefined;
  if (!indicator || indicator.retiredAt) {
    return data<ActionResult>({ kind: "value", errors: { indicatorId: t.indicators.pickIndicator }, values }, { status: 400 });
  }
  const checked = checkValue(indicator, values);
  if (!checked.value) return data<ActionResult>({ kind: "value", errors: checked.errors, values }, { status: 400 });
  const result = await enterValue(
    { indicatorId: indicator.id, unitId: unit.id, ...checked.value, note: values.note.trim() || null },
    user.id,
  );
  return redirect(`/reports/${unit.id}/chi-so/nhap?${result.written ? "recorded" : "unchanged"}=${indicator.id}:${checked.value.period}`);
}

export default function EnterIndicatorValues() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = r?.kind === "value" ? r : null;
  const imp = r?.kind === "import" ? r : null;
  const e = v?.errors ?? {};
  const val = v?.values ?? {};
  const nameOf = (id: number) => d.indicators.find((i) => i.id === id)?.name ?? "";
  const field = (name: string) => ({
    id: name,
    name,
    "aria-invalid": e[name] ? (true as const) : undefined,
    "aria-describedby": e[name] ? `${name}-error` : undefined,
  });
  const error = (name: string) =>
    e[name] ? (
      <p className="field-error" id={`${name}-error`}>
        {e[name]}
      </p>
    ) : null;
  const imported = params.get("imported");
  return (
    <div className="stack">
      <p>
        <Link to={`/reports/${d.unit.id}/chi-so`}>{t.indicators.pageLink}</Link>
      </p>
      <h1>{t.indicators.enterTitle(d.unit.name)}</h1>
      <p className="muted">{t.indicators.enterIntro}</p>
      {params.get("recorded") && !r ? (
        <p className="notice" role="status">
          {t.indicators.recorded}
        </p>
      ) : null}
      {params.get("unchanged") && !r ? (
        <p className="notice" role="status">
          {t.indicators.unchanged}
        </p>
      ) : null}
      {imported && !r ? (
        <p className="notice" role="status">
          {t.indicators.importDone(imported, params.get("same") ?? "0")}
        </p>
      ) : null}

      <Form method="post" className="card" noValidate key={params.toString()}>
        <div className="field">
          <label htmlFor="indicatorId">{t.indicators.indicator}</label>
          <select {...field("indicatorId")} defaultValue={val.indicatorId ?? ""}>
            <option value="">—</option>
            {d.indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.period === "month" ? t.indicators.periodMonth : t.indicators.periodQuarter})
              </option>
            ))}
          </select>
          {error("indicatorId")}
        </div>
        <div className="field">
          <label htmlFor="period">{t.indicators.periodInput}</label>
          <input
            {...field("period")}
            defaultValue={val.period ?? ""}
            maxLength={40}
            autoComplete="off"
            aria-describedby={[e.period ? "period-error" : "", "period-hint"].join(" ").trim()}
          />
          <p className="hint" id="period-hint">
            {t.indicators.periodHint}
          </p>
          {error("period")}
        </div>
        <div className="field">
          <label htmlFor="numerator">{t.indicators.numerator}</label>
          <input {...field("numerator")} inputMode="numeric" defaultValue={val.numerator ?? ""} maxLength={40} />
          {error("numerator")}
        </div>
        <div className="field">
          <label htmlFor="denominator">{t.indicators.denominator}</label>
          <input {...field("denominator")} inputMode="numeric" defaultValue={val.denominator ?? ""} maxLength={40} />
          {error("denominator")}
        </div>
        <div className="field">
          <label htmlFor="note">{t.indicators.note}</label>
          <input id="note" name="note" defaultValue={val.note ?? ""} maxLength={500} />
        </div>
        <button type="submit" className="button">
          {t.indicators.submit}
        </button>
      </Form>

      <section className="card stack" aria-labelledby="import-title">
        <h2 id="import-title">{t.indicators.importTitle}</h2>
        <p className="muted">{t.indicators.importIntro}</p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <div className="field">
            <label htmlFor="file">{t.indicators.importFile}</label>
            <input
              id="file"
              name="file"
              type="file"
              accept=".csv,.xlsx,text/csv"
              aria-describedby={imp?.error ? "file-error" : undefined}
            />
            {imp?.error ? (
              <p className="field-error" id="file-error">
                {imp.error}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button--secondary">
            {t.indicators.importCheck}
          </button>
        </Form>
        {imp?.plan ? <ImportReport plan={imp.plan} /> : null}
        {imp?.token && imp.plan ? (
          <Form method="post">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="token" value={imp.token} />
            <button type="submit" className="button">
              {t.indicators.importApply(formatNumber(imp.plan.values.length))}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="own-title">
        <h2 id="own-title">{t.indicators.ownValues}</h2>
        {d.own.length === 0 ? (
          <p className="muted">{t.indicators.noOwnValues}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.indicators.indicator}</th>
                  <th scope="col">{t.indicators.periodInput}</th>
                  <th scope="col" className="num">
                    {t.indicators.numerator}
                  </th>
                  <th scope="col" className="num">
                    {t.indicators.denominator}
                  </th>
                  <th scope="col">{t.indicators.source}</th>
                  <th scope="col" className="num">
                    {t.indicators.versions}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.own.map((o) => (
                  <tr key={`${o.indicatorId}:${o.period}`}>
                    <td>{nameOf(o.indicatorId)}</td>
                    <td>{formatPeriod(o.period)}</td>
                    <td className="num">{formatNumber(o.numerator)}</td>
                    <td className="num">{formatNumber(o.denominator)}</td>
                    <td>{t.indicators.sources[o.source]}</td>
                    <td className="num">
                      <Link to={`?history=${o.indicatorId}:${o.period}#history`}>
                        {formatNumber(o.versions)} · {t.indicators.history}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {d.history ? (
        <section className="stack" id="history" aria-labelledby="history-title">
          <h2 id="history-title">{t.indicators.historyTitle(d.history.indicator, formatPeriod(d.history.period))}</h2>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.indicators.enteredAt}</th>
                  <th scope="col">{t.indicators.enteredBy}</th>
                  <th scope="col">{t.indicators.source}</th>
                  <th scope="col" className="num">
                    {t.indicators.numerator}
                  </th>
                  <th scope="col" className="num">
                    {t.indicators.denominator}
                  </th>
                  <th scope="col">{t.indicators.note}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t.indicators.currentVersion}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.history.rows.map((h) => (
                  <tr key={h.id}>
                    <td>{formatDateTime(h.enteredAt)}</td>
                    <td>{h.by ?? t.indicators.system}</td>
                    <td>{t.indicators.sources[h.source]}</td>
                    <td className="num">{formatNumber(h.numerator)}</td>
                    <td className="num">{formatNumber(h.denominator)}</td>
                    <td>{h.note ?? ""}</td>
                    <td>{h.current ? t.indicators.currentVersion : t.indicators.olderVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}

function ImportReport({ plan }: { plan: ImportPlan }) {
  if (plan.fileErrors.length > 0) {
    return (
      <ul className="alert" role="alert">
        {plan.fileErrors.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    );
  }
  if (plan.errors.length === 0) {
    return (
      <p className="notice" role="status">
        {t.indicators.importReady(formatNumber(plan.values.length))}
      </p>
    );
  }
  return (
    <div className="stack">
      <p className="alert" role="alert">
        {t.indicators.importErrors(formatNumber(plan.errors.length))}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t.indicators.row}
              </th>
              <th scope="col">{t.indicators.column}</th>
              <th scope="col">{t.indicators.problem}</th>
            </tr>
          </thead>
          <tbody>
            {plan.errors.slice(0, 200).map((e, i) => (
              <tr key={i}>
                <td className="num">{e.row}</td>
                <td>{e.column}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
