// Rollups written with each event must equal a direct count, for every unit, now and as of a date.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson } from "~/courses/progress.server";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { findByIdentifier } from "~/people/officials.server";
import { answerForm } from "~/quizzes/answer-form.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { dayOf } from "~/figures/rollups.server";
import { reportCourses, unitReport } from "~/reports/unit-report.server";
import { getUnitByCode, pathUpperBound, rootUnit, subtree } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true }); // demo + content + progress as of PROGRESS_AS_OF
});
after(() => dropTestDatabase(file));

/** The slow, obvious way: count rows of the subtree's officials. */
async function direct(unitPath: string, courseId: number, asOf: string | null) {
  const end = asOf ? new Date(`${asOf}T23:59:59.999+07:00`).toISOString() : "9999";
  return (await row<{ members: number; started: number; completed: number }>(
    sql`SELECT count(DISTINCT o.id) AS members,
              count(cs.started_at) AS started,
              count(CASE WHEN cs.completed_at <= ${end} THEN 1 END) AS completed
         FROM officials o JOIN units u ON u.id = o.unit_id
         LEFT JOIN course_status cs ON cs.official_id = o.id AND cs.course_id = ${courseId} AND cs.started_at <= ${end}
        WHERE u.path >= ${unitPath} AND u.path < ${pathUpperBound(unitPath)} AND o.active`,
  ))!;
}

describe("rollups", () => {
  test("equal a direct count for every unit and course, now and as of two past dates", async () => {
    const courses = await reportCourses();
    assert.ok(courses.length >= 5);
    for (const asOf of [null, "2026-10-15", "2026-09-20"]) {
      for (const unit of await subtree((await rootUnit())!)) {
        for (const c of courses) {
          const report = await unitReport(unit, { asOf, selection: c.id });
          const d = await direct(unit.path, c.id, asOf);
          assert.equal(report.members, d.members, `${unit.name} members ${asOf}`);
          assert.equal(report.headline.completed, d.completed, `${unit.name} ${c.title} completed as of ${asOf}`);
          assert.equal(report.headline.inProgress, d.started - d.completed, `${unit.name} ${c.title} in progress as of ${asOf}`);
          assert.equal(report.headline.notStarted, d.members - d.started, `${unit.name} not started as of ${asOf}`);
        }
      }
    }
  });

  test("a child's figures are the same whether read from the parent's report or its own", async () => {
    const district = (await getUnitByCode("LA-TT"))!;
    const report = await unitReport(district, {});
    for (const child of report.children) {
      const own = await unitReport(
        (await subtree(district)).find((u) => u.id === child.id)!,
        {},
      );
      assert.deepEqual(child.figures, own.headline, child.name);
    }
    // The district's own figure is its children's plus those of the officials who sit in it directly.
    const direct = (await unitReport(district, {})).headline.completed - report.children.reduce((s, c) => s + c.figures.completed, 0);
    assert.ok(direct >= 0);
  });
});

describe("a report as of a date", () => {
  test("does not count a completion made after that date", async () => {
    const who = (await findByIdentifier("lanhdao.tantru"))!;
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const commune = (await getUnitByCode("LA-TTR"))!;
    const before = (await unitReport(commune, { selection: course.id })).headline.completed;
    for (const l of await lessonsOf(course.currentVersionId!))
      await completeLesson(who.id, course.id, l.lessonId, "2026-11-24T02:00:00.000Z");
    const t0 = new Date("2026-11-25T16:30:00.000Z"); // 23:30 on 25/11 in Vietnam
    const r = await startAttempt(who.id, course.id, t0);
    assert.ok(r.ok);
    const a = (await attemptFor(r.token, who.id, t0))!;
    const done = new Date("2026-11-25T17:10:00.000Z"); // 00:10 on 26/11 in Vietnam
    await submitAttempt(r.token, who.id, answerForm((await quizFor(a.courseVersionId))!, a.layout, true), done);
    assert.equal(dayOf(done.toISOString()), "2026-11-26");
    assert.equal((await unitReport(commune, { selection: course.id })).headline.completed, before + 1);
    assert.equal((await unitReport(commune, { selection: course.id, asOf: "2026-11-25" })).headline.completed, before);
    assert.equal((await unitReport(commune, { selection: course.id, asOf: "2026-11-26" })).headline.completed, before + 1);
  });
});
