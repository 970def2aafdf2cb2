// The administrators' people directory (issue 20 item 5): filters, counts, SQL paging in Vietnamese
// name order on both engines, and administrators only.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { db, exec, rows, transaction } from "~/db/client.server";
import { officials, units } from "~/db/schema";
import { countPeople, fillMissingSortNames, listPeople, matchingIds, peopleForExport } from "~/people/directory.server";
import { jsonTable, nameMatchesSql } from "~/db/portable.server";
import { foldVietnamese } from "~/i18n/format";
import { updateOfficial } from "~/people/lifecycle.server";
import { fillMissingNameKeys } from "~/people/name-keys.server";
import { compareNames, fullName, nameKeysOf, nameMatches, prefixUpperBound, searchNameOf, sortByName } from "~/people/names";
import { createOfficial } from "~/people/officials.server";
import { sortKeyOf } from "~/people/sort-key";
import { loader as peopleLoader } from "~/routes/admin.people._index";
import { loader as exportLoader } from "~/routes/admin.people[.]xlsx";
import { action as bulkAction } from "~/routes/admin.people.bulk";
import { getUnitByCode, pathUpperBound } from "~/units/tree.server";
import { assertNameKeysMatchNames } from "../../support/name-keys";
import { ctx, requestAs, statusOf } from "../../support/requests";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const NAMES = [
  "An",
  "Anh",
  "An Bình",
  "Ân",
  "Ăn",
  "Bàn",
  "Bán",
  "Ban",
  "Bình Minh",
  "Đào",
  "Dũng",
  "Dung",
  "Dùng",
  "Dụng",
  "Ư",
  "Uyên",
  "Ơn",
  "Ông",
  "Ô",
];
const HO = ["Nguyễn", "Lê", "Đặng", "Hoàng Phủ", "Ông", "Âu"];

describe("the Vietnamese sort key", () => {
  test("byte order of sortKeyOf is the collator's order of tên, họ, đệm", () => {
    const people = [];
    for (let i = 0; i < 3000; i++) {
      const pick = <T>(xs: T[]) => xs[(i * 7919 + xs.length * 31 + i * i) % xs.length]!;
      people.push({ ho: pick(HO), dem: pick(["Văn", "Thị", "", "Thị Thu", "Hữu"]), ten: NAMES[(i * 13) % NAMES.length]! });
    }
    const byKey = [...people].sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : sortKeyOf(a) > sortKeyOf(b) ? 1 : 0));
    const expected = sortByName(people);
    for (let i = 0; i < expected.length; i++) assert.equal(compareNames(byKey[i]!, expected[i]!), 0, `position ${i}`);
  });

  test("a few orders a Vietnamese reader expects", () => {
    const order = (tens: string[]) =>
      [...tens].sort((a, b) => {
        const ka = sortKeyOf({ ho: "", dem: "", ten: a });
        const kb = sortKeyOf({ ho: "", dem: "", ten: b });
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    assert.deepEqual(order(["Đào", "Dũng", "Anh", "Ân", "Ăn", "An"]), ["An", "Anh", "Ăn", "Ân", "Dũng", "Đào"]);
    assert.deepEqual(order(["bạn", "bán", "bàn", "ban", "bản", "bãn"]), ["ban", "bàn", "bản", "bãn", "bán", "bạn"]);
  });
});

