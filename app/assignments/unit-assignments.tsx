// The manager's (and administrator's) home, first (issue 15 item 6): the assignments in the units
// they manage, each with its due day, its overdue count and links to the report.
import { Link } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { DueStatus } from "./assigned-courses";
import type { UnitAssignmentLine } from "./home.server";

export function UnitAssignments({ unitName, lines }: { unitName: string; lines: UnitAssignmentLine[] }) {
  const A = t.assignments;
  const L = t.assignmentsLearner;
  return (
    <section className="card unit-assignments" aria-labelledby="unit-assignments" data-testid="unit-assignments">
      <h2 id="unit-assignments">{L.managerTitle}</h2>
      {lines.length === 0 ? (
        <p>{A.noneInScope}</p>
      ) : (
        <>
          <p className="muted">{L.managerIntro(unitName)}</p>
          <ul className="assigned__list">
            {lines.map((a) => (
              <li key={a.id} className="assigned__item" data-assignment={a.id}>
                <Link to={a.reportUrl} className="assigned__title">
                  {a.courseTitle}
                </Link>
                {a.note ? <span className="muted">{a.note}</span> : null}
                <span className="assigned__due">
                  {a.dueOn === null ? null : <>{L.dueOn(formatDate(a.dueOn))} · </>}
                  <DueStatus course={{ completedOn: null, days: a.days }} />
                </span>
                <span>
                  {L.assignedCount(formatNumber(a.assigned))} · {L.doneCount(formatNumber(a.done), formatPercent(a.rate))} ·{" "}
                  {a.overdue > 0 ? (
                    <Link to={a.overdueUrl} className="overdue-count" data-testid="overdue-count">
                      <span aria-hidden="true">⚠ </span>
                      {A.overdueCount(formatNumber(a.overdue))}
                    </Link>
                  ) : (
                    <span data-testid="overdue-count">{L.noOverdue}</span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
