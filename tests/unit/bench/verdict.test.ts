// Issue 22 item 3: a bench fails on speed only where the target is judged (2× headroom over its quiet
// figure, or a same-run ratio); any other miss is printed, never failed — bench:all's assignments and
// digest sections failed on 01/12/2026 for targets without headroom (68 s against 60, 113 ms against 100).
import assert from "node:assert/strict";
import { test } from "node:test";
import { verdict } from "../../../bench/support";

test("a judged miss fails, an unjudged miss is printed, a met target is met, either way round", () => {
  assert.equal(verdict(13.9, 50, true), "yes");
  assert.equal(verdict(68, 60, false), "missed (not judged)");
  assert.equal(verdict(68, 60, true), "NO");
  assert.equal(verdict(250, 200, false, "min"), "yes");
  assert.equal(verdict(150, 200, false, "min"), "missed (not judged)");
  assert.equal(verdict(150, 200, true, "min"), "NO");
});