describe("listing people", () => {
  test("a unit subtree, counted, paged in SQL: the pages together are the whole list in name order, nobody twice", async () => {
    const tt = (await getUnitByCode("LA-TT"))!;
    const inside = await rows<{ id: number; ho: string; dem: string; ten: string }>(
      sql`SELECT o.id, o.ho, o.dem, o.ten FROM officials o JOIN units u ON u.id = o.unit_id
           WHERE o.active AND u.path >= ${tt.path} AND u.path < ${pathUpperBound(tt.path)}`,
    );
    const first = await listPeople({ unitPath: tt.path, status: "active" }, 1, 37);
    assert.equal(first.total, inside.length);
    assert.ok(first.pages > 2, "several pages");
    const seen: number[] = [];
    for (let page = 1; page <= first.pages; page++)
      seen.push(...(await listPeople({ unitPath: tt.path, status: "active" }, page, 37)).people.map((p) => p.id));
    assert.equal(seen.length, inside.length);
    assert.equal(new Set(seen).size, seen.length);
    // Pages of the second half are read from the end (descending) and turned round: the same order.
    assert.deepEqual(seen, await matchingIds({ unitPath: tt.path, status: "active" }, 100_000));
    const byId = new Map(inside.map((p) => [Number(p.id), p]));
    const listed = seen.map((id) => byId.get(id)!);
    assert.ok(listed.every(Boolean), "only people of the subtree");
    for (let i = 1; i < listed.length; i++) assert.ok(compareNames(listed[i - 1]!, listed[i]!) <= 0, `order at ${i}`);
    // A page past the end shows the last page, not an empty one.
    assert.equal((await listPeople({ unitPath: tt.path, status: "active" }, 10_000, 37)).page, first.pages);
  });

  test("new people with Vietnamese names come out in Vietnamese order", async () => {
    const unit = (await getUnitByCode("LA-TTR"))!;
    const [leaf] = await db().select().from(units).where(eq(units.parentId, unit.id)).limit(1);
    const created = [];
    for (const [i, ten] of ["Đào", "Dũng", "Anh", "Ân", "Ăn", "An"].entries())
      created.push(await createOfficial({ ho: "Zư", dem: "Thử", ten, staffCode: `SORT-${i}`, username: `sort.${i}`, unitId: leaf!.id }));
    const found = await listPeople({ q: "zu thu" }, 1, 50);
    assert.deepEqual(
      found.people.map((p) => p.ten),
      ["An", "Anh", "Ăn", "Ân", "Dũng", "Đào"],
    );
    assert.equal(found.total, 6);
    assert.equal(found.people[0]!.fullName, fullName(created[5]!));
  });

  test("role and status filters", async () => {
    const managers = await listPeople({ role: "manager", status: "all" }, 1, 200);
    const usernames = managers.people.map((p) => p.username);
    assert.ok(usernames.includes("lanhdao.tanthanh") && usernames.includes("lanhdao.tantru"));
    assert.ok(!usernames.includes("canbo"));
    const someone = (await listPeople({ q: "zu thu" }, 1, 1)).people[0]!;
    await transaction(() => db().update(officials).set({ active: false }).where(eq(officials.id, someone.id)));
    assert.ok((await listPeople({ q: "zu thu", status: "inactive" }, 1, 50)).people.some((p) => p.id === someone.id));
    assert.ok(!(await listPeople({ q: "zu thu", status: "active" }, 1, 50)).people.some((p) => p.id === someone.id));
    assert.equal((await listPeople({ q: "zu thu", status: "all" }, 1, 50)).total, 6);
    assert.equal((await matchingIds({ q: "zu thu", status: "all" }, 3)).length, 4, "limit + 1 to say 'too many'");
  });

  test("rows written before the sort key existed get it at start", async () => {
    await transaction(() => exec(sql`UPDATE officials SET sort_name = '' WHERE staff_code LIKE 'SORT-%'`));
    assert.equal(await fillMissingSortNames(), 6);
    const back = await db()
      .select()
      .from(officials)
      .where(sql`staff_code LIKE 'SORT-%'`);
    for (const o of back) assert.equal(o.sortName, sortKeyOf(o));
    assert.equal(await fillMissingSortNames(), 0);
  });
});

