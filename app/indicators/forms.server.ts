// The administrators' indicator forms (catalogue and targets), validated on the server: zod stays out
// of the page's bundle (issue 19 item 4).
import { z } from "zod";
import { INDICATOR_PERIODS } from "~/db/schema";
import { t } from "~/i18n/vi";

const text = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, t.indicators.tooLong(String(max)));
const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IndicatorForm = z.object({
  id: z.union([z.literal(""), Id]).default(""),
  code: z.string({ error: t.indicators.badCode }).trim().max(40, t.indicators.badCode),
  name: text(200, t.indicators.nameMissing),
  numeratorLabel: text(300, t.indicators.labelMissing),
  denominatorLabel: text(300, t.indicators.labelMissing),
  period: z.enum(INDICATOR_PERIODS, { error: t.indicators.pickPeriod }),
  direction: z.enum(["higher", "lower"]).catch("higher"),
  minDenominator: z.coerce
    .number({ error: t.indicators.badMinDenominator })
    .int(t.indicators.badMinDenominator)
    .min(1, t.indicators.badMinDenominator)
    .max(100_000, t.indicators.badMinDenominator),
  courseIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(Id, { error: t.inputs.unknownCourse })),
});
const decimal = (v: unknown) => (typeof v === "string" ? v.trim().replace(",", ".") : v);
export const TargetForm = z.object({
  indicatorId: Id.or(z.literal("").transform(() => 0)).refine((v) => v > 0, t.indicators.pickIndicator),
  unitId: z.union([z.literal(""), Id], { error: t.inputs.unknownUnit }).default(""),
  period: z.string().trim().max(20).default(""),
  rate: z.preprocess(decimal, z.coerce.number({ error: t.indicators.badRate }).min(0, t.indicators.badRate).max(100, t.indicators.badRate)),
});
