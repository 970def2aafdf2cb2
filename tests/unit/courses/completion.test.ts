import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson, courseProgress, publishedCourseProgress, recordLessonStarted } from "~/courses/progress.server";
import { db } from "~/db/client.server";
import { courseCompletions, lessonProgress } from "~/db/schema";
import { findByIdentifier } from "~/people/officials.server";
import { action as lessonAction } from "~/routes/courses.$slug.$lessonKey";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

describe("course completion", () => {
  test("is recorded, with a timestamp, exactly when the last requirement is met (all lessons, then the quiz)", async () => {
    const official = (await findByIdentifier("canbo"))!;
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const list = await lessonsOf(course.currentVersionId!);
    await recordLessonStarted(official.id, course.id, list[0]!.lessonId, "2026-11-01T01:00:00.000Z");
    for (const [i, l] of list.entries()) {
      const { courseCompleted } = await completeLesson(official.id, course.id, l.lessonId, `2026-11-0${i + 2}T02:00:00.000Z`);
      assert.equal(courseCompleted, false, `after lesson ${i + 1}: the final quiz is still to pass`);
    }
    const start = await startAttempt(official.id, course.id, new Date("2026-11-08T03:00:00.000Z"));
    assert.ok(start.ok);
    const attempt = (await attemptFor(start.token, official.id, new Date("2026-11-08T03:00:00.000Z")))!;
    await submitAttempt(
      start.token,
      official.id,
      formFor((await quizFor(attempt.courseVersionId))!, attempt.layout, true),
      new Date("2026-11-08T03:10:00.000Z"),
    );
    const rows = await db().select().from(courseCompletions).where(eq(courseCompletions.officialId, official.id));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.completedAt, "2026-11-08T03:10:00.000Z");
    const [started] = await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, list[0]!.lessonId));
    assert.ok(started);
    assert.equal(started.startedAt, "2026-11-01T01:00:00.000Z", "opening time is kept");
    assert.equal(started.completedAt, "2026-11-02T02:00:00.000Z");
  });

  test("the lesson page's one read (publishedCourseProgress) gives what the course and courseProgress give, this course's lessons only", async () => {
    const official = (await findByIdentifier("canbo"))!;
    // A lesson started in a second course: its row and the first course's completion stay apart.
    const other = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
    const otherFirst = (await lessonsOf(other.currentVersionId!))[0]!;
    await recordLessonStarted(official.id, other.id, otherFirst.lessonId, "2026-11-09T01:00:00.000Z");
    for (const slug of ["chu-ky-so-van-ban-dien-tu", "dich-vu-cong-truc-tuyen"]) {
      const course = (await publishedCourse(slug))!;
      const one = (await publishedCourseProgress(slug, official.id))!;
      assert.deepEqual(one.course, {
        id: course.id,
        slug: course.slug,
        title: course.title,
        currentVersionId: course.currentVersionId,
        epoch: course.epoch,
      });
      assert.deepEqual(one.progress, await courseProgress(official.id, course));
    }
    const done = (await publishedCourseProgress("chu-ky-so-van-ban-dien-tu", official.id))!.progress;
    assert.equal(done.completedAt, "2026-11-08T03:10:00.000Z", "the completion of the first test");
    assert.equal(done.done, done.total);
    const started = (await publishedCourseProgress("dich-vu-cong-truc-tuyen", official.id))!.progress;
    assert.equal(started.lessons[0]!.startedAt, "2026-11-09T01:00:00.000Z");
    assert.equal(started.done, 0);
    assert.equal(started.completedAt, null, "the other course's completion is not this one's");
    assert.equal(await publishedCourseProgress("khong-co-khoa-nay", official.id), null);
  });

  test("marking a lesson done twice (double click, resubmit) changes nothing", async () => {
    const official = (await findByIdentifier("canbo"))!;
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const first = (await lessonsOf(course.currentVersionId!))[0]!;
    const { courseCompleted } = await completeLesson(official.id, course.id, first.lessonId, "2026-12-01T00:00:00.000Z");
    assert.equal(courseCompleted, false);
    const [row] = await db().select().from(lessonProgress).where(eq(lessonProgress.lessonId, first.lessonId));
    assert.equal(row!.completedAt, "2026-11-02T02:00:00.000Z");
    assert.equal((await db().select().from(courseCompletions).where(eq(courseCompletions.officialId, official.id))).length, 1);
  });

  test("'Tiếp tục học' points at the first lesson not yet done, through the lesson page's form", async () => {
    const course = (await publishedCourse("an-toan-thong-tin-can-bo"))!;
    const list = await lessonsOf(course.currentVersionId!);
    for (const l of [list[0]!, list[2]!]) {
      const body = new FormData();
      body.set("intent", "done"); // the page's button
      const request = await requestAs("lanhdao.tanthanh", `/courses/${course.slug}/${l.key}`, { method: "POST", body });
      const response = (await lessonAction({ request, params: { slug: course.slug, lessonKey: l.key }, context: ctx })) as Response;
      assert.equal(response.status, 302);
      assert.match(response.headers.get("Location")!, new RegExp(`/courses/${course.slug}/${l.key}\\?xong=1`));
    }
    const progress = await courseProgress((await findByIdentifier("lanhdao.tanthanh"))!.id, course);
    assert.equal(progress.done, 2);
    assert.equal(progress.resume?.key, list[1]!.key);
    assert.equal(progress.completedAt, null);
  });
});