describe("name search by word keys (decision 0046)", () => {
  test("the keys are the rotations of the words; a query matches a run of whole words from a word start", () => {
    assert.deepEqual(nameKeysOf("nguyen van an"), ["nguyen van an", "van an nguyen", "an nguyen van"]);
    assert.deepEqual(nameKeysOf("an an"), ["an an"]);
    assert.deepEqual(nameKeysOf(""), []);
    const name = searchNameOf({ ho: "Nguyễn", dem: "Văn", ten: "An" });
    for (const q of ["nguyen", "nguyen van a", "van a", "van an", "an", "an nguyen", "a", "n", "nguyen van an"])
      assert.ok(nameMatches(name, foldVietnamese(q)), q);
    for (const q of ["guyen", "an v", "van an nguyen van", "nguyen an", "uyen"]) assert.ok(!nameMatches(name, q), q);
    assert.ok(nameMatches(searchNameOf({ ho: "Đặng", dem: "", ten: "Đào" }), foldVietnamese("ĐÀO đặng")));
    assert.ok(!nameMatches("an", "an an"), "no longer than the name");
    assert.equal(prefixUpperBound("van a"), "van b");
    assert.ok("van a\u{10FFFF}" < prefixUpperBound("van a"));
  });

  test("the SQL filter and the keys' range agree with nameMatches on both engines", async () => {
    const names = ["nguyen van an", "an", "an an", "van an", "tran thi thu", "thu", "le thu ha", "hoang phu thi ngoc diep"];
    const queries = [
      "an",
      "an an",
      "van a",
      "an nguyen",
      "guyen",
      "thu",
      "thi thu",
      "ha le",
      "ngoc diep hoang",
      "u",
      "hoang phu thi ngoc diep x",
    ];
    for (const q of queries) {
      const got = await rows<{ n: string }>(
        sql`SELECT n FROM ${jsonTable(
          names.map((n) => [n]),
          [["n", "text"]],
        )} AS t WHERE ${nameMatchesSql(sql`t.n`, q)} ORDER BY n`,
      );
      assert.deepEqual(
        got.map((r) => r.n),
        names.filter((n) => nameMatches(n, q)).sort(),
        q,
      );
    }
  });

  test("after the demo seed and after edits every official's keys are its name's; start fills an empty table", async () => {
    await assertNameKeysMatchNames("after the demo seed");
    const unit = (await getUnitByCode("LA-TT-X02"))!;
    const someone = await createOfficial({ ho: "Quách", dem: "Thử", ten: "Tìm", staffCode: "FIND-1", username: "find.1", unitId: unit.id });
    assert.deepEqual(
      (await listPeople({ q: "thu tim" }, 1, 5)).people.map((p) => p.id),
      [someone.id],
    );
    await updateOfficial(someone.id, { ho: "Lường", dem: "Thị", ten: "Mỷ Đổi", position: "", email: null }, null);
    await assertNameKeysMatchNames("after a name edit");
    assert.deepEqual(
      (await listPeople({ q: "my doi luong" }, 1, 5)).people.map((p) => p.id),
      [someone.id],
    );
    assert.equal((await listPeople({ q: "thu tim" }, 1, 5)).total, 0, "the old name's keys are gone");
    await transaction(() => exec(sql`DELETE FROM official_name_keys`));
    assert.ok((await fillMissingNameKeys()) > 0);
    await assertNameKeysMatchNames("after the fill at start");
    assert.equal(await fillMissingNameKeys(), 0);
  });

  test("the directory's plans give the same pages: few keys first, or the sort index with the name filter", async () => {
    const tt = (await getUnitByCode("LA-TT"))!;
    let cut = 0;
    let found = 0;
    for (const q of ["nguyen", "thi", "van a", "zu", "guyen", "sort-1", "SORT-1", "nguyen thi"])
      for (const filter of [
        { q, status: "all" as const },
        { q, status: "active" as const, unitPath: tt.path },
        { q, role: "learner" as const },
      ]) {
        const all = await matchingIds(filter, 100_000);
        for (const fewCandidates of [0, 1_000_000])
          for (const searchLimit of [500, 6]) {
            const label = `${JSON.stringify(filter)} few ${fewCandidates} limit ${searchLimit}`;
            const first = await listPeople(filter, 1, 4, { fewCandidates, searchLimit });
            const expected = all.slice(0, searchLimit);
            assert.equal(first.total, expected.length, `count: ${label}`);
            assert.equal(first.more, all.length > searchLimit, `more: ${label}`);
            const got = [...first.people.map((p) => p.id)];
            for (let page = 2; page <= first.pages; page++)
              got.push(...(await listPeople(filter, page, 4, { fewCandidates, searchLimit })).people.map((p) => p.id));
            assert.deepEqual(got, expected, label);
            if (all.length > searchLimit) cut++;
            if (all.length > 0) found++;
          }
      }
    assert.ok(cut > 0 && found > 20, `searches past the limit (${cut}) and searches finding people (${found})`);
    // The staff code, in any case, finds its person (the keys plan reads it by the lower(staff_code) index).
    const code = (await listPeople({ q: "sort-1" }, 1, 5, { fewCandidates: 1_000_000 })).people.map((p) => p.staffCode);
    assert.deepEqual(code, ["SORT-1"]);
  });
});

