// Issue 16 item 3 (and 6): the managers' weekly digest, received over a REAL SMTP server (smtp-server in
// this process) through the app's own sender. On the demo (progress template): the one-stop staff of
// Tân Thạnh's communes are overdue. Checked against an independent count over the members:
// - the content: counts per child unit (worst first), the first names of each child in Vietnamese order
//   by tên, the links to the assignment reports, Vietnamese UTF-8 subject and body;
// - the scope: a commune's manager reads only their commune; Tân Trụ's manager (nothing overdue) gets none;
// - nothing overdue (a day before the due day): no digest at all;
// - once a week: the job run twice (and the scheduler twice) sends each manager one digest;
// - optional: a manager who turned the digest off gets none.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { exec, row, rows, transaction } from "~/db/client.server";
import { env } from "~/env.server";
import { formatNumber } from "~/i18n/format";
import { addDays } from "~/i18n/time";
import { buildDigests, digestDue, isoWeekOf, NAMES_PER_UNIT, runScheduledDigest, sendWeeklyDigests } from "~/mail/digest.server";
import { setMailChoices } from "~/mail/outbox.server";
import { sendDue } from "~/mail/sender.server";
import { compareNames, fullName } from "~/people/names";
import { findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { startSmtpSink, type Received, type SmtpSink } from "../../support/smtp";

let sink: SmtpSink;
/** What the SMTP server received (the sink's own array: `received.length = 0` empties it). */
let received: Received[] = [];
let file: string;

async function startServer() {
  sink = await startSmtpSink();
  received = sink.received;
}

const transport = () => sink.transport();
const deliver = (at = new Date()) => sendDue({ transport: transport(), batch: 100, now: () => at });

/** Monday 30/11/2026 08:00 in Vietnam: the demo's one-stop assignment (due three weeks before 20/11) is overdue. */
const NOW = new Date("2026-11-30T01:00:00Z");
const WEEK = isoWeekOf("2026-11-30");

type Member = { id: number; ho: string; dem: string; ten: string; path: string };

/** Independent of the digest code: the overdue members of an assignment on `day`, by scanning the members. */
async function overdueMembers(assignmentId: number, day: string): Promise<Member[]> {
  return rows<Member>(sql`
    SELECT o.id, o.ho, o.dem, o.ten, u.path
      FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
     WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND o.active AND m.due_on < ${day}
       AND (m.completed_on IS NULL OR m.completed_on > ${day})`);
}

let oneStop: { id: number; title: string };
let managerTanThanh: number;
let managerTanTru: number;
let communeManager: { id: number; unitId: number; unitName: string };

before(async () => {
  file = await useTestDatabase({ progress: true });
  await startServer();
  oneStop = (await row<{ id: number; title: string }>(sql`
    SELECT a.id, c.title FROM assignments a JOIN courses c ON c.id = a.course_id WHERE c.slug = 'dich-vu-cong-truc-tuyen'`))!;
  managerTanThanh = (await findByIdentifier("lanhdao.tanthanh"))!.id;
  managerTanTru = (await findByIdentifier("lanhdao.tantru"))!.id;
  // A commune's manager: the Tân Thạnh commune with the most overdue people gets one.
  const tanThanh = (await getUnitByCode("LA-TT"))!;
  const members = await overdueMembers(oneStop.id, "2026-11-30");
  const communes = await rows<{ id: number; name: string; path: string }>(
    sql`SELECT id, name, path FROM units WHERE parent_id = ${tanThanh.id} AND valid_to IS NULL`,
  );
  const worst = communes.map((c) => ({ ...c, n: members.filter((m) => m.path.startsWith(c.path)).length })).sort((a, b) => b.n - a.n)[0]!;
  assert.ok(worst.n > 0, "the demo has overdue people in a commune of Tân Thạnh");
  const person = (await row<{ id: number }>(sql`SELECT id FROM officials WHERE unit_id = ${worst.id} AND active ORDER BY id LIMIT 1`))!;
  await transaction(async () => {
    await exec(sql`UPDATE officials SET email = ${"lanhdao.xa@taphuan.demo"} WHERE id = ${person.id}`);
    await exec(
      sql`INSERT INTO official_roles (official_id, role, scope_unit_id, scope_needs_review) VALUES (${person.id}, 'manager', ${worst.id}, ${false})`,
    );
  });
  communeManager = { id: person.id, unitId: worst.id, unitName: worst.name };
  // The demo's own mail (new-assignment notices to the demo people with an address) goes out first, so
  // every test below counts only what the digest sends.
  await deliver();
});
after(async () => {
  await sink.close();
  await dropTestDatabase(file);
});
beforeEach(() => {
  received.length = 0;
});

describe("weekly digest", () => {
  test("the week and the schedule: ISO weeks; due from Monday 07:00 Vietnam time", () => {
    assert.equal(isoWeekOf("2026-11-30"), "2026-W49");
    assert.equal(isoWeekOf("2027-01-01"), "2026-W53");
    assert.equal(isoWeekOf("2026-01-01"), "2026-W01");
    assert.equal(digestDue(new Date("2026-11-29T23:59:00Z")), false, "Monday 06:59 in Vietnam");
    assert.equal(digestDue(new Date("2026-11-30T00:00:00Z")), true, "Monday 07:00 in Vietnam");
    assert.equal(digestDue(new Date("2026-12-03T10:00:00Z")), true, "later in the week");
  });

  test("nothing overdue (before the due day): no digest is built or sent", async () => {
    const due = (await row<{ dueOn: string }>(sql`SELECT due_on AS "dueOn" FROM assignments WHERE id = ${oneStop.id}`))!.dueOn;
    const before = new Date(`${addDays(due, -1)}T01:00:00Z`);
    assert.deepEqual(await buildDigests({ now: before }), []);
    const run = await sendWeeklyDigests({ now: before });
    assert.equal(run.queued, 0);
    await deliver();
    assert.equal(received.length, 0);
  });

  test("each manager with overdue people in scope gets one digest: counts per child worst first, first names, links, UTF-8", async () => {
    const run = await sendWeeklyDigests({ now: NOW, chunk: 37 }); // small chunks: the keyset pages join up
    assert.equal(run.week, WEEK);
    await deliver();
    const tanThanhUnit = (await getUnitByCode("LA-TT"))!;
    const mine = received.filter((m) => m.to.includes("lanhdao.tanthanh@taphuan.demo"));
    assert.equal(mine.length, 1, "one digest to Tân Thạnh's manager");
    assert.equal(received.filter((m) => m.to.includes("lanhdao.tantru@taphuan.demo")).length, 0, "nothing overdue in Tân Trụ: no digest");
    const got = mine[0]!;
    assert.equal(got.subject, `Tóm tắt tuần ${WEEK}: người quá hạn khóa học tại Huyện Tân Thạnh`);
    assert.match(got.raw, /^Subject: =\?UTF-8\?/im, "the subject is MIME-encoded");
    assert.doesNotMatch(got.text + got.subject, /Ã|Â|Ä|�/, "no mojibake");
    assert.match(got.text, /Kính gửi .+,/);

    // Expected, independently: per commune of Tân Thạnh, the overdue people now.
    const members = await overdueMembers(oneStop.id, "2026-11-30");
    const inDistrict = members.filter((m) => m.path.startsWith(tanThanhUnit.path));
    assert.ok(inDistrict.length > 0);
    assert.match(
      got.text,
      new RegExp(`Khóa học “${oneStop.title}” \\(hạn \\d{2}/\\d{2}/\\d{4}\\): ${formatNumber(inDistrict.length)} người quá hạn\\.`),
    );
    const kids = await rows<{ id: number; name: string; path: string }>(
      sql`SELECT id, name, path FROM units WHERE parent_id = ${tanThanhUnit.id} AND valid_to IS NULL`,
    );
    const expected = kids
      .map((k) => ({ ...k, people: members.filter((m) => m.path.startsWith(k.path)).sort(compareNames) }))
      .filter((k) => k.people.length > 0);
    assert.ok(expected.length >= 2, "several communes have overdue people");
    const positions: number[] = [];
    for (const k of expected) {
      const line = `- ${k.name}: ${formatNumber(k.people.length)} người`;
      const at = got.text.indexOf(line + "\n");
      assert.ok(at >= 0, `the line "${line}" is in the digest`);
      positions.push(at);
      const first = k.people.slice(0, NAMES_PER_UNIT).map(fullName).join(", ");
      const more = k.people.length - Math.min(NAMES_PER_UNIT, k.people.length);
      const names = more > 0 ? `  ${first} và ${formatNumber(more)} người khác` : `  ${first}`;
      assert.equal(got.text.slice(at + line.length + 1).split("\n")[0], names, `the first names of ${k.name}, Vietnamese order by tên`);
    }
    // Worst first: the lines come in descending counts.
    const order = expected.map((k, i) => ({ n: k.people.length, at: positions[i]! })).sort((a, b) => a.at - b.at);
    for (let i = 1; i < order.length; i++) assert.ok(order[i - 1]!.n >= order[i]!.n, "children worst first");
    const link = `${env().publicUrl}/reports/${tanThanhUnit.id}/assignments/${oneStop.id}`;
    assert.ok(got.text.includes(`Xem báo cáo: ${link}`), "the link to the assignment report");
    assert.ok(got.html.includes(`<a href="${link}">`), "the link in the HTML");
    assert.ok(got.html.includes(expected[0]!.name), "the HTML carries the units");
  });

  test("scoped: a commune's manager reads only their commune (counts and names); nobody outside appears", async () => {
    const digests = await buildDigests({ now: NOW });
    const d = digests.find((x) => x.managerId === communeManager.id);
    assert.ok(d, "the commune's manager has a digest");
    const commune = (await row<{ path: string }>(sql`SELECT path FROM units WHERE id = ${communeManager.unitId}`))!;
    const members = (await overdueMembers(oneStop.id, "2026-11-30")).filter((m) => m.path.startsWith(commune.path));
    assert.equal(d.total, members.length);
    assert.equal(d.sections.length, 1);
    const ids = new Set(members.map(fullName));
    for (const s of d.sections) for (const c of s.children) for (const n of c.names) assert.ok(ids.has(n), `${n} works in the commune`);
    for (const n of d.sections[0]!.ownNames) assert.ok(ids.has(n));
    assert.ok(d.sections[0]!.link.endsWith(`/reports/${communeManager.unitId}/assignments/${oneStop.id}`));
    assert.equal(
      digests.find((x) => x.managerId === managerTanTru),
      undefined,
    );
    assert.ok(digests.find((x) => x.managerId === managerTanThanh));
  });

  test("once a week: the job run again, and the scheduler twice, send nothing more; a manager who turned it off gets none", async () => {
    // The previous test's week was sent already (the digest:<manager>:<week> keys).
    const again = await sendWeeklyDigests({ now: NOW });
    assert.equal(again.queued, 0);
    assert.ok(again.duplicate >= 2);
    await deliver();
    assert.equal(received.length, 0, "a re-run of the week sends nothing");

    // The scheduler, next week: the first call sends, the second finds the week done.
    await setMailChoices(communeManager.id, []); // the commune's manager turns the optional digest off
    const nextWeek = new Date(NOW.getTime() + 7 * 86400_000);
    const first = await runScheduledDigest(nextWeek);
    assert.ok(first && first.queued >= 1);
    assert.equal(first.optedOut, 1);
    assert.equal(await runScheduledDigest(nextWeek), null);
    assert.equal(await runScheduledDigest(new Date(nextWeek.getTime() + 3 * 3600_000)), null, "later the same week");
    await deliver(nextWeek);
    const counts = new Map<string, number>();
    for (const m of received) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
    assert.equal(counts.get("lanhdao.tanthanh@taphuan.demo"), 1);
    assert.equal(counts.get("lanhdao.xa@taphuan.demo"), undefined, "turned off: no digest");
    for (const [to, n] of counts) assert.equal(n, 1, `${to} got one digest`);
  });
});
