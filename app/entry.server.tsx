import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isDemoDatabase } from "~/demo/seed.server";
import { DropNul } from "~/http/drop-nul.server";
import { t } from "~/i18n/vi";
import { startMailer } from "~/mail/runner.server";
import { NonceProvider } from "~/ui/nonce";
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
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
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
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
