// The gate never blocks the server: it runs in worker threads with a time budget, a lesson that
// exceeds it is refused with a Vietnamese message, and an unchanged lesson is not checked again.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { t } from "~/i18n/vi";
import { closeGatePool, GATE_BUDGET_MS, gateRuns, runGate } from "~/mdx/gate-pool.server";

const input = { images: ["anh-that.png"], assetUrl: "/course-files/x/" };

/** Watches the main thread: the longest gap between ticks of a 20 ms timer. */
function watchMainThread() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 20);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

before(async () => {
  // Start the workers (loading the parser takes a moment) before timing anything.
  await Promise.all([runGate("Khởi động 1.", input), runGate("Khởi động 2.", input)]);
});
after(() => closeGatePool());

describe("the gate in worker threads", () => {
  test("a 40,000-character lesson of nested brackets is refused within the budget, and blocks no one", async () => {
    const stop = watchMainThread();
    const started = performance.now();
    const nested = runGate(`${"[".repeat(20_000)}${"]".repeat(20_000)}`, input).then((v) => ({ v, ms: performance.now() - started }));
    const braces = runGate(`${"{".repeat(20_000)}${"}".repeat(20_000)}`, input).then((v) => ({ v, ms: performance.now() - started }));
    const simple = runGate("Một bài ngắn {họ tên}.", input).then((v) => ({ v, ms: performance.now() - started }));
    const [a, b, c] = await Promise.all([nested, braces, simple]);
    const longestGap = stop();
    for (const r of [a, b]) {
      assert.ok(r.v.problems.length > 0, "refused");
      assert.ok(r.ms < GATE_BUDGET_MS + 500, `answered in ${Math.round(r.ms)} ms`);
      assert.match(r.v.problems[0]!.message, /lồng nhau|phức tạp/);
    }
    assert.deepEqual(c.v.problems, []);
    assert.ok(longestGap < 400, `the main thread was blocked for ${Math.round(longestGap)} ms`);
  });

  test("a lesson that takes longer than the budget is stopped and refused with a Vietnamese message", async () => {
    const slow = "] [".repeat(13_000); // several seconds of parsing, under every size limit
    const stop = watchMainThread();
    const started = performance.now();
    const [verdict, other] = await Promise.all([runGate(slow, input, { budgetMs: 150 }), runGate("Bài khác, vẫn được kiểm tra.", input)]);
    const ms = performance.now() - started;
    const longestGap = stop();
    assert.equal(verdict.timedOut, true);
    assert.equal(verdict.problems.length, 1);
    assert.match(verdict.problems[0]!.message, /^Bài quá phức tạp để kiểm tra/);
    assert.ok(ms < 150 + 1_500, `answered in ${Math.round(ms)} ms`);
    assert.deepEqual(other.problems, []);
    assert.ok(longestGap < 400, `the main thread was blocked for ${Math.round(longestGap)} ms`);
    // The pool recovers: the next lesson is checked by a fresh worker.
    assert.deepEqual((await runGate("Sau đó, một bài bình thường.", input)).problems, []);
  });

  test("an unchanged lesson is answered from the cache; a changed one is checked again", async () => {
    const before = gateRuns();
    await runGate("Bài không đổi {1+1}", input);
    await runGate("Bài không đổi {1+1}", input);
    assert.equal(gateRuns(), before + 1);
    await runGate("Bài đã sửa", input);
    assert.equal(gateRuns(), before + 2);
    // The verdict depends on the course's images too.
    await runGate("Bài đã sửa", { ...input, images: [] });
    assert.equal(gateRuns(), before + 3);
  });

  test("the messages of refusals are the gate's own", async () => {
    const v = await runGate("Dòng một.\n\nDòng hai {1+1}.", input);
    assert.deepEqual(
      v.problems.map((p) => [p.line, p.column]),
      [[3, 10]],
    );
    assert.equal(t.mdxGate.tooComplex("3").includes("3 giây"), true);
  });
});
