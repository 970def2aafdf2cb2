import { Link } from "@remix-run/react";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type HistoryRow = {
  token: string;
  number: number;
  status: "open" | "graded" | "expired";
  startedAt: string;
  durationSeconds: number | null;
  score: number | null;
  passed: boolean | null;
};

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? t.quiz.minutes(formatNumber(m), formatNumber(s)) : t.quiz.seconds(formatNumber(s));
}

export function AttemptHistory({ slug, attempts }: { slug: string; attempts: HistoryRow[] }) {
  if (attempts.length === 0) return <p className="muted">{t.quiz.noAttempts}</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table data-testid="attempt-history">
        <thead>
          <tr>
            <th scope="col">{t.quiz.attempt}</th>
            <th scope="col">{t.quiz.startedAt}</th>
            <th scope="col">{t.quiz.duration}</th>
            <th scope="col" className="num">
              {t.quiz.score}
            </th>
            <th scope="col">{t.quiz.result}</th>
            <th scope="col">
              <span className="visually-hidden">{t.quiz.view}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.token}>
              <td>{formatNumber(a.number)}</td>
              <td>{formatDateTime(a.startedAt)}</td>
              <td>{a.durationSeconds !== null ? formatDuration(a.durationSeconds) : "—"}</td>
              <td className="num">{a.score !== null ? `${formatNumber(a.score)}%` : "—"}</td>
              <td>
                {a.status === "open" ? (
                  <span className="status status--started">{t.quiz.inProgress}</span>
                ) : a.status === "expired" ? (
                  <span className="status status--todo">{t.quiz.expired}</span>
                ) : a.passed ? (
                  <span className="status status--done">{t.quiz.passed}</span>
                ) : (
                  <span className="status status--failed">{t.quiz.failed}</span>
                )}
              </td>
              <td>
                <Link to={`/courses/${slug}/quiz/${a.token}`}>
                  {t.quiz.view} <span className="visually-hidden">{`${t.quiz.attempt} ${a.number}`}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
