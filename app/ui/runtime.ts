// Pages without the runtime (decision 0049): React, React DOM and Remix's client are about 120 KB
// compressed, more than a whole page should weigh on a commune office's slow line (issue 19 item 4). A
// route whose page needs nothing but HTML — links, forms that post, no hooks that only run in a browser —
// exports `handle = NO_RUNTIME`; the root then renders neither <Scripts> nor <ScrollRestoration>.

export const NO_RUNTIME = { runtime: false } as const;

/** Whether a route's `handle` asks for a page without JavaScript. */
export function wantsNoRuntime(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { runtime?: unknown }).runtime === false;
}
