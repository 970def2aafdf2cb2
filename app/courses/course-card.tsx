import { Link } from "@remix-run/react";
import type { AssignedCourse } from "~/assignments/due-state";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { ProgressBar } from "~/ui/progress";

export type CourseCardData = {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  mandatory: boolean;
  tags: string[];
  lessonCount: number;
  doneCount: number;
  completedAt: string | null;
};

export function CourseStatus({ course }: { course: Pick<CourseCardData, "doneCount" | "completedAt"> }) {
  if (course.completedAt) return <span className="status status--done">{t.course.completed(formatDate(course.completedAt))}</span>;
  if (course.doneCount > 0) return <span className="status status--started">{t.course.inProgress}</span>;
  return <span className="status status--todo">{t.course.notStarted}</span>;
}

/** "Được giao · hạn 15/12/2026" (issue 15 item 3): the course is assigned to this learner. */
export function AssignedMark({ assigned }: { assigned: Pick<AssignedCourse, "dueOn" | "days"> }) {
  const L = t.assignmentsLearner;
  return (
    <span className="assigned-mark" data-testid="assigned-mark">
      <span aria-hidden="true">★ </span>
      {assigned.days === null ? L.catalogueMarkNoDue : L.catalogueMark(formatDate(assigned.dueOn))}
    </span>
  );
}

export function CourseCard({
  course,
  headingLevel = 2,
  assigned,
}: {
  course: CourseCardData;
  headingLevel?: 2 | 3;
  /** The learner's assignment of this course, if any. */
  assigned?: Pick<AssignedCourse, "dueOn" | "days"> | undefined;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="card course-card" data-course={course.slug}>
      <p>
        <span className={`badge ${course.mandatory ? "badge--mandatory" : "badge--optional"}`}>
          {course.mandatory ? t.catalogue.mandatory : t.catalogue.optional}
        </span>{" "}
        <span className="muted">
          {t.catalogue.lessons(formatNumber(course.lessonCount))} · {t.catalogue.minutes(formatNumber(course.minutes))}
        </span>
      </p>
      {assigned ? (
        <p>
          <AssignedMark assigned={assigned} />
        </p>
      ) : null}
      <Heading>
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
      </Heading>
      <p>{course.summary}</p>
      <ProgressBar
        done={course.doneCount}
        total={course.lessonCount}
        label={`${t.course.progressLabel}: ${course.title}`}
        text={t.course.progress(formatNumber(course.doneCount), formatNumber(course.lessonCount))}
      />
      <p>
        <CourseStatus course={course} />
      </p>
      {course.tags.length > 0 ? (
        <p>
          {course.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </p>
      ) : null}
    </article>
  );
}
