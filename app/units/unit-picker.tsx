// A unit picker: the whole tree in a <select> while it is small, a typed name or code at national
// scale (app/units/unit-picker.server.ts, docs/decisions/0050). The text field works without
// JavaScript (the server resolves what was typed, or says why it could not); with it, suggestions
// come from /admin/units/suggest into a native <datalist> as one types.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { t } from "~/i18n/vi";
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
  invalid?: boolean;
  describedBy?: string;
};

export function UnitPicker(props: Props) {
  const { id, name, picker, chosen, placeholder, withCode, invalid, describedBy } = props;
  if (picker.mode === "select")
    return (
      <select
        id={id}
        name={name}
        defaultValue={chosen ? String(chosen.id) : ""}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
      >
        <UnitOptions units={picker.units} placeholder={placeholder} withCode={withCode} />
      </select>
    );
  // A new chosen unit or typed text (a GET form's next page) starts the field again.
  return <UnitSearch key={props.typed ?? chosen?.label ?? ""} {...props} />;
}

const SUGGEST_DELAY_MS = 200;

function UnitSearch({ id, name, chosen, typed, invalid, describedBy }: Props) {
  const fetcher = useFetcher<{ suggestions: { id: number; label: string }[] }>();
  const [text, setText] = useState(typed ?? chosen?.label ?? "");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const listId = `${id}-suggestions`;
  const hintId = `${id}-hint`;
  return (
    <>
      <input
        id={id}
        name={`${name}Text`}
        type="text"
        value={text}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          clearTimeout(timer.current);
          if (value.trim().length >= 2 && !/\([^()\s]+\)\s*$/.test(value))
            timer.current = setTimeout(() => fetcher.load(`/admin/units/suggest?q=${encodeURIComponent(value)}`), SUGGEST_DELAY_MS);
        }}
        list={listId}
        autoComplete="off"
        maxLength={200}
        placeholder={t.unitPicker.placeholder}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={[hintId, describedBy].filter(Boolean).join(" ")}
      />
      <datalist id={listId}>
        {(fetcher.data?.suggestions ?? []).map((s) => (
          <option key={s.id} value={s.label} />
        ))}
      </datalist>
      <p className="muted field-hint" id={hintId}>
        {t.unitPicker.hint}
      </p>
    </>
  );
}