describe("administrators only", () => {
  test("a manager, a trainer and a learner get 403 on the list, the export and the bulk action", async () => {
    for (const who of ["lanhdao.tanthanh", "giangvien", "canbo"]) {
      assert.equal(await statusOf(peopleLoader({ request: await requestAs(who, "/admin/people?unit=1"), params: {}, context: ctx })), 403);
      assert.equal(await statusOf(exportLoader({ request: await requestAs(who, "/admin/people.xlsx"), params: {}, context: ctx })), 403);
      const body = new URLSearchParams({ intent: "apply", kind: "deactivate", id: "1" });
      const request = await requestAs(who, "/admin/people/bulk", { method: "POST", body });
      assert.equal(await statusOf(bulkAction({ request, params: {}, context: ctx })), 403);
    }
    assert.equal((await db().select().from(officials).where(eq(officials.id, 1)))[0]!.active, true);
  });

  test("the export's keyset steps give everyone once, in the page's order, people with equal names too", async () => {
    const unit = (await getUnitByCode("LA-TT-X02"))!;
    // Three people with exactly the same name: the order among them is by id, across a step's end.
    for (let i = 0; i < 3; i++)
      await createOfficial({ ho: "Trùng", dem: "Tên", ten: "Giống", staffCode: `TRUNG-${i}`, username: `trung.${i}`, unitId: unit.id });
    for (const filter of [
      { status: "all" as const },
      { status: "active" as const, unitPath: unit.path },
      { q: "giong", status: "all" as const },
    ]) {
      const expected = await matchingIds(filter, 100_000);
      const got: number[] = [];
      for await (const step of peopleForExport(filter, 7)) {
        assert.ok(step.length <= 7);
        got.push(...step.map((p) => p.id));
      }
      assert.deepEqual(got, expected, JSON.stringify(filter));
      assert.equal(got.length, await countPeople(filter));
    }
  });

  test("the export has the filtered people and is in the audit log", async () => {
    const response = (await exportLoader({
      request: await requestAs("quantri", "/admin/people.xlsx?q=zu+thu&status=all"),
      params: {},
      context: ctx,
    })) as Response;
    assert.equal(response.status, 200);
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const names = book.worksheets[0]!.getColumn(1).values.slice(2);
    assert.deepEqual(names, ["Zư Thử An", "Zư Thử Anh", "Zư Thử Ăn", "Zư Thử Ân", "Zư Thử Dũng", "Zư Thử Đào"]);
    const logged = await rows<{ action: string }>(sql`SELECT action FROM audit_log WHERE action = 'export.people'`);
    assert.equal(logged.length, 1);
  });
});
