// "Nhắc người quá hạn" (issue 16 item 3, docs/decisions/0031): the confirmation page (GET) and the
// send (POST) for one unit and assignment. Works without JavaScript: a plain page with a Remix <Form>.
// Scoped like every report route (requireReportUnit: 403 outside the viewer's subtree).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { reminderSentToday, sendUnitReminder, type ReminderResult } from "~/mail/unit-reminder.server";
import { assignmentCounts, reportAssignment } from "~/reports/assignment-report.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { NO_COUNTS } from "~/reports/assignment-counts.server";
import { badRequest, readForm } from "~/ui/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? t.digest.remindTitle(data.assignment.courseTitle, data.unit.name) : t.digest.remindButton} · ${t.app.name}` },
];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const access = await requireReportUnit(request, params.unitId);
  const assignment = await reportAssignment(Number(params.assignmentId));
  if (!assignment) throw new Response(t.errors.notFound, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return { ...access, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, assignment } = await load(request, params);
  const [counts, sent] = await Promise.all([assignmentCounts([unit.id], [assignment.id], null), reminderSentToday(unit.id, assignment.id)]);
  return {
    unit: { id: unit.id, name: unit.name },
    assignment,
    overdue: (counts.get(unit.id)?.get(assignment.id) ?? NO_COUNTS).overdue,
    sent,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, unit, assignment } = await load(request, params);
  // Only the confirmation's own button sends: any other post (a junk form) is a Vietnamese 400.
  if ((await readForm(request)).get("intent") !== "remind") badRequest();
  const result: ReminderResult = await sendUnitReminder(user.id, unit, assignment);
  return data({ result }, { status: result.kind === "already" ? 409 : 200 });
}

function ResultMessage({ result }: { result: ReminderResult }) {
  const D = t.digest;
  switch (result.kind) {
    case "sent":
      return (
        <div className="alert alert--ok" role="status" data-testid="reminder-result">
          <p>{D.remindSent(formatNumber(result.queued))}</p>
          {result.noAddress > 0 ? <p>{D.remindNoAddress(formatNumber(result.noAddress))}</p> : null}
        </div>
      );
    case "already":
      return (
        <p className="alert" role="alert" data-testid="reminder-result">
          {D.remindAlready(formatDateTime(result.at), result.by ?? D.remindSomeone)}
        </p>
      );
    case "nobody":
      return (
        <p className="alert alert--info" role="status" data-testid="reminder-result">
          {D.remindNobody}
        </p>
      );
    case "withdrawn":
      return (
        <p className="alert" role="alert" data-testid="reminder-result">
          {D.remindWithdrawn}
        </p>
      );
  }
}

export default function RemindPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const D = t.digest;
  const back = `/reports/${d.unit.id}/assignments/${d.assignment.id}`;
  const canSend = !r && !d.sent && d.overdue > 0 && d.assignment.status === "active";
  return (
    <div className="stack">
      <p>
        <Link to={back}>← {D.remindCancel}</Link>
      </p>
      <h1>{D.remindTitle(d.assignment.courseTitle, d.unit.name)}</h1>
      {r ? <ResultMessage result={r.result} /> : null}
      {!r && d.sent ? <ResultMessage result={{ kind: "already", ...d.sent }} /> : null}
      {!r && !d.sent && d.overdue === 0 ? <ResultMessage result={{ kind: "nobody" }} /> : null}
      {!r && d.assignment.status !== "active" ? <ResultMessage result={{ kind: "withdrawn" }} /> : null}
      {canSend ? (
        <Form method="post" className="stack" data-testid="reminder-form">
          <p>{D.remindConfirm(formatNumber(d.overdue), d.unit.name)}</p>
          <p className="muted">{D.remindRule}</p>
          <div className="actions">
            <button type="submit" className="button" name="intent" value="remind">
              {D.remindSend}
            </button>
            <Link to={back}>{D.remindCancel}</Link>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
