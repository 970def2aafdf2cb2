// Issue 16 item 1 (docs/decisions/0030): in-app notifications and their e-mails. A new assignment tells
// each member (in-app + one outbox row) in the chunk's transaction — a rolled-back chunk leaves
// neither; the daily job on a clock set to D-7, D-1 and D+1 writes exactly those reminders, once, and
// none for members who completed or left or for a withdrawn assignment; two claims of one day's run
// run it once; a course passed and extra attempts granted notify; the unread count, mark-read, and a
// person sees and opens only their own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { createAssignment, withdrawAssignment, type Actor } from "~/assignments/assignments.server";
import { createSession, userForToken } from "~/auth/session.server";
import { buildAssignments, buildChunk } from "~/assignments/members.server";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson } from "~/courses/progress.server";
import { exec, row, rows, transaction } from "~/db/client.server";
import { addDays, startOfVnDay, vnToday } from "~/i18n/time";
import {
  markAllRead,
  notificationsOf,
  openNotification,
  pruneNotifications,
  remindDue,
  runDailyReminders,
  unreadCount,
} from "~/notifications/notifications.server";
import { findByIdentifier } from "~/people/officials.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { grantAttempts } from "~/quizzes/grants.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";

let file: string;
let ADMIN: Actor & { roles: ("admin" | "trainer")[] };
let unit: { id: number; path: string };
let courseId: number;
const TODAY = vnToday();

before(async () => {
  file = await useTestDatabase({ content: true });
  ADMIN = { id: (await findByIdentifier("quantri"))!.id, admin: true, scopePath: null, roles: ["admin"] };
  courseId = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!.id;
  // A unit with a handful of active officials; each gets an address so their e-mails are written.
  unit = (await row<{ id: number; path: string }>(
    sql`SELECT u.id, u.path FROM units u JOIN officials o ON o.unit_id = u.id
         WHERE u.valid_to IS NULL AND o.active GROUP BY u.id, u.path HAVING count(*) BETWEEN 6 AND 40 ORDER BY u.id LIMIT 1`,
  ))!;
  await transaction(() =>
    exec(sql`UPDATE officials SET email = 'nv' || id || '@taphuan.test' WHERE unit_id = ${unit.id} AND email IS NULL`),
  );
});
after(() => dropTestDatabase(file));

const unitMembers = async () =>
  (await rows<{ id: number }>(sql`SELECT id FROM officials WHERE unit_id = ${unit.id} AND active ORDER BY id`)).map((r) => Number(r.id));

const count = async (where: ReturnType<typeof sql>) =>
  Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM notifications WHERE ${where}`))!.n);
const mails = async (like: string) =>
  Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM mail_outbox WHERE idempotency_key LIKE ${like}`))!.n);

async function assign(startOn: string, dueOn: string): Promise<number> {
  return createAssignment(ADMIN, {
    courseId,
    unitIds: [unit.id],
    officialIds: [],
    positions: [],
    roles: [],
    startOn,
    dueOn,
    graceDays: 30,
    note: "",
  });
}

