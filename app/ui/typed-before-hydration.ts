// On a slow line the runtime arrives seconds after the page, and a trainer may already be typing in the
// editor. React's hydration of a <textarea defaultValue> puts the server's text back, losing what was
// typed (found by tests/e2e/trainer-publishes.spec.ts once the editor became a whole-page load, decision
// 0049). entry.client records what is typed until hydration; the root puts it back once hydrated.
type Field = HTMLInputElement | HTMLTextAreaElement;
const TEXT_LIKE = /^(text|search|email|url|tel|number|password|textarea)$/;
const typed = new Map<string, string>();
let recording = false;

const record = (event: Event) => {
  const field = event.target as Field | null;
  if (field && field.id && TEXT_LIKE.test(field.type)) typed.set(field.id, field.value);
};

/** From entry.client, before hydrating: what was typed already, and what will be until hydration. */
export function recordTypedBeforeHydration() {
  for (const field of document.querySelectorAll<Field>("textarea[id], input[id]"))
    if (TEXT_LIKE.test(field.type) && field.value !== field.defaultValue) typed.set(field.id, field.value);
  document.addEventListener("input", record, true);
  recording = true;
}

/** From the root's first effect: hydration is done; put back what it overwrote. */
export function restoreTypedAfterHydration() {
  if (!recording) return;
  recording = false;
  document.removeEventListener("input", record, true);
  for (const [id, value] of typed) {
    const field = document.getElementById(id) as Field | null;
    if (field && field.value !== value) field.value = value;
  }
  typed.clear();
}
