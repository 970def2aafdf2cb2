// Limits of a lesson written in the browser, shared by the gate (server) and the editor (browser),
// so the editor can say "too long" next to the field before anything is sent.
export const MAX_SOURCE_CHARS = 60_000;
export const MAX_LINES = 3_000;
/** The live preview asks the server only after the trainer has stopped typing this long. */
export const PREVIEW_DEBOUNCE_MS = 1_500;
