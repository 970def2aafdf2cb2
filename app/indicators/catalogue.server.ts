// The indicator catalogue (issue 18, docs/decisions/0035): what is counted, per month or quarter, and
// which courses support it. Administrators manage it at /admin/indicators. The indicators the seed
// article names are reference data: ensureIndicatorCatalogue() creates them on any database (the
// server's start, after the content sync, links them to the courses that exist), once per code — an
// indicator an administrator retired stays retired. Targets are never part of it: no source gives one.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db, lock, rows, transaction } from "~/db/client.server";
import { courses, indicatorCourses, indicators, indicatorTargets, units, type IndicatorPeriod } from "~/db/schema";
import { t } from "~/i18n/vi";
import { ensureIndicatorTotals } from "./totals.server";

export type Indicator = typeof indicators.$inferSelect;

/** A refusal for one form field, in Vietnamese. */
export class IndicatorError extends Error {
  constructor(
    message: string,
    readonly field: string = "_form",
  ) {
    super(message);
  }
}

type SeedIndicator = {
  code: string;
  name: string;
  numeratorLabel: string;
  denominatorLabel: string;
  period: IndicatorPeriod;
  minDenominator: number;
  courses: string[];
};

/** The indicators of the seed article (Long An, 13/11/2023) and DOMAIN.md, with the courses that teach the work they count. */
export const CATALOGUE: SeedIndicator[] = [
  {
    code: "KY_SO_VB_DI",
    ...t.indicators.catalogue.KY_SO_VB_DI,
    period: "month",
    minDenominator: 20,
    courses: ["chu-ky-so-van-ban-dien-tu"],
  },
  {
    code: "SCAN_DAU_VAO",
    ...t.indicators.catalogue.SCAN_DAU_VAO,
    period: "month",
    minDenominator: 20,
    courses: ["so-hoa-ho-so-ket-qua-tthc", "mot-cua-dien-tu-so-hoa-ho-so"],
  },
  {
    code: "SCAN_DAU_RA",
    ...t.indicators.catalogue.SCAN_DAU_RA,
    period: "month",
    minDenominator: 20,
    courses: ["so-hoa-ho-so-ket-qua-tthc", "mot-cua-dien-tu-so-hoa-ho-so"],
  },
  {
    code: "TOAN_TRINH",
    ...t.indicators.catalogue.TOAN_TRINH,
    period: "month",
    minDenominator: 20,
    courses: ["dich-vu-cong-truc-tuyen", "tiep-nhan-ho-so-truc-tuyen-mot-cua-xa"],
  },
  {
    code: "HOP_THU",
    ...t.indicators.catalogue.HOP_THU,
    period: "month",
    minDenominator: 10,
    courses: ["an-toan-thong-tin-can-bo"],
  },
  {
    code: "XA_THI_DIEM_CDS",
    ...t.indicators.catalogue.XA_THI_DIEM_CDS,
    period: "quarter",
    minDenominator: 1,
    courses: ["chuyen-doi-so-co-quan-nha-nuoc"],
  },
];

/**
 * Creates the catalogue's indicators that do not exist yet (by code) and links each to its courses
 * where those exist. Safe to run at every start and from several processes (ON CONFLICT DO NOTHING).
 */
export async function ensureIndicatorCatalogue(): Promise<number> {
  return transaction(async () => {
    let created = 0;
    for (const [i, seed] of CATALOGUE.entries()) {
      const { courses: slugs, ...row } = seed;
      const inserted = await db()
        .insert(indicators)
        .values({ ...row, sortOrder: (i + 1) * 10 })
        .onConflictDoNothing()
        .returning({ id: indicators.id });
      const [indicator] = await db().select({ id: indicators.id }).from(indicators).where(eq(indicators.code, seed.code)).limit(1);
      if (!indicator) continue;
      created += inserted.length;
      // Only a new indicator gets the catalogue's courses: an administrator's choice is never undone.
      const linked = await db()
        .select({ id: indicatorCourses.courseId })
        .from(indicatorCourses)
        .where(eq(indicatorCourses.indicatorId, indicator.id))
        .limit(1);
      if (linked.length > 0 || slugs.length === 0) continue;
      const found = await db().select({ id: courses.id }).from(courses).where(inArray(courses.slug, slugs));
      if (found.length > 0) {
        await db()
          .insert(indicatorCourses)
          .values(found.map((c) => ({ indicatorId: indicator.id, courseId: c.id })))
          .onConflictDoNothing();
      }
    }
    // A database with values from before the stored totals (docs/decisions/0044): built once.
    await ensureIndicatorTotals();
    return created;
  });
}

export async function listIndicators(options: { includeRetired?: boolean } = {}): Promise<Indicator[]> {
  return db()
    .select()
    .from(indicators)
    .where(options.includeRetired ? undefined : isNull(indicators.retiredAt))
    .orderBy(asc(indicators.sortOrder), asc(indicators.id));
}

export async function getIndicator(id: number): Promise<Indicator | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db().select().from(indicators).where(eq(indicators.id, id)).limit(1);
  return row;
}

/** Supporting courses per indicator id. */
export async function supportingCourses(indicatorIds: number[]): Promise<Map<number, { id: number; slug: string; title: string }[]>> {
  const out = new Map<number, { id: number; slug: string; title: string }[]>();
  if (indicatorIds.length === 0) return out;
  const found = await db()
    .select({ indicatorId: indicatorCourses.indicatorId, id: courses.id, slug: courses.slug, title: courses.title })
    .from(indicatorCourses)
    .innerJoin(courses, eq(courses.id, indicatorCourses.courseId))
    .where(inArray(indicatorCourses.indicatorId, indicatorIds))
    .orderBy(asc(courses.title));
  for (const r of found) out.set(r.indicatorId, [...(out.get(r.indicatorId) ?? []), { id: r.id, slug: r.slug, title: r.title }]);
  return out;
}

