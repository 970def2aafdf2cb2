// The one date field: a text box typed the Vietnamese way, dd/mm/yyyy, whatever the browser's
// language (an <input type="date"> shows mm/dd/yyyy in an English browser). The server parses it with
// app/i18n/dates.ts (dd/mm/yyyy, d/m/yyyy, ISO); the pattern is only a hint to the browser.
import { DAY_PATTERN, dayForField } from "~/i18n/dates";
import { t } from "~/i18n/vi";

export function DateField({
  name,
  label,
  id = name,
  defaultValue,
  error,
  hint = t.inputs.dateHint,
}: {
  name: string;
  label: string;
  id?: string;
  /** ISO "yyyy-mm-dd" (shown as dd/mm/yyyy) or what the person typed, shown again as typed. */
  defaultValue?: string | null;
  error?: string | null;
  hint?: string;
}) {
  const describedBy = [error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(" ");
  return (
    <div className="field date-field">
      <label htmlFor={id}>{label}</label>
      <input
        // A new value from the server (a GET form submitted, then re-rendered) replaces what the box holds.
        key={dayForField(defaultValue)}
        id={id}
        name={name}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t.inputs.datePlaceholder}
        pattern={DAY_PATTERN}
        title={t.inputs.dateHint}
        maxLength={20}
        size={12}
        defaultValue={dayForField(defaultValue)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-date-field=""
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <p className="muted field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
