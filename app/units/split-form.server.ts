// The split form of /admin/units: a fixed number of rows (name, code, kind, staff codes), some left
// empty. This turns the filled rows into splitUnit's parts and maps a ReorgError's field
// ("parts.<n>.<field>", n counting the filled rows) back to the form row it came from.
import type { SplitPart } from "./reorganise.server";
import type { UnitKind } from "~/db/schema";

export type SplitRow = { name: string; code: string; kind: string; staff: string };

export function splitPartsFromRows(rows: SplitRow[]): { parts: SplitPart[]; formField: (field: string) => string } {
  const used = rows.map((p, i) => ({ p, i })).filter(({ p }) => [p.name, p.code, p.kind, p.staff].some((x) => x.trim()));
  const parts = used.map(({ p }) => ({
    name: p.name,
    code: p.code,
    // Checked by splitUnit (a refused kind is a field message on this row).
    kind: p.kind as UnitKind | "",
    staffCodes: p.staff.split(/[\s,;]+/).filter(Boolean),
  }));
  const formField = (field: string) => {
    const m = /^parts\.(\d+)\.(\w+)$/.exec(field);
    return m ? `parts.${used[Number(m[1])]?.i ?? 0}.${m[2]}` : field;
  };
  return { parts, formField };
}