export type IndicatorInput = {
  code: string;
  name: string;
  numeratorLabel: string;
  denominatorLabel: string;
  period: IndicatorPeriod;
  higherIsBetter: boolean;
  minDenominator: number;
  courseIds: number[];
};

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;

/** Creates (id null) or updates an indicator and its supporting courses; refuses with a field message. */
export async function saveIndicator(id: number | null, input: IndicatorInput, by: number | null): Promise<Indicator> {
  const code = input.code.trim().toUpperCase();
  if (!CODE.test(code)) throw new IndicatorError(t.indicators.badCode, "code");
  return transaction(async () => {
    await lock("indicators");
    const [clash] = await db().select({ id: indicators.id }).from(indicators).where(eq(indicators.code, code)).limit(1);
    if (clash && clash.id !== id) throw new IndicatorError(t.indicators.codeTaken(code), "code");
    if (input.courseIds.length > 0) {
      const found = await db().select({ id: courses.id }).from(courses).where(inArray(courses.id, input.courseIds));
      if (found.length !== new Set(input.courseIds).size) throw new IndicatorError(t.inputs.unknownCourse, "courseIds");
    }
    const row = {
      code,
      name: input.name,
      numeratorLabel: input.numeratorLabel,
      denominatorLabel: input.denominatorLabel,
      period: input.period,
      higherIsBetter: input.higherIsBetter,
      minDenominator: input.minDenominator,
    };
    let saved: Indicator | undefined;
    if (id === null) {
      const [{ next } = { next: 10 }] = await db()
        .select({ next: sql<number>`coalesce(max(${indicators.sortOrder}), 0) + 10` })
        .from(indicators);
      [saved] = await db()
        .insert(indicators)
        .values({ ...row, sortOrder: next })
        .returning();
    } else {
      const before = await getIndicator(id);
      if (!before) throw new IndicatorError(t.indicators.unknown);
      // The period of an indicator with values cannot change: its values would mean something else.
      if (before.period !== row.period && (await hasValues(id))) throw new IndicatorError(t.indicators.periodFixed, "period");
      [saved] = await db().update(indicators).set(row).where(eq(indicators.id, id)).returning();
      await db().delete(indicatorCourses).where(eq(indicatorCourses.indicatorId, id));
    }
    const indicator = saved!;
    const courseIds = [...new Set(input.courseIds)];
    if (courseIds.length > 0) {
      await db()
        .insert(indicatorCourses)
        .values(courseIds.map((courseId) => ({ indicatorId: indicator.id, courseId })));
    }
    await audit(by, id === null ? "indicator.create" : "indicator.update", "indicator", indicator.code, { ...row, courseIds });
    return indicator;
  });
}

async function hasValues(indicatorId: number): Promise<boolean> {
  return (await rows(sql`SELECT 1 AS x FROM indicator_values WHERE indicator_id = ${indicatorId} LIMIT 1`)).length > 0;
}

/** Retire (hide from entry and reports) or bring back an indicator: its values stay. */
export async function setRetired(id: number, retired: boolean, by: number | null): Promise<void> {
  await transaction(async () => {
    const [row] = await db()
      .update(indicators)
      .set({ retiredAt: retired ? new Date().toISOString() : null })
      .where(eq(indicators.id, id))
      .returning({ code: indicators.code });
    if (row) await audit(by, retired ? "indicator.retire" : "indicator.restore", "indicator", row.code);
  });
}

// Targets ---------------------------------------------------------------------------------------

export type IndicatorTarget = {
  id: number;
  indicatorId: number;
  unitId: number | null;
  unitName: string | null;
  period: string | null;
  rate: number;
};

export async function listIndicatorTargets(indicatorIds?: number[]): Promise<IndicatorTarget[]> {
  return db()
    .select({
      id: indicatorTargets.id,
      indicatorId: indicatorTargets.indicatorId,
      unitId: indicatorTargets.unitId,
      unitName: units.name,
      period: indicatorTargets.period,
      rate: indicatorTargets.rate,
    })
    .from(indicatorTargets)
    .leftJoin(units, eq(units.id, indicatorTargets.unitId))
    .where(indicatorIds ? inArray(indicatorTargets.indicatorId, indicatorIds.length ? indicatorIds : [-1]) : undefined)
    .orderBy(asc(indicatorTargets.id));
}

export async function addIndicatorTarget(
  input: { indicatorId: number; unitId: number | null; period: string | null; rate: number },
  by: number | null,
): Promise<void> {
  await transaction(async () => {
    const [target] = await db().insert(indicatorTargets).values(input).returning({ id: indicatorTargets.id });
    await audit(by, "indicator.target.add", "indicator", String(input.indicatorId), { ...input, id: target!.id });
  });
}

export async function deleteIndicatorTarget(id: number, by: number | null): Promise<void> {
  await transaction(async () => {
    const removed = await db()
      .delete(indicatorTargets)
      .where(and(eq(indicatorTargets.id, id)))
      .returning();
    if (removed[0]) await audit(by, "indicator.target.delete", "indicator", String(removed[0].indicatorId), removed[0]);
  });
}
