// Unit pickers at national scale (issue 19 item 3, decision 0050): past SELECT_LIMIT current units a
// page sends no list; the unit is typed by name or code and resolved on the server, without JavaScript,
// or refused with the reason at the field — never silently widened to every unit.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { db, exec, transaction } from "~/db/client.server";
import { officials } from "~/db/schema";
import { action as peopleAction, loader as peopleLoader } from "~/routes/admin.people._index";
import { action as personAction } from "~/routes/admin.people.$officialId";
import { loader as exportLoader } from "~/routes/admin.people[.]xlsx";
import { loader as suggestLoader } from "~/routes/admin.units_.suggest";
import { getUnitByCode, rootUnit } from "~/units/tree.server";
import { chosenUnit, resolveUnitText, SELECT_LIMIT, suggestUnits, unitLabel, unitPicker } from "~/units/unit-picker.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const load = async (url: string) =>
  (await peopleLoader({ request: await requestAs("quantri", url), params: {}, context: ctx })) as Exclude<
    Awaited<ReturnType<typeof peopleLoader>>,
    Response
  >;

describe("resolving a typed unit", () => {
  test("by code in any case, by its label, by a unique name or unique words of a name, with or without diacritics", async () => {
    const x02 = (await getUnitByCode("LA-TT-X02"))!;
    for (const text of ["LA-TT-X02", "la-tt-x02", ` ${unitLabel(x02)} `, x02.name, "xa bac hoa", "XÃ BẮC HÒA", "bắc hòa"]) {
      const unit = await resolveUnitText(text);
      assert.ok(!("message" in unit), `${text}: ${"message" in unit ? unit.message : ""}`);
      assert.equal(unit.id, x02.id, text);
    }
  });

  test("a name two units share asks for the code, naming both; an unknown name suggests the nearest", async () => {
    const shared = await resolveUnitText("Xã Tân Bình");
    assert.ok("message" in shared);
    assert.match(shared.message, /LA-TT-X09/);
    assert.match(shared.message, /LA-TTR-X09/);
    const unknown = await resolveUnitText("Xã Bắc Hoà Mới");
    assert.ok("message" in unknown);
    assert.match(unknown.message, /^Không tìm thấy đơn vị "Xã Bắc Hoà Mới"\. Có phải: .*Xã Bắc Hòa \(LA-TT-X02\)/);
  });

  test("typed text is never read as an id; an id is never read as text; an unknown id is refused", async () => {
    const x02 = (await getUnitByCode("LA-TT-X02"))!;
    const typed = await chosenUnit((k) => (k === "unitText" ? String(x02.id) : null), "unit");
    assert.ok(typed && "message" in typed, "digits typed are a code, and no unit has that code");
    const byId = await chosenUnit((k) => (k === "unit" ? String(x02.id) : null), "unit");
    assert.ok(byId && !("message" in byId) && byId.id === x02.id);
    assert.equal(await chosenUnit(() => null, "unit"), null);
    const closed = await chosenUnit((k) => (k === "unit" ? "999999" : null), "unit");
    assert.ok(closed && "message" in closed);
  });

  test("suggestions: every typed word, diacritics ignored, or the code's start; whole matches first; at most ten", async () => {
    assert.deepEqual(
      (await suggestUnits("tan binh")).map((s) => s.label),
      ["Xã Tân Bình (LA-TT-X09)", "Xã Tân Bình (LA-TTR-X09)"],
    );
    assert.equal((await suggestUnits("la-tt-x0")).length, 9);
    assert.ok((await suggestUnits("xa")).length <= 10);
    assert.deepEqual(await suggestUnits("x"), [], "one letter suggests nothing");
    const answer = (await suggestLoader({
      request: await requestAs("quantri", "/admin/units/suggest?q=bac%20hoa"),
      params: {},
      context: ctx,
    })) as Response;
    assert.deepEqual(await answer.json(), {
      suggestions: [{ id: (await getUnitByCode("LA-TT-X02"))!.id, label: "Xã Bắc Hòa (LA-TT-X02)" }],
    });
    for (const who of ["lanhdao.tanthanh", "giangvien", "canbo"])
      assert.equal(
        await statusOf(suggestLoader({ request: await requestAs(who, "/admin/units/suggest?q=tan"), params: {}, context: ctx })),
        403,
        who,
      );
  });
});

