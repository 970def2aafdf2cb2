// Issue 11, item 9: one day parser (dd/mm/yyyy, d/m/yyyy, ISO) and report pages that refuse a date
// that is not a day instead of showing today's figures under it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { dayForField, parseDayInput } from "~/i18n/dates";
import { parseDay } from "~/reports/query.server";
import { loader as reportLoader } from "~/routes/reports.$unitId._index";
import { loader as peopleLoader } from "~/routes/reports.$unitId.officials._index";
import { loader as printLoader } from "~/routes/reports.$unitId.print";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

describe("the day parser", () => {
  test("accepts dd/mm/yyyy, d/m/yyyy, ISO and the separators a numeric keypad can type", () => {
    for (const [input, day] of [
      ["30/06/2025", "2025-06-30"],
      ["3/6/2025", "2025-06-03"],
      [" 03/06/2025 ", "2025-06-03"],
      ["2025-06-30", "2025-06-30"],
      ["30.06.2025", "2025-06-30"],
      ["30-06-2025", "2025-06-30"],
      ["29/02/2024", "2024-02-29"],
      ["３０/０６/２０２５", "2025-06-30"],
    ] as const) {
      assert.deepEqual(parseDayInput(input), { day, error: null }, input);
    }
  });
  test("refuses what is not a day, with the reason", () => {
    assert.equal(parseDayInput("").error, "empty");
    for (const input of ["06/30/2025x", "30/06/25", "2025/06/30", "hôm qua", "30 tháng 6", "1".repeat(100)])
      assert.equal(parseDayInput(input).error, "format", input);
    for (const input of ["31/02/2025", "29/02/2025", "00/01/2025", "2025-13-01", "01/01/0001", "01/01/9999"])
      assert.equal(parseDayInput(input).error, "invalid", input);
  });
  test("report dates: Vietnamese messages, the future refused unless allowed", () => {
    assert.match(parseDay("31/02/2025").error ?? "", /ngày/i);
    assert.match(parseDay("abc").error ?? "", /ngày\/tháng\/năm/);
    assert.match(parseDay("31/12/2099").error ?? "", /tương lai/);
    assert.equal(parseDay("31/12/2099", { allowFuture: true }).day, "2099-12-31");
    assert.equal(dayForField("2025-06-30"), "30/06/2025");
    assert.equal(dayForField("31/02"), "31/02", "what was typed stays in the field");
  });
});

describe("report pages and a bad asOf", () => {
  let file: string;
  before(async () => {
    file = await useTestDatabase({ seeded: true });
  });
  after(() => dropTestDatabase(file));

  test("report, people list and print view answer 400 with the field message, not today's figures", async () => {
    const unit = (await getUnitByCode("LA-TT"))!;
    for (const [name, loader, suffix] of [
      ["report", reportLoader, ""],
      ["people", peopleLoader, "/officials"],
      ["print", printLoader, "/print"],
    ] as const) {
      for (const asOf of ["31/02/2025", "not-a-date", "2099-01-01"]) {
        const request = await requestAs("lanhdao.tanthanh", `/reports/${unit.id}${suffix}?asOf=${encodeURIComponent(asOf)}`);
        let thrown: unknown = null;
        try {
          await (loader as (a: unknown) => Promise<unknown>)({ request, params: { unitId: String(unit.id) }, context: ctx });
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof Response, `${name} ${asOf}: refused`);
        assert.equal(thrown.status, 400);
        const body = (await thrown.json()) as { asOfRefused: { asOfError: string; asOfInput: string; action: string } };
        assert.match(body.asOfRefused.asOfError, /ngày/i, `${name} ${asOf}`);
        assert.equal(body.asOfRefused.asOfInput, asOf);
        assert.equal(body.asOfRefused.action, `/reports/${unit.id}${suffix}`);
      }
      // A good date in either form still works.
      for (const asOf of ["30/06/2025", "2025-06-30"]) {
        const request = await requestAs("lanhdao.tanthanh", `/reports/${unit.id}${suffix}?asOf=${encodeURIComponent(asOf)}`);
        await (loader as (a: unknown) => Promise<unknown>)({ request, params: { unitId: String(unit.id) }, context: ctx });
      }
    }
  });
});
