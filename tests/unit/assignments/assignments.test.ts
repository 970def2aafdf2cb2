// Assignments (issue 15, docs/decisions/0027): the figures kept with each event equal a direct count
// over the members for every unit, now and as of past days, after the demo's twelve weeks and after
// people join, move, leave, change position, finish late, and after a reorganisation and an edit;
// people follow the assignment (grace for joiners, a leaver's record kept); a manager can neither
// assign nor see outside their subtree.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import {
  AssignmentError,
  createAssignment,
  editAssignment,
  listAssignments,
  myAssignments,
  withdrawAssignment,
  type Actor,
} from "~/assignments/assignments.server";
import { buildAssignments } from "~/assignments/members.server";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson } from "~/courses/progress.server";
import { exec, row, rows, transaction } from "~/db/client.server";
import { NO_DUE_DAY } from "~/db/schema";
import { DEMO_ONE_STOP_POSITIONS } from "~/demo/assignments.server";
import { abolishTier } from "~/units/reorganise.server";
import { addDays, vnToday } from "~/i18n/time";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { moveOfficial, setActive, updateOfficial } from "~/people/lifecycle.server";
import { answerForm } from "~/quizzes/answer-form.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { assignedPeople, assignmentCounts, unitAssignments, type AssignmentCounts } from "~/reports/assignment-report.server";
import { getUnitByCode, pathUpperBound } from "~/units/tree.server";
import { unitReport } from "~/reports/unit-report.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { PROGRESS_AS_OF } from "../../support/paths";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
  ADMIN = { id: (await findByIdentifier("quantri"))!.id, admin: true, scopePath: null };
});
after(() => dropTestDatabase(file));

const TODAY = vnToday();
let ADMIN: Actor;

type Member = {
  officialId: number;
  assignedOn: string;
  dueOn: string;
  startedOn: string | null;
  completedOn: string | null;
  leftOn: string | null;
};

/**
 * The oracle, written apart from the app's code: the members of the assignment who, on `day`, were
 * assigned, had not left and were in the unit's subtree (for "now": their current unit, active), each
 * in exactly one state.
 */
async function direct(unitPath: string, assignmentId: number, asOf: string | null): Promise<AssignmentCounts> {
  const day = asOf ?? TODAY;
  const upper = pathUpperBound(unitPath);
  const members = await rows<Member>(
    asOf === null
      ? sql`SELECT m.official_id AS "officialId", m.assigned_on AS "assignedOn", m.due_on AS "dueOn", m.started_on AS "startedOn",
                   m.completed_on AS "completedOn", m.left_on AS "leftOn"
              FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
             WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND o.active AND u.path >= ${unitPath} AND u.path < ${upper}`
      : sql`SELECT m.official_id AS "officialId", m.assigned_on AS "assignedOn", m.due_on AS "dueOn", m.started_on AS "startedOn",
                   m.completed_on AS "completedOn", m.left_on AS "leftOn"
              FROM assignment_members m
             WHERE m.assignment_id = ${assignmentId} AND m.assigned_on <= ${day} AND (m.left_on IS NULL OR m.left_on > ${day})
               AND EXISTS (SELECT 1 FROM memberships ms JOIN units mu ON mu.id = ms.unit_id
                            WHERE ms.official_id = m.official_id AND ms.valid_from <= ${day} AND (ms.valid_to IS NULL OR ms.valid_to > ${day})
                              AND mu.path >= ${unitPath} AND mu.path < ${upper})`,
  );
  const c: AssignmentCounts = { assigned: 0, onTime: 0, late: 0, overdue: 0, inProgress: 0, notStarted: 0, rate: 0 };
  for (const m of members) {
    c.assigned++;
    const finished = m.completedOn !== null && m.completedOn <= day;
    const counted = (d: string) => (d > m.assignedOn ? d : m.assignedOn);
    if (finished && counted(m.completedOn!) > m.dueOn) c.late++;
    else if (finished) c.onTime++;
    else if (m.dueOn < day) c.overdue++;
    else if (m.startedOn !== null && m.startedOn <= day) c.inProgress++;
    else c.notStarted++;
  }
  c.rate = c.assigned > 0 ? (c.onTime + c.late) / c.assigned : 0;
  return c;
}

