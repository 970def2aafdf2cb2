// The 2025 reorganisation as a worked example on the demo data (`npm run reorg:2025`):
//   1. communes merge into larger xã, named after the old districts (Tân Thạnh, Tân Trụ) —
//      ILLUSTRATIVE groups: the domain brief says the old district names live on as new xã, but not
//      which communes formed them;
//   2. the district tier is abolished (1/7/2025): communes and offices move up to the province;
//   3. Long An joins the new tỉnh Tây Ninh.
// Each step is a dated reorganisation; reports before the date keep the old tree and figures.
import { getUnitByCode } from "~/units/tree.server";
import { abolishTier, mergeUnits, newChanges, type Changes } from "~/units/reorganise.server";

const MERGES = [
  { code: "TN-TAN-THANH", name: "Xã Tân Thạnh", from: ["LA-TT-X01", "LA-TT-X05", "LA-TT-X11"] },
  { code: "TN-TAN-TRU", name: "Xã Tân Trụ", from: ["LA-TTR-X01", "LA-TTR-X03", "LA-TTR-X09"] },
];

/** Managers of an abolished district are flagged "needs a new scope" (listed on /admin). */
export async function apply2025(day: string, by: number | null, ch: Changes = newChanges()) {
  const done: string[] = [];
  for (const m of MERGES) {
    const units = (await Promise.all(m.from.map((code) => getUnitByCode(code)))).filter((u) => u !== undefined);
    if (units.length === 0 || (await getUnitByCode(m.code))) continue;
    await mergeUnits(
      units.map((u) => u.id),
      { name: m.name, code: m.code, kind: "commune" },
      day,
      by,
      ch,
    );
    done.push(`${m.name} ← ${units.map((u) => u.name).join(", ")}`);
  }
  const longAn = await getUnitByCode("LA");
  if (longAn) {
    const abolished = await abolishTier(longAn.id, "district", day, by, ch);
    done.push(`${abolished} huyện bị bỏ; xã và phòng ban chuyển lên trực thuộc tỉnh`);
    await mergeUnits([(await getUnitByCode("LA"))!.id], { name: "Tỉnh Tây Ninh", code: "TN", kind: "province" }, day, by, ch);
    done.push("Tỉnh Long An nhập vào tỉnh Tây Ninh");
  }
  return done;
}
