import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { positiveId } from "~/ui/params.server";
import { audit } from "~/audit/log.server";
import { requireOfficialAccess } from "~/auth/permissions.server";
import { certificatesOf } from "~/certificates/certificates.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import { personCourses } from "~/reports/people.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { getOfficial } from "~/people/officials.server";
import { parseDay } from "~/reports/query.server";
import { wasMemberWithin } from "~/reports/people.server";
import { courseActivity, personAssignments } from "~/reports/person.server";
import { dueText } from "~/assignments/due-state";
import { vnToday } from "~/i18n/time";
import { getUnit, isWithin } from "~/units/tree.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.official.fullName ?? ""} · ${t.app.name}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const officialId = positiveId(params.officialId);
  if (officialId === null) throw new Response("Not Found", { status: 404 });
  // From a list "as of" a date: the person was in the report's unit (which the viewer may see) on
  // that date, even if they have moved since (or the unit has closed), so the viewer may read them.
  const asOf = parseDay(new URL(request.url).searchParams.get("asOf")).day;
  const historic = asOf ? await getOfficial(officialId) : undefined;
  const official = historic && (await wasMemberWithin(historic.id, unit, asOf!)) ? historic : await requireOfficialAccess(user, officialId);
  const home = (await getUnit(official.unitId))!;
  // The official must be inside the report's unit too: no reading someone through another unit's URL.
  if (official !== historic && !isWithin(unit, home)) throw new Response("Forbidden", { status: 403 });
  // Who opened whose personal record (issue 20 item 4).
  await audit(user.id, "official.view", "official", official.staffCode, asOf ? { asOf } : null);
  return {
    unit: { id: unit.id, name: unit.name },
    asOf: official === historic ? asOf : null,
    official: { fullName: fullName(official), staffCode: official.staffCode, position: official.position, unitName: home.name },
    courses: await withActivity(official.id),
    // Assignments today (not "as of" a past day: the state is the person's now).
    assignments: official === historic ? [] : await personAssignments(official.id, vnToday()),
    // Their certificates, to download (the download checks the same scope); not for someone seen only "as of" a past day.
    certificates: official === historic ? [] : await certificatesOf(official.id),
  };
}

/** The courses' status with each course's lessons, attempts and last activity beside it (issue 20 item 8). */
async function withActivity(officialId: number) {
  const activity = await courseActivity(officialId);
  return (await personCourses(officialId)).map((c) => ({ ...c, activity: activity.get(Number(c.id)) ?? null }));
}

export default function OfficialReport() {
  const { unit, official, courses, asOf, certificates, assignments } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/reports/${unit.id}/officials${asOf ? `?asOf=${asOf}` : ""}`}>← {t.reports.peopleOf(unit.name)}</Link>
      </p>
      <h1>{official.fullName}</h1>
      <p>
        {official.staffCode} · {official.position} · {official.unitName}
      </p>
      <h2>{t.reports.officialCourses}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="official-courses">
          <thead>
            <tr>
              <th scope="col">{t.reports.course}</th>
              <th scope="col">{t.reports.status}</th>
              <th scope="col">{t.reports.startedOn}</th>
              <th scope="col">{t.reports.completedOn}</th>
              <th scope="col" className="num">
                {t.reports.bestScore}
              </th>
              <th scope="col" className="num">
                {t.personPage.lessons}
              </th>
              <th scope="col" className="num">
                {t.personPage.attempts}
              </th>
              <th scope="col">{t.personPage.lastAttempt}</th>
              <th scope="col">{t.personPage.lastActivity}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.title} {c.mandatory ? <span className="badge badge--mandatory">{t.catalogue.mandatory}</span> : null}
                </th>
                <td>
                  {c.completedAt ? (
                    <span className="status status--done">{t.reports.completed}</span>
                  ) : c.earlierCompletedAt ? (
                    <span className="status status--started">{t.reports.completedEarlier(formatDate(c.earlierCompletedAt))}</span>
                  ) : c.startedAt ? (
                    <span className="status status--started">{t.reports.inProgress}</span>
                  ) : (
                    <span className="status status--todo">{t.reports.notStarted}</span>
                  )}
                </td>
                <td>{c.startedAt ? formatDate(c.startedAt) : "—"}</td>
                <td>{c.completedAt ? formatDate(c.completedAt) : "—"}</td>
                <td className="num">{c.bestScore === null ? "—" : `${formatNumber(c.bestScore)}%`}</td>
                <td className="num" data-testid="lessons-done">
                  {c.activity ? t.personPage.lessonsOf(formatNumber(c.activity.lessonsDone), formatNumber(c.activity.lessonsTotal)) : "—"}
                </td>
                <td className="num">{c.activity ? formatNumber(c.activity.attempts) : "—"}</td>
                <td>
                  {c.activity?.lastAttemptAt
                    ? t.personPage.lastAttemptText(
                        formatDate(c.activity.lastAttemptAt),
                        c.activity.lastScore === null ? "—" : `${formatNumber(c.activity.lastScore)}%`,
                        c.activity.lastPassed ? t.personPage.passed : t.personPage.notPassed,
                      )
                    : "—"}
                </td>
                <td>{c.activity?.lastActivityAt ? formatDate(c.activity.lastActivityAt) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t.personPage.assignments}</h2>
      {assignments.length === 0 ? (
        <p>{asOf ? t.personPage.assignmentsNow : t.personPage.noAssignments}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="official-assignments">
            <thead>
              <tr>
                <th scope="col">{t.reports.course}</th>
                <th scope="col">{t.personPage.dueOn}</th>
                <th scope="col">{t.reports.status}</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.assignmentId}>
                  <th scope="row">{a.title}</th>
                  <td>{a.dueOn ? formatDate(a.dueOn) : t.assignments.noDue}</td>
                  <td>
                    <span className={`status status--${STATE_CLASS[a.state]}`}>{t.assignments.states[a.state]}</span>{" "}
                    <span className="muted">{dueText(a)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {certificates.length > 0 ? (
        <>
          <h2>{t.certificates.coursePageCertificate}</h2>
          <ul data-testid="official-certificates">
            {certificates.map((c) => (
              <li key={c.number}>
                {c.courseTitle} · {c.number} · {formatDate(c.completedOn)}
                {c.revokedAt ? ` · ${t.certificates.statusRevoked}` : ""} ·{" "}
                <a href={`/certificates/${c.number}.pdf`} download>
                  {t.certificates.downloadPdf}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

const STATE_CLASS: Record<string, string> = { onTime: "done", late: "done", inProgress: "started", notStarted: "todo", overdue: "todo" };

export { ErrorBoundary } from "~/ui/error-boundary";
