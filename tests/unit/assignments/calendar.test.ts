// The due-day calendar (issue 15 item 7): /my/assignments.ics read back with a real iCalendar parser
// (ical.js): one all-day event per assignment with a due day, for the signed-in learner only, in
// Asia/Ho_Chi_Minh, Vietnamese text intact, CRLF and lines folded at 75 octets; signed out → login.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ICAL from "ical.js";
import { myAssignments, type MyAssignment } from "~/assignments/assignments.server";
import { assignmentsCalendar, eventUid } from "~/assignments/calendar.server";
import { NO_DUE_DAY } from "~/db/schema";
import { addDays, vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { loader } from "~/routes/my.assignments[.]ics";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
});
after(() => dropTestDatabase(file));

const download = async (username: string) => {
  const response = await loader({ request: await requestAs(username, "/my/assignments.ics"), params: {}, context: ctx });
  assert.ok(response instanceof Response);
  return response;
};

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const events = (cal: ICAL.Component) => cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));

/** RFC 5545 §3.1: CRLF after every line, none longer than 75 octets. */
function assertWellFormed(text: string) {
  assert.ok(text.endsWith("\r\n"), "ends with CRLF");
  assert.doesNotMatch(text.replace(/\r\n/g, ""), /[\r\n]/, "no bare CR or LF");
  for (const line of text.split("\r\n")) assert.ok(Buffer.byteLength(line, "utf8") <= 75, `longer than 75 octets: ${line}`);
}

