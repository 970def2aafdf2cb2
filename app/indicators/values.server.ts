// Indicator values (issue 18, docs/decisions/0035): per indicator, unit and period, a numerator and a
// denominator — never a stored percentage, so they add up the tree. Entered on a form by a unit's
// manager (their subtree), imported from a file, or generated for the demo. A correction is a new row:
// the previous one loses `current`, so the history (who, when, from where) is kept and shown.
import { and, desc, eq, sql } from "drizzle-orm";
import { audit } from "~/audit/log.server";
import { db, exec, lockMany, rows, transaction } from "~/db/client.server";
import { jsonTable } from "~/db/portable.server";
import { indicatorValues, officials, type IndicatorSource } from "~/db/schema";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { fullName } from "~/people/names";
import type { Indicator } from "./catalogue.server";
import { parsePeriod, periodBounds } from "./periods";
import { addToTotals, type TotalsDelta } from "./totals.server";

export type ValueInput = {
  indicatorId: number;
  unitId: number;
  period: string;
  numerator: number;
  denominator: number;
  note?: string | null;
};

/** Largest count accepted (a unit's documents in a period: far below; guards against a typo of many digits). */
export const MAX_COUNT = 10_000_000;

/**
 * Checks one value against its indicator: whole numbers, 0 ≤ numerator ≤ denominator, denominator > 0,
 * a period of the indicator's kind not in the future. Returns field → Vietnamese message (empty when fine).
 */
export function checkValue(
  indicator: Pick<Indicator, "period">,
  raw: { period: string; numerator: string; denominator: string },
  today = vnToday(),
): { errors: Record<string, string>; value: { period: string; numerator: number; denominator: number } | null } {
  const errors: Record<string, string> = {};
  const period = parsePeriod(raw.period, indicator.period);
  if (!period) errors.period = indicator.period === "month" ? t.indicators.badMonth : t.indicators.badQuarter;
  else if (periodBounds(period).first > today) errors.period = t.indicators.futurePeriod;
  const count = (s: string, field: "numerator" | "denominator") => {
    const text = s.trim().replace(/[.\s]/g, "");
    if (text === "") {
      errors[field] = field === "numerator" ? t.indicators.numeratorMissing : t.indicators.denominatorMissing;
      return null;
    }
    if (!/^\d+$/.test(text) || Number(text) > MAX_COUNT) {
      errors[field] = t.indicators.notCount;
      return null;
    }
    return Number(text);
  };
  const numerator = count(raw.numerator, "numerator");
  const denominator = count(raw.denominator, "denominator");
  if (denominator === 0) errors.denominator = t.indicators.denominatorZero;
  if (numerator !== null && denominator !== null && denominator > 0 && numerator > denominator)
    errors.numerator = t.indicators.numeratorAbove;
  if (Object.keys(errors).length > 0 || !period || numerator === null || denominator === null) return { errors, value: null };
  return { errors, value: { period, numerator, denominator } };
}

export type RecordResult = { written: number; unchanged: number };

/**
 * Writes values as the new current rows (a correction when one exists), all in one transaction: the
 * caller's, or a new one. A value equal to the current one is not written again.
 */
export async function recordValues(
  values: ValueInput[],
  source: IndicatorSource,
  by: number | null,
  options: { at?: string; audit?: { action: string; subject: string; detail?: unknown } } = {},
): Promise<RecordResult> {
  return transaction(async () => {
    // Two managers correcting the same unit's value at once: one after the other (PostgreSQL).
    await lockMany("indicator-unit", [...new Set(values.map((v) => v.unitId))]);
    let written = 0;
    let unchanged = 0;
    const deltas: TotalsDelta[] = [];
    // Set-based: per batch one read of the current rows, one update that clears them, one insert of the
    // new rows (each over one JSON parameter: jsonTable), not a SELECT and an INSERT per value. A key
    // given twice goes into a later round, so the second corrects the first as it did one by one.
    for (const round of rounds(values)) {
      for (let i = 0; i < round.length; i += BATCH) {
        const r = await writeBatch(round.slice(i, i + BATCH), source, by, options.at ?? null, deltas);
        written += r.written;
        unchanged += r.unchanged;
      }
    }
    // The stored totals of every ancestor, in the same transaction (docs/decisions/0044).
    await addToTotals(deltas);
    if (options.audit) await audit(by, options.audit.action, "indicator", options.audit.subject, options.audit.detail ?? null);
    return { written, unchanged };
  });
}

/** Values per statement: a JSON parameter of a few hundred kilobytes at most. */
const BATCH = 5000;

const keyOf = (v: Pick<ValueInput, "indicatorId" | "unitId" | "period">) => `${v.indicatorId}:${v.unitId}:${v.period}`;

/** The values split so that no key repeats within a part, in their order. */
function rounds(values: ValueInput[]): ValueInput[][] {
  const out: { keys: Set<string>; values: ValueInput[] }[] = [];
  for (const v of values) {
    const key = keyOf(v);
    let round = out.find((r) => !r.keys.has(key));
    if (!round) out.push((round = { keys: new Set(), values: [] }));
    round.keys.add(key);
    round.values.push(v);
  }
  return out.map((r) => r.values);
}

