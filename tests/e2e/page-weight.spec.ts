// Issue 19 item 4: a first visit is light on a slow line. Each page is opened in a fresh browser context
// (empty cache, as a first visit is) and every response's bytes on the wire are added up (compressed as
// the server sends them: Playwright's request.sizes()). The figures are printed, so a newcomer sees what
// each page costs. What holds today: no page ships zod (it was 93 KB of every form page). The issue's
// limits (/login ≤ 60 KB, every page ≤ 100 KB): React, React DOM and Remix's runtime alone are about
// 120 KB compressed, so every hydrated page weighed 148–181 KB. The officials' first pages (sign-in,
// home, courses, a course, a lesson, notifications, certificate check) now ship no runtime (decision 0049) and
// are held to their limits; the pages that keep it are not within 100 KB yet (the fixme test below).
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

const KB = 1024;
const SLUG = "dich-vu-cong-truc-tuyen";

async function weigh(browser: import("@playwright/test").Browser) {
  const course = (await publishedCourse(SLUG))!;
  const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  // `plain`: the page ships no runtime (decision 0049, `handle = NO_RUNTIME`).
  const pages: { who: string | null; url: string; limit: number; plain?: true }[] = [
    { who: null, url: "/login", limit: 60 * KB, plain: true },
    { who: null, url: "/verify", limit: 100 * KB, plain: true },
    { who: "canbo", url: "/", limit: 100 * KB, plain: true },
    { who: "canbo", url: "/courses", limit: 100 * KB, plain: true },
    { who: "canbo", url: `/courses/${SLUG}`, limit: 100 * KB, plain: true },
    { who: "canbo", url: `/courses/${SLUG}/${lesson.key}`, limit: 100 * KB, plain: true },
    { who: "canbo", url: "/notifications", limit: 100 * KB, plain: true },
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
  const results: { url: string; bytes: number; limit: number; zod: boolean; plain: boolean; scripts: number }[] = [];
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
    const bodies = await Promise.all(scripts);
    const zod = bodies.some((body) => body.includes("ZodError"));
    console.log(`${p.url} (${p.who ?? "khách"}): ${(bytes / KB).toFixed(1)} KB, giới hạn ${p.limit / KB} KB${zod ? ", có zod" : ""}`);
    results.push({ url: p.url, bytes, limit: p.limit, zod, plain: !!p.plain, scripts: bodies.length });
    await context.close();
  }
  return results;
}

test("no page ships zod to the browser (its weight printed)", async ({ browser }) => {
  const results = await weigh(browser);
  expect(results.filter((r) => r.zod).map((r) => r.url)).toEqual([]);
  expect(results.length).toBeGreaterThan(10);
});

test("the officials' first pages ship no JavaScript and keep within their limits; the others keep the runtime", async ({ browser }) => {
  const results = await weigh(browser);
  const plain = results.filter((r) => r.plain);
  expect(plain.map((r) => r.url)).toEqual([
    "/login",
    "/verify",
    "/",
    "/courses",
    `/courses/${SLUG}`,
    `/courses/${SLUG}/${(await lessonsOf((await publishedCourse(SLUG))!.currentVersionId!))[0]!.key}`,
    "/notifications",
  ]);
  expect(plain.filter((r) => r.scripts > 0).map((r) => `${r.url}: ${r.scripts} scripts`)).toEqual([]);
  expect(plain.filter((r) => r.bytes > r.limit).map((r) => `${r.url}: ${(r.bytes / KB).toFixed(1)} KB`)).toEqual([]);
  // The pages that need the runtime (editors, reports, administration) still load it. (The lesson's
  // "started" is a few lines of inline script, not a request: decision 0049.)
  expect(results.filter((r) => !r.plain && r.scripts === 0).map((r) => r.url)).toEqual([]);
});

// Not met yet for the pages that keep the runtime (see the top of this file): 148–181 KB per page on
// 30/11/2026, against 100 KB.
test.fixme("every page within its weight limit on a first visit (/login ≤ 60 KB, others ≤ 100 KB)", async ({ browser }) => {
  const results = await weigh(browser);
  expect(results.filter((r) => r.bytes > r.limit).map((r) => `${r.url}: ${(r.bytes / KB).toFixed(1)} KB`)).toEqual([]);
});
