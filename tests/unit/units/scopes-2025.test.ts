// Issue 10 item 7: manager scope survives the 2025 reorganisation and is never wider than granted.
// Every demo role, before and after the full 2025 example: what they may see, their home page, /reports.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { canSeeUnit, scopeRoot } from "~/auth/permissions.server";
import { getUser } from "~/auth/session.server";
import { sql } from "drizzle-orm";
import { exec, row, transaction } from "~/db/client.server";
import { findByIdentifier } from "~/people/officials.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as adminLoader } from "~/routes/admin._index";
import { action as personAction, loader as personLoader } from "~/routes/admin.people.$officialId";
import { loader as reportsLoader } from "~/routes/reports._index";
import { loader as unitLoader } from "~/routes/units.$unitId";
import { apply2025 } from "~/demo/reorg-2025.server";
import { newChanges } from "~/units/reorganise.server";
import { getUnitByCode, rootUnit, type Unit } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

async function userOf(username: string) {
  const user = await getUser(await requestAs(username, "/"));
  assert.ok(user, username);
  return user;
}

/** What a role sees: its scope root's code, and which of some units it may open. */
async function view(username: string, units: Unit[]) {
  const user = await userOf(username);
  const sees: string[] = [];
  for (const u of units) if (await canSeeUnit(user, u)) sees.push(u.code);
  return { root: (await scopeRoot(user))?.code ?? null, sees };
}

async function codes(list: string[]): Promise<Unit[]> {
  const found: Unit[] = [];
  for (const c of list) found.push((await getUnitByCode(c))!);
  return found;
}

async function home(username: string) {
  const r = await homeLoader({ request: await requestAs(username, "/"), params: {}, context: ctx });
  return { tree: r.tree?.name ?? null, scopeIssue: r.scopeIssue };
}

const reportsStatus = async (username: string) =>
  statusOf(reportsLoader({ request: await requestAs(username, "/reports"), params: {}, context: ctx }));

