// The words the homes use for an assigned course's state (issue 15 item 3): the boundaries of
// "còn N ngày" / "hạn hôm nay" / "quá hạn N ngày", no due day, done; numbers and dates in vi-VN.
import assert from "node:assert/strict";
import { test } from "node:test";
import { daysLeft } from "~/assignments/assignments.server";
import { dueState, dueText } from "~/assignments/due-state";
import { NO_DUE_DAY } from "~/db/schema";

const at = (dueOn: string, today: string, completedOn: string | null = null) => ({ completedOn, days: daysLeft(dueOn, today) });

test("due states and their words, at the boundaries", () => {
  assert.equal(dueText(at("2026-12-01", "2026-11-30")), "còn 1 ngày");
  assert.equal(dueText(at("2026-11-30", "2026-11-30")), "hạn hôm nay");
  assert.equal(dueState(at("2026-11-30", "2026-11-30")), "dueToday");
  assert.equal(dueText(at("2026-11-29", "2026-11-30")), "quá hạn 1 ngày");
  assert.equal(dueState(at("2026-11-29", "2026-11-30")), "overdue");
  // Across a month and a year; thousands grouped the Vietnamese way.
  assert.equal(dueText(at("2027-01-31", "2026-12-31")), "còn 31 ngày");
  assert.equal(dueText(at("2021-01-01", "2026-11-30")), "quá hạn 2.159 ngày");
  assert.equal(dueText(at(NO_DUE_DAY, "2026-11-30")), "Không đặt hạn");
  assert.equal(dueState(at(NO_DUE_DAY, "2026-11-30")), "noDue");
  // Done wins over overdue, with its day as dd/mm/yyyy.
  assert.equal(dueText(at("2026-11-01", "2026-11-30", "2026-11-05")), "đã hoàn thành 05/11/2026");
  assert.equal(dueState(at("2026-11-01", "2026-11-30", "2026-11-05")), "done");
});