describe("/my/assignments.ics", () => {
  test("canbo's download: a calendar with the Vietnamese time zone and one all-day event per assignment with a due day", async () => {
    const canbo = (await findByIdentifier("canbo"))!;
    const mine = (await myAssignments(canbo.id, vnToday())).filter((a) => a.dueOn !== NO_DUE_DAY);
    // The demo: the overdue online public services course and the province's information security.
    assert.ok(mine.some((a) => a.slug === "dich-vu-cong-truc-tuyen" && a.dueOn < vnToday()));
    assert.ok(mine.some((a) => a.slug === "an-toan-thong-tin-can-bo" && a.dueOn > vnToday()));

    const response = await download("canbo");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "text/calendar; charset=utf-8");
    assert.match(response.headers.get("Content-Disposition") ?? "", /^attachment; filename="[\w-]+\.ics"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    assertWellFormed(text);

    const cal = parse(text);
    assert.equal(cal.name, "vcalendar");
    assert.equal(cal.getFirstPropertyValue("version"), "2.0");
    assert.ok(cal.getFirstPropertyValue("prodid"));
    assert.equal(cal.getFirstPropertyValue("calscale"), "GREGORIAN");
    assert.equal(cal.getFirstPropertyValue("method"), "PUBLISH");
    assert.equal(cal.getFirstPropertyValue("x-wr-calname"), t.assignments.calendarName);
    assert.equal(cal.getFirstPropertyValue("x-wr-timezone"), "Asia/Ho_Chi_Minh");
    const zone = new ICAL.Timezone(cal.getFirstSubcomponent("vtimezone")!);
    assert.equal(zone.tzid, "Asia/Ho_Chi_Minh");
    // +07:00 in January and in July: no daylight saving.
    for (const day of ["2026-01-15", "2026-07-15"]) {
      const at = ICAL.Time.fromDateTimeString(`${day}T12:00:00`);
      assert.equal(zone.utcOffset(at), 7 * 3600, day);
    }

    const found = events(cal);
    assert.equal(found.length, mine.length);
    for (const a of mine) {
      const e = found.find((x) => x.uid === eventUid(a.assignmentId, canbo.id));
      assert.ok(e, `event of ${a.slug}`);
      assert.ok(e.startDate.isDate, "all-day");
      assert.equal(e.startDate.toString(), a.dueOn);
      assert.ok(e.endDate.isDate);
      assert.equal(e.endDate.toString(), addDays(a.dueOn, 1));
      assert.equal(e.summary, t.assignments.calendarEvent(a.title));
      assert.match(e.summary, /Hạn hoàn thành khóa/);
      assert.ok(e.description.includes(`http://localhost/courses/${a.slug}`), e.description);
      assert.equal(e.component.getFirstPropertyValue("url"), `http://localhost/courses/${a.slug}`);
      const stamp = e.component.getFirstPropertyValue("dtstamp") as ICAL.Time;
      assert.equal(stamp.zone?.tzid, "UTC", "DTSTAMP in UTC");
    }
    const online = found.find((x) => x.summary.includes(mine.find((a) => a.slug === "dich-vu-cong-truc-tuyen")!.title))!;
    assert.match(online.summary, /^Hạn hoàn thành khóa "Hướng dẫn dịch vụ công trực tuyến"$/);
    assert.match(online.description, /Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh/);

    // The same events (same UIDs) on the next download: an import replaces them.
    const again = events(parse(await (await download("canbo")).text())).map((e) => e.uid);
    assert.deepEqual(again.sort(), found.map((e) => e.uid).sort());
  });

  test("only the signed-in person's own assignments: Tân Trụ's manager has no Tân Thạnh assignment", async () => {
    const tantru = (await findByIdentifier("lanhdao.tantru"))!;
    const canbo = (await findByIdentifier("canbo"))!;
    const tanthanhOnly = (await myAssignments(canbo.id, vnToday())).find((a) => a.note.includes("huyện Tân Thạnh"))!;
    const text = await (await download("lanhdao.tantru")).text();
    const found = events(parse(text));
    assert.ok(found.length > 0, "the province's information security course");
    assert.ok(found.every((e) => e.uid.endsWith(`-official-${tantru.id}@taphuan`)));
    assert.ok(!found.some((e) => e.uid.startsWith(`assignment-${tanthanhOnly.assignmentId}-`)));
    assert.ok(!found.some((e) => e.description.includes("huyện Tân Thạnh")));
  });

  test("signed out: the login page, no calendar", async () => {
    try {
      await loader({ request: new Request("http://localhost/my/assignments.ics"), params: {}, context: ctx });
      assert.fail("no redirect");
    } catch (thrown) {
      assert.ok(thrown instanceof Response);
      assert.equal(thrown.status, 302);
      assert.equal(thrown.headers.get("Location"), `/login?redirectTo=${encodeURIComponent("/my/assignments.ics")}`);
    }
  });

  test("text with commas, semicolons, backslashes, new lines and long Vietnamese words survives escaping and folding", () => {
    const note = "Kế hoạch số 12/KH-UBND, ngày 01/12; phần \\ phụ lục\ndòng hai — Nguyễn Thị Hồng Nhung ".repeat(4).trim();
    const title = "Chuyển đổi số: ứng dụng, an toàn; và kỹ năng số cho cán bộ, công chức cấp xã ở Long An";
    const assignment: MyAssignment = {
      assignmentId: 41,
      courseId: 9,
      slug: "chuyen-doi-so",
      title,
      startOn: "2026-11-01",
      dueOn: "2026-12-31",
      startedOn: null,
      completedOn: null,
      note,
    };
    const text = assignmentsCalendar({
      officialId: 5,
      assignments: [assignment, { ...assignment, assignmentId: 42, dueOn: NO_DUE_DAY }],
      origin: "https://taphuan.example.vn",
      now: new Date("2026-11-30T03:04:05Z"),
    });
    assertWellFormed(text);
    const [e, ...rest] = events(parse(text));
    assert.equal(rest.length, 0, "no event without a due day");
    assert.equal(e!.summary, t.assignments.calendarEvent(title));
    assert.ok(e!.description.endsWith(t.assignmentsLearner.calendarNote(note)), e!.description);
    assert.equal(e!.startDate.toString(), "2026-12-31");
    assert.equal(e!.endDate.toString(), "2027-01-01");
    assert.equal((e!.component.getFirstPropertyValue("dtstamp") as ICAL.Time).toString(), "2026-11-30T03:04:05Z");
  });
});
