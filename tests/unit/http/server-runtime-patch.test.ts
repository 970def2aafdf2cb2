// scripts/patches/ changes @remix-run/server-runtime (docs/decisions/0053) in two ways:
// - the loader data for the browser's runtime is encoded only when a page reads it, so a document without
//   <Scripts> — every page here (decision 0049) — never runs turbo-stream over its loader data;
// - a loader gets the request the page was asked with when there is no `index` or `_routes` parameter
//   to strip, so the loaders of one page share it (and the session lookup kept per request).
// These tests fail when `npm install` did not apply the patch, and drive a real request handler
// (Remix's own createRequestHandler with a small build) to show both sides of each change.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createElement, type ReactNode } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { Outlet, RemixServer, Scripts, useLoaderData } from "@remix-run/react";
import { createRequestHandler, type EntryContext, type ServerBuild } from "@remix-run/server-runtime";

// Resolved from the repository root: unit tests run as bundles in tests/.tmp (decision 0016).
const require = createRequire(path.resolve("package.json"));

test("npm install applied the server-runtime patch (postinstall: patch-package)", () => {
  const file = path.join(path.dirname(require.resolve("@remix-run/server-runtime")), "server.js");
  const source = fs.readFileSync(file, "utf8");
  assert.match(source, /decision 0053/);
  assert.equal(source.match(/lazyHandoffStream\(\(\) => singleFetch\.encodeViaTurboStream/g)?.length, 2);
  const data = fs.readFileSync(path.join(path.dirname(file), "data.js"), "utf8");
  assert.match(data, /if \(!request\.url\.includes\("index"\)\) return request;/);
  assert.match(data, /if \(!request\.url\.includes\("_routes"\)\) return request;/);
});

/** Remix's own request handler over a small build: each route as { id, parentId?, index?, module }. */
type TestRoute = { id: string; parentId?: string; index?: boolean; module: Record<string, unknown> };
function handlerFor(routes: TestRoute[], handleDocumentRequest: (...args: never[]) => unknown) {
  const build = {
    mode: "production",
    entry: { module: { default: handleDocumentRequest } },
    routes: Object.fromEntries(routes.map((r) => [r.id, { ...r, path: r.index ? undefined : "" }])),
    assets: {
      entry: { imports: [], module: "/build/entry.client.js" },
      routes: Object.fromEntries(
        routes.map((r) => [
          r.id,
          {
            id: r.id,
            parentId: r.parentId,
            path: r.index ? undefined : "",
            index: r.index,
            hasAction: false,
            hasLoader: true,
            hasClientAction: false,
            hasClientLoader: false,
            hasErrorBoundary: false,
            module: `/build/${r.id}.js`,
            imports: [],
          },
        ]),
      ),
      url: "/build/manifest.js",
      version: "test",
    },
    future: { v3_singleFetch: true },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    isSpaMode: false,
  } as unknown as ServerBuild;
  return createRequestHandler(build, "production");
}

/** A one-route app whose loader data counts how often something walks it. */
function app(withScripts: boolean) {
  const walked = { count: 0 };
  const loader = () => ({
    text: "Xin chào",
    // Read only by an encoder walking the whole object (the page never reads it).
    get probe() {
      walked.count += 1;
      return "dữ liệu cho trình duyệt";
    },
  });
  function Root(): ReactNode {
    const data = useLoaderData<{ text: string }>();
    return createElement(
      "html",
      null,
      createElement("body", null, createElement("p", null, data.text), withScripts ? createElement(Scripts) : null),
    );
  }
  function handleDocumentRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
    return new Promise<Response>((resolve, reject) => {
      const body = new PassThrough();
      const chunks: Buffer[] = [];
      body.on("data", (c: Buffer) => chunks.push(c));
      body.on("end", () => resolve(new Response(Buffer.concat(chunks).toString("utf8"), { status, headers })));
      const { pipe } = renderToPipeableStream(createElement(RemixServer, { context, url: request.url }), {
        onAllReady: () => pipe(body),
        onShellError: reject,
      });
    });
  }
  return { handler: handlerFor([{ id: "root", module: { default: Root, loader } }], handleDocumentRequest), walked };
}

test("a page without <Scripts>: the loader data is never encoded for the browser", async () => {
  const { handler, walked } = app(false);
  const res = await handler(new Request("http://localhost/"));
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /Xin chào/);
  assert.doesNotMatch(html, /streamController/);
  assert.equal(walked.count, 0);
});

test("a page with <Scripts>: the loader data still reaches the page, as Remix streams it", async () => {
  const { handler, walked } = app(true);
  const res = await handler(new Request("http://localhost/"));
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /Xin chào/);
  assert.match(html, /streamController\.enqueue\(/);
  assert.match(html, /dữ liệu cho trình duyệt/);
  assert.match(html, /streamController\.close\(\)/);
  assert.equal(walked.count, 1);
});

/** A root route and its index route, each loader noting the request it was given. */
function twoLoaders() {
  const seen: Request[] = [];
  const loader = ({ request }: { request: Request }) => {
    seen.push(request);
    return { url: request.url };
  };
  const Root = () => createElement("html", null, createElement("body", null, createElement(Outlet)));
  const Index = () => createElement("p", null, "Trang chủ");
  function handleDocumentRequest(_request: Request, status: number, headers: Headers, context: EntryContext) {
    return new Response(renderToString(createElement(RemixServer, { context, url: _request.url })), { status, headers });
  }
  const routes = [
    { id: "root", module: { default: Root, loader } },
    { id: "routes/_index", parentId: "root", index: true, module: { default: Index, loader } },
  ];
  return { handler: handlerFor(routes, handleDocumentRequest), seen };
}

test("the loaders of one page get the one request the page was asked with", async () => {
  const { handler, seen } = twoLoaders();
  const request = new Request("http://localhost/?khoa=1");
  const res = await handler(request);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Trang chủ/);
  assert.equal(seen.length, 2);
  assert.equal(seen[0], request);
  assert.equal(seen[1], request);
});

test("an empty ?index is still stripped before the loaders see the address, as Remix does", async () => {
  const { handler, seen } = twoLoaders();
  const res = await handler(new Request("http://localhost/?khoa=1&index"));
  assert.equal(res.status, 200);
  assert.equal(seen.length, 2);
  for (const r of seen) assert.equal(r.url, "http://localhost/?khoa=1");
});
