// Issue 19 item 4: a first visit is light on a slow line. Each page is opened in a fresh browser context
// (empty cache, as a first visit is) and every response's bytes on the wire are added up (compressed as
// the server sends them: Playwright's request.sizes()). The figures are printed, so a newcomer sees what
// each page costs. What holds today: no page ships zod (it was 93 KB of every form page). The issue's
// limits (/login ≤ 60 KB, every page ≤ 100 KB) are NOT met yet: React, React DOM and Remix's runtime
// alone are about 120 KB compressed, so every hydrated page weighs 148–181 KB. That test is marked fixme
// below with the figures; meeting it needs pages without the runtime (a product decision) or smaller
// assets (precompressed brotli at the highest quality).
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

const KB = 1024;
const SLUG = "dich-vu-cong-truc-tuyen";

async function weigh(browser: import("@playwright/test").Browser) {
  const course = (await publishedCourse(SLUG))!;
  const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  const pages: { who: string | null; url: string; limit: number }[] = [
    { who: null, url: "/login", limit: 60 * KB },
    { who: null, url: "/verify", limit: 100 * KB },
    { who: "canbo", url: "/", limit: 100 * KB },
    { who: "canbo", url: "/courses", limit: 100 * KB },
    { who: "canbo", url: `/courses/${SLUG}`, limit: 100 * KB },
    { who: "canbo", url: `/courses/${SLUG}/${lesson.key}`, limit: 100 * KB },
    { who: "canbo", url: "/notifications", limit: 100 * KB },
    { who: "lanhdao.tanthanh", url: `/reports/${tanthanh.id}`, limit: 100 * KB },
    { who: "lanhdao.tanthanh", url: `/reports/${tanthanh.id}/officials`, limit: 100 * KB },
    { who: "lanhdao.tanthanh", url: `/reports/${tanthanh.id}/chi-so`, limit: 100 * KB },
    { who: "lanhdao.tanthanh", url: "/assignments/new", limit: 100 * KB },
    { who: "giangvien", url: "/trainer", limit: 100 * KB },
    { who: "quantri", url: "/admin", limit: 100 * KB },
    { who: "quantri", url: "/admin/people", limit: 100 * KB },
    { who: "quantri", url: "/admin/import", limit: 100 * KB },
    { who: "quantri", url: "/admin/indicators", limit: 100 * KB },
  ];
  const results: { url: string; bytes: number; limit: number; zod: boolean }[] = [];
  for (const p of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (p.who) await signInAs(page, p.who);
    const sizes: Promise<number>[] = [];
    const scripts: Promise<string>[] = [];
    page.on("requestfinished", (request) => {
      sizes.push(
        request
          .sizes()
          .then((s) => s.responseBodySize + s.responseHeadersSize)
          .catch(() => 0),
      );
      if (request.resourceType() === "script")
        scripts.push(
          request
            .response()
            .then((r) => (r ? r.text() : ""))
            .catch(() => ""),
        );
    });
    const response = await page.goto(p.url, { waitUntil: "networkidle" });
    expect(response?.status(), p.url).toBe(200);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    const zod = (await Promise.all(scripts)).some((body) => body.includes("ZodError"));
    console.log(`${p.url} (${p.who ?? "khách"}): ${(bytes / KB).toFixed(1)} KB, giới hạn ${p.limit / KB} KB${zod ? ", có zod" : ""}`);
    results.push({ url: p.url, bytes, limit: p.limit, zod });
    await context.close();
  }
  return results;
}

test("no page ships zod to the browser (its weight printed)", async ({ browser }) => {
  const results = await weigh(browser);
  expect(results.filter((r) => r.zod).map((r) => r.url)).toEqual([]);
  expect(results.length).toBeGreaterThan(10);
});

// Not met yet (see the top of this file): 148–181 KB per page on 30/11/2026, against 60 / 100 KB.
test.fixme("every page within its weight limit on a first visit (/login ≤ 60 KB, others ≤ 100 KB)", async ({ browser }) => {
  const results = await weigh(browser);
  expect(results.filter((r) => r.bytes > r.limit).map((r) => `${r.url}: ${(r.bytes / KB).toFixed(1)} KB`)).toEqual([]);
});
