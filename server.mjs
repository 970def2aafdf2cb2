// The HTTP server: Express in front of the Remix build. A custom server (instead of remix-serve) so
// that sign-in throttling can see the client's network address, every response gets security headers
// with a per-request CSP nonce, and the database and content are ready before the first request.
import crypto from "node:crypto";
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
// bootstrap(): migrate, seed the demo when empty, sync content/ (see app/entry.server.tsx).
try {
  await build.entry.module.bootstrap();
} catch (error) {
  // A database that cannot be used (read-only file or directory) is one clear line, not a stack.
  console.error(error?.name === "DatabaseUnusable" ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${res.locals.cspNonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'" + (process.env.NODE_ENV === "development" ? " ws:" : ""),
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  next();
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only paths with a file extension can be static files: page requests skip the file-system lookup.
const publicFiles = express.static("public", { maxAge: "1h", index: false, redirect: false });
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? "unknown", cspNonce: res.locals.cspNonce }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`Tập huấn: http://localhost:${port}`);
  if (process.env.NODE_ENV === "development") broadcastDevReady(build);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
