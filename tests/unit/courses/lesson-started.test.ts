// Decision 0003: no GET changes anything. Opening a lesson page (the loader) writes nothing; the
// page's own POST (intent "started", sent once it has loaded with JavaScript) records the start,
// and without JavaScript the first "Đánh dấu đã học xong" records it too. Reports count both.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { sqlite } from "~/db/client.server";
import { findByIdentifier, unitPathOf } from "~/people/officials.server";
import { action as lessonAction, loader as lessonLoader } from "~/routes/courses.$slug.$lessonKey";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(() => {
  file = useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

function counts() {
  const one = (sql: string) => (sqlite().prepare(sql).get() as { n: number }).n;
  return {
    lessonProgress: one("SELECT count(*) AS n FROM lesson_progress"),
    courseStatus: one("SELECT count(*) AS n FROM course_status"),
    rollupDaily: one("SELECT count(*) AS n FROM rollup_daily"),
    rollupStarted: one("SELECT coalesce(sum(started), 0) AS n FROM rollup_totals"),
  };
}

/** "Started" as the reports count it: the course total of the official's own unit. */
function startedInUnit(username: string, courseId: number): number {
  const official = findByIdentifier(username)!;
  const row = sqlite()
    .prepare("SELECT coalesce(sum(started), 0) AS n FROM rollup_totals WHERE unit_id = ? AND course_id = ?")
    .get(official.unitId, courseId) as { n: number };
  return row.n;
}

function post(form: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form)) body.set(k, v);
  return { method: "POST", body };
}

describe("opening a lesson", () => {
  test("the lesson loader (GET) writes nothing: no lesson_progress, course_status or rollup row", async () => {
    const course = publishedCourse("chu-ky-so-van-ban-dien-tu")!;
    const lesson = lessonsOf(course.currentVersionId!)[0]!;
    const before = counts();
    for (let i = 0; i < 2; i++) {
      const request = await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`);
      const data = await lessonLoader({ request, params: { slug: course.slug, lessonKey: lesson.key }, context: ctx });
      assert.equal(data.startedAt, null, "the page is told the lesson is not started yet");
    }
    assert.deepEqual(counts(), before);
  });

  test("the page's POST with intent 'started' records the start once, with its rollup", async () => {
    const course = publishedCourse("chu-ky-so-van-ban-dien-tu")!;
    const lesson = lessonsOf(course.currentVersionId!)[0]!;
    const params = { slug: course.slug, lessonKey: lesson.key };
    const before = counts();
    const unitBefore = startedInUnit("canbo", course.id);
    const result = await lessonAction({
      request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`, post({ intent: "started" })),
      params,
      context: ctx,
    });
    assert.deepEqual(result, { started: true }, "answers data, not a redirect: the fetcher stays on the page");
    const afterFirst = counts();
    assert.equal(afterFirst.lessonProgress, before.lessonProgress + 1);
    assert.equal(afterFirst.courseStatus, before.courseStatus + 1);
    assert.equal(
      afterFirst.rollupStarted,
      before.rollupStarted + unitPathOf(findByIdentifier("canbo")!.id).split("/").filter(Boolean).length,
      "started counted for the unit and every ancestor",
    );
    assert.equal(startedInUnit("canbo", course.id), unitBefore + 1);

    // Again (a second tab, a reload): nothing changes.
    await lessonAction({
      request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`, post({ intent: "started" })),
      params,
      context: ctx,
    });
    assert.deepEqual(counts(), afterFirst);
    const data = await lessonLoader({ request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`), params, context: ctx });
    assert.ok(data.startedAt, "the page now knows it was started and sends nothing more");
    assert.equal(data.completedAt, null, "started is not done");
  });

  test("without JavaScript, the first 'mark done' records the start too, and reports count it", async () => {
    const course = publishedCourse("an-toan-thong-tin-can-bo")!;
    const lesson = lessonsOf(course.currentVersionId!)[0]!;
    const params = { slug: course.slug, lessonKey: lesson.key };
    const unitBefore = startedInUnit("canbo", course.id);
    const request = await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`, post({ intent: "done" }));
    const response = (await lessonAction({ request, params, context: ctx })) as Response;
    assert.equal(response.status, 302);
    const official = findByIdentifier("canbo")!;
    const status = sqlite()
      .prepare("SELECT started_at AS startedAt FROM course_status WHERE official_id = ? AND course_id = ?")
      .get(official.id, course.id) as { startedAt: string } | undefined;
    assert.ok(status?.startedAt, "course_status has the start");
    assert.equal(startedInUnit("canbo", course.id), unitBefore + 1);
    const data = await lessonLoader({ request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`), params, context: ctx });
    assert.ok(data.startedAt);
    assert.ok(data.completedAt);
  });
});
