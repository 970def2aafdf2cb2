// Issue 11, items 2 and 8 on the administrators' person forms: database constraints are field
// messages in Vietnamese (an address another official has, a role posted twice, unknown or closed
// units), zod's English defaults never reach the page, and a JSON body is a Vietnamese 400.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { officialRoles, officials } from "~/db/schema";
import { findByIdentifier } from "~/people/officials.server";
import { action as personAction } from "~/routes/admin.people.$officialId";
import { action as peopleAction } from "~/routes/admin.people._index";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

type Outcome = { status: number; errors: Record<string, string>; body?: string };

async function call(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const r = await run();
    if (r instanceof Response) return { status: r.status, errors: {} };
    const d = r as { init?: { status?: number }; data?: { errors?: Record<string, string> } };
    return { status: d.init?.status ?? 200, errors: d.data?.errors ?? {} };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, errors: {}, body: await thrown.text() };
    throw thrown;
  }
}

const form = (fields: [string, string][]) => {
  const body = new URLSearchParams();
  for (const [k, v] of fields) body.append(k, v);
  return body;
};

async function edit(id: number, fields: [string, string][]) {
  const request = await requestAs("quantri", `/admin/people/${id}`, { method: "POST", body: form(fields) });
  return call(() => personAction({ request, params: { officialId: String(id) }, context: ctx }));
}

async function create(fields: Record<string, string>) {
  const request = await requestAs("quantri", "/admin/people", { method: "POST", body: new URLSearchParams(fields) });
  return call(() => peopleAction({ request, params: {}, context: ctx }));
}

const ENGLISH = /invalid|expected|too (big|small)|must|required|string|number/i;

async function setEmail(username: string, email: string) {
  await transaction(async () => {
    await db().update(officials).set({ email }).where(eq(officials.username, username));
  });
}

describe("person forms", () => {
  test("an address another official already has is a field message on edit and on create", async () => {
    await setEmail("giangvien", "giangvien@longan.gov.vn");
    const canbo = (await findByIdentifier("canbo"))!;
    const r = await edit(canbo.id, [
      ["intent", "edit"],
      ["ho", canbo.ho],
      ["dem", canbo.dem],
      ["ten", canbo.ten],
      ["position", ""],
      ["email", "GiangVien@LongAn.gov.vn"],
    ]);
    assert.equal(r.status, 400);
    assert.match(r.errors.email ?? "", /đã thuộc về/);
    const unit = (await getUnitByCode("LA-TT-X03"))!;
    const c = await create({
      ho: "Lê",
      dem: "Văn",
      ten: "Tám",
      staffCode: "NEW-0001",
      username: "le.tam",
      email: "giangvien@longan.gov.vn",
      position: "",
      unitId: String(unit.id),
    });
    assert.equal(c.status, 400);
    assert.match(c.errors.email ?? "", /đã thuộc về/);
    assert.equal(await findByIdentifier("le.tam"), undefined);
    // Keeping one's own address is not a clash.
    await setEmail("canbo", "canbo@longan.gov.vn");
    const own = await edit(canbo.id, [
      ["intent", "edit"],
      ["ho", canbo.ho],
      ["dem", canbo.dem],
      ["ten", canbo.ten],
      ["position", ""],
      ["email", "canbo@longan.gov.vn"],
    ]);
    assert.equal(own.status, 302);
  });

  test("a role posted twice is saved once; an unknown role or managed unit is a field message", async () => {
    const canbo = (await findByIdentifier("canbo"))!;
    const twice = await edit(canbo.id, [
      ["intent", "roles"],
      ["role", "learner"],
      ["role", "learner"],
      ["role", "trainer"],
    ]);
    assert.equal(twice.status, 302);
    const roles = (await db().select().from(officialRoles).where(eq(officialRoles.officialId, canbo.id))).map((r) => r.role).sort();
    assert.deepEqual(roles, ["learner", "trainer"]);
    const unknown = await edit(canbo.id, [
      ["intent", "roles"],
      ["role", "superuser"],
    ]);
    assert.equal(unknown.status, 400);
    assert.ok(unknown.errors.role);
    const badUnit = await edit(canbo.id, [
      ["intent", "roles"],
      ["role", "manager"],
      ["managedUnitId", "999999"],
    ]);
    assert.equal(badUnit.status, 400);
    assert.match(badUnit.errors.managedUnitId ?? "", /Đơn vị/);
  });

  test("moving to an unknown unit, or creating in one, is a field message", async () => {
    const canbo = (await findByIdentifier("canbo"))!;
    for (const unitId of ["999999", "abc", "", "1e400"]) {
      const r = await edit(canbo.id, [
        ["intent", "move"],
        ["unitId", unitId],
      ]);
      assert.equal(r.status, 400, unitId);
      assert.match(r.errors.unitId ?? "", /Đơn vị/);
    }
    const c = await create({
      ho: "Lê",
      dem: "",
      ten: "Chín",
      staffCode: "NEW-0002",
      username: "le.chin",
      email: "",
      position: "",
      unitId: "999999",
    });
    assert.equal(c.status, 400);
    assert.match(c.errors.unitId ?? "", /Đơn vị/);
  });

  test("zod's defaults are Vietnamese: missing fields, overlong names, a bad address", async () => {
    const canbo = (await findByIdentifier("canbo"))!;
    const missing = await edit(canbo.id, [["intent", "edit"]]);
    assert.equal(missing.status, 400);
    const long = await edit(canbo.id, [
      ["intent", "edit"],
      ["ho", "H".repeat(500)],
      ["dem", ""],
      ["ten", "An"],
      ["position", "P".repeat(500)],
      ["email", "không-phải-thư"],
    ]);
    assert.equal(long.status, 400);
    const created = await create({ staffCode: "X".repeat(100), ten: "T".repeat(100) });
    for (const r of [missing, long, created]) {
      assert.ok(Object.keys(r.errors).length > 0);
      for (const [field, message] of Object.entries(r.errors)) assert.doesNotMatch(message, ENGLISH, `${field}: ${message}`);
    }
    assert.match(long.errors.ho ?? "", /Tối đa 60 ký tự/);
  });

  test("a JSON body to either form is a Vietnamese 400", async () => {
    const canbo = (await findByIdentifier("canbo"))!;
    const json = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ intent: "edit", ten: "X" }) };
    const a = await call(async () =>
      personAction({
        request: await requestAs("quantri", `/admin/people/${canbo.id}`, json),
        params: { officialId: String(canbo.id) },
        context: ctx,
      }),
    );
    const b = await call(async () =>
      peopleAction({ request: await requestAs("quantri", "/admin/people", json), params: {}, context: ctx }),
    );
    for (const r of [a, b]) {
      assert.equal(r.status, 400);
      assert.match(r.body ?? "", /biểu mẫu/);
    }
  });
});
