// Reports are scoped to the viewer's subtree through every route, and exports carry the page's numbers.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { db, transaction } from "~/db/client.server";
import { officials } from "~/db/schema";
import { searchNameOf } from "~/people/names";
import { percent1 } from "~/reports/export.server";
import { peopleBatches, peopleInScope } from "~/reports/people.server";
import { unitReport } from "~/reports/unit-report.server";
import { loader as csvLoader } from "~/routes/reports.$unitId.export[.]csv";
import { loader as xlsxLoader } from "~/routes/reports.$unitId.export[.]xlsx";
import { loader as reportLoader } from "~/routes/reports.$unitId._index";
import { loader as indexLoader } from "~/routes/reports._index";
import { loader as personLoader } from "~/routes/reports.$unitId.officials.$officialId";
import { loader as peopleLoader } from "~/routes/reports.$unitId.officials._index";
import { loader as printLoader } from "~/routes/reports.$unitId.print";
import { getUnitByCode, subtree } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true }); // demo + content + progress as of PROGRESS_AS_OF
});
after(() => dropTestDatabase(file));

type Loader = (args: { request: Request; params: Record<string, string>; context: typeof ctx }) => Promise<unknown>;
const unitRoutes: [string, Loader, string][] = [
  ["report", reportLoader as Loader, ""],
  ["people", peopleLoader as Loader, "/officials"],
  ["print", printLoader as Loader, "/print"],
  ["csv", csvLoader as Loader, "/export.csv"],
  ["xlsx", xlsxLoader as Loader, "/export.xlsx"],
];

describe("report scope", () => {
  test("another district's unit id in the URL, the export links and the query string: 403 and no data", async () => {
    const tanTru = await subtree((await getUnitByCode("LA-TTR"))!);
    const tricks = ["", "?course=1", "?asOf=2026-10-01", "?unit=4&unitId=4", "?status=completed&q=nguyen"];
    for (const unit of tanTru) {
      for (const [name, loader, suffix] of unitRoutes) {
        for (const trick of tricks) {
          const request = await requestAs("lanhdao.tanthanh", `/reports/${unit.id}${suffix}${trick}`);
          assert.equal(
            await statusOf(loader({ request, params: { unitId: String(unit.id) }, context: ctx })),
            403,
            `${name} ${unit.name} ${trick}`,
          );
        }
      }
    }
    // The province above is out of scope too.
    const province = (await getUnitByCode("LA"))!;
    const request = await requestAs("lanhdao.tanthanh", `/reports/${province.id}`);
    assert.equal(await statusOf(reportLoader({ request, params: { unitId: String(province.id) }, context: ctx })), 403);
  });

  test("an official of another district cannot be read, not even through one's own unit's URL", async () => {
    const own = (await getUnitByCode("LA-TT"))!;
    const other = (await getUnitByCode("LA-TTR-X02"))!;
    const [stranger] = await db().select().from(officials).where(eq(officials.unitId, other.id)).limit(1);
    assert.ok(stranger);
    for (const unitId of [own.id, other.id]) {
      const request = await requestAs("lanhdao.tanthanh", `/reports/${unitId}/officials/${stranger.id}`);
      assert.equal(
        await statusOf(personLoader({ request, params: { unitId: String(unitId), officialId: String(stranger.id) }, context: ctx })),
        403,
      );
    }
  });

  test("a commune official who is not a manager gets no report at all", async () => {
    const own = (await getUnitByCode("LA-TT-X03"))!;
    assert.equal(await statusOf(indexLoader({ request: await requestAs("canbo", "/reports"), params: {}, context: ctx })), 403);
    for (const [name, loader, suffix] of unitRoutes) {
      const request = await requestAs("canbo", `/reports/${own.id}${suffix}`);
      assert.equal(await statusOf(loader({ request, params: { unitId: String(own.id) }, context: ctx })), 403, name);
    }
  });
});

