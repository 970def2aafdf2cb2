// /admin/mail (issue 16 item 4, docs/decisions/0028): whether e-mail is on and why, the outbox by status,
// failed messages with the SMTP server's answer, recent messages, and on the demo database what the
// catch-all received.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { MAIL_STATUSES } from "~/db/schema.shared";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { isMailKind } from "~/mail/kinds";
import { failedMail, mailCounts, recentMail } from "~/mail/outbox.server";
import { caughtMail, mailState } from "~/mail/runner.server";

export const meta: MetaFunction = () => [{ title: `${t.mail.title} · ${t.app.name}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const state = mailState();
  return {
    state,
    counts: await mailCounts(),
    failed: await failedMail(),
    recent: await recentMail(),
    caught: state.mode === "catch-all" ? caughtMail() : null,
  };
}

const kindLabel = (kind: string) => (isMailKind(kind) ? t.mail.kinds[kind] : kind);

export default function AdminMail() {
  const { state, counts, failed, recent, caught } = useLoaderData<typeof loader>();
  const status =
    state.mode === "smtp"
      ? t.mail.on
      : state.mode === "catch-all"
        ? t.mail.onCatchAll(String(state.port))
        : state.mode === "off"
          ? t.mail.off
          : t.mail.offStarting;
  return (
    <div className="stack">
      <h1>{t.mail.title}</h1>
      <p className="muted">{t.mail.intro}</p>
      <p className={state.mode === "smtp" || state.mode === "catch-all" ? "alert alert--ok" : "alert alert--info"} data-testid="mail-state">
        {status}
      </p>

      <section className="card" aria-labelledby="counts-title">
        <h2 id="counts-title">{t.mail.counts}</h2>
        <ul data-testid="mail-counts">
          {MAIL_STATUSES.map((s) => (
            <li key={s}>
              {t.mail.statuses[s]}: <strong>{formatNumber(counts[s])}</strong>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="failed-title">
        <h2 id="failed-title">{t.mail.failed}</h2>
        {failed.length === 0 ? (
          <p className="muted">{t.mail.noFailed}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="mail-failed">
              <thead>
                <tr>
                  <th scope="col">{t.mail.when}</th>
                  <th scope="col">{t.mail.to}</th>
                  <th scope="col">{t.mail.subject}</th>
                  <th scope="col">{t.mail.attempts}</th>
                  <th scope="col">{t.mail.answer}</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((m) => (
                  <tr key={m.id}>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>{m.address}</td>
                    <td>{m.subject}</td>
                    <td>{formatNumber(m.attempts)}</td>
                    <td>
                      <code>{m.lastAnswer}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t.mail.recent}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t.mail.noRecent}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="mail-recent">
              <thead>
                <tr>
                  <th scope="col">{t.mail.when}</th>
                  <th scope="col">{t.mail.to}</th>
                  <th scope="col">{t.mail.kind}</th>
                  <th scope="col">{t.mail.subject}</th>
                  <th scope="col">{t.mail.status}</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((m) => (
                  <tr key={m.id}>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>{m.address}</td>
                    <td>{kindLabel(m.kind)}</td>
                    <td>{m.subject}</td>
                    <td>
                      {t.mail.statuses[m.status]}
                      {m.status === "pending" && m.attempts > 0 ? (
                        <span className="muted">
                          {" "}
                          · {t.mail.nextAttempt} {formatDateTime(m.nextAttemptAt)}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {caught ? (
        <section aria-labelledby="caught-title">
          <h2 id="caught-title">{t.mail.received}</h2>
          <p className="muted">{t.mail.receivedIntro}</p>
          {caught.length === 0 ? (
            <p className="muted">{t.mail.noReceived}</p>
          ) : (
            <ul className="stack" data-testid="mail-caught">
              {caught.map((m) => (
                <li key={m.messageId + m.at} className="card">
                  <p>
                    <strong>{m.subject}</strong>
                  </p>
                  <p className="muted">
                    {t.mail.to}: {m.to} · {formatDateTime(m.at)}
                  </p>
                  <pre className="mail-text">{m.text}</pre>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}

export { ErrorBoundary } from "~/ui/error-boundary";
