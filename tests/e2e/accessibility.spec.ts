// Issue 20: "axe finds nothing … keep it true". axe-core (through @axe-core/playwright) checks the main
// page of every role against WCAG 2.1 A and AA, at desktop width and at 360 px; any violation fails the
// test with its rule, the elements and axe's help text.
import AxeBuilder from "@axe-core/playwright";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

const SLUG = "dich-vu-cong-truc-tuyen";

async function pages() {
  const course = (await publishedCourse(SLUG))!;
  const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
  const unit = (await getUnitByCode("LA-TT"))!.id;
  const canbo = (await findByIdentifier("canbo"))!;
  return [
    { who: null, url: "/login" },
    { who: null, url: "/verify" },
    { who: "canbo", url: "/" },
    { who: "canbo", url: "/courses" },
    { who: "canbo", url: `/courses/${SLUG}` },
    { who: "canbo", url: `/courses/${SLUG}/${lesson.key}` },
    { who: "canbo", url: `/courses/${SLUG}/quiz` },
    { who: "canbo", url: "/notifications" },
    { who: "canbo", url: "/my/certificates" },
    { who: "lanhdao.tanthanh", url: "/" },
    { who: "lanhdao.tanthanh", url: `/reports/${unit}` },
    { who: "lanhdao.tanthanh", url: `/reports/${unit}/officials` },
    { who: "lanhdao.tanthanh", url: `/reports/${unit}/officials/${canbo.id}` },
    { who: "lanhdao.tanthanh", url: `/reports/${unit}/chi-so` },
    { who: "lanhdao.tanthanh", url: `/reports/${unit}/print` },
    { who: "lanhdao.tanthanh", url: "/assignments" },
    { who: "lanhdao.tanthanh", url: "/assignments/new" },
    { who: "giangvien", url: "/trainer" },
    { who: "giangvien", url: "/trainer/quizzes" },
    { who: "quantri", url: "/admin" },
    { who: "quantri", url: "/admin/people" },
    { who: "quantri", url: "/admin/import" },
    { who: "quantri", url: "/admin/audit" },
    { who: "quantri", url: "/admin/indicators" },
    { who: "quantri", url: "/admin/units" },
  ];
}

for (const width of [1280, 360]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 360 ? 740 : 900 } });

    test("axe finds no WCAG 2.1 A/AA violation on the main pages", async ({ page, context }) => {
      test.setTimeout(240_000);
      const found: string[] = [];
      for (const p of await pages()) {
        await context.clearCookies();
        if (p.who) await signInAs(page, p.who);
        const response = await page.goto(p.url);
        expect(response?.status(), p.url).toBe(200);
        const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        for (const v of result.violations)
          found.push(
            `${p.url} (${p.who ?? "khách"}): ${v.id} — ${v.help} — ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join(" | ")}`,
          );
      }
      expect(found).toEqual([]);
    });
  });
}