describe("exports", () => {
  test("CSV: UTF-8 with BOM, the page's numbers, and a name starting with = comes out inert", async () => {
    const commune = (await getUnitByCode("LA-TT-X05"))!;
    const [victim] = await db().select().from(officials).where(eq(officials.unitId, commune.id)).limit(1);
    assert.ok(victim);
    const evil = { ho: '=HYPERLINK("http://x")', dem: "", ten: "An" };
    await transaction(async (tx) => {
      await tx
        .update(officials)
        .set({ ...evil, searchName: searchNameOf(evil) })
        .where(eq(officials.id, victim.id));
    });

    const district = (await getUnitByCode("LA-TT"))!;
    const csvOf = async (search: string) => {
      const request = await requestAs("lanhdao.tanthanh", `/reports/${district.id}/export.csv${search}`);
      const response = (await csvLoader({ request, params: { unitId: String(district.id) }, context: ctx })) as Response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], `BOM ${search}`);
      // A flat table for machines: one header row, every row as wide as it (csv-parse refuses otherwise).
      return parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, "")) as string[][];
    };
    const unitsTable = await csvOf("?table=units");
    assert.equal(unitsTable[0]![0], "Đơn vị", "the header is the first row");
    const page = await reportLoader({
      request: await requestAs("lanhdao.tanthanh", `/reports/${district.id}`),
      params: { unitId: String(district.id) },
      context: ctx,
    });
    const report = page.report;
    const byName = new Map(unitsTable.map((r) => [r[0], r]));
    for (const u of [
      { name: report.unit.name, members: report.members, f: report.headline },
      ...report.children.map((c) => ({ name: c.name, members: c.members, f: c.figures })),
    ]) {
      const row = byName.get(u.name);
      assert.ok(row, u.name);
      assert.deepEqual(
        row!.slice(1, 7).map(Number),
        [u.members, u.f.inScope, u.f.notStarted, u.f.inProgress, u.f.completed, percent1(u.f.rate)],
        u.name,
      );
    }
    assert.equal(unitsTable.length, 2 + report.children.length, "header, the unit, its children");

    const peopleTable = await csvOf("");
    const header = peopleTable[0]!;
    assert.deepEqual(header.slice(0, 5), ["Họ và tên", "Mã CBCC", "Chức vụ", "Đơn vị", "Mã đơn vị"]);
    // Every person of the page's list, once — the streamed steps neither lose nor repeat anyone.
    const list = await peopleLoader({
      request: await requestAs("lanhdao.tanthanh", `/reports/${district.id}/officials`),
      params: { unitId: String(district.id) },
      context: ctx,
    });
    const codes = peopleTable.slice(1).map((r) => r[1]);
    assert.equal(new Set(codes).size, codes.length, "nobody twice");
    assert.equal(codes.length, report.members, "everyone of the subtree");
    assert.ok(list.people.length > 0);
    for (const p of list.people) assert.ok(codes.includes(p.staffCode), p.staffCode);
    const evilRow = peopleTable.find((r) => r[0]?.includes("HYPERLINK"));
    assert.ok(evilRow);
    assert.ok(evilRow![0]!.startsWith("'="), `neutralised: ${evilRow![0]}`);
    for (const table of [unitsTable, peopleTable])
      assert.ok(!table.some((r) => r.some((cell) => /^[=+\-@]/.test(cell))), "no cell starts a formula");
  });

  test("XLSX: the same numbers, names as text cells, never formulas", async () => {
    const district = (await getUnitByCode("LA-TT"))!;
    const request = await requestAs("lanhdao.tanthanh", `/reports/${district.id}/export.xlsx?course=1`);
    const response = (await xlsxLoader({ request, params: { unitId: String(district.id) }, context: ctx })) as Response;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.getWorksheet("Đơn vị")!;
    const report = await unitReport(district, { selection: 1 });
    const found = new Map<string, (string | number)[]>();
    sheet.eachRow((row) => {
      const values = (row.values as (string | number)[]).slice(1);
      if (typeof values[0] === "string") found.set(values[0], values);
    });
    for (const c of report.children) {
      const row = found.get(c.name);
      assert.ok(row, c.name);
      assert.deepEqual(row!.slice(1, 7), [
        c.members,
        c.figures.inScope,
        c.figures.notStarted,
        c.figures.inProgress,
        c.figures.completed,
        // A fraction, shown as a percentage by the cell's format.
        Math.round(c.figures.rate * 1000) / 1000,
      ]);
    }
    let formulas = 0;
    for (const ws of book.worksheets)
      ws.eachRow((row) => row.eachCell((cell) => (cell.type === ExcelJS.ValueType.Formula ? formulas++ : 0)));
    assert.equal(formulas, 0);
    const people = book.getWorksheet("Cán bộ")!;
    let evilCell: ExcelJS.Cell | undefined;
    people.eachRow((row) => row.eachCell((cell) => (String(cell.value).includes("HYPERLINK") ? (evilCell = cell) : 0)));
    assert.ok(evilCell);
    assert.equal(evilCell!.type, ExcelJS.ValueType.String);
    // For people in Excel: frozen header rows, filters, rates as percentages, a column per course.
    assert.equal(sheet.views[0]?.state, "frozen");
    assert.equal(people.views[0]?.state, "frozen");
    assert.equal((people.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(sheet.autoFilter, "filters on the units");
    assert.ok(people.autoFilter, "filters on the people");
    let rateCell: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => (row.getCell(1).value === report.children[0]!.name ? (rateCell = row.getCell(7)) : 0));
    assert.equal(rateCell!.numFmt, "0.0%");
    const header = (people.getRow(1).values as string[]).slice(1);
    for (const c of report.courses) assert.ok(header.includes(c.title), `a column for ${c.title}`);
    assert.equal(people.rowCount - 1, report.members, "everyone of the subtree, once");
  });

  test("the export's steps: every person once, in the tree's order, now and as of a day", async () => {
    const district = (await getUnitByCode("LA-TT"))!;
    for (const asOf of [null, "2026-10-01"]) {
      for (const selection of ["mandatory", 1] as const) {
        const whole = await peopleInScope(district, selection, { asOf });
        const seen: number[] = [];
        let steps = 0;
        for await (const step of peopleBatches(district, selection, asOf, 2)) {
          steps++;
          seen.push(...step.map((p) => p.id));
        }
        assert.ok(steps > 1, "more than one step");
        assert.equal(new Set(seen).size, seen.length, `nobody twice (${asOf} ${selection})`);
        assert.deepEqual(
          [...seen].sort((a, b) => a - b),
          whole.map((p) => p.id).sort((a, b) => a - b),
          `${asOf} ${selection}`,
        );
        const byId = new Map(whole.map((p) => [p.id, p.status]));
        for await (const step of peopleBatches(district, selection, asOf, 3))
          for (const p of step) assert.equal(p.status, byId.get(p.id), "the same status as the list");
      }
    }
  });
});
