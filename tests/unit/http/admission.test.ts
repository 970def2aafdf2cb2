// Admission control (decision 0026): at most N requests run at once, the rest wait in arrival order,
// a request that waited too long gets a Vietnamese 503 with Retry-After, and a client that gave up
// leaves the queue. A real Express server on its own port, with a handler the test holds open.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import express from "express";
import { admission } from "~/http/guards.server";

type Gate = ReturnType<typeof admission>;

async function serve(gate: Gate, onRequest: (path: string) => Promise<void>) {
  const app = express();
  app.use(gate);
  app.get("*", (req, res) => {
    void onRequest(req.path).then(() => res.type("text").send(`ok ${req.path}`));
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** Waits until the condition holds (the machine may be slow: no fixed sleeps decide a test). */
async function until(what: string, condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) assert.fail(`never: ${what}`);
    await tick(10);
  }
}

describe("admission control", () => {
  let server: http.Server;
  let base = "";
  let gate: Gate;
  const started: string[] = [];
  const held = new Map<string, () => void>();

  before(async () => {
    gate = admission({ concurrency: 2, maxWaitMs: 400 });
    ({ server, base } = await serve(gate, (path) => {
      started.push(path);
      return new Promise<void>((resolve) => held.set(path, resolve));
    }));
  });
  after(() => server.close());

  test("two run at once; the others wait and start in arrival order as slots free up", async () => {
    // Arrival order a, b, c, d: each sent once the one before it has arrived.
    const responses: Promise<string>[] = [];
    for (const [i, p] of ["/a", "/b", "/c", "/d"].entries()) {
      responses.push(fetch(base + p).then((r) => r.text()));
      await until(`${p} arrived`, () => gate.stats().running + gate.stats().waiting === i + 1);
    }
    assert.deepEqual(started, ["/a", "/b"], "only two admitted");
    assert.equal(gate.stats().waiting, 2);
    held.get("/b")!();
    await until("a third admitted", () => started.length === 3);
    assert.deepEqual(started, ["/a", "/b", "/c"], "the first waiting one takes the free slot");
    held.get("/a")!();
    await until("a fourth admitted", () => started.length === 4);
    assert.deepEqual(started, ["/a", "/b", "/c", "/d"]);
    held.get("/c")!();
    held.get("/d")!();
    assert.deepEqual(await Promise.all(responses), ["ok /a", "ok /b", "ok /c", "ok /d"]);
    assert.equal(gate.stats().peak, 2);
    assert.equal(gate.stats().running, 0);
  });

  test("a request that waited longer than the limit gets 503, Retry-After and a Vietnamese page, and never runs", async () => {
    started.length = 0;
    const first = fetch(`${base}/x1`);
    const second = fetch(`${base}/x2`);
    await until("both slots taken", () => started.length === 2);
    const late = await fetch(`${base}/late`);
    assert.equal(late.status, 503);
    assert.ok(Number(late.headers.get("retry-after")) >= 5);
    const body = await late.text();
    assert.match(body, /<html lang="vi">/);
    assert.match(body, /Máy chủ đang bận/);
    assert.match(body, /chưa có gì được ghi lại/);
    assert.ok(!started.includes("/late"), "the refused request never reached the app");
    assert.equal(gate.stats().refused, 1);
    held.get("/x1")!();
    held.get("/x2")!();
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
  });

  test("a client that gives up while waiting leaves the queue; the next one is admitted instead", async () => {
    started.length = 0;
    const one = fetch(`${base}/y1`);
    const two = fetch(`${base}/y2`);
    await until("both slots taken", () => started.length === 2);
    const controller = new AbortController();
    const gone = fetch(`${base}/gone`, { signal: controller.signal }).catch(() => "aborted");
    await until("/gone waits", () => gate.stats().waiting === 1);
    const next = fetch(`${base}/next`);
    await until("/next waits too", () => gate.stats().waiting === 2);
    controller.abort();
    assert.equal(await gone, "aborted");
    await until("/gone has left the queue", () => gate.stats().waiting === 1);
    held.get("/y1")!();
    await until("/next admitted", () => started.includes("/next"));
    assert.ok(!started.includes("/gone"), "the abandoned request never ran");
    held.get("/y2")!();
    held.get("/next")!();
    assert.equal((await one).status, 200);
    assert.equal((await two).status, 200);
    assert.equal((await next).status, 200);
    assert.equal(gate.stats().running, 0);
  });
});
