// The HTTP guards of server.mjs, mounted on a bare Express app in front of a handler that records
// whether it ran: limits must answer before anything reads the body.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import express from "express";
import {
  DEFAULT_BODY_LIMIT,
  errorHandler,
  limitBodies,
  onlyFormMethods,
  RATE_LIMITS,
  rateLimits,
  refuseCrossSite,
  securityHeaders,
} from "~/http/guards.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let server: http.Server;
let base = "";
let reached = 0;
let bytesRead = 0;
// On PostgreSQL the request counters live in the database (app/http/rate-store.server.ts).
let database = "";

before(async () => {
  database = await useTestDatabase();
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(securityHeaders({ development: false }));
  app.use(onlyFormMethods());
  app.use(refuseCrossSite());
  app.use(limitBodies());
  app.use(rateLimits());
  app.all("*", (req, res) => {
    reached++;
    req.on("data", (chunk: Buffer) => (bytesRead += chunk.length));
    req.on("end", () => res.type("text").send(`ok ${String(res.locals.cspNonce)}`));
  });
  app.use(errorHandler());
  server = http.createServer(app);
  server.on("checkContinue", (req, res) => app(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await dropTestDatabase(database);
});

/** A raw request, so the test controls every header (fetch would add its own). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (options.body !== undefined) {
      if (!options.chunked) req.setHeader("Content-Length", Buffer.byteLength(options.body));
      req.end(options.body);
    } else req.end();
  });
}

describe("security headers", () => {
  test("every response has the nonce CSP, COOP, Permissions-Policy, nosniff and frame denial; no HSTS over http", async () => {
    const res = await raw("/");
    const nonce = res.body.replace("ok ", "");
    assert.ok(nonce.length > 10);
    assert.match(
      String(res.headers["content-security-policy"]),
      new RegExp(`script-src 'self' 'nonce-${nonce.replace(/[+/=]/g, "\\$&")}'`),
    );
    assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/);
    assert.equal(res.headers["cross-origin-opener-policy"], "same-origin");
    assert.match(String(res.headers["permissions-policy"]), /camera=\(\)/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["x-frame-options"], "DENY");
    assert.equal(res.headers["strict-transport-security"], undefined);
  });

  test("HSTS is sent when the request came over HTTPS (through a trusted proxy)", async () => {
    const res = await raw("/", { headers: { "X-Forwarded-Proto": "https" } });
    assert.match(String(res.headers["strict-transport-security"]), /max-age=\d+/);
  });
});

describe("cross-site posts", () => {
  test("a POST from another origin is a Vietnamese 403 and reaches nothing", async () => {
    const before = reached;
    const res = await raw("/login", { method: "POST", headers: { Origin: "http://evil.example" }, body: "a=1" });
    assert.equal(res.status, 403);
    assert.match(res.body, /được gửi từ một trang web khác/);
    const viaFetchMetadata = await raw("/login", { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" }, body: "a=1" });
    assert.equal(viaFetchMetadata.status, 403);
    const nullOrigin = await raw("/login", { method: "POST", headers: { Origin: "null" }, body: "a=1" });
    assert.equal(nullOrigin.status, 403);
    assert.equal(reached, before);
  });

  test("a same-origin POST, and one without Origin (curl), go through", async () => {
    const host = new URL(base).host;
    assert.equal((await raw("/x", { method: "POST", headers: { Origin: `http://${host}` }, body: "a=1" })).status, 200);
    assert.equal((await raw("/x", { method: "POST", body: "a=1" })).status, 200);
  });
});

describe("body limits", () => {
  test("a form over 1 MB is refused with a Vietnamese 413 before a byte of it is read", async () => {
    const before = { reached, bytesRead };
    const res = await raw("/login", { method: "POST", body: Buffer.alloc(DEFAULT_BODY_LIMIT + 1, 97) });
    assert.equal(res.status, 413);
    assert.match(res.body, /vượt quá giới hạn 1 MB/);
    assert.deepEqual({ reached, bytesRead }, before);
  });

  test("with Expect: 100-continue the body is not even sent", async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/login`, {
        method: "POST",
        headers: { "Content-Length": String(150 * 1024 * 1024), Expect: "100-continue" },
      });
      req.on("continue", () => reject(new Error("the server asked for a 150 MB body")));
      req.on("response", (r) => resolve(r.statusCode ?? 0));
      req.on("error", reject);
      req.flushHeaders();
    });
    assert.equal(res, 413);
  });

  test("the roster upload has its own, larger limit", async () => {
    const res = await raw("/admin/import/upload", { method: "POST", body: Buffer.alloc(2 * 1024 * 1024, 97) });
    assert.equal(res.status, 200);
  });

  test("a body without a declared length is refused (411), so nothing unbounded is buffered", async () => {
    const res = await raw("/login", { method: "POST", body: "a=1", chunked: true, headers: { "Transfer-Encoding": "chunked" } });
    assert.equal(res.status, 411);
    assert.match(res.body, /Content-Length/);
  });
});

describe("rate limits", () => {
  test("one session posting too often gets a Vietnamese 429; another session is not affected", async () => {
    const cookie = { Cookie: "th_session=phien-mot-nguoi-dung-thu-nghiem" };
    let last = 0;
    for (let i = 0; i <= RATE_LIMITS.postsPerSession.limit; i++) {
      last = (await raw("/x", { method: "POST", headers: cookie, body: "a=1" })).status;
    }
    assert.equal(last, 429);
    const res = await raw("/x", { method: "POST", headers: cookie, body: "a=1" });
    assert.match(res.body, /Quá nhiều yêu cầu/);
    assert.ok(res.headers["retry-after"]);
    const other = await raw("/x", { method: "POST", headers: { Cookie: "th_session=mot-phien-khac-cua-dong-nghiep" }, body: "a=1" });
    assert.equal(other.status, 200);
  });

  test("exports are limited per session; reading pages is not", async () => {
    const cookie = { Cookie: "th_session=phien-xuat-bao-cao-nhieu-lan" };
    let last = 0;
    for (let i = 0; i <= RATE_LIMITS.exportsPerSession.limit; i++) last = (await raw("/reports/1/export.csv", { headers: cookie })).status;
    assert.equal(last, 429);
    for (let i = 0; i < 30; i++) assert.equal((await raw("/reports/1", { headers: cookie })).status, 200);
  });
});

describe("methods", () => {
  test("PUT, PATCH and DELETE are a Vietnamese 405 that reaches nothing", async () => {
    const before = reached;
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await raw("/account/password", { method, body: "{}" });
      assert.equal(res.status, 405);
      assert.match(res.body, /không nhận kiểu yêu cầu/);
      assert.equal(res.headers.allow, "GET, HEAD, POST");
    }
    assert.equal(reached, before);
  });
});

describe("errors Express answers by itself", () => {
  test("a malformed URL is a Vietnamese 400 page, not Express's English one", async () => {
    const app = express();
    app.get("/u/:id", (_req, res) => res.send("x"));
    app.use(errorHandler());
    const s = app.listen(0);
    const port = (s.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/u/%E0%A4%A`);
    s.close();
    assert.equal(res.status, 400);
    const body = await res.text();
    assert.match(body, /không hợp lệ/);
    assert.doesNotMatch(body, /Bad Request|URIError/);
  });
});
