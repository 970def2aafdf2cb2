// Reorganisations keep every record and every report true for its date.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { reportCourses, unitReport } from "~/reports/unit-report.server";
import { getUnit, getUnitByCode, pathUpperBound, rootUnit, subtree } from "~/units/tree.server";
import { abolishTier, mergeUnits, moveUnit, splitUnit } from "~/units/reorganise.server";
import { apply2025 } from "~/demo/reorg-2025.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true }); // demo + content + progress as of PROGRESS_AS_OF
});
after(() => dropTestDatabase(file));

async function direct(unitPath: string, courseId: number) {
  return (await row<{ members: number; started: number; completed: number }>(
    sql`SELECT count(DISTINCT o.id) AS members, count(cs.started_at) AS started, count(cs.completed_at) AS completed
         FROM officials o JOIN units u ON u.id = o.unit_id
         LEFT JOIN course_status cs ON cs.official_id = o.id AND cs.course_id = ${courseId}
        WHERE u.path >= ${unitPath} AND u.path < ${pathUpperBound(unitPath)} AND o.active`,
  ))!;
}

async function everyCurrentUnitAgrees() {
  const courses = await reportCourses();
  for (const unit of (await subtree((await rootUnit())!)).filter((u) => u.validTo === null)) {
    for (const c of courses) {
      const r = await unitReport(unit, { selection: c.id });
      const d = await direct(unit.path, c.id);
      assert.equal(r.members, d.members, `${unit.name} members`);
      assert.equal(r.headline.completed, d.completed, `${unit.name} ${c.title} completed`);
      assert.equal(r.headline.inProgress, d.started - d.completed, `${unit.name} ${c.title} in progress`);
    }
  }
}

describe("merging two communes", () => {
  test("the new unit's figures are the sum of the old ones, the province is unchanged, and a report before the merge shows both old communes", async () => {
    const course = (await reportCourses())[0]!;
    const a = (await getUnitByCode("LA-TT-X03"))!;
    const b = (await getUnitByCode("LA-TT-X04"))!;
    const province = (await getUnitByCode("LA"))!;
    const district = (await getUnitByCode("LA-TT"))!;
    const fa = await unitReport(a, { selection: course.id });
    const fb = await unitReport(b, { selection: course.id });
    const provinceBefore = await unitReport(province, { selection: course.id });

    const merged = await mergeUnits([a.id, b.id], { name: "Xã Hậu Thạnh", code: "LA-TT-HT" }, "2026-11-25", null);

    const fc = await unitReport(merged, { selection: course.id });
    assert.equal(fc.members, fa.members + fb.members);
    assert.equal(fc.headline.completed, fa.headline.completed + fb.headline.completed);
    assert.equal(fc.headline.inProgress, fa.headline.inProgress + fb.headline.inProgress);
    const provinceAfter = await unitReport((await getUnit(province.id))!, { selection: course.id });
    assert.deepEqual(provinceAfter.headline, provinceBefore.headline);
    assert.equal(provinceAfter.members, provinceBefore.members);

    const now = await unitReport((await getUnit(district.id))!, { selection: course.id });
    assert.ok(now.children.some((c) => c.id === merged.id));
    assert.ok(!now.children.some((c) => c.id === a.id || c.id === b.id));
    const past = await unitReport((await getUnit(district.id))!, { selection: course.id, asOf: "2026-11-24" });
    const pastA = past.children.find((c) => c.id === a.id)!;
    const pastB = past.children.find((c) => c.id === b.id)!;
    assert.ok(pastA && pastB, "both old communes are there before the merge");
    assert.ok(!past.children.some((c) => c.id === merged.id));
    assert.equal(pastA.figures.completed, fa.headline.completed);
    assert.equal(pastB.figures.completed, fb.headline.completed);
    assert.equal(pastA.members, fa.members);
    await everyCurrentUnitAgrees();
  });
});

describe("moving and splitting", () => {
  test("a commune moved to the other district takes its officials and figures; nothing counted twice", async () => {
    const commune = (await getUnitByCode("LA-TT-X13"))!;
    const tanTru = (await getUnitByCode("LA-TTR"))!;
    const before = (await unitReport((await getUnitByCode("LA"))!)).members;
    const moved = await moveUnit(commune.id, tanTru.id, "2026-11-25", null);
    assert.ok(moved.path.startsWith(tanTru.path));
    assert.equal((await unitReport((await getUnitByCode("LA"))!)).members, before);
    await everyCurrentUnitAgrees();
  });

  test("a split sends each official to the part that lists them", async () => {
    const commune = (await getUnitByCode("LA-TTR-X02"))!;
    const someone = (await row<{ code: string }>(
      sql`SELECT staff_code AS code FROM officials WHERE unit_id = ${commune.id} ORDER BY id LIMIT 1`,
    ))!;
    const [first, second] = await splitUnit(
      commune.id,
      [
        { name: "Xã An Nhựt Tân A", code: "LA-TTR-X02A", staffCodes: [] },
        { name: "Xã An Nhựt Tân B", code: "LA-TTR-X02B", staffCodes: [someone.code] },
      ],
      "2026-11-25",
      null,
    );
    assert.equal((await unitReport(second!)).members, 1);
    assert.ok((await unitReport(first!)).members > 10);
    await everyCurrentUnitAgrees();
  });
});

describe("the 2025 reorganisation, as a worked example", () => {
  test("the district tier goes, Long An joins Tây Ninh; every official and completion is still counted once", async () => {
    const course = (await reportCourses())[0]!;
    const before = await unitReport((await rootUnit())!, { selection: course.id });
    await apply2025("2026-11-26", null);
    const root = (await rootUnit())!;
    assert.equal(root.name, "Tỉnh Tây Ninh");
    const after = await unitReport(root, { selection: course.id });
    assert.equal(after.members, before.members);
    assert.deepEqual(after.headline, before.headline);
    assert.equal((await subtree(root)).filter((u) => u.validTo === null && u.kind === "district").length, 0);
    assert.ok(await getUnitByCode("TN-TAN-THANH"), "a new xã named after the old district");
    await everyCurrentUnitAgrees();
    void abolishTier;
  });
});
