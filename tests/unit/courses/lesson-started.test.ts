// Decision 0003: no GET changes anything. Opening a lesson page (the loader) writes nothing; the
// page's own POST (to /progress/started, sent by its inline script once it has loaded) records the start,
// and without JavaScript the first "Đánh dấu đã học xong" records it too. Reports count both.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { findByIdentifier, unitPathOf } from "~/people/officials.server";
import { action as lessonAction, loader as lessonLoader } from "~/routes/courses.$slug.$lessonKey";
import { action as startedAction } from "~/routes/progress.started";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

async function counts() {
  const one = async (query: ReturnType<typeof sql>) => (await row<{ n: number }>(query))!.n;
  return {
    lessonProgress: await one(sql`SELECT count(*) AS n FROM lesson_progress`),
    courseStatus: await one(sql`SELECT count(*) AS n FROM course_status`),
    rollupDaily: await one(sql`SELECT count(*) AS n FROM rollup_daily`),
    rollupStarted: await one(sql`SELECT coalesce(sum(started), 0) AS n FROM rollup_totals`),
  };
}

/** "Started" as the reports count it: the course total of the official's own unit. */
async function startedInUnit(username: string, courseId: number): Promise<number> {
  const official = (await findByIdentifier(username))!;
  const found = await row<{ n: number }>(
    sql`SELECT coalesce(sum(started), 0) AS n FROM rollup_totals WHERE unit_id = ${official.unitId} AND course_id = ${courseId}`,
  );
  return found!.n;
}

function post(form: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form)) body.set(k, v);
  return { method: "POST", body };
}

describe("opening a lesson", () => {
  test("the lesson loader (GET) writes nothing: no lesson_progress, course_status or rollup row", async () => {
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
    const before = await counts();
    for (let i = 0; i < 2; i++) {
      const request = await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`);
      const data = await lessonLoader({ request, params: { slug: course.slug, lessonKey: lesson.key }, context: ctx });
      assert.equal(data.startedAt, null, "the page is told the lesson is not started yet");
    }
    assert.deepEqual(await counts(), before);
  });

  test("the page's POST to /progress/started records the start once, with its rollup", async () => {
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
    const params = { slug: course.slug, lessonKey: lesson.key };
    const before = await counts();
    const unitBefore = await startedInUnit("canbo", course.id);
    const started = () =>
      requestAs("canbo", "/progress/started", post({ course: course.slug, lesson: lesson.key })).then((request) =>
        startedAction({ request, params: {}, context: ctx }),
      );
    const result = await started();
    assert.equal(result.status, 204, "answers nothing to render: the page stays as it is");
    const afterFirst = await counts();
    assert.equal(afterFirst.lessonProgress, before.lessonProgress + 1);
    assert.equal(afterFirst.courseStatus, before.courseStatus + 1);
    assert.equal(
      afterFirst.rollupStarted,
      before.rollupStarted + (await unitPathOf((await findByIdentifier("canbo"))!.id)).split("/").filter(Boolean).length,
      "started counted for the unit and every ancestor",
    );
    assert.equal(await startedInUnit("canbo", course.id), unitBefore + 1);

    // Again (a second tab, a reload): nothing changes.
    await started();
    assert.deepEqual(await counts(), afterFirst);
    // An unknown lesson or course is a 404 and writes nothing; the lesson page's own action marks done only for its button.
    const forms: Record<string, string>[] = [{ course: course.slug, lesson: "khong-co" }, { course: "khong-co", lesson: lesson.key }, {}];
    for (const form of forms) {
      const request = await requestAs("canbo", "/progress/started", post(form));
      assert.equal(await statusOf(startedAction({ request, params: {}, context: ctx })), 404);
    }
    const stale = await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`, post({ intent: "started" }));
    assert.equal(await statusOf(lessonAction({ request: stale, params, context: ctx })), 400);
    assert.deepEqual(await counts(), afterFirst);
    const data = await lessonLoader({ request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`), params, context: ctx });
    assert.ok(data.startedAt, "the page now knows it was started and sends nothing more");
    assert.equal(data.completedAt, null, "started is not done");
  });

  test("without JavaScript, the first 'mark done' records the start too, and reports count it", async () => {
    const course = (await publishedCourse("an-toan-thong-tin-can-bo"))!;
    const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
    const params = { slug: course.slug, lessonKey: lesson.key };
    const unitBefore = await startedInUnit("canbo", course.id);
    const request = await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`, post({ intent: "done" }));
    const response = (await lessonAction({ request, params, context: ctx })) as Response;
    assert.equal(response.status, 302);
    const official = (await findByIdentifier("canbo"))!;
    const status = await row<{ startedAt: string }>(
      sql`SELECT started_at AS "startedAt" FROM course_status WHERE official_id = ${official.id} AND course_id = ${course.id}`,
    );
    assert.ok(status?.startedAt, "course_status has the start");
    assert.equal(await startedInUnit("canbo", course.id), unitBefore + 1);
    const data = await lessonLoader({ request: await requestAs("canbo", `/courses/${course.slug}/${lesson.key}`), params, context: ctx });
    assert.ok(data.startedAt);
    assert.ok(data.completedAt);
  });
});
