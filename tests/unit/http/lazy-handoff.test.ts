// The loader data for the browser's runtime is encoded only when a page reads it (docs/decisions/0053):
// scripts/patches/ changes @remix-run/server-runtime so that a document without <Scripts> — every page
// here (decision 0049) — never runs turbo-stream over its loader data. These tests fail when `npm
// install` did not apply the patch, and drive a real request handler (Remix's own createRequestHandler
// with a one-route build) to show both sides: without <Scripts> the data is never walked; with
// <Scripts> it still reaches the page as Remix sends it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createElement, type ReactNode } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer, Scripts, useLoaderData } from "@remix-run/react";
import { createRequestHandler, type EntryContext, type ServerBuild } from "@remix-run/server-runtime";

// Resolved from the repository root: unit tests run as bundles in tests/.tmp (decision 0016).
const require = createRequire(path.resolve("package.json"));

test("npm install applied the server-runtime patch (postinstall: patch-package)", () => {
  const file = path.join(path.dirname(require.resolve("@remix-run/server-runtime")), "server.js");
  const source = fs.readFileSync(file, "utf8");
  assert.match(source, /decision 0053/);
  assert.equal(source.match(/lazyHandoffStream\(\(\) => singleFetch\.encodeViaTurboStream/g)?.length, 2);
});

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
  const build = {
    mode: "production",
    entry: { module: { default: handleDocumentRequest } },
    routes: { root: { id: "root", path: "", module: { default: Root, loader } } },
    assets: {
      entry: { imports: [], module: "/build/entry.client.js" },
      routes: {
        root: {
          id: "root",
          path: "",
          hasAction: false,
          hasLoader: true,
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: false,
          module: "/build/root.js",
          imports: [],
        },
      },
      url: "/build/manifest.js",
      version: "test",
    },
    future: { v3_singleFetch: true },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    isSpaMode: false,
  } as unknown as ServerBuild;
  return { handler: createRequestHandler(build, "production"), walked };
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
