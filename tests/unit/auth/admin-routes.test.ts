// Administrators' pages and actions refuse everyone else, including crafted POSTs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loader as auditLoader } from "~/routes/admin.audit";
import { action as importAction, loader as importLoader } from "~/routes/admin.import";
import { action as uploadAction } from "~/routes/admin.import.upload";
import { action as personAction, loader as personLoader } from "~/routes/admin.people.$officialId";
import { loader as peopleLoader } from "~/routes/admin.people._index";
import { action as targetsAction, loader as targetsLoader } from "~/routes/admin.targets";
import { action as unitsAction, loader as unitsLoader } from "~/routes/admin.units";
import { findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

describe("administrator routes", () => {
  test("learners, trainers and managers get 403 from every page and action", async () => {
    const target = (await findByIdentifier("canbo"))!;
    const unit = (await getUnitByCode("LA-TT-X03"))!;
    for (const who of ["canbo", "giangvien", "lanhdao.tanthanh"]) {
      const get = (url: string) => requestAs(who, url);
      const post = (url: string, body: Record<string, string>) => requestAs(who, url, { method: "POST", body: new URLSearchParams(body) });
      // Each call starts only when its turn comes: a refusal is awaited where it happens, never left
      // rejected in the background while the next request is built.
      const calls: [string, () => Promise<unknown>][] = [
        ["audit", async () => auditLoader({ request: await get("/admin/audit"), params: {}, context: ctx })],
        ["import page", async () => importLoader({ request: await get("/admin/import"), params: {}, context: ctx })],
        [
          "import",
          async () =>
            importAction({
              request: await requestAs(who, "/admin/import", { method: "POST", body: new FormData() }),
              params: {},
              context: ctx,
            }),
        ],
        [
          "upload",
          async () =>
            uploadAction({
              request: await requestAs(who, "/admin/import/upload", { method: "POST", body: new FormData() }),
              params: {},
              context: ctx,
            }),
        ],
        ["people", async () => peopleLoader({ request: await get("/admin/people"), params: {}, context: ctx })],
        [
          "person",
          async () =>
            personLoader({ request: await get(`/admin/people/${target.id}`), params: { officialId: String(target.id) }, context: ctx }),
        ],
        [
          "reset password",
          async () =>
            personAction({
              request: await post(`/admin/people/${target.id}`, { intent: "reset-password" }),
              params: { officialId: String(target.id) },
              context: ctx,
            }),
        ],
        [
          "roles",
          async () =>
            personAction({
              request: await post(`/admin/people/${target.id}`, { intent: "roles", role: "admin" }),
              params: { officialId: String(target.id) },
              context: ctx,
            }),
        ],
        ["targets", async () => targetsLoader({ request: await get("/admin/targets"), params: {}, context: ctx })],
        [
          "set target",
          async () =>
            targetsAction({
              request: await post("/admin/targets", { courseId: "1", rate: "50", dueDate: "2027-01-01" }),
              params: {},
              context: ctx,
            }),
        ],
        ["units", async () => unitsLoader({ request: await get("/admin/units"), params: {}, context: ctx })],
        [
          "rename unit",
          async () =>
            unitsAction({
              request: await post("/admin/units", { intent: "rename", unitId: String(unit.id), name: "Xã Bị Đổi" }),
              params: {},
              context: ctx,
            }),
        ],
      ];
      for (const [name, call] of calls) assert.equal(await statusOf(call()), 403, `${who}: ${name}`);
    }
    assert.equal((await getUnitByCode("LA-TT-X03"))!.name, "Xã Hậu Thạnh Đông");
    assert.deepEqual((await findByIdentifier("canbo"))!.passwordHash, target.passwordHash);
  });
});
