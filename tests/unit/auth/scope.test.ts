// The Tân Thạnh manager must get 403 and no data for anything of huyện Tân Trụ.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { canSeeUnit, requireOfficialAccess, requireUnitAccess, scopeRoot } from "~/auth/permissions.server";
import { commitSessionCookie, createSession, userForToken } from "~/auth/session.server";
import { findByIdentifier } from "~/people/officials.server";
import { getUnitByCode, subtree } from "~/units/tree.server";
import { db } from "~/db/client.server";
import { officials } from "~/db/schema";
import { eq } from "drizzle-orm";
import { loader as unitLoader } from "~/routes/units.$unitId";
import { loader as unitsIndexLoader } from "~/routes/units._index";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

async function userOf(username: string) {
  const official = (await findByIdentifier(username))!;
  return (await userForToken(await createSession(official.id)))!;
}

async function requestAs(username: string, url: string) {
  const official = (await findByIdentifier(username))!;
  const cookie = (await commitSessionCookie(await createSession(official.id))).split(";")[0]!;
  return new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const ctx = { clientIp: "127.0.0.1", cspNonce: "" };

describe("a manager's scope", () => {
  test("covers their district and everything below it, and nothing of the neighbouring district", async () => {
    const manager = await userOf("lanhdao.tanthanh");
    const tanThanh = (await getUnitByCode("LA-TT"))!;
    const tanTru = (await getUnitByCode("LA-TTR"))!;
    assert.equal((await scopeRoot(manager))?.id, tanThanh.id);
    for (const u of await subtree(tanThanh)) assert.equal(await canSeeUnit(manager, u), true, u.name);
    for (const u of await subtree(tanTru)) {
      assert.equal(await canSeeUnit(manager, u), false, u.name);
      await assert.rejects(
        () => requireUnitAccess(manager, u.id),
        (e: unknown) => e instanceof Response && e.status === 403,
      );
    }
    assert.equal(await canSeeUnit(manager, (await getUnitByCode("LA"))!), false, "not the province above");
  });

  test("officials of another district are refused, and ids that do not exist look the same", async () => {
    const manager = await userOf("lanhdao.tanthanh");
    const tanTruCommune = (await getUnitByCode("LA-TTR-X03"))!;
    const someone = (await db().select().from(officials).where(eq(officials.unitId, tanTruCommune.id)).limit(1))[0]!;
    await assert.rejects(
      () => requireOfficialAccess(manager, someone.id),
      (e: unknown) => e instanceof Response && e.status === 403,
    );
    await assert.rejects(
      () => requireUnitAccess(manager, 999_999),
      (e: unknown) => e instanceof Response && e.status === 403,
    );
  });

  test("the unit page loader answers 403 with no data for every Tân Trụ unit, also with a search query", async () => {
    for (const u of await subtree((await getUnitByCode("LA-TTR"))!)) {
      const request = await requestAs("lanhdao.tanthanh", `/units/${u.id}?q=nguyen`);
      const status = await statusOf(unitLoader({ request, params: { unitId: String(u.id) }, context: ctx }));
      assert.equal(status, 403, u.name);
    }
    const own = (await getUnitByCode("LA-TT-X05"))!;
    const ok = await unitLoader({
      request: await requestAs("lanhdao.tanthanh", `/units/${own.id}`),
      params: { unitId: String(own.id) },
      context: ctx,
    });
    assert.equal(ok.unit.id, own.id);
    assert.ok(ok.members.length > 0);
  });

  test("a commune official who is not a manager sees no unit pages at all", async () => {
    const own = (await findByIdentifier("canbo"))!;
    const request = await requestAs("canbo", `/units/${own.unitId}`);
    assert.equal(await statusOf(unitLoader({ request, params: { unitId: String(own.unitId) }, context: ctx })), 403);
    assert.equal(await statusOf(unitsIndexLoader({ request: await requestAs("canbo", "/units"), params: {}, context: ctx })), 403);
  });

  test("an administrator sees every unit", async () => {
    const admin = await userOf("quantri");
    for (const u of await subtree((await getUnitByCode("LA"))!)) assert.equal(await canSeeUnit(admin, u), true);
  });
});
