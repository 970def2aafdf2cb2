// Issue 16 item 3: "Nhắc người quá hạn" from the assignment report of one unit, through the route's own
// loader and action (as a signed-in manager). On the demo (progress template) the one-stop staff of
// Tân Thạnh's communes are overdue; a few of them are given addresses here.
// - the first press queues one required "overdue" e-mail per overdue person with an address in the
//   subtree (none outside it), counts those without one, and writes one audit row;
// - a second press the same day sends nothing and says, in Vietnamese, when and by whom it was sent;
//   the page says so on a plain GET too; a new day may send again (one e-mail per person and day);
// - another district's manager and a learner get 403 (loader and action), and nothing is written;
// - the report page links to it only when someone is overdue now.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { exec, row, rows, transaction } from "~/db/client.server";
import { MAIL_KINDS } from "~/mail/kinds";
import { sendUnitReminder } from "~/mail/unit-reminder.server";
import { findByIdentifier } from "~/people/officials.server";
import { reportAssignment } from "~/reports/assignment-report.server";
import { action, loader } from "~/routes/reports.$unitId.assignments.$assignmentId.remind";
import { loader as reportLoader } from "~/routes/reports.$unitId.assignments.$assignmentId._index";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
let assignmentId = 0;
let commune: { id: number; path: string; name: string };
let overdue: { id: number; path: string }[] = [];
const withAddress = new Set<number>();

const post = async (username: string, unitId: number) =>
  action({
    request: await requestAs(username, `/reports/${unitId}/assignments/${assignmentId}/remind`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=remind",
    }),
    params: { unitId: String(unitId), assignmentId: String(assignmentId) },
    context: ctx,
  });
const get = async (username: string, unitId: number) =>
  loader({
    request: await requestAs(username, `/reports/${unitId}/assignments/${assignmentId}/remind`),
    params: { unitId: String(unitId), assignmentId: String(assignmentId) },
    context: ctx,
  });
const bodyOf = async (r: unknown) =>
  (r as { data: unknown }).data as { result: { kind: string; queued?: number; noAddress?: number; at?: string; by?: string } };
/** The status of an action's data(…, { status }) (a plain object, not a Response). */
const statusOfData = (r: unknown) => (r as { init?: { status?: number } | null }).init?.status ?? 200;
const reminders = () =>
  rows<{ officialId: number; kind: string; subject: string; textBody: string }>(
    sql`SELECT official_id AS "officialId", kind, subject, text_body AS "textBody" FROM mail_outbox WHERE idempotency_key LIKE 'overdue-reminder:%'`,
  );
const audits = () =>
  rows<{ actorId: number; subjectId: string }>(
    sql`SELECT actor_id AS "actorId", subject_id AS "subjectId" FROM audit_log WHERE action = 'unit-reminder'`,
  );

before(async () => {
  file = await useTestDatabase({ progress: true });
  assignmentId = (await row<{ id: number }>(sql`
    SELECT a.id FROM assignments a JOIN courses c ON c.id = a.course_id WHERE c.slug = 'dich-vu-cong-truc-tuyen'`))!.id;
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  overdue = await rows<{ id: number; path: string }>(sql`
    SELECT o.id, u.path FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
     WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND o.active AND m.completed_on IS NULL AND m.due_on < ${today}`);
  const tanThanh = (await getUnitByCode("LA-TT"))!;
  const communes = await rows<{ id: number; path: string; name: string }>(
    sql`SELECT id, path, name FROM units WHERE parent_id = ${tanThanh.id} AND valid_to IS NULL ORDER BY id`,
  );
  commune = communes.map((c) => ({ ...c, n: overdue.filter((o) => o.path.startsWith(c.path)).length })).sort((a, b) => b.n - a.n)[0]!;
  const inCommune = overdue.filter((o) => o.path.startsWith(commune.path));
  assert.ok(inCommune.length >= 2, "the demo has overdue people in a Tân Thạnh commune");
  // Addresses for all but one of the commune's overdue people, and for one overdue person elsewhere.
  const outside = overdue.find((o) => !o.path.startsWith(commune.path));
  await transaction(async () => {
    for (const p of [...inCommune.slice(1), ...(outside ? [outside] : [])]) {
      await exec(sql`UPDATE officials SET email = ${`qua-han-${p.id}@xa.taphuan.vn`} WHERE id = ${p.id}`);
      withAddress.add(p.id);
    }
  });
});
after(() => dropTestDatabase(file));

