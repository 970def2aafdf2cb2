// The scatter's scale (issue 18 item 4) and the print views' tail (issue 20 item 2), without a browser:
// x runs from 0 % at the left edge of the plot to 100 % at its right edge, y is symmetric around a
// zero line in the middle with the largest change at the edge, and the split of a table's rows keeps
// its last rows for the signature group.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MIN_SPAN, SCATTER_BOX, scatterScale, signedPoints } from "~/indicators/chart-scale";
import { splitTail, TAIL_ROWS } from "~/reports/print-frame";

const box = { width: 640, height: 260, pad: { left: 52, right: 16, top: 14, bottom: 40 } };

test("the chart draws in the box these figures are for", () => assert.deepEqual(SCATTER_BOX, box));

describe("scatterScale", () => {
  test("x: 0 % at the plot's left edge, 100 % at its right edge, proportional between, clamped outside", () => {
    const s = scatterScale([0.1], box);
    assert.equal(s.innerW, 572);
    assert.equal(s.px(0), 52);
    assert.equal(s.px(1), 624);
    assert.equal(s.px(0.25), 52 + 143);
    assert.equal(s.px(-0.5), 52);
    assert.equal(s.px(1.7), 624);
    assert.ok(s.px(0.3) < s.px(0.31), "a larger share is further right");
  });

  test("y: zero in the middle, the largest change (either sign) at the edge, up is a rise", () => {
    const s = scatterScale([0.02, -0.08, 0.04], box);
    assert.equal(s.span, 0.08);
    assert.equal(s.innerH, 206);
    assert.equal(s.py(0), 14 + 103);
    assert.equal(s.py(-0.08), 14 + 206, "the largest fall sits on the bottom edge");
    assert.equal(s.py(0.08), 14, "a rise as large sits on the top edge");
    assert.ok(s.py(0.04) < s.py(0.02), "a larger rise is higher (smaller SVG y)");
    assert.ok(Math.abs(s.py(0.04) - (117 - 51.5)) < 1e-9, "half the span is half the half-height");
  });

  test("small changes are not blown up: the span is at least 5 points; no points at all is no error", () => {
    assert.equal(scatterScale([0.001, -0.002], box).span, MIN_SPAN);
    assert.equal(scatterScale([], box).span, MIN_SPAN);
    assert.equal(scatterScale([0.001], box).py(0.05), 14);
  });

  test("changes are written as signed percentage points", () => {
    assert.equal(signedPoints(0.035), "+3,5");
    assert.equal(signedPoints(-0.01), "-1");
    assert.equal(signedPoints(0), "0");
  });
});

describe("splitTail", () => {
  test("the last rows go with the signatures; a short table goes whole", () => {
    assert.equal(TAIL_ROWS, 2);
    assert.deepEqual(splitTail([1, 2, 3, 4, 5]), { body: [1, 2, 3], tail: [4, 5] });
    assert.deepEqual(splitTail([1]), { body: [], tail: [1] });
    assert.deepEqual(splitTail([]), { body: [], tail: [] });
    assert.deepEqual(splitTail([1, 2, 3], 1), { body: [1, 2], tail: [3] });
  });
});
