// Demo adoption figures (issue 18): twelve months of plausible values for the communes and offices of
// huyện Tân Thạnh and huyện Tân Trụ, deterministic (seeded PRNG, like the demo progress), stored with
// source "demo" so every page that shows them says they are demo data. The article's levels (ký số
// ~100%, scan đầu vào >97%, scan đầu ra >80%, 4/13 xã thí điểm) are where the series end up; units
// whose officials finished more of the supporting courses improve a little more over the last three
// months — demo data, drawn that way so the page has something to show, not a finding.
// Also a few demo targets (set the way an administrator would, labelled as the demo's).
import { sql } from "drizzle-orm";
import { db, rows, transaction } from "~/db/client.server";
import { indicatorTargets } from "~/db/schema";
import { ensureIndicatorCatalogue, listIndicators, supportingCourses } from "~/indicators/catalogue.server";
import { lastPeriods, periodBounds } from "~/indicators/periods";
import { recordValues, type ValueInput } from "~/indicators/values.server";
import { vnToday } from "~/i18n/time";
import { getUnitByCode, subtree } from "~/units/tree.server";
import { seededRandom } from "./seed.server";

/** Start level and end level of each indicator's rate, and the denominator range per unit and month. */
const SHAPES: Record<string, { from: [number, number]; to: [number, number]; den: [number, number]; offices: boolean }> = {
  KY_SO_VB_DI: { from: [0.86, 0.95], to: [0.97, 1], den: [35, 140], offices: true },
  SCAN_DAU_VAO: { from: [0.88, 0.95], to: [0.96, 0.995], den: [40, 220], offices: false },
  SCAN_DAU_RA: { from: [0.6, 0.74], to: [0.78, 0.9], den: [35, 200], offices: false },
  TOAN_TRINH: { from: [0.15, 0.3], to: [0.3, 0.55], den: [40, 220], offices: false },
  HOP_THU: { from: [0.78, 0.9], to: [0.93, 1], den: [8, 30], offices: true },
};
/** Communes piloting digital transformation in the demo: 4 of Tân Thạnh's 13 (the article), 3 of Tân Trụ's 10. */
const PILOTS = { "LA-TT": 4, "LA-TTR": 3 } as const;

export async function seedDemoIndicators(now = new Date()): Promise<number> {
  await ensureIndicatorCatalogue();
  const rand = seededRandom(13_11_2023);
  const today = vnToday(now);
  const catalogue = await listIndicators();
  const courses = await supportingCourses(catalogue.map((i) => i.id));
  // The share of each unit's officials who completed the supporting courses: a small extra rise late in the year.
  const done = await rows<{ unitId: number; courseId: number; completed: number; members: number }>(
    sql`SELECT r.unit_id AS "unitId", r.course_id AS "courseId", r.completed, coalesce(h.members, 0) AS members
          FROM rollup_totals r LEFT JOIN headcount_totals h ON h.unit_id = r.unit_id`,
  );
  const trained = (unitId: number, indicatorId: number) => {
    const ids = (courses.get(indicatorId) ?? []).map((c) => c.id);
    const found = done.filter((d) => d.unitId === unitId && ids.includes(d.courseId));
    const members = found[0]?.members ?? 0;
    return members > 0 && ids.length > 0 ? found.reduce((s, d) => s + d.completed, 0) / (members * ids.length) : 0;
  };
  const months = lastPeriods(today, "month", 13).slice(0, 12); // the twelve months before this one
  const values: (ValueInput & { at: string })[] = [];
  const reported = (period: string) => {
    // Reported on the 5th of the following month (or a minute ago, when that is still to come).
    const next = new Date(`${periodBounds(period).last}T02:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 5);
    return new Date(Math.min(next.getTime(), now.getTime() - 60_000)).toISOString();
  };
  for (const [code, pilots] of Object.entries(PILOTS)) {
    const district = await getUnitByCode(code);
    if (!district) continue;
    const units = (await subtree(district)).filter((u) => u.validTo === null && u.id !== district.id);
    for (const indicator of catalogue) {
      const shape = SHAPES[indicator.code];
      if (!shape) continue;
      for (const unit of units) {
        if (unit.kind === "office" && !shape.offices) continue;
        const pick = (range: [number, number]) => range[0] + rand() * (range[1] - range[0]);
        const start = pick(shape.from);
        const end = Math.min(1, pick(shape.to));
        const size = pick(shape.den);
        const boost = trained(unit.id, indicator.id) * 0.06;
        months.forEach((period, i) => {
          const late = i >= months.length - 3 ? boost * ((i - (months.length - 4)) / 3) : 0;
          const level = Math.min(1, start + ((end - start) * i) / (months.length - 1) + late + (rand() - 0.5) * 0.03);
          const denominator = Math.max(1, Math.round(size * (0.85 + rand() * 0.3)));
          const numerator = Math.min(denominator, Math.max(0, Math.round(denominator * level)));
          values.push({ indicatorId: indicator.id, unitId: unit.id, period, numerator, denominator, at: reported(period) });
        });
      }
    }
    // The pilot communes, per quarter: 1 of 1 for a pilot, 0 of 1 for the others.
    const pilot = catalogue.find((i) => i.code === "XA_THI_DIEM_CDS");
    if (pilot) {
      const communes = units.filter((u) => u.kind === "commune");
      const quarters = lastPeriods(today, "quarter", 5).slice(0, 4); // the four quarters before this one
      for (const [i, unit] of communes.entries()) {
        for (const q of quarters) {
          values.push({
            indicatorId: pilot.id,
            unitId: unit.id,
            period: q,
            numerator: i < pilots ? 1 : 0,
            denominator: 1,
            at: reported(q),
          });
        }
      }
    }
  }
  await transaction(async () => {
    // One row per value, each with its own reporting time: grouped by time, a statement per group.
    const byAt = new Map<string, ValueInput[]>();
    for (const { at, ...v } of values) byAt.set(at, [...(byAt.get(at) ?? []), v]);
    for (const [at, list] of byAt) await recordValues(list, "demo", null, { at });
    // Demo targets (an administrator sets real ones at /admin/indicators): the article's levels.
    const target = (code: string) => catalogue.find((i) => i.code === code)?.id;
    for (const [code, rate] of [
      ["SCAN_DAU_VAO", 0.97],
      ["SCAN_DAU_RA", 0.8],
      ["KY_SO_VB_DI", 1],
    ] as const) {
      const id = target(code);
      if (id) await db().insert(indicatorTargets).values({ indicatorId: id, unitId: null, period: null, rate });
    }
  });
  return values.length;
}