describe("a new assignment", () => {
  test("e-mails each member in the chunk's transaction (a rolled-back chunk leaves no member and no mail); the bell draws the notice from the membership", async () => {
    const id = await assign(TODAY, addDays(TODAY, 30));
    // createAssignment starts the build in the background: let it finish, then take the assignment back
    // to "building" with nothing written, to run its chunk by hand.
    await buildAssignments();
    await transaction(async () => {
      for (const table of ["assignment_members", "assignment_daily", "assignment_totals"])
        await exec(sql`DELETE FROM ${sql.raw(table)} WHERE assignment_id = ${id}`);
      await exec(sql`DELETE FROM notifications WHERE ref_id = ${id} AND kind = 'assignment-new'`);
      await exec(sql`DELETE FROM mail_outbox WHERE idempotency_key LIKE ${`assignment-new:${id}:%`}`);
      await exec(sql`UPDATE assignments SET status = 'building', build_cursor = 0 WHERE id = ${id}`);
    });
    // The build chunk rolled back by its caller: no members, no notifications, no e-mail.
    await assert.rejects(
      transaction(async () => {
        await buildChunk(id, 1_000_000_000);
        assert.ok((await mails(`assignment-new:${id}:%`)) > 0, "mail written inside the chunk");
        // Decision 0037: the build writes no notification rows (a national build would write millions).
        assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id}`), 0, "no rows written by the build");
        throw new Error("rolled back");
      }),
      /rolled back/,
    );
    assert.equal(Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM assignment_members WHERE assignment_id = ${id}`))!.n), 0);
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id}`), 0);
    assert.equal(await mails(`assignment-new:${id}:%`), 0);

    await buildAssignments();
    const people = await unitMembers();
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id}`), 0, "the build wrote no rows");
    // Each member's bell shows it: reading the bell writes the notice the membership implies, once.
    for (const p of people) assert.ok((await unreadCount(p)) >= 1);
    for (const p of people) await unreadCount(p);
    const notified = (
      await rows<{ id: number }>(
        sql`SELECT official_id AS id FROM notifications WHERE kind = 'assignment-new' AND ref_id = ${id} ORDER BY official_id`,
      )
    ).map((r) => Number(r.id));
    assert.deepEqual(notified, people, "every member, once");
    assert.equal(await mails(`assignment-new:${id}:%`), people.length, "one e-mail each");
    const mail = (await row<{ subject: string; text: string; address: string }>(
      sql`SELECT subject, text_body AS text, address FROM mail_outbox WHERE idempotency_key = ${`assignment-new:${id}:${people[0]}`}`,
    ))!;
    assert.equal(mail.address, (await row<{ email: string }>(sql`SELECT email FROM officials WHERE id = ${people[0]}`))!.email);
    assert.match(mail.subject, /^Được giao khóa học: /);
    assert.match(mail.text, /\/courses\/chu-ky-so-van-ban-dien-tu/);
    const shown = await notificationsOf(people[0]!);
    const mine = shown.find((n) => n.kind === "assignment-new" && n.text.includes("hạn hoàn thành"));
    assert.ok(mine, "the bell's page shows it with the due day");
    assert.equal(mine.link, "/courses/chu-ky-so-van-ban-dien-tu");
    // Building again adds nothing.
    await transaction(() => exec(sql`UPDATE assignments SET status = 'building', build_cursor = 0 WHERE id = ${id}`));
    await buildAssignments();
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id}`), people.length);
    assert.equal(await mails(`assignment-new:${id}:%`), people.length);
  });
});

describe("the daily reminders", () => {
  test("on D-7, D-1 and D+1 write exactly those reminders, once; none for completed, left or withdrawn", async () => {
    const due = addDays(TODAY, 40);
    const id = await assign(TODAY, due);
    const other = await assign(TODAY, due);
    await buildAssignments();
    await withdrawAssignment(ADMIN, other);
    const people = await unitMembers();
    const [done, gone, ...rest] = people;
    await transaction(async () => {
      await exec(sql`UPDATE assignment_members SET completed_on = ${TODAY} WHERE assignment_id = ${id} AND official_id = ${done}`);
      await exec(sql`UPDATE assignment_members SET left_on = ${TODAY} WHERE assignment_id = ${id} AND official_id = ${gone}`);
    });
    const reminded = async (kind: string) =>
      (
        await rows<{ id: number }>(
          sql`SELECT official_id AS id FROM notifications WHERE kind = ${kind} AND ref_id = ${id} ORDER BY official_id`,
        )
      ).map((r) => Number(r.id));
    const kinds = ["assignment-due-7", "assignment-due-1", "assignment-overdue"];
    const snapshot = async () => Promise.all(kinds.map(reminded));

    await remindDue(addDays(due, -8), 3);
    assert.deepEqual(await snapshot(), [[], [], []], "D-8: nothing yet");
    for (let run = 0; run < 2; run++) {
      await remindDue(addDays(due, -7), 3); // windows of 3 official ids: several chunks
      assert.deepEqual(await snapshot(), [rest, [], []], `D-7 (run ${run + 1}): due in 7 days, once`);
    }
    await remindDue(addDays(due, -4), 3);
    assert.deepEqual(await snapshot(), [rest, [], []], "D-4: nothing new");
    for (let run = 0; run < 2; run++) {
      await remindDue(addDays(due, -1), 3);
      assert.deepEqual(await snapshot(), [rest, rest, []], `D-1 (run ${run + 1}): due tomorrow, once`);
    }
    await remindDue(due, 3);
    assert.deepEqual(await snapshot(), [rest, rest, []], "the due day itself: nothing new");
    for (let run = 0; run < 2; run++) {
      await remindDue(addDays(due, 1), 3);
      assert.deepEqual(await snapshot(), [rest, rest, rest], `D+1 (run ${run + 1}): overdue, once`);
    }
    assert.equal(await count(sql`ref_id = ${other} AND kind <> 'assignment-new'`), 0, "a withdrawn assignment reminds nobody");
    for (const kind of kinds) assert.equal(await mails(`${kind}:${id}:%`), rest.length, `one ${kind} e-mail each`);
    assert.equal(await mails(`%:${id}:${done}`), 0 + (await mails(`assignment-new:${id}:${done}`)));
    const overdue = (await row<{ kind: string; subject: string }>(
      sql`SELECT kind, subject FROM mail_outbox WHERE idempotency_key = ${`assignment-overdue:${id}:${rest[0]}`}`,
    ))!;
    assert.equal(overdue.kind, "assignment-overdue", "the required kind: cannot be turned off");
    const [y, mo, d] = due.split("-");
    const week = (await row<{ kind: string; text: string }>(
      sql`SELECT kind, text_body AS text FROM mail_outbox WHERE idempotency_key = ${`assignment-due-7:${id}:${rest[0]}`}`,
    ))!;
    assert.equal(week.kind, "assignment-due");
    assert.ok(week.text.includes(`trước hết ngày ${d}/${mo}/${y}`), "the member's due day, dd/mm/yyyy");
    assert.match(overdue.subject, /^Quá hạn hoàn thành khóa học: /);
  });

  test("a member's own due day counts; no due day never reminds", async () => {
    const id = await assign(TODAY, "9999-12-31");
    await buildAssignments();
    const [joiner] = await unitMembers();
    const own = addDays(TODAY, 20);
    await transaction(() =>
      exec(sql`UPDATE assignment_members SET due_on = ${own} WHERE assignment_id = ${id} AND official_id = ${joiner}`),
    );
    await remindDue(addDays(own, 1));
    assert.equal(await count(sql`ref_id = ${id} AND kind <> 'assignment-new'`), 0, "the assignment has no due day: it is skipped whole");
    await transaction(() => exec(sql`UPDATE assignments SET due_on = ${addDays(TODAY, 10)} WHERE id = ${id}`));
    await remindDue(addDays(own, 1));
    assert.deepEqual(
      (
        await rows<{ id: number }>(sql`SELECT official_id AS id FROM notifications WHERE ref_id = ${id} AND kind = 'assignment-overdue'`)
      ).map((r) => Number(r.id)),
      [joiner],
      "only the member whose own due day passed",
    );
  });

  test("two claims of one day's run on one database run it once (claimJob)", async () => {
    const at = new Date(`${addDays(TODAY, 100)}T08:30:00+07:00`);
    const [a, b] = await Promise.all([runDailyReminders(at), runDailyReminders(at)]);
    assert.equal([a, b].filter((r) => r !== null).length, 1, "one of the two ran it");
    assert.equal(await runDailyReminders(new Date(at.getTime() + 3 * 3600_000)), null, "later the same day: not again");
    assert.equal(await runDailyReminders(new Date(`${addDays(TODAY, 101)}T06:30:00+07:00`)), null, "before 07:00 in Vietnam: not yet");
    assert.notEqual(await runDailyReminders(new Date(`${addDays(TODAY, 101)}T07:05:00+07:00`)), null, "the next day: once more");
  });
});

describe("courses and quizzes", () => {
  test("a course passed notifies the learner", async () => {
    const official = (await findByIdentifier("canbo"))!;
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    for (const l of await lessonsOf(course.currentVersionId!))
      await completeLesson(official.id, course.id, l.lessonId, "2026-11-02T02:00:00.000Z");
    assert.equal(await count(sql`official_id = ${official.id} AND kind = 'course-passed'`), 0, "not before the quiz");
    const at = new Date("2026-11-08T03:00:00.000Z");
    const start = await startAttempt(official.id, course.id, at);
    assert.ok(start.ok);
    const attempt = (await attemptFor(start.token, official.id, at))!;
    await submitAttempt(start.token, official.id, formFor((await quizFor(attempt.courseVersionId))!, attempt.layout, true), at);
    assert.equal(await count(sql`official_id = ${official.id} AND kind = 'course-passed'`), 1);
    const shown = (await notificationsOf(official.id)).find((n) => n.kind === "course-passed")!;
    assert.match(shown.text, /Chúc mừng! Anh\/chị đã hoàn thành khóa học “.+”\./);
  });

  test("extra attempts granted notify the person, or everyone now in the unit, with the optional e-mail", async () => {
    const person = (await findByIdentifier("canbo"))!;
    const one = await grantAttempts(ADMIN, { courseId, target: { officialId: person.id }, count: 2, reason: "Mất điện" });
    assert.ok(one.ok);
    assert.equal(await count(sql`kind = 'attempts-granted' AND ref_id = ${one.grant.id}`), 1);
    assert.equal(await mails(`attempts-granted:${one.grant.id}:${person.id}`), 1);
    const text = (await notificationsOf(person.id)).find((n) => n.kind === "attempts-granted")!;
    assert.match(text.text, /được thêm 2 lượt làm bài kiểm tra/);
    assert.equal(text.link, "/courses/chu-ky-so-van-ban-dien-tu/quiz");

    const all = await grantAttempts(ADMIN, { courseId, target: { unitId: unit.id }, count: 1, reason: "" });
    assert.ok(all.ok);
    const people = await unitMembers();
    assert.equal(await count(sql`kind = 'attempts-granted' AND ref_id = ${all.grant.id}`), people.length);
    assert.equal(await mails(`attempts-granted:${all.grant.id}:%`), people.length);
  });
});

describe("the bell", () => {
  test("counts the unread, marks read when opened or all at once, and each person sees and opens only their own", async () => {
    await assign(TODAY, addDays(TODAY, 60));
    await buildAssignments();
    const [me, other] = await unitMembers();
    await transaction(() => exec(sql`UPDATE notifications SET read_at = NULL WHERE official_id IN (${me}, ${other})`));
    const mine = await notificationsOf(me!);
    assert.ok(mine.length >= 2);
    assert.ok(mine.every((n) => !n.read));
    assert.equal(await unreadCount(me!), mine.length);
    const theirs = await notificationsOf(other!);
    assert.ok(
      theirs.every((n) => !mine.some((m) => m.id === n.id)),
      "nobody sees another's",
    );
    // Opening someone else's: nothing, and it stays unread.
    assert.equal(await openNotification(me!, theirs[0]!.id), null);
    assert.equal(await unreadCount(other!), theirs.length);
    // Opening one of mine: read, and where it leads.
    assert.equal(await openNotification(me!, mine[0]!.id), mine[0]!.link);
    assert.equal(await unreadCount(me!), mine.length - 1);
    // "Mark all read" up to the newest shown: a later one stays unread.
    const newest = mine[0]!.id;
    await transaction(() =>
      exec(sql`INSERT INTO notifications (official_id, kind, ref_id, course_id) VALUES (${me}, 'course-passed', 999999, ${courseId})`),
    );
    await markAllRead(me!, newest);
    assert.equal(await unreadCount(me!), 1);
    assert.equal(await markAllRead(other!, 0), 0);
    assert.equal(await unreadCount(other!), theirs.length, "another person's are untouched");
  });

  test("the session lookup brings the bell's count (no statement of its own), and none while a new assignment's notice is still to be written", async () => {
    const [me] = await unitMembers();
    const token = await createSession(me!);
    const bell = async () => (await userForToken(token))!.unread;
    await unreadCount(me!);
    assert.equal(await bell(), await unreadCount(me!));
    await transaction(() =>
      exec(sql`INSERT INTO notifications (official_id, kind, ref_id, course_id) VALUES (${me}, 'course-passed', 777001, ${courseId})`),
    );
    assert.equal(await bell(), await unreadCount(me!), "a new notice counts at once");
    // A new assignment: its notice is drawn when the bell is read, so the session says "ask".
    const id = await assign(TODAY, addDays(TODAY, 40));
    await buildAssignments();
    assert.equal(await bell(), null);
    const after = await unreadCount(me!);
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id} AND official_id = ${me}`), 1);
    assert.equal(await bell(), after);
  });

  test("housekeeping deletes read notifications older than 90 days and keeps unread ones", async () => {
    const [me] = await unitMembers();
    const old = startOfVnDay(addDays(TODAY, -120));
    await transaction(async () => {
      await exec(sql`INSERT INTO notifications (official_id, kind, ref_id, course_id, created_at, read_at)
                     VALUES (${me}, 'course-passed', 888001, ${courseId}, ${old}, ${old}),
                            (${me}, 'course-passed', 888002, ${courseId}, ${old}, NULL)`);
    });
    assert.ok((await pruneNotifications()) >= 1);
    assert.equal(await count(sql`ref_id = 888001`), 0, "read and old: deleted");
    assert.equal(await count(sql`ref_id = 888002`), 1, "unread: kept (under a year)");
  });

  test("draws a new assignment's notice from the membership once; never for a withdrawn, finished or left one, nor again after housekeeping", async () => {
    const id = await assign(TODAY, addDays(TODAY, 45));
    await buildAssignments();
    const [me, done, gone] = await unitMembers();
    const notice = () => count(sql`kind = 'assignment-new' AND ref_id = ${id} AND official_id = ${me}`);
    assert.equal(await notice(), 0, "the build wrote no row");
    const before = await unreadCount(me!);
    assert.equal(await notice(), 1, "reading the bell drew it");
    assert.equal(await unreadCount(me!), before, "and only once");
    // Finished or left members, and everyone once the assignment is withdrawn, are not told.
    await transaction(async () => {
      await exec(sql`UPDATE assignment_members SET completed_on = ${TODAY} WHERE assignment_id = ${id} AND official_id = ${done}`);
      await exec(sql`UPDATE assignment_members SET left_on = ${TODAY} WHERE assignment_id = ${id} AND official_id = ${gone}`);
    });
    await notificationsOf(done!);
    await notificationsOf(gone!);
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id} AND official_id IN (${done}, ${gone})`), 0);
    const other = await assign(TODAY, addDays(TODAY, 50));
    await buildAssignments();
    await withdrawAssignment(ADMIN, other);
    await unreadCount(done!);
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${other} AND official_id = ${done}`), 0, "withdrawn: nobody");
    // An assignment made 100 days ago: its notice is past the keep time — read and deleted by
    // housekeeping, it does not come back; never drawn, it is not drawn now.
    const old = startOfVnDay(addDays(TODAY, -100));
    await transaction(async () => {
      await exec(sql`UPDATE assignments SET created_at = ${old} WHERE id = ${id}`);
      await exec(sql`UPDATE assignment_members SET assigned_on = ${addDays(TODAY, -100)} WHERE assignment_id = ${id}`);
      await exec(sql`UPDATE notifications SET created_at = ${old}, read_at = ${old} WHERE kind = 'assignment-new' AND ref_id = ${id}`);
    });
    await pruneNotifications();
    assert.equal(await notice(), 0, "deleted by housekeeping");
    await unreadCount(me!);
    assert.equal(await notice(), 0, "and not drawn again");
    const [, , , fourth] = await unitMembers();
    await notificationsOf(fourth!);
    assert.equal(await count(sql`kind = 'assignment-new' AND ref_id = ${id} AND official_id = ${fourth}`), 0, "too old to announce");
  });
});
