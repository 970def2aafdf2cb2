import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireRole } from "~/auth/session.server";
import { foldVietnamese, formatNumber } from "~/i18n/format";
import { dayForField } from "~/i18n/dates";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { parseDay } from "~/reports/query.server";
import {
  applyPlan,
  dryRun,
  fingerprint,
  mergeUnits,
  moveUnit,
  renameUnit,
  ReorgError,
  splitUnit,
  type Changes,
} from "~/units/reorganise.server";
import { splitPartsFromRows } from "~/units/split-form.server";
import { currentUnitOptions } from "~/units/tree-view.server";
import { UnitOptions, type UnitOption } from "~/units/unit-options";
import { DateField } from "~/ui/date-field";
import { readForm } from "~/ui/form.server";
import { UNIT_KINDS } from "~/db/schema.shared";
import { InlineScript } from "~/ui/inline-script";

const PART_KINDS = UNIT_KINDS.filter((k) => k !== "country");

export const meta: MetaFunction = () => [{ title: `${t.reorg.title} · ${t.app.name}` }];

const R = t.reorganisation;
const INTENTS = ["rename", "move", "merge", "split"] as const;
type Intent = (typeof INTENTS)[number];
const ROWS_DEFAULT = 3;
const ROWS_MAX = 20;
const KEEP = 1000; // typed text kept for the form (anything longer is refused anyway)

type Part = { name: string; code: string; kind: string; staff: string };
type Values = { unitId: string; parentId: string; unitIds: string[]; name: string; code: string; day: string; rows: number; parts: Part[] };

const todayVn = () => dayForField(vnToday());

function emptyValues(): Values {
  return { unitId: "", parentId: "", unitIds: [], name: "", code: "", day: todayVn(), rows: ROWS_DEFAULT, parts: [] };
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { units: await currentUnitOptions(), today: todayVn() };
}

function readValues(form: FormData): Values {
  const str = (k: string) => String(form.get(k) ?? "").slice(0, KEEP);
  const rows = Math.min(ROWS_MAX, Math.max(2, Number.parseInt(str("rows"), 10) || ROWS_DEFAULT));
  const parts = Array.from({ length: rows }, (_, i) => ({
    name: str(`parts.${i}.name`),
    code: str(`parts.${i}.code`),
    kind: str(`parts.${i}.kind`),
    staff: str(`parts.${i}.staff`),
  }));
  return {
    unitId: str("unitId"),
    parentId: str("parentId"),
    unitIds: form
      .getAll("unitIds")
      .map((v) => String(v).slice(0, 20))
      .slice(0, 500),
    name: str("name"),
    code: str("code"),
    day: str("day"),
    rows,
    parts,
  };
}

type Result = {
  intent: Intent;
  values: Values;
  errors: Record<string, string>;
  preview: Changes | null;
  fingerprint: string | null;
  notice: string | null;
  stamp: number;
};

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const intent = String(form.get("intent")) as Intent;
  if (!INTENTS.includes(intent)) throw new Response(t.errors.badRequest, { status: 400 });
  const values = readValues(form);
  const reply = (r: Partial<Result>, status = 200) =>
    data<Result>({ intent, values, errors: {}, preview: null, fingerprint: null, notice: null, stamp: Date.now(), ...r }, { status });

  // "Thêm dòng" (no JavaScript needed): the same form again, one empty row more, nothing checked yet.
  if (intent === "split" && form.get("addRow")) return reply({ values: { ...values, rows: Math.min(ROWS_MAX, values.rows + 1) } });

  let day = "";
  if (intent !== "rename") {
    if (!values.day.trim()) return reply({ errors: { day: R.dayRequired } }, 400);
    const parsed = parseDay(values.day);
    if (!parsed.day) return reply({ errors: { day: parsed.error ?? R.badDay } }, 400);
    day = parsed.day;
  }

  const split = splitPartsFromRows(values.parts);
  const run = async (ch: Changes) => {
    switch (intent) {
      case "rename":
        return renameUnit(values.unitId, values.name, admin.id, ch);
      case "move":
        return moveUnit(values.unitId, values.parentId, day, admin.id, ch);
      case "merge":
        if (values.unitIds.length < 2) throw new ReorgError(R.pickTwo, "unitIds");
        return mergeUnits(values.unitIds, { name: values.name, code: values.code }, day, admin.id, ch);
      case "split":
        return splitUnit(values.unitId, split.parts, day, admin.id, ch);
    }
  };
  try {
    const expected = String(form.get("fingerprint") ?? "");
    if (expected) {
      const outcome = await applyPlan(expected, run);
      if (outcome.applied) return redirect("/admin/units?done=1");
      return reply({ preview: outcome.changes, fingerprint: fingerprint(outcome.changes), notice: R.changedSince });
    }
    const changes = await dryRun(run);
    return reply({ preview: changes, fingerprint: fingerprint(changes) });
  } catch (error) {
    if (!(error instanceof ReorgError)) throw error;
    return reply({ errors: { [split.formField(error.field)]: error.message } }, 400);
  }
}

