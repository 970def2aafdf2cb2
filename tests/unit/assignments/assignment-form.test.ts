// The assignment pages' form reading (issue 15 item 1): staff codes resolved (unknown ones named,
// other scopes' people unknown to a manager), every input bounded, dates and grace checked, the
// typed values handed back as typed; who may open the pages; a manager offered only their subtree.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { MAX_NOTE, MAX_PEOPLE } from "~/assignments/assignment-form";
import { readCreateForm, readEditForm, requireAssigner, unitChoices } from "~/assignments/assignment-form.server";
import type { Actor } from "~/assignments/assignments.server";
import { row } from "~/db/client.server";
import { NO_DUE_DAY } from "~/db/schema";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { reportCourses } from "~/reports/unit-report.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { requestAs, statusOf } from "../../support/requests";

let file: string;
let ADMIN: Actor;
let TANTRU: Actor;
let courseId: number;
let tantruUnit: number;
let tantruCode: string;
let tanthanhCode: string;

before(async () => {
  file = await useTestDatabase({ content: true });
  ADMIN = { id: (await findByIdentifier("quantri"))!.id, admin: true, scopePath: (await getUnitByCode("LA"))!.path };
  TANTRU = { id: (await findByIdentifier("lanhdao.tantru"))!.id, admin: false, scopePath: (await getUnitByCode("LA-TTR"))!.path };
  courseId = (await reportCourses())[0]!.id;
  tantruUnit = (await getUnitByCode("LA-TTR-NV"))!.id;
  const code = async (unit: string) =>
    (await row<{ code: string }>(
      sql`SELECT o.staff_code AS code FROM officials o JOIN units u ON u.id = o.unit_id WHERE u.code = ${unit} AND o.active ORDER BY o.id LIMIT 1`,
    ))!.code;
  tantruCode = await code("LA-TTR-NV");
  tanthanhCode = await code("LA-TT-VP");
});
after(() => dropTestDatabase(file));

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}

const good = () => ({
  courseId: String(courseId),
  unitIds: [String(tantruUnit)],
  startOn: "01/07/2026",
  dueOn: "30/09/2026",
  graceDays: "30",
});

describe("the create form", () => {
  test("a good form becomes the domain's input: dates as ISO days, codes resolved case-insensitively, positions one a line", async () => {
    const r = await readCreateForm(
      form({
        ...good(),
        people: ` ${tantruCode.toLowerCase()} ,\n${tantruCode}`,
        positions: "Chuyên viên\n\n Kế toán \n",
        roles: ["learner"],
        note: " KH 12 ",
      }),
      ADMIN,
    );
    assert.equal(r.errors, null);
    const official = await row<{ id: number }>(sql`SELECT id FROM officials WHERE staff_code = ${tantruCode}`);
    assert.deepEqual(r.input, {
      courseId,
      unitIds: [tantruUnit],
      officialIds: [Number(official!.id)],
      positions: ["Chuyên viên", "Kế toán"],
      roles: ["learner"],
      startOn: "2026-07-01",
      dueOn: "2026-09-30",
      graceDays: 30,
      note: "KH 12",
    });
  });

  test("an empty due day is no due day; a due day before the start is refused at the due day", async () => {
    assert.equal((await readCreateForm(form({ ...good(), dueOn: "" }), ADMIN)).input?.dueOn, NO_DUE_DAY);
    const r = await readCreateForm(form({ ...good(), dueOn: "30/06/2026" }), ADMIN);
    assert.equal(r.errors?.dueOn, t.assignments.errors.dueBeforeStart);
  });

  test("unknown codes are named; a manager's view of another scope's people is 'unknown' too", async () => {
    const r = await readCreateForm(form({ ...good(), people: `${tantruCode}, KHONG-CO-1; khong-co-2` }), ADMIN);
    assert.equal(r.input, null);
    assert.equal(r.errors?.people, t.assignmentForms.unknownCodes(["KHONG-CO-1", "KHONG-CO-2"]));
    const m = await readCreateForm(form({ ...good(), people: `${tantruCode} ${tanthanhCode}` }), TANTRU);
    assert.equal(m.errors?.people, t.assignmentForms.unknownCodes([tanthanhCode.toUpperCase()]));
    assert.equal((await readCreateForm(form({ ...good(), people: tanthanhCode }), ADMIN)).errors, null);
  });

  test("limits: codes, note, grace, roles, unit ids, dates; the values come back as typed, cut to their limits", async () => {
    const many = Array.from({ length: MAX_PEOPLE + 1 }, (_, i) => `C${i}`).join(",");
    const r = await readCreateForm(
      form({
        courseId: "abc",
        unitIds: ["1e309"],
        people: many,
        positions: "x".repeat(201),
        roles: ["superuser"],
        startOn: "31/02/2026",
        dueOn: "hôm nay",
        graceDays: "366",
        note: "n".repeat(MAX_NOTE + 50),
      }),
      ADMIN,
    );
    assert.equal(r.input, null);
    assert.deepEqual(Object.keys(r.errors ?? {}).sort(), [
      "courseId",
      "dueOn",
      "graceDays",
      "note",
      "people",
      "positions",
      "roles",
      "startOn",
      "unitIds",
    ]);
    assert.equal(r.errors?.people, t.assignments.errors.tooManyPeople(String(MAX_PEOPLE)));
    assert.equal(r.errors?.graceDays, t.assignments.errors.grace);
    assert.equal(r.values.note.length, MAX_NOTE + 1);
    assert.equal(r.values.dueOn, "hôm nay");
    const empty = await readCreateForm(form({}), ADMIN);
    assert.deepEqual(Object.keys(empty.errors ?? {}).sort(), ["courseId", "graceDays", "startOn", "unitIds"]);
    assert.equal(empty.errors?.unitIds, t.assignments.errors.audience);
  });
});

test("the edit form: start, due, grace and note", () => {
  assert.deepEqual(readEditForm(form({ startOn: "2026-07-01", dueOn: "", graceDays: "0", note: "" })).next, {
    startOn: "2026-07-01",
    dueOn: NO_DUE_DAY,
    graceDays: 0,
    note: "",
  });
  const r = readEditForm(form({ startOn: "", dueOn: "32/01/2026", graceDays: "-1" }));
  assert.deepEqual(Object.keys(r.errors ?? {}).sort(), ["dueOn", "graceDays", "startOn"]);
});

test("administrators and managers may open the pages, learners and trainers not; a manager is offered their subtree only", async () => {
  assert.equal(await statusOf(requireAssigner(await requestAs("canbo", "/assignments"))), 403);
  assert.equal(await statusOf(requireAssigner(await requestAs("giangvien", "/assignments"))), 403);
  const manager = await requireAssigner(await requestAs("lanhdao.tantru", "/assignments"));
  assert.deepEqual(manager.actor, TANTRU);
  const offered = await unitChoices(manager.root);
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  assert.ok(offered.some((u) => u.id === tantruUnit));
  assert.ok(offered.every((u) => u.id !== tanthanh.id && u.code.startsWith("LA-TTR")));
  const admin = await requireAssigner(await requestAs("quantri", "/assignments"));
  assert.ok(admin.actor.admin);
  assert.ok((await unitChoices(admin.root)).some((u) => u.id === tanthanh.id));
});
