// What the HTTP server checks before Remix sees a request, and the headers every response carries.
// server.mjs mounts these (they come through the server build, like bootstrap) in this order:
//   securityHeaders → refuseCrossSite → limitBodies → rateLimits → Remix → errorHandler
// Each refusal is a small Vietnamese page with the right status (403, 411, 413, 429, 400/500), never a
// framework default in English. docs/decisions/0012-request-limits.md says why these numbers.
import crypto, { createHash } from "node:crypto";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit, type Options } from "express-rate-limit";
import helmet from "helmet";
import { COOKIE_NAME } from "~/auth/session.server";
import { dialect } from "~/db/client.server";
import { env } from "~/env.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { DatabaseStore } from "./rate-store.server";

const MB = 1024 * 1024;

/** Body limits by path: forms get 1 MB; the two upload forms their own file limit plus room for the form. */
export const BODY_LIMITS: { pattern: RegExp; bytes: number }[] = [
  // Roster files up to 20 MB: the import routes refuse a larger one themselves, from its declared length
  // and before reading it, with the message on the import page; this outer limit only stops abuse.
  { pattern: /^\/admin\/import(\/upload)?\/?$/, bytes: 64 * MB },
  { pattern: /^\/trainer\/courses\/[^/]+\/?$/, bytes: 3 * MB }, // lesson images up to 2 MB
  // Question banks up to 2 MB (the route refuses a larger one itself, with its message on the page);
  // applying posts the dry run's plan back, which may be a few MB for 500 long questions.
  { pattern: /^\/trainer\/courses\/[^/]+\/quiz-import\/?$/, bytes: 24 * MB },
];
export const DEFAULT_BODY_LIMIT = 1 * MB;

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((l) => l.pattern.test(path))?.bytes ?? DEFAULT_BODY_LIMIT;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A whole page for a refusal made before Remix: Vietnamese, readable at 360 px, no script. */
export function errorPage(status: number, title: string, message: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(t.app.name)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a;max-width:40rem}
h1{font-size:1.4rem}a{color:#0b57a4}</style></head>
<body><main role="alert" aria-labelledby="t"><h1 id="t">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<p>${escapeHtml(t.http.status(status))}</p><p><a href="/">${escapeHtml(t.http.backHome)}</a></p></main></body></html>`;
}

function refuse(res: Response, status: number, title: string, message: string, close = false) {
  if (res.headersSent) return;
  // The body of a refused upload is not read: close the connection instead of draining it.
  if (close) res.setHeader("Connection", "close");
  res
    .status(status)
    .type("html")
    .send(errorPage(status, title, message));
}

const hasBody = (req: Request) => req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";

/** Headers on every response: helmet's set with our nonce CSP, COOP, Permissions-Policy; HSTS only over HTTPS. */
export function securityHeaders(options: { development: boolean }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: options.development ? ["'self'", "ws:"] : ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
    // HSTS is sent only when the request really came over HTTPS (below): an office server on plain
    // http:// must not tell browsers to refuse it.
    strictTransportSecurity: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600, includeSubDomains: false });
  const permissions: RequestHandler = (req, res, next) => {
    res.setHeader(
      "Permissions-Policy",
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
    );
    if (req.secure) return hsts(req, res, next);
    next();
  };
  return [nonce, headers, permissions];
}

/** The app speaks GET, HEAD and POST (HTML forms); any other method is a Vietnamese 405 before Remix. */
export function onlyFormMethods(): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "POST") return next();
    res.setHeader("Allow", "GET, HEAD, POST");
    refuse(res, 405, t.http.methodTitle, t.http.method, true);
  };
}

/**
 * A state-changing request from another site is refused with a Vietnamese 403. Browsers send Origin on
 * every POST and Sec-Fetch-Site on every request; a request with neither (curl, an old client) goes on,
 * and the SameSite=Lax cookie still keeps it anonymous (decision 0003).
 */
export function refuseCrossSite(): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    let foreign = site === "cross-site";
    if (!foreign && origin !== undefined) {
      // Hosts are compared, not schemes: behind a TLS proxy without TRUST_PROXY the server sees http.
      const host = (req.app.get("trust proxy") && req.get("x-forwarded-host")) || req.get("host");
      try {
        foreign = origin === "null" || new URL(origin).host !== host;
      } catch {
        foreign = true;
      }
    }
    if (foreign) return refuse(res, 403, t.http.crossOriginTitle, t.http.crossOrigin);
    next();
  };
}

/**
 * Bodies are limited before they are read: a declared length over the route's limit is answered 413
 * at once (the connection is closed rather than drained), and a body without a declared length is
 * refused (411) — browsers always declare it for forms and uploads, and Node's parser then never
 * reads past it.
 */
export function limitBodies(): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const declared = req.get("content-length");
    if (declared === undefined) {
      if (req.get("transfer-encoding")) return refuse(res, 411, t.http.lengthRequiredTitle, t.http.lengthRequired, true);
      return next();
    }
    const limit = bodyLimitFor(req.path);
    if (Number(declared) > limit) {
      return refuse(res, 413, t.http.tooLargeTitle, t.http.tooLarge(`${formatNumber(limit / MB)} MB`), true);
    }
    // A client that asked first ("Expect: 100-continue", server.mjs routes it here) may now send.
    if ((req.get("expect") ?? "").toLowerCase() === "100-continue") res.writeContinue();
    next();
  };
}

/** The session cookie's token, hashed: a key per signed-in person for the per-session limits. */
function sessionKey(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE_NAME && rest.length) return createHash("sha256").update(rest.join("=")).digest("hex").slice(0, 32);
  }
  return undefined;
}

const isExport = (req: Request) =>
  /\/export\.(csv|xlsx)$/.test(req.path) || /^\/certificates\/[^/]+\.(pdf|jwt|json)$|\/certificates\.zip$/.test(req.path);
/** The public certificate check (issue 17 item 7): no sign-in, so it is limited per address. */
const isVerify = (req: Request) => req.path === "/verify" || req.path.startsWith("/verify/");
const isUpload = (req: Request) => hasBody(req) && (req.get("content-type") ?? "").startsWith("multipart/form-data");

/**
 * Per address and per session: POSTs, exports and uploads. Generous, since a whole commune office often
 * shares one public address; the strict per-account sign-in lock (auth/rate-limit.server.ts) stays.
 * SQLite (one process): express-rate-limit's memory store. PostgreSQL (possibly several processes):
 * the counters live in the database (rate-store.server.ts), so the processes count together.
 */
export const RATE_LIMITS = {
  postsPerAddress: { limit: 600, windowMs: 5 * 60_000 },
  postsPerSession: { limit: 60, windowMs: 60_000 },
  exportsPerAddress: { limit: 120, windowMs: 5 * 60_000 },
  exportsPerSession: { limit: 20, windowMs: 60_000 },
  uploadsPerSession: { limit: 20, windowMs: 10 * 60_000 },
  verifyPerAddress: { limit: 30, windowMs: 60_000 },
} as const;

export function rateLimits(factor = env().RATE_LIMIT_FACTOR): RequestHandler[] {
  const handler: Options["handler"] = (req, res, _next, options) => {
    const minutes = Math.max(1, Math.ceil(options.windowMs / 60_000));
    refuse(res, 429, t.http.tooManyTitle, t.http.tooMany(formatNumber(minutes)));
  };
  const shared = dialect() === "postgres";
  let n = 0;
  // One store per limiter (express-rate-limit refuses a shared instance); the prefix keeps their keys apart.
  const store = () => (shared ? { store: new DatabaseStore(`rl${n++}:`) } : {});
  const common = () => ({ standardHeaders: "draft-7" as const, legacyHeaders: false, handler, ...store() });
  const scaled = (l: { limit: number; windowMs: number }) => ({ limit: l.limit * factor, windowMs: l.windowMs });
  const byAddress = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");
  const bySession = (req: Request) => sessionKey(req) ?? "";
  const posts = (req: Request) => hasBody(req);
  return [
    rateLimit({ ...common(), ...scaled(RATE_LIMITS.postsPerAddress), keyGenerator: byAddress, skip: (req) => !posts(req) }),
    rateLimit({
      ...common(),
      ...scaled(RATE_LIMITS.postsPerSession),
      keyGenerator: bySession,
      skip: (req) => !posts(req) || !sessionKey(req),
    }),
    rateLimit({ ...common(), ...scaled(RATE_LIMITS.exportsPerAddress), keyGenerator: byAddress, skip: (req) => !isExport(req) }),
    rateLimit({
      ...common(),
      ...scaled(RATE_LIMITS.exportsPerSession),
      keyGenerator: bySession,
      skip: (req) => !isExport(req) || !sessionKey(req),
    }),
    rateLimit({
      ...common(),
      ...scaled(RATE_LIMITS.uploadsPerSession),
      keyGenerator: (req) => sessionKey(req) ?? byAddress(req),
      skip: (req) => !isUpload(req),
    }),
    rateLimit({ ...common(), ...scaled(RATE_LIMITS.verifyPerAddress), keyGenerator: byAddress, skip: (req) => !isVerify(req) }),
  ];
}

/**
 * Admission control: at most `concurrency` requests for pages and actions run at once in this
 * process; the rest wait in arrival order. When a whole province opens the final quiz at the same
 * moment, each admitted request then runs to its last byte instead of sharing the process with
 * thousands of others (where every page is late and renders hit their time limit, decision 0026).
 * A request that has waited `maxWaitMs` is answered 503 with Retry-After and a Vietnamese page, not
 * run late; one whose client has gone is dropped from the queue. Static files never wait (mounted
 * before this). `stats()` is for tests and benches.
 */
export function admission(options: { concurrency?: number; maxWaitMs?: number } = {}) {
  const concurrency = options.concurrency ?? env().ADMISSION_CONCURRENCY;
  const maxWaitMs = options.maxWaitMs ?? env().ADMISSION_MAX_WAIT_MS;
  let running = 0;
  let peak = 0;
  let refused = 0;
  const queue: { admit: () => void; res: Response; timer: NodeJS.Timeout }[] = [];

  const start = (res: Response, next: NextFunction) => {
    running++;
    peak = Math.max(peak, running);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running--;
      // The next caller still connected, in arrival order.
      for (let waiting = queue.shift(); waiting; waiting = queue.shift()) {
        clearTimeout(waiting.timer);
        if (!waiting.res.writableEnded && !waiting.res.destroyed) {
          waiting.admit();
          break;
        }
      }
    };
    res.once("finish", release);
    res.once("close", release);
    next();
  };

  const handler: RequestHandler = (_req, res, next) => {
    if (running < concurrency) return start(res, next);
    const entry = {
      res,
      admit: () => start(res, next),
      timer: setTimeout(() => {
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
        refused++;
        const seconds = Math.max(5, Math.ceil(maxWaitMs / 4000));
        res.setHeader("Retry-After", String(seconds));
        refuse(res, 503, t.http.busyTitle, t.http.busy(formatNumber(seconds)));
      }, maxWaitMs),
    };
    queue.push(entry);
    // A client that gives up while waiting leaves the queue at once.
    res.once("close", () => {
      const i = queue.indexOf(entry);
      if (i >= 0) {
        queue.splice(i, 1);
        clearTimeout(entry.timer);
      }
    });
  };
  return Object.assign(handler, { stats: () => ({ running, waiting: queue.length, peak, refused }) });
}

/** Anything that reaches Express's own error handling (a malformed URL, a failed response): Vietnamese. */
export function errorHandler(): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const raw = (error as { status?: unknown; statusCode?: unknown } | null) ?? {};
    const status = Number(raw.status ?? raw.statusCode ?? 500);
    const code = status >= 400 && status < 600 ? status : 500;
    if (code >= 500) console.error(error);
    if (code < 500) return refuse(res, code, t.http.badRequestTitle, t.http.badRequest);
    refuse(res, code, t.http.errorTitle, t.http.error);
  };
}