const strip = ({ rate: _r, ...c }: AssignmentCounts) => c;

/** Every current unit × every assignment: the figures equal the oracle (now, and as of each day given). */
async function checkAll(label: string, days: (string | null)[] = [null]) {
  const units = await rows<{ id: number; path: string; name: string }>(
    sql`SELECT id, path, name FROM units WHERE valid_to IS NULL ORDER BY path`,
  );
  // Withdrawn assignments keep the figures they had (moves after the withdrawal no longer touch them).
  const ids = (await rows<{ id: number }>(sql`SELECT id FROM assignments WHERE status <> 'withdrawn' ORDER BY id`)).map((a) =>
    Number(a.id),
  );
  for (const asOf of days) {
    const counts = await assignmentCounts(
      units.map((u) => u.id),
      ids,
      asOf,
    );
    for (const u of units)
      for (const a of ids) {
        const want = await direct(u.path, a, asOf);
        assert.deepEqual(strip(counts.get(u.id)!.get(a)!), strip(want), `${label}: ${u.name}, assignment ${a}, as of ${asOf ?? "now"}`);
      }
  }
}

async function assignmentOf(slug: string, note?: string) {
  return (await row<{ id: number; dueOn: string }>(
    sql`SELECT a.id, a.due_on AS "dueOn" FROM assignments a JOIN courses c ON c.id = a.course_id
         WHERE c.slug = ${slug} ${note === undefined ? sql`` : sql`AND a.note = ${note}`} ORDER BY a.id LIMIT 1`,
  ))!;
}

/** Takes every lesson and passes the quiz: the course completes for this official at `at`. */
async function finishCourse(officialId: number, slug: string, at: Date) {
  const course = (await publishedCourse(slug))!;
  for (const l of await lessonsOf(course.currentVersionId!)) await completeLesson(officialId, course.id, l.lessonId, at.toISOString());
  const quiz = await quizFor(course.currentVersionId!);
  if (!quiz) return;
  const started = await startAttempt(officialId, course.id, at);
  assert.ok(started.ok);
  const layout = (await attemptFor(started.token, officialId, at))!.layout;
  const graded = await submitAttempt(
    started.token,
    officialId,
    answerForm(quiz, layout, () => true),
    new Date(at.getTime() + 60_000),
  );
  assert.equal(graded.attempt?.passed, true);
}

