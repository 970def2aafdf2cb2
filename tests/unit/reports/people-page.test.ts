// A report's people list paged in SQL (issue 19 item 1): every page together is exactly the list the
// whole-subtree read gives (peopleInScope: the same people, statuses and dates, in tên-họ-đệm order) —
// now and as of a day, for one course and for all assignments, with each status filter and a name
// search, in both plans (from the subtree's units; along the sort index), pages read from either end.
// The count from the report's figures equals the count in SQL.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { peoplePage } from "~/reports/people-page.server";
import { peopleInScope } from "~/reports/people.server";
import { STATUSES, type Status } from "~/reports/statuses";
import { reportCourses, unitReport, type Selection } from "~/reports/unit-report.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true }); // demo + content + progress as of PROGRESS_AS_OF
});
after(() => dropTestDatabase(file));

const DAYS = [null, "2026-10-01", "2026-11-15"];

describe("people pages in SQL", () => {
  test("all pages together equal the whole list: units, selections, days, statuses, search, both plans", async () => {
    const courses = (await reportCourses()).slice(0, 2).map((c) => c.id);
    const selections: Selection[] = [...courses, "mandatory"];
    let compared = 0;
    let nonEmpty = 0;
    let searchesCut = 0;
    for (const code of ["LA", "LA-TT", "LA-TT-X03"]) {
      const unit = (await getUnitByCode(code))!;
      for (const asOf of DAYS)
        for (const selection of selections) {
          const report = await unitReport(unit, { asOf, selection });
          const headline = report.selection === selection ? report.headline : undefined;
          for (const status of [undefined, ...STATUSES] as (Status | undefined)[])
            for (const q of status ? [""] : ["", "nguyen thi", "van a", "thi", "guyen"]) {
              const filter = { status, q, asOf };
              const whole = await peopleInScope(unit, selection, filter);
              // Without a search: the two plans. With one: the three search plans (keys first; the
              // subtree; the sort index), and a search limit below the matches ("more than").
              const plans: { walkIndexAbove: number; fewCandidates?: number; searchLimit?: number }[] = q
                ? [0, 1_000_000].flatMap((walkIndexAbove) =>
                    [0, 1_000_000].flatMap((fewCandidates) =>
                      [500, 7].map((searchLimit) => ({ walkIndexAbove, fewCandidates, searchLimit })),
                    ),
                  )
                : [0, 1_000_000].map((walkIndexAbove) => ({ walkIndexAbove }));
              for (const options of plans) {
                const limit = options.searchLimit ?? Infinity;
                const expected = whole.slice(0, limit);
                const label = `${code} ${asOf ?? "now"} ${selection} ${status ?? "all"} "${q}" ${JSON.stringify(options)}`;
                const first = await peoplePage(unit, selection, filter, { size: 37, headline: q ? undefined : headline, ...options });
                assert.equal(first.total, expected.length, `count: ${label}`);
                assert.equal(first.more, whole.length > limit, `more: ${label}`);
                const got = [...first.people];
                for (let page = 2; page <= first.pages; page++)
                  got.push(...(await peoplePage(unit, selection, filter, { page, size: 37, ...options })).people);
                assert.deepEqual(got, expected, label);
                // The figures' count, where given, is the SQL count.
                if (headline && !q) {
                  const counted = await peoplePage(unit, selection, filter, { size: 1, ...options });
                  assert.equal(counted.total, first.total, `figures vs SQL: ${label}`);
                }
                compared++;
                if (expected.length > 0) nonEmpty++;
                if (q && whole.length > limit) searchesCut++;
              }
            }
        }
    }
    assert.ok(searchesCut > 0, "some searches matched more than their limit");
    assert.ok(nonEmpty > compared / 2, `most lists are not empty (${nonEmpty} of ${compared})`);
  });

  test("a page past the end is the last page; the last page reads from the end in order", async () => {
    const unit = (await getUnitByCode("LA"))!;
    const course = (await reportCourses())[0]!.id;
    const all = await peopleInScope(unit, course);
    const last = await peoplePage(unit, course, {}, { page: 100_000, size: 50 });
    assert.equal(last.page, Math.ceil(all.length / 50));
    assert.deepEqual(last.people, all.slice((last.page - 1) * 50));
  });
});
