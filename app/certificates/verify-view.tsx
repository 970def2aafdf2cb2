// The public check's form and result (issue 17 items 3 and 7): works without JavaScript (a GET form),
// at 360 px, and shows the name, course, date, unit and status — nothing else about the person.
import { Form } from "@remix-run/react";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

export type VerifyFormErrors = { number?: string; code?: string };

/** One labelled text box with its hint, and its error (announced) when there is one. */
function TextField(p: { id: string; name: string; label: string; hint: string; value: string; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.name}
        defaultValue={p.value}
        autoComplete="off"
        aria-describedby={p.error ? `${p.id}-error` : `${p.id}-hint`}
        aria-invalid={p.error ? true : undefined}
      />
      <p id={`${p.id}-hint`} className="muted">
        {p.hint}
      </p>
      {p.error ? (
        <p id={`${p.id}-error`} className="field-error" role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

export function VerifyForm({ number, code, errors }: { number: string; code: string; errors: VerifyFormErrors }) {
  return (
    <Form method="get" action="/verify" noValidate className="stack">
      <TextField
        id="verify-number"
        name="number"
        label={t.certificates.verifyNumber}
        hint={t.certificates.verifyNumberHint}
        value={number}
        error={errors.number}
      />
      <TextField
        id="verify-code"
        name="code"
        label={t.certificates.verifyCode}
        hint={t.certificates.verifyCodeHint}
        value={code}
        error={errors.code}
      />
      <button type="submit" className="button">
        {t.certificates.verifySubmit}
      </button>
    </Form>
  );
}

export type VerifyResult = {
  number: string;
  fullName: string;
  courseTitle: string;
  versionNumber: number;
  completedOn: string;
  unitName: string;
  status: "valid" | "revoked" | "unregistered";
  revokedReason: string | null;
  revokedAt: string | null;
};

export function VerifyResultCard({ result }: { result: VerifyResult }) {
  const status =
    result.status === "valid"
      ? t.certificates.statusValid
      : result.status === "revoked"
        ? t.certificates.statusRevoked
        : t.certificates.statusUnregistered;
  return (
    <section className="card" aria-labelledby="verify-result" data-testid="verify-result">
      <h2 id="verify-result">
        {t.certificates.numberLabel} {result.number}
      </h2>
      <dl className="facts">
        <dt>{t.certificates.statusLabel}</dt>
        <dd>
          <strong className={result.status === "revoked" ? "status status--overdue" : "status status--done"} data-testid="verify-status">
            {status}
          </strong>
        </dd>
        {result.status === "revoked" ? (
          <>
            <dt>{t.certificates.revokedReason}</dt>
            <dd data-testid="verify-reason">{result.revokedReason}</dd>
            {result.revokedAt ? (
              <>
                <dt>{t.certificates.revokedOn}</dt>
                <dd>{formatDate(result.revokedAt)}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>{t.certificates.nameLabel}</dt>
        <dd data-testid="verify-name">{result.fullName}</dd>
        <dt>{t.certificates.courseLabel}</dt>
        <dd>
          {result.courseTitle} ({t.certificates.versionLabel} {formatNumber(result.versionNumber)})
        </dd>
        <dt>{t.certificates.dateLabel}</dt>
        <dd>{formatDate(result.completedOn)}</dd>
        <dt>{t.certificates.unitLabel}</dt>
        <dd>{result.unitName}</dd>
      </dl>
      <p className="muted">{t.certificates.signatureChecked}</p>
    </section>
  );
}