describe("the people directory past the limit", () => {
  test("a small tree gets the <select>; past the limit no list is sent", async () => {
    const small = await load("/admin/people");
    assert.equal(small.picker.mode, "select");
    assert.equal((await unitPicker(10)).mode, "search");
    // SELECT_LIMIT units more under the province: the real page switches too.
    const root = (await rootUnit())!;
    await transaction(() =>
      exec(
        sql`INSERT INTO units (id, parent_id, path, depth, kind, code, name, valid_from) VALUES ${sql.join(
          Array.from({ length: SELECT_LIMIT }, (_, i) => {
            const id = 900000 + i;
            return sql`(${id}, ${root.id}, ${`${root.path}${id}/`}, ${root.depth + 1}, 'commune', ${`NX-${i}`}, ${`Xã Mẫu Số ${i}`}, '2020-01-01')`;
          }),
          sql`, `,
        )}`,
      ),
    );
    const big = await load("/admin/people");
    assert.deepEqual(big.picker, { mode: "search" });
    assert.ok(!("units" in big), "no unit list in the loader data");
  });

  test("the filter by typed name or code, shown back as its label; a unit that matches nothing lists nobody and says why", async () => {
    const x02 = (await getUnitByCode("LA-TT-X02"))!;
    const byName = await load(`/admin/people?unitText=${encodeURIComponent("xa bac hoa")}&status=all`);
    assert.deepEqual(byName.unitPick, { chosen: { id: x02.id, label: "Xã Bắc Hòa (LA-TT-X02)" }, typed: null, error: null });
    assert.equal(byName.values.unit, String(x02.id), "the page links carry the id");
    assert.ok(byName.total > 0 && byName.people.every((p) => p.unit === x02.name));
    const wrong = await load(`/admin/people?unitText=${encodeURIComponent("Xã Không Có")}&status=all`);
    assert.equal(wrong.unitPick.typed, "Xã Không Có");
    assert.match(wrong.unitPick.error!, /Không tìm thấy đơn vị "Xã Không Có"/);
    assert.equal(wrong.total, 0);
    assert.deepEqual(wrong.people, []);
    // The export of that filter is refused, not the whole directory.
    const exported = exportLoader({ request: await requestAs("quantri", "/admin/people.xlsx?unit=999999"), params: {}, context: ctx });
    assert.equal(await statusOf(exported), 400);
  });

  test("creating a person in a typed unit; a typed unit that matches nothing keeps every value and names the field", async () => {
    const x02 = (await getUnitByCode("LA-TT-X02"))!;
    const post = async (fields: Record<string, string>) =>
      peopleAction({
        request: await requestAs("quantri", "/admin/people", { method: "POST", body: new URLSearchParams(fields) }),
        params: {},
        context: ctx,
      });
    const base = { ho: "Phạm", dem: "Văn", ten: "Chọn", staffCode: "PICK-1", username: "pick.one" };
    const refused = await post({ ...base, unitIdText: "Xã Tân Bình" });
    const body = refused as unknown as {
      data: { errors: Record<string, string>; values: Record<string, string> };
      init: { status: number };
    };
    assert.equal(body.init.status, 400);
    assert.match(body.data.errors.unitId!, /LA-TT-X09, LA-TTR-X09/);
    assert.equal(body.data.values.unitIdText, "Xã Tân Bình");
    assert.equal(body.data.values.ten, "Chọn");
    assert.equal((await db().select().from(officials).where(eq(officials.staffCode, "PICK-1"))).length, 0);
    const created = await post({ ...base, unitIdText: "la-tt-x02" });
    assert.equal((created as Response).status, 302);
    const [person] = await db().select().from(officials).where(eq(officials.staffCode, "PICK-1"));
    assert.equal(person!.unitId, x02.id);
  });

  test("a person moved, and made manager, by a typed unit; an ambiguous one is refused with the text kept", async () => {
    const [person] = await db().select().from(officials).where(eq(officials.staffCode, "PICK-1"));
    const post = async (fields: Record<string, string>) =>
      personAction({
        request: await requestAs("quantri", `/admin/people/${person!.id}`, { method: "POST", body: new URLSearchParams(fields) }),
        params: { officialId: String(person!.id) },
        context: ctx,
      });
    const refused = (await post({ intent: "move", unitIdText: "tan binh" })) as unknown as {
      data: { errors: Record<string, string>; typed: Record<string, string> };
      init: { status: number };
    };
    assert.equal(refused.init.status, 400);
    assert.match(refused.data.errors.unitId!, /Có phải: Xã Tân Bình \(LA-TT-X09\); Xã Tân Bình \(LA-TTR-X09\)/);
    assert.deepEqual(refused.data.typed, { unitId: "tan binh" });
    const x09 = (await getUnitByCode("LA-TTR-X09"))!;
    assert.equal(((await post({ intent: "move", unitIdText: "Xã Tân Bình (LA-TTR-X09)" })) as Response).status, 302);
    assert.equal((await db().select().from(officials).where(eq(officials.id, person!.id)))[0]!.unitId, x09.id);
    const wrongScope = (await post({ intent: "roles", role: "manager", managedUnitIdText: "Huyện Không Có" })) as unknown as {
      data: { errors: Record<string, string>; typed: Record<string, string> };
    };
    assert.match(wrongScope.data.errors.managedUnitId!, /Không tìm thấy đơn vị "Huyện Không Có"/);
    assert.equal(((await post({ intent: "roles", role: "manager", managedUnitIdText: "la-ttr" })) as Response).status, 302);
  });
});