describe("Nhắc người quá hạn", () => {
  test("outside the subtree: another district's manager and a learner get 403, loader and action, and nothing is written", async () => {
    assert.equal(await statusOf(get("lanhdao.tantru", commune.id)), 403);
    assert.equal(await statusOf(post("lanhdao.tantru", commune.id)), 403);
    assert.equal(await statusOf(post("canbo", commune.id)), 403);
    assert.equal((await reminders()).length, 0);
    assert.equal((await audits()).length, 0);
  });

  test("the report page offers it when someone is overdue now (not as of a past day)", async () => {
    const request = await requestAs("lanhdao.tanthanh", `/reports/${commune.id}/assignments/${assignmentId}`);
    const page = (await reportLoader({
      request,
      params: { unitId: String(commune.id), assignmentId: String(assignmentId) },
      context: ctx,
    })) as {
      counts: { overdue: number };
    };
    assert.ok(page.counts.overdue > 0);
    const confirm = (await get("lanhdao.tanthanh", commune.id)) as { overdue: number; sent: unknown };
    assert.equal(confirm.overdue, overdue.filter((o) => o.path.startsWith(commune.path)).length, "the confirmation says how many");
    assert.equal(confirm.sent, null);
  });

  test("first press: one required 'overdue' e-mail per overdue person with an address in the unit's subtree, audited once", async () => {
    const inCommune = overdue.filter((o) => o.path.startsWith(commune.path));
    const response = await post("lanhdao.tanthanh", commune.id);
    assert.equal(statusOfData(response), 200);
    const { result } = await bodyOf(response);
    assert.equal(result.kind, "sent");
    const expected = inCommune
      .filter((p) => withAddress.has(p.id))
      .map((p) => p.id)
      .sort((a, b) => a - b);
    assert.equal(result.queued, expected.length);
    assert.equal(result.noAddress, inCommune.length - expected.length);
    const queued = await reminders();
    assert.deepEqual(
      queued.map((q) => q.officialId).sort((a, b) => a - b),
      expected,
      "only the commune's overdue people with an address",
    );
    assert.equal(MAIL_KINDS["assignment-overdue"].optional, false, "a required kind: it cannot be turned off");
    for (const q of queued) {
      assert.equal(q.kind, "assignment-overdue");
      assert.match(q.subject, /^Nhắc việc: anh\/chị đã quá hạn hoàn thành khóa học “/);
      assert.match(q.textBody, /\/courses\/dich-vu-cong-truc-tuyen/);
      assert.ok(q.textBody.includes(commune.name));
    }
    const manager = (await findByIdentifier("lanhdao.tanthanh"))!;
    assert.deepEqual(await audits(), [{ actorId: manager.id, subjectId: `${commune.id}:${assignmentId}` }]);
  });

  test("second press the same day: 409, nothing sent, a Vietnamese message with when and by whom; the page says so too", async () => {
    const before = (await reminders()).length;
    const response = await post("lanhdao.tanthanh", commune.id);
    assert.equal(statusOfData(response), 409);
    const { result } = await bodyOf(response);
    assert.equal(result.kind, "already");
    const manager = (await findByIdentifier("lanhdao.tanthanh"))!;
    assert.equal(result.by, [manager.ho, manager.dem, manager.ten].filter(Boolean).join(" "));
    assert.equal((await reminders()).length, before);
    assert.equal((await audits()).length, 1);
    const page = (await get("lanhdao.tanthanh", commune.id)) as { sent: { at: string; by: string } | null };
    assert.ok(page.sent);
    assert.equal(page.sent.by, result.by);
    // The district above is another unit: it may be reminded today; the commune's people already
    // reminded today get no second e-mail (one per person, assignment and day).
    const district = (await getUnitByCode("LA-TT"))!;
    const up = await bodyOf(await post("lanhdao.tanthanh", district.id));
    assert.equal(up.result.kind, "sent");
    const outsideCommune = overdue.filter((o) => !o.path.startsWith(commune.path) && withAddress.has(o.id)).length;
    assert.equal(up.result.queued, outsideCommune, "only those not reminded today yet");
  });

  test("the next day the unit may be reminded again", async () => {
    const unit = (await row<{ id: number; path: string; name: string }>(sql`SELECT id, path, name FROM units WHERE id = ${commune.id}`))!;
    const assignment = (await reportAssignment(assignmentId))!;
    const manager = (await findByIdentifier("lanhdao.tanthanh"))!;
    const tomorrow = new Date(Date.now() + 86400_000);
    const result = await sendUnitReminder(manager.id, unit, assignment, tomorrow);
    assert.equal(result.kind, "sent");
  });
});
