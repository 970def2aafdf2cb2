// Issue 11, items 1 and 2 for targets: a due date is stored as an ISO day or refused with a field
// message; an old row with a bad date does not take down reports, exports or /admin/targets; unknown
// ids and non-form bodies are field messages or a Vietnamese 400, never a 500.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { syncContent } from "~/courses/sync.server";
import { sql } from "drizzle-orm";
import { exec, rows, transaction } from "~/db/client.server";
import { formatDate } from "~/i18n/format";
import { TargetMark } from "~/reports/report-ui";
import { reportCourses } from "~/reports/unit-report.server";
import { action as targetsAction, loader as targetsLoader } from "~/routes/admin.targets";
import { loader as csvLoader } from "~/routes/reports.$unitId.export[.]csv";
import { loader as xlsxLoader } from "~/routes/reports.$unitId.export[.]xlsx";
import { loader as reportLoader } from "~/routes/reports.$unitId._index";
import { loader as printLoader } from "~/routes/reports.$unitId.print";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
  await syncContent();
});
after(() => dropTestDatabase(file));

const stored = () =>
  rows<{ dueDate: string; unitId: number | null }>(sql`SELECT due_date AS "dueDate", unit_id AS "unitId" FROM course_targets ORDER BY id`);

async function post(body: Record<string, string>) {
  const request = await requestAs("quantri", "/admin/targets", { method: "POST", body: new URLSearchParams(body) });
  try {
    return await targetsAction({ request, params: {}, context: ctx });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The action's answer: a redirect, or the data() it returned (status + errors). */
function outcome(result: unknown): { status: number; errors: Record<string, string> } {
  if (result instanceof Response) return { status: result.status, errors: {} };
  const r = result as { init?: { status?: number }; data?: { errors?: Record<string, string> } };
  return { status: r.init?.status ?? 200, errors: r.data?.errors ?? {} };
}

describe("target due dates", () => {
  test("31/12/2030 and 2030-12-31 are stored as the ISO day; 1/2/2031 is 1 February", async () => {
    const course = (await reportCourses())[0]!;
    const before = (await stored()).length;
    for (const dueDate of ["31/12/2030", "2030-12-31", "1/2/2031"]) {
      const r = outcome(await post({ courseId: String(course.id), unitId: "", rate: "80", dueDate }));
      assert.equal(r.status, 302, dueDate);
    }
    assert.deepEqual(
      (await stored()).slice(before).map((x) => x.dueDate),
      ["2030-12-31", "2030-12-31", "2031-02-01"],
    );
  });

  test("a date that is not a day is a Vietnamese field message and nothing is stored", async () => {
    const course = (await reportCourses())[0]!;
    const before = (await stored()).length;
    for (const dueDate of ["", "31/02/2030", "12/31/2030", "hôm nay", "2030-13-01", "31/12/30", "01/01/0001", "x".repeat(5000)]) {
      const r = outcome(await post({ courseId: String(course.id), unitId: "", rate: "80", dueDate }));
      assert.equal(r.status, 400, dueDate.slice(0, 20));
      assert.match(r.errors.dueDate ?? "", /ngày/i, dueDate.slice(0, 20));
      assert.doesNotMatch(r.errors.dueDate ?? "", /invalid|expected|too/i);
    }
    assert.equal((await stored()).length, before);
  });

  test("an old row with an unparsed date: reports, print, CSV, XLSX and /admin/targets still answer", async () => {
    const course = (await reportCourses())[0]!;
    const district = (await getUnitByCode("LA-TT"))!;
    const commune = (await getUnitByCode("LA-TT-X05"))!;
    await transaction(async () => {
      const insert = (unitId: number | null, dueDate: string) =>
        exec(sql`INSERT INTO course_targets (course_id, unit_id, rate, due_date) VALUES (${course.id}, ${unitId}, 0.9, ${dueDate})`);
      await insert(commune.id, "31/12/2030");
      await insert(district.id, "không rõ");
      await insert(null, "2030-02-30");
    });
    for (const [name, loader, suffix] of [
      ["report", reportLoader, ""],
      ["print", printLoader, "/print"],
      ["csv", csvLoader, "/export.csv"],
      ["xlsx", xlsxLoader, "/export.xlsx"],
    ] as const) {
      for (const unit of [district, commune]) {
        const request = await requestAs("lanhdao.tanthanh", `/reports/${unit.id}${suffix}?course=${course.id}`);
        const result = await (loader as (a: unknown) => Promise<unknown>)({ request, params: { unitId: String(unit.id) }, context: ctx });
        if (result instanceof Response) {
          assert.equal(result.status, 200, `${name} ${unit.code}`);
          await result.arrayBuffer();
        }
      }
    }
    const csv = await (
      (await csvLoader({
        request: await requestAs("lanhdao.tanthanh", `/reports/${district.id}/export.csv?course=${course.id}&table=units`),
        params: { unitId: String(district.id) },
        context: ctx,
      })) as Response
    ).text();
    assert.match(csv, /31\/12\/2030/, "the legacy dd/mm/yyyy row reads as the day it meant");
    const list = await targetsLoader({ request: await requestAs("quantri", "/admin/targets"), params: {}, context: ctx });
    // What the page and the report cells render: formatDate on every row, and the target mark.
    for (const row of list.targets) assert.equal(typeof formatDate(row.dueDate), "string");
    assert.equal(formatDate("31/12/2030"), "31/12/2030");
    assert.equal(formatDate("01/02/2030"), "01/02/2030", "never read the American way");
    assert.equal(formatDate("không rõ"), "không rõ");
    const html = renderToString(createElement(TargetMark, { target: { rate: 0.9, dueDate: "không rõ" }, below: true }));
    assert.match(html, /không rõ/);
  });
});

describe("targets: unknown ids and bodies that are not forms", () => {
  test("an unknown course or unit is a field message, not a 500", async () => {
    const course = (await reportCourses())[0]!;
    const before = (await stored()).length;
    const unknownCourse = outcome(await post({ courseId: "999999", unitId: "", rate: "80", dueDate: "31/12/2030" }));
    assert.equal(unknownCourse.status, 400);
    assert.match(unknownCourse.errors.courseId ?? "", /Khóa học/);
    const unknownUnit = outcome(await post({ courseId: String(course.id), unitId: "999999", rate: "80", dueDate: "31/12/2030" }));
    assert.equal(unknownUnit.status, 400);
    assert.match(unknownUnit.errors.unitId ?? "", /Đơn vị/);
    const nanUnit = outcome(await post({ courseId: String(course.id), unitId: "abc", rate: "80", dueDate: "31/12/2030" }));
    assert.equal(nanUnit.status, 400);
    assert.match(nanUnit.errors.unitId ?? "", /Đơn vị/);
    const comma = outcome(await post({ courseId: String(course.id), unitId: "", rate: "62,5", dueDate: "31/12/2030" }));
    assert.equal(comma.status, 302, "a decimal comma is a number");
    assert.equal((await stored()).length, before + 1);
  });

  test("a JSON body is a Vietnamese 400", async () => {
    const request = await requestAs("quantri", "/admin/targets", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ courseId: 1, rate: 50, dueDate: "2030-12-31" }),
    });
    const r = await targetsAction({ request, params: {}, context: ctx }).catch((e: unknown) => e);
    assert.ok(r instanceof Response, "thrown response");
    assert.equal(r.status, 400);
    assert.match(await r.text(), /biểu mẫu/);
  });
});
