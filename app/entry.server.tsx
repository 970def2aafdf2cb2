import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { isDemoDatabase } from "~/demo/seed.server";
import { DropNul } from "~/http/drop-nul.server";
import { t } from "~/i18n/vi";
import { startMailer } from "~/mail/runner.server";
import { NonceProvider } from "~/ui/nonce";
import { wantsRuntime } from "~/ui/runtime";
// Vietnamese zod messages for every schema in the process (z.config), before any request.
import "~/i18n/zod";

export { bootstrap } from "~/bootstrap.server";
export { startHousekeeping } from "~/housekeeping.server";
/** The managers' weekly digest (docs/decisions/0031): each process looks; one sends (claimJob). */
export { startDigests } from "~/mail/digest.server";

/** E-mail: through SMTP_URL, or the catch-all on the demo database, or off (app/mail/runner.server.ts). */
export function startMail() {
  startMailer(isDemoDatabase).catch((error: unknown) => console.error(t.mail.runFailed, error));
}
export { admission, errorHandler, limitBodies, onlyFormMethods, rateLimits, refuseCrossSite, securityHeaders } from "~/http/guards.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  const page = (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>
  );
  // A page without the client runtime (every page today, decision 0049) has nothing to stream: no
  // <Scripts>, no deferred data, no Suspense. It is rendered to one string and sent in one piece with
  // its length, skipping React's streaming writer, the NUL filter below and two stream conversions
  // (decision 0052, issue 19 item 5); renderToString has no NUL padding.
  const runtime = remixContext.staticHandlerContext.matches.some((m) => wantsRuntime(remixContext.routeModules[m.route.id]?.handle));
  if (!runtime) {
    const html = `<!DOCTYPE html>${renderToString(page)}`;
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Content-Length", String(Buffer.byteLength(html)));
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        // Not a PassThrough: React 18.3 may pad a chunk with a NUL byte (app/http/drop-nul.server.ts).
        const body = new DropNul();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(
          new Response(createReadableStreamFromReadable(body), {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Logged before the shell too: an error React recovers from still makes the answer a 500,
        // and without this line nobody could tell why.
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