describe("assignments", () => {
  test("the demo has the two assignments of the issue, in every state, and the figures equal the members now and as of past days", async () => {
    const online = await assignmentOf(
      "dich-vu-cong-truc-tuyen",
      "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh",
    );
    const security = await assignmentOf("an-toan-thong-tin-can-bo");
    assert.ok(online.dueOn < TODAY, "one-stop staff: due in the past");
    assert.ok(security.dueOn > TODAY, "information security: due in the future");
    const district = (await getUnitByCode("LA-TT"))!;
    const province = (await getUnitByCode("LA"))!;
    const [o] = await unitAssignments(district, null);
    assert.equal(o!.id, online.id, "the Tân Thạnh report lists the overdue assignment first");
    assert.ok(o!.counts.overdue > 0 && o!.counts.onTime > 0 && o!.counts.late > 0, JSON.stringify(o!.counts));
    const s = (await unitAssignments(province, null)).find((a) => a.id === security.id)!;
    assert.ok(s.counts.inProgress > 0 && s.counts.notStarted > 0 && s.counts.onTime > 0, JSON.stringify(s.counts));
    // Only the one-stop positions of Tân Thạnh are assigned the first one.
    const positions = await rows<{ position: string; path: string }>(
      sql`SELECT o.position, u.path FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
           WHERE m.assignment_id = ${online.id}`,
    );
    assert.ok(positions.length > 20);
    assert.ok(positions.every((p) => DEMO_ONE_STOP_POSITIONS.includes(p.position) && p.path.startsWith(district.path)));
    const asOf = new Date(PROGRESS_AS_OF);
    await checkAll("demo", [null, addDays(vnToday(asOf), -10), addDays(vnToday(asOf), -40), addDays(vnToday(asOf), -80)]);
  });

  test("people follow: a newcomer gets the grace period, a leaver keeps the record, a new position joins; figures stay equal", async () => {
    const online = await assignmentOf(
      "dich-vu-cong-truc-tuyen",
      "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh",
    );
    const commune = (await getUnitByCode("LA-TT-X01"))!;
    const other = (await getUnitByCode("LA-TTR-X01"))!;
    // A newcomer to a Tân Thạnh commune at the counter: due 30 days from joining, not overdue.
    const fresh = await createOfficial({
      staffCode: "TEST-ASSIGN-1",
      username: "test.assign.1",
      ho: "Đặng",
      dem: "Thị",
      ten: "Ánh",
      position: DEMO_ONE_STOP_POSITIONS[0]!,
      unitId: commune.id,
      since: TODAY,
    });
    const mine = await myAssignments(fresh.id, TODAY);
    const got = mine.find((m) => m.assignmentId === online.id);
    assert.ok(got, "the newcomer has the assignment");
    assert.equal(got.dueOn, addDays(TODAY, 30));
    // A one-stop member who is overdue moves to Tân Trụ: out of the audience, their record stays.
    const overdue = (await row<{ id: number }>(
      sql`SELECT m.official_id AS id FROM assignment_members m JOIN officials o ON o.id = m.official_id
           WHERE m.assignment_id = ${online.id} AND m.completed_on IS NULL AND m.left_on IS NULL AND o.active ORDER BY m.official_id LIMIT 1`,
    ))!;
    await moveOfficial(overdue.id, other.id, TODAY, null);
    const left = await row<{ leftOn: string | null }>(
      sql`SELECT left_on AS "leftOn" FROM assignment_members WHERE assignment_id = ${online.id} AND official_id = ${overdue.id}`,
    );
    assert.equal(left?.leftOn, TODAY);
    assert.ok(!(await myAssignments(overdue.id, TODAY)).some((m) => m.assignmentId === online.id));
    // Someone at the commune who was not at the counter takes that post: they join.
    const clerk = (await row<{ id: number; ho: string; dem: string; ten: string; email: string | null }>(
      sql`SELECT o.id, o.ho, o.dem, o.ten, o.email FROM officials o WHERE o.unit_id = ${commune.id} AND o.active AND o.position NOT IN (${sql.join(
        DEMO_ONE_STOP_POSITIONS,
        sql`, `,
      )}) ORDER BY o.id LIMIT 1`,
    ))!;
    await updateOfficial(
      clerk.id,
      { ho: clerk.ho, dem: clerk.dem, ten: clerk.ten, email: clerk.email, position: DEMO_ONE_STOP_POSITIONS[1]! },
      null,
    );
    assert.ok((await myAssignments(clerk.id, TODAY)).some((m) => m.assignmentId === online.id));
    // An overdue member finishes now: completed late.
    const late = (await row<{ id: number }>(
      sql`SELECT m.official_id AS id FROM assignment_members m JOIN officials o ON o.id = m.official_id
           WHERE m.assignment_id = ${online.id} AND m.completed_on IS NULL AND m.left_on IS NULL AND o.active ORDER BY m.official_id DESC LIMIT 1`,
    ))!;
    await finishCourse(late.id, "dich-vu-cong-truc-tuyen", new Date());
    const done = await row<{ completedOn: string }>(
      sql`SELECT completed_on AS "completedOn" FROM assignment_members WHERE assignment_id = ${online.id} AND official_id = ${late.id}`,
    );
    assert.equal(done?.completedOn, TODAY);
    // Deactivated: out of every assignment; reactivated: back with the same due day.
    const person = (await findByIdentifier("canbo"))!;
    const before = await myAssignments(person.id, TODAY);
    assert.ok(before.length >= 2, "canbo has assignments");
    await setActive(person.id, false, TODAY, null);
    assert.equal((await myAssignments(person.id, TODAY)).length, 0);
    await setActive(person.id, true, TODAY, null);
    assert.deepEqual(
      (await myAssignments(person.id, TODAY)).map((m) => [m.assignmentId, m.dueOn]),
      before.map((m) => [m.assignmentId, m.dueOn]),
    );
    await checkAll("after joins, moves, a late finish, a deactivation", [null, addDays(TODAY, -30)]);
  });

  test("a manager assigns only inside their subtree and sees only those assignments", async () => {
    const manager = (await findByIdentifier("lanhdao.tantru"))!;
    const scope = (await row<{ path: string }>(
      sql`SELECT u.path FROM official_roles r JOIN units u ON u.id = r.scope_unit_id WHERE r.official_id = ${manager.id} AND r.role = 'manager'`,
    ))!;
    const actor: Actor = { id: manager.id, admin: false, scopePath: scope.path };
    const outside = (await row<{ id: number }>(sql`SELECT id FROM units WHERE valid_to IS NULL AND code LIKE 'LA-TT-%' LIMIT 1`))!;
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const input = {
      courseId: course.id,
      unitIds: [outside.id],
      officialIds: [],
      positions: [],
      roles: [],
      startOn: TODAY,
      dueOn: addDays(TODAY, 60),
      graceDays: 30,
      note: "",
    };
    await assert.rejects(createAssignment(actor, input), (e: unknown) => e instanceof AssignmentError && e.field === "unitIds");
    // Someone outside by name: refused too.
    const stranger = (await row<{ id: number }>(
      sql`SELECT o.id FROM officials o JOIN units u ON u.id = o.unit_id WHERE o.active AND u.code LIKE 'LA-TT-%' LIMIT 1`,
    ))!;
    await assert.rejects(
      createAssignment(actor, { ...input, unitIds: [], officialIds: [stranger.id] }),
      (e: unknown) => e instanceof AssignmentError,
    );
    const own = (await row<{ id: number; path: string }>(
      sql`SELECT id, path FROM units WHERE valid_to IS NULL AND code LIKE 'LA-TTR-%' ORDER BY code LIMIT 1`,
    ))!;
    const id = await createAssignment(actor, { ...input, unitIds: [own.id] });
    await buildAssignments();
    // A course finished before the assignment counts, on time.
    const earlier = await rows<{ id: number }>(
      sql`SELECT official_id AS id FROM assignment_members WHERE assignment_id = ${id} AND completed_on IS NOT NULL AND completed_on < assigned_on`,
    );
    assert.ok(earlier.length > 0, "some of Tân Trụ had finished the course before it was assigned");
    const onTime = new Set((await assignedPeople(own, id, { asOf: null, state: "onTime" })).map((p) => p.id));
    assert.ok(earlier.every((e) => onTime.has(Number(e.id))));
    const visible = await listAssignments(actor);
    assert.deepEqual(
      visible.map((a) => a.id),
      [id],
      "the manager sees their own assignment only (the province-wide ones reach outside their scope)",
    );
    await assert.rejects(
      editAssignment(actor, (await assignmentOf("an-toan-thong-tin-can-bo")).id, { startOn: TODAY, dueOn: TODAY, graceDays: 1, note: "" }),
      (e: unknown) => e instanceof AssignmentError,
    );
    await checkAll("after a manager's assignment");
    assert.notEqual(NO_DUE_DAY, TODAY);
  });

  test("publishing (or marking mandatory) a course never moves the figures; an assignment counts from its start day", async () => {
    const province = (await getUnitByCode("LA"))!;
    const before = (await unitReport(province, { selection: "mandatory" })).headline;
    // A course marked mandatory (what publishing one with `mandatory: true` did to the old figures).
    await transaction(() => exec(sql`UPDATE courses SET mandatory = ${true} WHERE slug = 'chu-ky-so-van-ban-dien-tu'`));
    assert.deepEqual((await unitReport(province, { selection: "mandatory" })).headline, before);
    // An assignment that starts tomorrow: no figure moves today.
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    const id = await createAssignment(ADMIN, {
      courseId: course.id,
      unitIds: [province.id],
      officialIds: [],
      positions: [],
      roles: [],
      startOn: addDays(TODAY, 1),
      dueOn: addDays(TODAY, 90),
      graceDays: 30,
      note: "",
    });
    await buildAssignments();
    assert.ok(!(await unitAssignments(province, null)).some((a) => a.id === id));
    assert.deepEqual((await unitReport(province, { selection: "mandatory" })).headline, before);
    assert.ok(!(await myAssignments((await findByIdentifier("canbo"))!.id, TODAY)).some((m) => m.assignmentId === id));
    await withdrawAssignment(ADMIN, id);
  });

  test("abolishing the district tier carries the audience to the communes' new rows; nobody gains or loses it", async () => {
    const online = await assignmentOf(
      "dich-vu-cong-truc-tuyen",
      "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh",
    );
    const count = async () =>
      Number(
        (await row<{ n: number }>(
          sql`SELECT count(*) AS n FROM assignment_members WHERE assignment_id = ${online.id} AND left_on IS NULL`,
        ))!.n,
      );
    const membersBefore = await count();
    const province = (await getUnitByCode("LA"))!;
    await abolishTier(province.id, "district", TODAY, null);
    assert.equal(await count(), membersBefore);
    const audience = await rows<{ code: string; kind: string; current: number | boolean }>(
      sql`SELECT u.code, u.kind, CASE WHEN u.valid_to IS NULL THEN 1 ELSE 0 END AS current FROM assignment_units au JOIN units u ON u.id = au.unit_id
           WHERE au.assignment_id = ${online.id} ORDER BY u.code`,
    );
    assert.ok(audience.length > 1);
    assert.ok(
      audience.every((u) => u.code.startsWith("LA-TT-") && Number(u.current) === 1),
      JSON.stringify(audience),
    );
    // A newcomer to one of those communes still gets it.
    const commune = (await getUnitByCode("LA-TT-X02"))!;
    const fresh = await createOfficial({
      staffCode: "TEST-ASSIGN-2",
      username: "test.assign.2",
      ho: "Lê",
      dem: "Văn",
      ten: "Bình",
      position: DEMO_ONE_STOP_POSITIONS[1]!,
      unitId: commune.id,
      since: TODAY,
    });
    assert.ok((await myAssignments(fresh.id, TODAY)).some((m) => m.assignmentId === online.id));
    await checkAll("after the district tier was abolished", [null, addDays(TODAY, -1)]);
  });

  test("an edit moves the due days and keeps the history; a withdrawal hides it from learners and reports", async () => {
    const online = await assignmentOf(
      "dich-vu-cong-truc-tuyen",
      "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh",
    );
    const a = (await listAssignments(ADMIN, { id: online.id }))[0]!;
    const due = addDays(TODAY, 10);
    await editAssignment(ADMIN, a.id, { startOn: a.startOn, dueOn: due, graceDays: a.graceDays, note: a.note });
    const history = await rows<{ change: string }>(sql`SELECT change FROM assignment_history WHERE assignment_id = ${a.id} ORDER BY id`);
    assert.deepEqual(
      history.map((h) => h.change),
      ["create", "edit"],
    );
    const province = (await getUnitByCode("LA"))!;
    const line = (await unitAssignments(province, null)).find((l) => l.id === a.id)!;
    assert.equal(line.counts.overdue, 0, "nobody is overdue before the new due day");
    await checkAll("after the edit");
    await withdrawAssignment(ADMIN, a.id);
    assert.ok(!(await unitAssignments(province, null)).some((l) => l.id === a.id));
    // Every change is in the audit log too.
    const audited = await rows<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE subject_type = 'assignment' AND subject_id = ${String(a.id)} ORDER BY id`,
    );
    assert.deepEqual(
      audited.map((x) => x.action),
      ["assignment.create", "assignment.edit", "assignment.withdraw"],
    );
    const anyone = (await row<{ id: number }>(
      sql`SELECT official_id AS id FROM assignment_members WHERE assignment_id = ${a.id} LIMIT 1`,
    ))!;
    assert.ok(!(await myAssignments(anyone.id, TODAY)).some((m) => m.assignmentId === a.id));
  });
});