async function writeBatch(
  batch: ValueInput[],
  source: IndicatorSource,
  by: number | null,
  at: string | null,
  deltas: TotalsDelta[],
): Promise<RecordResult> {
  const current = await rows<{
    id: number;
    indicatorId: number;
    unitId: number;
    period: string;
    numerator: number;
    denominator: number;
    source: IndicatorSource;
  }>(
    sql`SELECT v.id, v.indicator_id AS "indicatorId", v.unit_id AS "unitId", v.period, v.numerator, v.denominator, v.source
          FROM ${jsonTable(
            batch.map((v) => [v.indicatorId, v.unitId, v.period]),
            [
              ["i", "int"],
              ["u", "int"],
              ["p", "text"],
            ],
          )} AS k
          JOIN indicator_values v ON v.indicator_id = k.i AND v.unit_id = k.u AND v.period = k.p
         WHERE v.current`,
  );
  const byKey = new Map(current.map((c) => [keyOf(c), c]));
  const changed: ValueInput[] = [];
  const replaced: number[] = [];
  for (const v of batch) {
    const c = byKey.get(keyOf(v));
    // A value equal to the current one is not written again (unless it brings a note).
    if (c && Number(c.numerator) === v.numerator && Number(c.denominator) === v.denominator && !v.note) continue;
    if (c) {
      replaced.push(Number(c.id));
      deltas.push({
        unitId: v.unitId,
        indicatorId: v.indicatorId,
        period: v.period,
        numerator: -Number(c.numerator),
        denominator: -Number(c.denominator),
        values: -1,
        demo: c.source === "demo" ? -1 : 0,
      });
    }
    deltas.push({ ...v, values: 1, demo: source === "demo" ? 1 : 0 });
    changed.push(v);
  }
  if (replaced.length > 0)
    await exec(
      sql`UPDATE indicator_values SET current = FALSE
           WHERE id IN (SELECT r.id FROM ${jsonTable(
             replaced.map((id) => [id]),
             [["id", "int"]],
           )} AS r)`,
    );
  if (changed.length > 0) {
    const list = jsonTable(
      changed.map((v) => [v.indicatorId, v.unitId, v.period, v.numerator, v.denominator, v.note ?? null]),
      [
        ["i", "int"],
        ["u", "int"],
        ["p", "text"],
        ["n", "int"],
        ["d", "int"],
        ["note", "text"],
      ],
    );
    // entered_at: the given moment, or the column's default (now).
    await exec(
      at
        ? sql`INSERT INTO indicator_values (indicator_id, unit_id, period, numerator, denominator, note, source, entered_by, entered_at, current)
              SELECT r.i, r.u, r.p, r.n, r.d, r.note, ${source}, CAST(${by} AS integer), ${at}, TRUE FROM ${list} AS r`
        : sql`INSERT INTO indicator_values (indicator_id, unit_id, period, numerator, denominator, note, source, entered_by, current)
              SELECT r.i, r.u, r.p, r.n, r.d, r.note, ${source}, CAST(${by} AS integer), TRUE FROM ${list} AS r`,
    );
  }
  return { written: changed.length, unchanged: batch.length - changed.length };
}

/** One value entered on the form by a manager (or an administrator): written, and recorded in the audit log. */
export async function enterValue(value: ValueInput, by: number): Promise<RecordResult> {
  return recordValues([value], "form", by, {
    audit: {
      action: "indicator.value",
      subject: String(value.indicatorId),
      detail: { unitId: value.unitId, period: value.period, numerator: value.numerator, denominator: value.denominator },
    },
  });
}

/** Every version of one unit's value for a period, newest first, with who entered it. */
export async function valueHistory(indicatorId: number, unitId: number, period: string) {
  const found = await db()
    .select({
      id: indicatorValues.id,
      numerator: indicatorValues.numerator,
      denominator: indicatorValues.denominator,
      source: indicatorValues.source,
      enteredAt: indicatorValues.enteredAt,
      note: indicatorValues.note,
      current: indicatorValues.current,
      ho: officials.ho,
      dem: officials.dem,
      ten: officials.ten,
    })
    .from(indicatorValues)
    .leftJoin(officials, eq(officials.id, indicatorValues.enteredBy))
    .where(and(eq(indicatorValues.indicatorId, indicatorId), eq(indicatorValues.unitId, unitId), eq(indicatorValues.period, period)))
    .orderBy(desc(indicatorValues.id));
  return found.map(({ ho, dem, ten, ...r }) => ({ ...r, by: ten ? fullName({ ho: ho ?? "", dem: dem ?? "", ten }) : null }));
}

/** A unit's own current values (not its subtree's), newest period first: the entry page's list. */
export async function unitValues(unitId: number, limit = 200) {
  return rows<{
    indicatorId: number;
    period: string;
    numerator: number;
    denominator: number;
    source: IndicatorSource;
    enteredAt: string;
    versions: number;
  }>(
    sql`SELECT v.indicator_id AS "indicatorId", v.period, v.numerator, v.denominator, v.source, v.entered_at AS "enteredAt",
               (SELECT count(*) FROM indicator_values o WHERE o.indicator_id = v.indicator_id AND o.unit_id = v.unit_id AND o.period = v.period) AS versions
          FROM indicator_values v
         WHERE v.unit_id = ${unitId} AND v.current
         ORDER BY v.period DESC, v.indicator_id
         LIMIT ${limit}`,
  );
}