// ---------------------------------------------------------------------------------------------

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={`${id}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

const invalid = (id: string, message: string | undefined) =>
  message ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};

function UnitSelect({
  id,
  name,
  label,
  units,
  value,
  error,
}: {
  id: string;
  name: string;
  label: string;
  units: UnitOption[];
  value: string;
  error?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} {...invalid(id, error)}>
        <UnitOptions units={units} withCode placeholder={R.unitPlaceholder} />
      </select>
      <FieldError id={id} message={error} />
    </div>
  );
}

function TextField({
  id,
  name,
  label,
  value,
  error,
  hint,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="muted" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <input id={id} name={name} defaultValue={value} {...invalid(id, error)} />
      <FieldError id={id} message={error} />
    </div>
  );
}

/**
 * Fills in the filter and the count of the merge list once the page's script runs (decision 0049: no
 * React runtime); without JavaScript the list is a plain list of checkboxes.
 */
const CHECKLIST = `function (o) {
  var box = document.getElementById(o.id), list = box && box.querySelector("ul"), none = document.getElementById(o.id + "-none");
  if (!list) return;
  var field = document.createElement("div"), label = document.createElement("label"), input = document.createElement("input"), count = document.createElement("span");
  field.className = "field";
  label.htmlFor = input.id = o.id + "-filter";
  label.textContent = o.filter;
  input.type = "search";
  input.setAttribute("data-testid", "merge-filter");
  count.className = "muted";
  count.setAttribute("aria-live", "polite");
  field.appendChild(label); field.appendChild(input); field.appendChild(count);
  box.insertBefore(field, list);
  var items = list.querySelectorAll("li");
  function fold(s) { return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/\\u0111/g, "d").replace(/\\u0110/g, "D").toLowerCase().replace(/\\s+/g, " ").trim(); }
  function counted() { count.textContent = o.chosen.replace("{n}", new Intl.NumberFormat("vi-VN").format(list.querySelectorAll("input:checked").length)); }
  input.addEventListener("input", function () {
    var needle = fold(input.value), shown = 0;
    for (var i = 0; i < items.length; i++) { var hit = !needle || items[i].getAttribute("data-fold").indexOf(needle) !== -1; items[i].hidden = !hit; if (hit) shown++; }
    if (none) none.hidden = shown > 0;
  });
  list.addEventListener("change", counted);
  counted();
}`;

/** Checkboxes for the units to merge: a plain list without JavaScript, filtered as one types with it. */
function UnitChecklist({ id, units, selected, error }: { id: string; units: UnitOption[]; selected: string[]; error?: string }) {
  return (
    <fieldset id={id} className="field unit-checklist" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{R.units}</legend>
      <ul className="unit-checklist__list">
        {units.map((u) => (
          <li key={u.id} data-fold={foldVietnamese(`${u.name} ${u.code}`)} style={{ paddingInlineStart: `${Math.min(u.depth, 4)}rem` }}>
            <label>
              <input type="checkbox" name="unitIds" value={u.id} defaultChecked={selected.includes(String(u.id))} /> {u.name}{" "}
              <span className="muted">({u.code})</span>
            </label>
          </li>
        ))}
      </ul>
      <p className="muted" id={`${id}-none`} hidden>
        {R.noMatch}
      </p>
      <FieldError id={id} message={error} />
      <InlineScript code={CHECKLIST} options={{ id, filter: R.filter, chosen: R.chosen("{n}") }} />
    </fieldset>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  const LIMIT = 12;
  return (
    <div>
      <h4>{title}</h4>
      <ul>
        {items.slice(0, LIMIT).map((x, i) => (
          <li key={i}>{x}</li>
        ))}
        {items.length > LIMIT ? <li className="muted">{R.andMore(formatNumber(items.length - LIMIT))}</li> : null}
      </ul>
    </div>
  );
}

function ChangesView({ changes }: { changes: Changes }) {
  const n = (x: number) => formatNumber(x);
  const nothingElse =
    changes.scopesCarried.length +
      changes.scopesFlagged.length +
      changes.targetsCarried.length +
      changes.targetsLeft.length +
      changes.assignmentsCarried.length ===
    0;
  return (
    <div className="stack" data-testid="reorg-preview">
      {changes.renamed.map((r) => (
        <p key={r.code}>{R.renamedUnits(r.from, r.to)}</p>
      ))}
      <List
        title={R.closedUnits(n(changes.closed.length))}
        items={changes.closed.map((u) => `${u.name} (${u.code}) · ${R.change[u.change]}`)}
      />
      <List
        title={R.openedUnits(n(changes.opened.length))}
        items={changes.opened.map((u) => `${u.name} (${u.code})${u.parent ? ` · ${t.reorganisation.parent}: ${u.parent}` : ""}`)}
      />
      {changes.closed.length > 0 ? <p>{R.officialsMoved(n(changes.officialsMoved))}</p> : null}
      <List
        title={R.scopesCarried(n(changes.scopesCarried.length))}
        items={changes.scopesCarried.map((s) => `${s.person}: ${s.from} → ${s.to}`)}
      />
      <List title={R.scopesFlagged(n(changes.scopesFlagged.length))} items={changes.scopesFlagged.map((s) => `${s.person}: ${s.unit}`)} />
      <List
        title={R.targetsCarried(n(changes.targetsCarried.length))}
        items={changes.targetsCarried.map((s) => `${s.course}: ${s.from} → ${s.to}`)}
      />
      <List title={R.targetsLeft(n(changes.targetsLeft.length))} items={changes.targetsLeft.map((s) => `${s.course}: ${s.unit}`)} />
      <List
        title={R.assignmentsCarried(n(changes.assignmentsCarried.length))}
        items={changes.assignmentsCarried.map((s) => `${s.course}: ${s.from} → ${s.to}`)}
      />
      {nothingElse ? <p className="muted">{R.nothingElse}</p> : null}
    </div>
  );
}

/** The same values, hidden, with the plan's fingerprint: the explicit second step. */
function ApplyForm({ intent, values, fp }: { intent: Intent; values: Values; fp: string }) {
  const hidden = (name: string, value: string) => <input key={`${name}=${value}`} type="hidden" name={name} value={value} />;
  return (
    <Form method="post" className="actions">
      {hidden("intent", intent)}
      {hidden("fingerprint", fp)}
      {hidden("unitId", values.unitId)}
      {hidden("parentId", values.parentId)}
      {values.unitIds.map((id) => hidden("unitIds", id))}
      {hidden("name", values.name)}
      {hidden("code", values.code)}
      {hidden("day", values.day)}
      {hidden("rows", String(values.rows))}
      {values.parts.flatMap((p, i) => [
        hidden(`parts.${i}.name`, p.name),
        hidden(`parts.${i}.code`, p.code),
        hidden(`parts.${i}.kind`, p.kind),
        hidden(`parts.${i}.staff`, p.staff),
      ])}
      <button type="submit" className="button">
        {R.apply}
      </button>
      <Link to="/admin/units" className="button button--secondary">
        {R.cancel}
      </Link>
    </Form>
  );
}

/** One reorganisation: its fields, the effective date when it has one, its form-level error, "Xem trước"; then its plan and "Áp dụng". */
function ReorgForm({
  intent,
  title,
  r,
  children,
  dated = true,
}: {
  intent: Intent;
  title: string;
  r: Result | undefined;
  children: (v: Values, errors: Record<string, string>) => ReactNode;
  dated?: boolean;
}) {
  const mine = r?.intent === intent ? r : undefined;
  const v = mine?.values ?? emptyValues();
  const errors = mine?.errors ?? {};
  const id = `${intent}-day`;
  return (
    <section className="card" aria-labelledby={`${intent}-title`} data-testid={`reorg-${intent}`}>
      <Form method="post" noValidate key={mine?.stamp ?? 0} className="stack">
        <h2 id={`${intent}-title`}>{title}</h2>
        <input type="hidden" name="intent" value={intent} />
        {children(v, errors)}
        {dated ? <DateField id={id} name="day" label={t.reorg.day} hint={R.dayHint} defaultValue={v.day} error={errors.day} /> : null}
        <FieldError id={`${intent}-form`} message={errors.form} />
        <div className="actions">
          <button type="submit" className="button button--secondary">
            {R.preview}
          </button>
        </div>
      </Form>
      {mine?.preview && mine.fingerprint ? (
        <div className="stack preview" role="region" aria-label={R.previewTitle}>
          <h3>{R.previewTitle}</h3>
          {mine.notice ? (
            <p className="alert alert--info" role="status">
              {mine.notice}
            </p>
          ) : (
            <p className="muted">{R.previewIntro}</p>
          )}
          <ChangesView changes={mine.preview} />
          <ApplyForm intent={intent} values={mine.values} fp={mine.fingerprint} />
        </div>
      ) : null}
    </section>
  );
}

export default function Reorganise() {
  const { units } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as Result | undefined;
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t.reorg.title}</h1>
      <p className="muted">{t.reorg.intro}</p>
      {params.get("done") ? (
        <p className="alert alert--ok" role="status">
          {R.applied}
        </p>
      ) : null}
      <ReorgForm intent="rename" title={t.reorg.rename} r={r} dated={false}>
        {(v, e) => (
          <>
            <UnitSelect id="rename-unitId" name="unitId" label={t.reorg.unit} units={units} value={v.unitId} error={e.unitId} />
            <TextField id="rename-name" name="name" label={t.reorg.newName} value={v.name} error={e.name} />
          </>
        )}
      </ReorgForm>
      <ReorgForm intent="move" title={t.reorg.move} r={r}>
        {(v, e) => (
          <>
            <UnitSelect id="move-unitId" name="unitId" label={t.reorg.unit} units={units} value={v.unitId} error={e.unitId} />
            <UnitSelect id="move-parentId" name="parentId" label={t.reorg.newParent} units={units} value={v.parentId} error={e.parentId} />
          </>
        )}
      </ReorgForm>
      <ReorgForm intent="merge" title={t.reorg.merge} r={r}>
        {(v, e) => (
          <>
            <UnitChecklist id="merge-unitIds" units={units} selected={v.unitIds} error={e.unitIds} />
            <TextField id="merge-name" name="name" label={t.reorg.newName} value={v.name} error={e.name} />
            <TextField id="merge-code" name="code" label={t.reorg.code} value={v.code} error={e.code} />
          </>
        )}
      </ReorgForm>
      <ReorgForm intent="split" title={t.reorg.split} r={r}>
        {(v, e) => (
          <>
            <UnitSelect id="split-unitId" name="unitId" label={t.reorg.unit} units={units} value={v.unitId} error={e.unitId} />
            <fieldset className="stack" aria-describedby={e.parts ? "split-parts-error" : undefined}>
              <legend>{R.partsLegend}</legend>
              <p className="muted">{R.partsHint}</p>
              <input type="hidden" name="rows" value={v.rows} />
              {Array.from({ length: v.rows }, (_, i) => {
                const p = v.parts[i] ?? { name: "", code: "", kind: "", staff: "" };
                const n = formatNumber(i + 1);
                const f = (k: string) => `parts.${i}.${k}`;
                const id = (k: string) => `split-${i}-${k}`;
                return (
                  <div className="split-row" key={i} data-testid={`split-row-${i}`}>
                    <TextField id={id("name")} name={f("name")} label={R.partName(n)} value={p.name} error={e[f("name")]} />
                    <TextField id={id("code")} name={f("code")} label={R.partCode(n)} value={p.code} error={e[f("code")]} />
                    <div className="field">
                      <label htmlFor={id("kind")}>{R.partKind(n)}</label>
                      <select id={id("kind")} name={f("kind")} defaultValue={p.kind} {...invalid(id("kind"), e[f("kind")])}>
                        <option value="">{R.sameKind}</option>
                        {PART_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {t.unitKinds[k]}
                          </option>
                        ))}
                      </select>
                      <FieldError id={id("kind")} message={e[f("kind")]} />
                    </div>
                    <TextField id={id("staff")} name={f("staff")} label={R.partStaff(n)} value={p.staff} error={e[f("staff")]} />
                  </div>
                );
              })}
              <FieldError id="split-parts" message={e.parts} />
              {v.rows < ROWS_MAX ? (
                <div>
                  <button type="submit" name="addRow" value="1" className="button button--secondary">
                    {R.addRow}
                  </button>
                </div>
              ) : null}
            </fieldset>
          </>
        )}
      </ReorgForm>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
