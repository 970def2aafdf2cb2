// On a slow line the runtime arrives seconds after the page, and a trainer may already be typing in the
// editor or ticking "live preview". React's hydration puts a <textarea defaultValue> back to the server's
// text, and keeps its own state for controlled fields (a box ticked before hydration looks ticked but its
// state says not). Found by the e2e suite once the editors became whole-page loads (decision 0049).
// entry.client records what the person changed until hydration; the root's first effect replays it
// through the fields' own events, so React's state follows.
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Change = { kind: "text"; value: string } | { kind: "check"; checked: boolean };
const TEXT_LIKE = /^(text|search|email|url|tel|number|password|textarea|select-one)$/;
const changed = new Map<string, Change>();
let recording = false;

function note(field: EventTarget | null) {
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) || !field.id)
    return;
  if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio"))
    changed.set(field.id, { kind: "check", checked: field.checked });
  else if (TEXT_LIKE.test(field.type)) changed.set(field.id, { kind: "text", value: field.value });
}
const record = (event: Event) => note(event.target);

/** From entry.client, before hydrating: what was changed already, and what will be until hydration. */
export function recordTypedBeforeHydration() {
  for (const field of document.querySelectorAll<Field>("textarea[id], input[id], select[id]")) {
    if (field instanceof HTMLSelectElement) {
      if ([...field.options].some((o) => o.selected !== o.defaultSelected)) note(field);
    } else if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
      if (field.checked !== field.defaultChecked) note(field);
    } else if (field.value !== field.defaultValue) note(field);
  }
  document.addEventListener("input", record, true);
  document.addEventListener("change", record, true);
  recording = true;
}

/** Sets a property the way a person would, so that the event after it reaches React as a change. */
function setNative(field: Field, property: "value" | "checked", value: string | boolean) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), property)?.set;
  if (setter) setter.call(field, value);
}

/** From the root's first effect: hydration is done; replay what happened before it. */
export function restoreTypedAfterHydration() {
  if (!recording) return;
  recording = false;
  document.removeEventListener("input", record, true);
  document.removeEventListener("change", record, true);
  for (const [id, change] of changed) {
    const field = document.getElementById(id) as Field | null;
    if (!field) continue;
    if (change.kind === "check" && field instanceof HTMLInputElement) {
      if (!change.checked && field.type === "radio") continue; // another radio of the group was chosen: it replays itself
      setNative(field, "checked", !change.checked);
      field.click(); // toggles it back and fires click, input and change: React's onChange sees it
    } else if (change.kind === "text") {
      setNative(field, "value", change.value);
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
    }
  }
  changed.clear();
}