// In order: the tests after "after: …" work on the reorganised tree it leaves (each fails alone:
// tests/support/each-test-alone.mjs).
describe("the 2025 example and every demo role (in order: before, then after the example)", () => {
  let sample: Unit[] = [];

  test("before: each manager sees their own district only, the administrator everything, the others nothing", async () => {
    sample = await codes(["LA", "LA-TT", "LA-TT-X03", "LA-TTR", "LA-TTR-X02", "LA-STTTT"]);
    assert.deepEqual(await view("canbo", sample), { root: null, sees: [] });
    assert.deepEqual(await view("giangvien", sample), { root: null, sees: [] });
    assert.deepEqual(await view("lanhdao.tanthanh", sample), { root: "LA-TT", sees: ["LA-TT", "LA-TT-X03"] });
    assert.deepEqual(await view("lanhdao.tantru", sample), { root: "LA-TTR", sees: ["LA-TTR", "LA-TTR-X02"] });
    assert.deepEqual(await view("quantri", sample), { root: "LA", sees: sample.map((u) => u.code) });
    assert.equal((await home("lanhdao.tanthanh")).tree, "Huyện Tân Thạnh");
    assert.equal(await reportsStatus("lanhdao.tanthanh"), 302);
    assert.equal(await reportsStatus("canbo"), 403);
    // The seed writes every manager's unit down: no role relies on a fallback.
    const missing = await row<{ n: number }>(
      sql`SELECT count(*) AS n FROM official_roles WHERE role = 'manager' AND scope_unit_id IS NULL`,
    );
    assert.equal(missing!.n, 0);
  });

  test("after: the district managers are flagged and see nothing (not the whole province); the administrator sees Tây Ninh", async () => {
    const changes = newChanges();
    await apply2025("2025-07-01", null, changes);
    assert.deepEqual(
      changes.scopesFlagged.map((s) => s.unit).sort(),
      ["Huyện Tân Thạnh", "Huyện Tân Trụ"],
      "the abolished districts' managers are flagged, not carried to the province",
    );
    const now = await codes(["TN", "TN-TAN-THANH", "LA-TT-X03", "LA-TTR-X02", "LA-STTTT"]);
    const old = sample; // the closed rows
    for (const username of ["lanhdao.tanthanh", "lanhdao.tantru"]) {
      const user = await userOf(username);
      assert.equal(user.managedUnitId, null, username);
      assert.equal(user.scopeIssue, "needs-review", username);
      assert.deepEqual(await view(username, [...now, ...old]), { root: null, sees: [] }, username);
      assert.deepEqual(await home(username), { tree: null, scopeIssue: "needs-review" }, username);
      assert.equal(await reportsStatus(username), 403, username);
    }
    assert.deepEqual(await view("canbo", now), { root: null, sees: [] });
    assert.deepEqual(await view("giangvien", now), { root: null, sees: [] });
    assert.deepEqual(await view("quantri", now), { root: "TN", sees: now.map((u) => u.code) });
    assert.equal((await home("quantri")).tree, "Tỉnh Tây Ninh");
    assert.equal((await home("canbo")).scopeIssue, null);
    assert.equal((await rootUnit())!.code, "TN");
  });

  test("/admin lists the flagged roles with a link to the person page, where a new unit is chosen; then it grants that unit", async () => {
    const r = await adminLoader({ request: await requestAs("quantri", "/admin"), params: {}, context: ctx });
    assert.deepEqual(r.scopes.map((s) => s.username).sort(), ["lanhdao.tanthanh", "lanhdao.tantru"]);
    const person = (await findByIdentifier("lanhdao.tanthanh"))!;
    const page = await personLoader({
      request: await requestAs("quantri", `/admin/people/${person.id}`),
      params: { officialId: String(person.id) },
      context: ctx,
    });
    assert.equal(page.managerScope?.needsReview, true);
    assert.equal(page.managerScope?.scopeUnitId, null, "the closed unit is not offered as the default");

    // Keeping the manager role without choosing a unit is refused next to the field.
    const post = async (fields: [string, string][]) =>
      personAction({
        request: await requestAs("quantri", `/admin/people/${person.id}`, { method: "POST", body: new URLSearchParams(fields) }),
        params: { officialId: String(person.id) },
        context: ctx,
      });
    const refused = (await post([
      ["intent", "roles"],
      ["role", "learner"],
      ["role", "manager"],
      ["managedUnitId", ""],
    ])) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    assert.equal(refused.init.status, 400);
    assert.match(refused.data.errors.managedUnitId!, /Chọn đơn vị/);
    const closedDistrict = sample.find((u) => u.code === "LA-TT")!;
    const refusedClosed = (await post([
      ["intent", "roles"],
      ["role", "manager"],
      ["managedUnitId", String(closedDistrict.id)],
    ])) as unknown as { init: { status: number } };
    assert.equal(refusedClosed.init.status, 400, "a closed unit cannot be chosen");

    const xa = (await getUnitByCode("TN-TAN-THANH"))!;
    const done = await post([
      ["intent", "roles"],
      ["role", "learner"],
      ["role", "manager"],
      ["managedUnitId", String(xa.id)],
    ]);
    assert.ok(done instanceof Response && done.status === 302);
    assert.deepEqual(await view("lanhdao.tanthanh", [xa, (await getUnitByCode("TN"))!]), { root: "TN-TAN-THANH", sees: ["TN-TAN-THANH"] });
    const after = await adminLoader({ request: await requestAs("quantri", "/admin"), params: {}, context: ctx });
    assert.deepEqual(
      after.scopes.map((s) => s.username),
      ["lanhdao.tantru"],
    );
  });

  test("an explicit scope on a closed unit grants nothing and the home page says so (no 500)", async () => {
    const person = (await findByIdentifier("lanhdao.tantru"))!;
    const closed = sample.find((u) => u.code === "LA-TTR")!;
    await transaction(() =>
      exec(
        sql`UPDATE official_roles SET scope_needs_review = ${false}, scope_unit_id = ${closed.id} WHERE official_id = ${person.id} AND role = 'manager'`,
      ),
    );
    const user = await userOf("lanhdao.tantru");
    assert.equal(user.scopeIssue, "closed");
    assert.deepEqual(await view("lanhdao.tantru", [closed, (await getUnitByCode("TN"))!]), { root: null, sees: [] });
    assert.deepEqual(await home("lanhdao.tantru"), { tree: null, scopeIssue: "closed" });
  });

  test("the administrator opens a closed district: its history, why it closed, and its successor", async () => {
    const closed = sample.find((u) => u.code === "LA-TT")!;
    const d = await unitLoader({
      request: await requestAs("quantri", `/units/${closed.id}`),
      params: { unitId: String(closed.id) },
      context: ctx,
    });
    assert.ok(d.closed);
    if (!d.closed) return;
    assert.equal(d.unit.closedBy, "abolish");
    assert.equal(d.unit.validTo, "2025-07-01");
    assert.equal(d.successors[0]?.name, "Tỉnh Long An");
    assert.ok(
      d.heirs.some((h) => h.name === "Tỉnh Tây Ninh" && h.open),
      "and the province it is part of now, as a link",
    );
    const commune = (await row<{ id: number }>(sql`SELECT id FROM units WHERE code = 'LA-TT-X01' ORDER BY id LIMIT 1`))!;
    const c = await unitLoader({
      request: await requestAs("quantri", `/units/${commune.id}`),
      params: { unitId: String(commune.id) },
      context: ctx,
    });
    assert.ok(c.closed && c.unit.closedBy === "merge" && c.successors[0]?.name === "Xã Tân Thạnh");
    const moved = sample.find((u) => u.code === "LA-TT-X03")!;
    const m = await unitLoader({
      request: await requestAs("quantri", `/units/${moved.id}`),
      params: { unitId: String(moved.id) },
      context: ctx,
    });
    assert.ok(m.closed && m.unit.closedBy === "move");
    if (m.closed) assert.ok(m.rows.length >= 2, "the same commune's rows over time");
  });
});
