// A unit picker: the whole tree in a <select> while it is small, a typed name or code at national
// scale (app/units/unit-picker.server.ts, docs/decisions/0050). The text field works without
// JavaScript (the server resolves what was typed, or says why it could not); with it, a few lines of
// inline script fetch suggestions from /admin/units/suggest into a native <datalist> as one types. No
// React in the browser: the pages using it ship no runtime (decision 0049).
import { t } from "~/i18n/vi";
import { InlineScript } from "~/ui/inline-script";
import { UnitOptions, type UnitOption } from "./unit-options";

export type UnitPickerData = { mode: "select"; units: UnitOption[] } | { mode: "search" };

type Props = {
  id: string;
  /** The field's name: a <select> posts the id under it, a text field posts the text under `<name>Text`. */
  name: string;
  picker: UnitPickerData;
  /** The unit chosen so far: its id for a <select>, its label ("Name (CODE)") for a text field. */
  chosen?: { id: number | string; label: string } | null;
  /** Text typed that did not resolve, shown back as it was. */
  typed?: string | null;
  placeholder?: string;
  withCode?: boolean;
  /** The field's message: shown under it (id `<id>-error`), which the field is described by. */
  error?: string | null;
};

export function UnitPicker(props: Props) {
  const { id, name, picker, chosen, placeholder, withCode, error } = props;
  return (
    <>
      {picker.mode === "select" ? (
        <select
          id={id}
          name={name}
          defaultValue={chosen ? String(chosen.id) : ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          <UnitOptions units={picker.units} placeholder={placeholder} withCode={withCode} />
        </select>
      ) : (
        <UnitSearch {...props} />
      )}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Fills the datalist of the text field with suggestions, 200 ms after the last key; a chosen label ("… (CODE)") asks nothing. */
const SUGGEST = `function (o) {
  var input = document.getElementById(o.id), list = document.getElementById(o.list), wait;
  if (!input || !list || !window.fetch) return;
  input.addEventListener("input", function () {
    clearTimeout(wait);
    var v = input.value.trim();
    if (v.length < 2 || /\\([^()\\s]+\\)\\s*$/.test(v)) return;
    wait = setTimeout(function () {
      fetch(o.url + "?q=" + encodeURIComponent(v), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (d) {
          list.textContent = "";
          d.suggestions.forEach(function (s) { var option = document.createElement("option"); option.value = s.label; list.appendChild(option); });
        })
        .catch(function () {});
    }, 200);
  });
}`;

function UnitSearch({ id, name, chosen, typed, error }: Props) {
  const listId = `${id}-suggestions`;
  const hintId = `${id}-hint`;
  return (
    <>
      <input
        id={id}
        name={`${name}Text`}
        type="text"
        defaultValue={typed ?? chosen?.label ?? ""}
        list={listId}
        autoComplete="off"
        maxLength={200}
        placeholder={t.unitPicker.placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${id}-error` : hintId}
      />
      <datalist id={listId} />
      <p className="muted field-hint" id={hintId}>
        {t.unitPicker.hint}
      </p>
      <InlineScript code={SUGGEST} options={{ id, list: listId, url: "/admin/units/suggest" }} />
    </>
  );
}
