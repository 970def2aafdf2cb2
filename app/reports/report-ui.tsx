import { Link } from "@remix-run/react";
import { formatDate, formatNumber, formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import type { Figures, Target } from "./unit-report.server";

/** A rate bar that always shows its number too. */
export function RateBar({ rate, label }: { rate: number; label: string }) {
  return (
    <div className="progress">
      <div className="progress__bar" role="img" aria-label={`${label}: ${formatPercent(rate)}`}>
        <div className="progress__fill" style={{ width: `${Math.round(Math.min(1, rate) * 100)}%` }} />
      </div>
      <span className="progress__text" data-figure="rate">
        {formatPercent(rate)}
      </span>
    </div>
  );
}

/** Below target is marked with a sign and words, not by colour alone. */
export function TargetMark({ target, below }: { target: Target | null; below: boolean }) {
  if (!target) return <span className="muted">—</span>;
  const text = t.reports.targetText(formatPercent(target.rate), formatDate(target.dueDate));
  return below ? (
    <span className="target target--below">
      ⚠ {t.reports.belowTarget} <span className="muted">({text})</span>
    </span>
  ) : (
    <span className="target target--ok">
      ✓ {t.reports.onTarget} <span className="muted">({text})</span>
    </span>
  );
}

export function FiguresCells({ unitId, members, figures, search }: { unitId: number; members: number; figures: Figures; search: string }) {
  const link = (status?: string) => `/reports/${unitId}/officials${search}${status ? `${search ? "&" : "?"}status=${status}` : ""}`;
  return (
    <>
      <td className="num" data-figure="members">
        <Link to={link()}>{formatNumber(members)}</Link>
      </td>
      <td className="num" data-figure="not-started">
        <Link to={link("not-started")}>{formatNumber(figures.notStarted)}</Link>
      </td>
      <td className="num" data-figure="in-progress">
        <Link to={link("in-progress")}>{formatNumber(figures.inProgress)}</Link>
      </td>
      <td className="num" data-figure="completed">
        <Link to={link("completed")}>{formatNumber(figures.completed)}</Link>
      </td>
      {figures.overdue === null ? null : (
        <td className="num" data-figure="overdue">
          {formatNumber(figures.overdue)}
        </td>
      )}
      <td>
        <RateBar rate={figures.rate} label={t.reports.rate} />
      </td>
      <td className="num" data-figure="pass-rate">
        {figures.passRate === null ? "—" : formatPercent(figures.passRate)}
      </td>
    </>
  );
}

/** The course picker of report pages: one course, or all assignments ("mandatory" in the URL, as before). */
export function CourseSelect({ courses, selection }: { courses: { id: number; title: string }[]; selection: number | "mandatory" }) {
  return (
    <div className="field">
      <label htmlFor="course">{t.reports.course}</label>
      <select id="course" name="course" defaultValue={String(selection)}>
        <option value="mandatory">{t.reports.allMandatory}</option>
        {courses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}
