import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { todayInVietnam } from "~/i18n/dates";
import { addDays, dayOf, endOfVnDay, startOfVnDay, VN_TIME_ZONE, vnToday } from "~/i18n/time";
import { dayOf as rollupDayOf } from "~/figures/rollups.server";

describe("time in Vietnam (one module)", () => {
  test("the day of an instant is the Vietnamese calendar day", () => {
    assert.equal(dayOf("2025-06-30T16:59:59.999Z"), "2025-06-30");
    assert.equal(dayOf("2025-06-30T17:00:00.000Z"), "2025-07-01", "midnight in Hà Nội");
    assert.equal(dayOf(new Date("2025-06-30T18:30:00Z")), "2025-07-01");
    assert.equal(dayOf(Date.parse("2025-12-31T17:00:00Z")), "2026-01-01");
  });
  test("today in Vietnam, whatever the server's clock zone", () => {
    assert.equal(vnToday(Date.parse("2025-06-30T20:00:00Z")), "2025-07-01");
    assert.equal(vnToday(new Date("2025-06-30T10:00:00Z")), "2025-06-30");
    assert.match(vnToday(), /^\d{4}-\d{2}-\d{2}$/);
  });
  test("first and last instant of a Vietnamese day, as stored (UTC)", () => {
    assert.equal(startOfVnDay("2025-07-01"), "2025-06-30T17:00:00.000Z");
    assert.equal(endOfVnDay("2025-06-30"), "2025-06-30T16:59:59.999Z");
    assert.equal(dayOf(endOfVnDay("2025-06-30")), "2025-06-30");
    assert.equal(dayOf(startOfVnDay("2025-07-01")), "2025-07-01");
  });
  test("calendar arithmetic across months and years", () => {
    assert.equal(addDays("2025-07-01", -1), "2025-06-30");
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
    assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  });
  test("the old names are the same functions, not copies", () => {
    assert.equal(todayInVietnam, vnToday);
    assert.equal(rollupDayOf, dayOf);
    assert.equal(VN_TIME_ZONE, "Asia/Ho_Chi_Minh");
  });
});

test("no other module computes Vietnamese time by hand", async () => {
  const { execFileSync } = await import("node:child_process");
  let out = "";
  try {
    out = execFileSync(
      "grep",
      // Not bench/.tmp: the benches' generated databases (gigabytes at national scale) and whatever else they write.
      ["-rnEI", "--exclude-dir=.tmp", String.raw`7 \* 3600|\+07:00|Asia/Ho_Chi_Minh`, "app", "scripts", "bench"],
      { encoding: "utf8" },
    );
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? "";
  }
  const offenders = out
    .split("\n")
    .filter(Boolean)
    .filter((l) => !l.startsWith("app/i18n/time.ts:"));
  assert.deepEqual(offenders, []);
});
