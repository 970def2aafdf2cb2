import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { replaceSection, tablesIn } from "../../../bench/docs-tables";

describe("bench:all's docs tables", () => {
  test("finds every markdown table in a bench's output, and nothing else", () => {
    const out = [
      "== province: generating …",
      "| not a table, one line |",
      "",
      "| figure | p95 ms |",
      "|---|---:|",
      "| root | 12.5 |",
      "done",
      "| step | seconds |",
      "|---|---:|",
      "| read | 1.20 |",
    ].join("\n");
    assert.deepEqual(tablesIn(out), [
      "| figure | p95 ms |\n|---|---:|\n| root | 12.5 |",
      "| step | seconds |\n|---|---:|\n| read | 1.20 |",
    ]);
  });

  test("adds the section under the bench's heading the first time, then replaces only it", () => {
    const docs = [
      "# Benchmarks",
      "",
      "## Reports — `npm run bench:reports`",
      "",
      "What it measures.",
      "More of it.",
      "",
      "### An older hand-written run",
      "",
      "| old | 1 |",
      "",
      "## Roster import — `npm run bench:roster`",
      "",
      "Roster text.",
    ].join("\n");
    const once = replaceSection(docs, "reports", "bench:reports", "_run 1_\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    const lines = once.split("\n");
    const at = lines.indexOf("<!-- bench:all reports begin -->");
    assert.ok(at > lines.indexOf("More of it.") && at < lines.indexOf("### An older hand-written run"), once);
    const twice = replaceSection(once, "reports", "bench:reports", "_run 2_");
    assert.ok(twice.includes("_run 2_") && !twice.includes("_run 1_"), twice);
    assert.equal(twice.split("<!-- bench:all reports begin -->").length, 2, "one section, not two");
    assert.ok(twice.includes("| old | 1 |") && twice.includes("Roster text."), "the rest is kept");
    const roster = replaceSection(twice, "roster", "bench:roster", "_roster_");
    assert.ok(roster.indexOf("_roster_") > roster.indexOf("Roster text."));
  });

  test("a bench without a heading gets its section at the end", () => {
    assert.ok(replaceSection("# B\n", "new", "bench:new", "x").endsWith("<!-- bench:all new end -->\n"));
  });
});
