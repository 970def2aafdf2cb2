import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { MAX_NOTE, type EditValues } from "~/assignments/assignment-form";
import { readEditForm, requireAssigner } from "~/assignments/assignment-form.server";
import {
  AssignmentError,
  assignmentHistory,
  editAssignment,
  getAssignment,
  withdrawAssignment,
  type Actor,
  type HistoryEntry,
} from "~/assignments/assignments.server";
import { AudienceSummary, rangeText } from "~/assignments/assignment-view";
import { NO_DUE_DAY } from "~/db/schema.shared";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { DateField } from "~/ui/date-field";
import { readForm, type FieldErrors } from "~/ui/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assignment.courseTitle ?? t.assignments.title} · ${t.assignments.title} · ${t.app.name}` },
];

const notFound = (): never => {
  throw new Response(t.assignments.errors.notFound, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
};

/** The assignment, when it exists and this actor may see it; otherwise 404 (ids of other scopes are not probed). */
async function load(actor: Actor, param: string | undefined) {
  const id = positiveId(param);
  const found = id !== null ? await getAssignment(actor, id) : undefined;
  return found ?? notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, root } = await requireAssigner(request);
  const a = await load(actor, params.assignmentId);
  // The report opens at the first current unit of the audience (inside the viewer's scope, or the
  // assignment would not be listed), else at the top of what the viewer sees.
  const reportUnit = a.units.find((u) => u.current)?.id ?? root.id;
  return { assignment: a, history: await assignmentHistory(a.id), reportUrl: `/reports/${reportUnit}/assignments/${a.id}` };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireAssigner(request);
  const a = await load(actor, params.assignmentId);
  const form = await readForm(request);
  const fail = (errors: FieldErrors, values: EditValues | null) => data({ errors, values }, { status: 400 });
  switch (form.get("intent")) {
    case "edit": {
      const read = readEditForm(form);
      if (!read.next) return fail(read.errors, read.values);
      try {
        await editAssignment(actor, a.id, read.next);
      } catch (error) {
        if (!(error instanceof AssignmentError)) throw error;
        return fail({ [error.field]: error.message }, read.values);
      }
      return redirect(`/assignments/${a.id}?saved=1`);
    }
    case "withdraw": {
      try {
        await withdrawAssignment(actor, a.id);
      } catch (error) {
        if (!(error instanceof AssignmentError)) throw error;
        return fail({ _form: error.message }, null);
      }
      return redirect("/assignments?withdrawn=1");
    }
  }
  throw new Response(t.errors.badRequest, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function snapshotText(s: Partial<{ startOn: string; dueOn: string; graceDays: number; note: string }> | null): string {
  if (!s || !s.startOn || !s.dueOn) return "—";
  return t.assignmentForms.snapshot(rangeText({ startOn: s.startOn, dueOn: s.dueOn }), formatNumber(s.graceDays ?? 0), s.note ?? "");
}

function FieldError({ name, errors }: { name: string; errors: FieldErrors }) {
  return errors[name] ? (
    <p className="field-error" id={`${name}-error`}>
      {errors[name]}
    </p>
  ) : null;
}

export default function AssignmentPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: FieldErrors = r?.errors ?? {};
  const a = d.assignment;
  const A = t.assignments;
  const F = t.assignmentForms;
  const v: EditValues = r?.values ?? {
    startOn: a.startOn,
    dueOn: a.dueOn === NO_DUE_DAY ? "" : a.dueOn,
    graceDays: String(a.graceDays),
    note: a.note,
  };
  const confirming = params.get("withdraw") === "1" && a.status !== "withdrawn";
  return (
    <div className="stack">
      <p>
        <Link to="/assignments">{F.back}</Link>
      </p>
      <h1>{a.courseTitle}</h1>
      {params.get("created") ? (
        <p className="alert alert--ok" role="status">
          {A.created}
        </p>
      ) : null}
      {params.get("saved") ? (
        <p className="alert alert--ok" role="status">
          {A.saved}
        </p>
      ) : null}
      {errors._form ? (
        <p className="alert" role="alert" data-testid="form-error">
          {errors._form}
        </p>
      ) : null}
      <section className="card">
        <dl data-testid="assignment-facts">
          <dt>{A.status}</dt>
          <dd data-testid="assignment-status">{A.statuses[a.status]}</dd>
          <dt>{A.audience}</dt>
          <dd>
            {a.units.length + a.people.length > 0 ? <AudienceSummary a={a} /> : null}
            {a.positions.length + a.roles.length === 0 ? <div className="muted">{F.everyone}</div> : null}
            {a.fromMandatory ? <div className="muted">{A.fromMandatory}</div> : null}
          </dd>
          {a.people.length > 0 ? (
            <>
              <dt>{F.peopleLabel}</dt>
              <dd>{a.people.map((p) => p.name).join(", ")}</dd>
            </>
          ) : null}
          <dt>{A.dates}</dt>
          <dd data-testid="assignment-dates">
            {rangeText(a)}; {A.graceText(formatNumber(a.graceDays))}
          </dd>
          <dt>{A.members}</dt>
          <dd data-testid="assignment-members">{formatNumber(a.members)}</dd>
          <dt>{F.note}</dt>
          <dd>{a.note || F.noNote}</dd>
        </dl>
        <p>
          <Link to={d.reportUrl} className="button button--secondary">
            {A.report}
          </Link>
        </p>
      </section>

      {a.status === "withdrawn" ? (
        <p className="alert alert--info" role="status">
          {F.withdrawnNote}
        </p>
      ) : (
        <Form
          method="post"
          className="card"
          noValidate
          key={JSON.stringify([a.startOn, a.dueOn, a.graceDays, a.note])}
          data-testid="edit-assignment"
        >
          <h2>{F.editTitle}</h2>
          {a.status === "building" ? <p className="muted">{F.buildingNote}</p> : null}
          <input type="hidden" name="intent" value="edit" />
          <DateField name="startOn" label={A.startOn} defaultValue={v.startOn} error={errors.startOn} />
          <DateField name="dueOn" label={A.dueOn} defaultValue={v.dueOn} error={errors.dueOn} hint={F.dueHint} />
          <div className="field">
            <label htmlFor="graceDays">{A.graceDays}</label>
            <input
              id="graceDays"
              name="graceDays"
              inputMode="numeric"
              maxLength={3}
              size={5}
              defaultValue={v.graceDays}
              aria-invalid={errors.graceDays ? true : undefined}
              aria-describedby={errors.graceDays ? "graceDays-error graceDays-hint" : "graceDays-hint"}
            />
            <FieldError name="graceDays" errors={errors} />
            <p className="muted field-hint" id="graceDays-hint">
              {F.graceHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor="note">{A.note}</label>
            <textarea
              id="note"
              name="note"
              rows={2}
              maxLength={MAX_NOTE}
              defaultValue={v.note}
              aria-invalid={errors.note ? true : undefined}
              aria-describedby={errors.note ? "note-error note-hint" : "note-hint"}
            />
            <FieldError name="note" errors={errors} />
            <p className="muted field-hint" id="note-hint">
              {F.noteHint(String(MAX_NOTE))}
            </p>
          </div>
          <button type="submit" className="button">
            {A.saveEdit}
          </button>
        </Form>
      )}

      {a.status !== "withdrawn" ? (
        <section className="card" id="withdraw" data-testid="withdraw">
          {confirming ? (
            <>
              <h2>{F.withdrawTitle}</h2>
              <p>{A.withdrawConfirm}</p>
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <button type="submit" className="button">
                    {F.withdrawYes}
                  </button>
                </Form>
                <Link to={`/assignments/${a.id}`} className="button button--secondary">
                  {F.withdrawNo}
                </Link>
              </div>
            </>
          ) : (
            <Link to={`/assignments/${a.id}?withdraw=1#withdraw`} className="button button--secondary">
              {A.withdraw}
            </Link>
          )}
        </section>
      ) : null}

      <section className="card">
        <h2>{A.history}</h2>
        {d.history.length === 0 ? (
          <p>{F.historyNone}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="assignment-history">
              <thead>
                <tr>
                  <th scope="col">{A.at}</th>
                  <th scope="col">{A.by}</th>
                  <th scope="col">{A.change}</th>
                  <th scope="col">{A.before}</th>
                  <th scope="col">{A.after}</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h: HistoryEntry, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(h.at)}</td>
                    <td>{h.by ?? "—"}</td>
                    <td>{A.changes[h.change] ?? h.change}</td>
                    <td>{snapshotText(h.before)}</td>
                    <td>{snapshotText(h.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
