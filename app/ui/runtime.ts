// Pages without the runtime by default (decision 0049): React, React DOM and Remix's client are about
// 120 KB compressed, more than a whole page should weigh on a commune office's slow line (issue 19 item
// 4). Every form here works without JavaScript and every link is an ordinary <a>, so a page ships no
// script at all unless one of its routes exports `handle = RUNTIME` — a page whose behaviour needs React
// in the browser (state, effects, event handlers: editors, the quiz's answer keeper, the roster upload's
// progress bar). tests/unit/http/runtime-guard.test.ts finds such code and fails when a route that needs
// the runtime does not ask for it, or asks for it without needing it. Small enhancements on plain pages
// (the lesson's "started", unit suggestions) are a few lines of inline script with the CSP nonce.

export const RUNTIME = { runtime: true } as const;

/** Whether a route's `handle` asks for React in the browser. */
export function wantsRuntime(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { runtime?: unknown }).runtime === true;
}
