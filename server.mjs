// The HTTP server: Express in front of the Remix build. A custom server (instead of remix-serve) so
// that sign-in throttling can see the client's network address, every response gets security headers
// with a per-request CSP nonce, and the database and content are ready before the first request.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

const BUILD = path.resolve(process.cwd(), "build/index.js");
const build = await import(pathToFileURL(BUILD).href);
const mode = process.env.NODE_ENV === "development" ? "development" : "production";
if (build.mode !== mode) {
  // A development build (from `npm run dev`) cannot run with the production React runtime, and the
  // other way round: say so instead of failing on every page.
  console.error(
    `Bản build (${build.mode}) không khớp chế độ chạy (${mode}). Chạy "npm run build" trước "npm run serve", ` +
      `hoặc dùng "npm start". / The build is ${build.mode} but the server runs in ${mode}: run "npm run build" first.`,
  );
  process.exit(1);
}
// bootstrap(): migrate and sync content/ (see app/entry.server.tsx). It never seeds: the demo is made
// by `npm run db:setup -- --demo` (what `npm start` runs), never by a production start.
const entry = build.entry.module;
try {
  await entry.bootstrap();
} catch (error) {
  // A database that cannot be used (read-only file or directory) is one clear line, not a stack.
  console.error(error?.name === "DatabaseUnusable" ? error.message : error);
  process.exit(1);
}
entry.startHousekeeping();
entry.startMail();
entry.startDigests();

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
// Before anything reads a body or renders a page: headers, cross-site refusal, body and rate limits
// (app/http/guards.server.ts).
app.use(entry.securityHeaders({ development: mode === "development" }));
app.use(entry.onlyFormMethods());
app.use(entry.refuseCrossSite());
app.use(entry.limitBodies());
app.use(entry.rateLimits());
app.use(compression());

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only paths with a file extension can be static files: page requests skip the file-system lookup.
const publicFiles = express.static("public", { maxAge: "1h", index: false, redirect: false });
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

// Pages and actions take turns when thousands arrive at once (decision 0026); files above never wait.
app.use(entry.admission());

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? "unknown", cspNonce: res.locals.cspNonce }),
  }),
);

app.use(entry.errorHandler());

const port = Number(process.env.PORT ?? 3000);
// A deep accept queue: when thousands open the quiz in the same second, connections wait in the
// kernel's queue (then in admission's) instead of being dropped and retried seconds later (Node's
// default backlog is 511; the kernel caps it at net.core.somaxconn).
const server = app.listen({ port, backlog: 4096 }, () => {
  console.log(`Tập huấn: http://localhost:${port}`);
  if (process.env.NODE_ENV === "development") broadcastDevReady(build);
});

// "Expect: 100-continue" goes through the same checks: a body over its limit is refused before it is sent.
server.on("checkContinue", (req, res) => app(req, res));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
