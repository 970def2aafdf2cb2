// "Khóa học được giao" on the learner's home (issue 15 item 3): each assigned course with its due day
// and its state in words and a marker (never colour alone), the overdue and nearest first; a link to
// the .ics calendar of the due days.
import { Link } from "@remix-run/react";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { dueState, dueText, type AssignedCourse } from "./due-state";

const MARKERS = { done: "✓", overdue: "⚠", dueToday: "⏰", open: "◷", noDue: "○" } as const;

export function DueStatus({ course }: { course: Pick<AssignedCourse, "completedOn" | "days"> }) {
  const state = dueState(course);
  return (
    <span className={`due-state due-state--${state}`} data-due-state={state}>
      <span aria-hidden="true">{MARKERS[state]} </span>
      {dueText(course)}
    </span>
  );
}

export function AssignedCourses({ courses }: { courses: AssignedCourse[] }) {
  const A = t.assignments;
  const L = t.assignmentsLearner;
  return (
    <section className="card assigned" aria-labelledby="assigned" data-testid="assigned-courses">
      <h2 id="assigned">{A.mine}</h2>
      {courses.length === 0 ? (
        <p>{A.mineNone}</p>
      ) : (
        <>
          <p className="muted">{L.mineIntro}</p>
          <ul className="assigned__list">
            {courses.map((c) => (
              <li key={c.assignmentId} className="assigned__item" data-course={c.slug}>
                <Link to={`/courses/${c.slug}`} className="assigned__title">
                  {c.title}
                </Link>
                <span className="assigned__due">
                  {c.days === null ? null : <>{L.dueLine(formatDate(c.dueOn))} · </>}
                  <DueStatus course={c} />
                </span>
              </li>
            ))}
          </ul>
          <p className="assigned__calendar">
            <a href="/my/assignments.ics" download={L.calendarFile} data-testid="calendar-link">
              {A.calendar}
            </a>
            <br />
            <span className="muted">{L.calendarHint}</span>
          </p>
        </>
      )}
    </section>
  );
}
