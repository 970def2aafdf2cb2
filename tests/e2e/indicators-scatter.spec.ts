// Issue 18 item 4: the scatter of child units on the indicator page (x: share trained, y: the
// indicator's change since training began). Each point is drawn where the loader's figures put it
// (the same indicatorReport() the page calls, read here from the database), is a link to the child
// unit's own page, and the same points are there as a table for whoever cannot read the chart.
import { formatPercent } from "~/i18n/format";
import { SCATTER_BOX, scatterScale } from "~/indicators/chart-scale";
import { indicatorReport } from "~/indicators/report.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

type Drawn = { href: string | null; label: string | null; title: string; cx: number; cy: number };

test("the Tân Thạnh scatter: every point where its unit's figures put it, a link to that unit, and a table of the same points", async ({
  page,
}) => {
  // The figures are read, then the page: another spec writing to the same demo database in between
  // (people added to a commune) would move a point, so the comparison is retried on a fresh read.
  let state: { expected: { id: number; name: string; x: number; y: number }[]; drawn: Drawn[] } | null = null;
  await signInAs(page, "lanhdao.tanthanh");
  const district = (await getUnitByCode("LA-TT"))!;
  const section = page.getByTestId("indicator-KY_SO_VB_DI");
  const svg = section
    // A group, not an image: its points are links (an image's children are not reachable).
    .locator("svg[role=group]")
    .filter({ has: page.locator("title", { hasText: "Tỷ lệ hoàn thành khóa học và thay đổi chỉ số" }) });
  await expect(async () => {
    const { blocks } = await indicatorReport(district, null);
    const kySo = blocks.find((b) => b.indicator.code === "KY_SO_VB_DI")!;
    const expected = kySo.children
      .filter((c) => c.change !== null && c.training?.rate != null)
      .map((c) => ({ id: c.id, name: c.name, x: c.training!.rate!, y: c.change! }));
    expect(expected.length, "the demo gives the district's children both figures").toBeGreaterThanOrEqual(4);
    // Not all alike, or ordering would prove nothing.
    expect(new Set(expected.map((p) => p.x)).size).toBeGreaterThan(2);
    expect(new Set(expected.map((p) => p.y)).size).toBeGreaterThan(2);
    const scale = scatterScale(
      expected.map((p) => p.y),
      SCATTER_BOX,
    );

    await page.goto(`/reports/${district.id}/chi-so`);
    await expect(svg).toHaveCount(1);
    const drawn = await svg.locator("a").evaluateAll((links) =>
      links.map((a) => {
        const circle = a.querySelector("circle")!;
        return {
          href: a.getAttribute("href"),
          label: a.getAttribute("aria-label"),
          title: circle.querySelector("title")?.textContent ?? "",
          cx: Number(circle.getAttribute("cx")),
          cy: Number(circle.getAttribute("cy")),
        };
      }),
    );
    expect(drawn, "one point per child unit with both figures").toHaveLength(expected.length);
    for (const p of expected) {
      const point = drawn.find((d) => d.href === `/reports/${p.id}/chi-so`);
      expect(point, `${p.name} has a point that links to its page`).toBeDefined();
      expect(point!.title, p.name).toContain(p.name);
      expect(point!.label, p.name).toContain(p.name);
      expect(point!.cx, `${p.name}: x = share trained ${p.x}`).toBeCloseTo(scale.px(p.x), 3);
      expect(point!.cy, `${p.name}: y = change ${p.y}`).toBeCloseTo(scale.py(p.y), 3);
      // Inside the plot.
      expect(point!.cx).toBeGreaterThanOrEqual(SCATTER_BOX.pad.left);
      expect(point!.cx).toBeLessThanOrEqual(SCATTER_BOX.width - SCATTER_BOX.pad.right);
      expect(point!.cy).toBeGreaterThanOrEqual(SCATTER_BOX.pad.top);
      expect(point!.cy).toBeLessThanOrEqual(SCATTER_BOX.height - SCATTER_BOX.pad.bottom);
    }
    // Ordering: the better-trained unit further right, the larger rise higher up (a smaller SVG y).
    const at = (id: number) => drawn.find((d) => d.href === `/reports/${id}/chi-so`)!;
    const byX = [...expected].sort((a, b) => a.x - b.x);
    const byY = [...expected].sort((a, b) => a.y - b.y);
    expect(at(byX[0]!.id).cx).toBeLessThan(at(byX.at(-1)!.id).cx);
    expect(at(byY[0]!.id).cy).toBeGreaterThan(at(byY.at(-1)!.id).cy);
    for (let i = 1; i < byX.length; i++) expect(at(byX[i]!.id).cx).toBeGreaterThanOrEqual(at(byX[i - 1]!.id).cx);
    for (let i = 1; i < byY.length; i++) expect(at(byY[i]!.id).cy).toBeLessThanOrEqual(at(byY[i - 1]!.id).cy);
    state = { expected, drawn };
  }).toPass({ timeout: 60_000 });
  const { expected, drawn } = state!;
  // The text alternative: the same units, figures and links, as a table.
  const table = section.getByTestId("scatter-table");
  await table.locator("summary").click();
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(expected.length);
  for (const p of expected) {
    const row = rows.filter({ has: page.getByRole("link", { name: p.name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("link")).toHaveAttribute("href", `/reports/${p.id}/chi-so`);
    await expect(row.locator("td").first()).toHaveText(formatPercent(p.x));
  }

  // A point is a link a person follows: it opens that unit's indicator page (the point furthest from
  // the others, so that no other point lies over the one clicked).
  const gap = (p: (typeof drawn)[number]) => Math.min(...drawn.filter((d) => d !== p).map((d) => Math.hypot(d.cx - p.cx, d.cy - p.cy)));
  const loneliest = [...drawn].sort((a, b) => gap(b) - gap(a))[0]!;
  const target = expected.find((p) => `/reports/${p.id}/chi-so` === loneliest.href)!;
  await svg.locator(`a[href="/reports/${target.id}/chi-so"]`).click();
  await expect(page).toHaveURL(new RegExp(`/reports/${target.id}/chi-so$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Chỉ số ứng dụng và tập huấn: ${target.name}`);
});
