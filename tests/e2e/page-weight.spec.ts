// Issue 19 item 4: a first visit is light on a slow line. Each page is opened in a fresh browser context
// (empty cache, as a first visit is) and every response's bytes on the wire are added up (compressed as
// the server sends them: Playwright's request.sizes()). The figures are printed, so a newcomer sees what
// each page costs. What holds today: no page ships zod (it was 93 KB of every form page). The issue's
// limits (/login ≤ 60 KB, every page ≤ 100 KB): React, React DOM and Remix's runtime alone are about
// 120 KB compressed, so every hydrated page weighed 148–181 KB. Since decision 0049 a page ships no
// runtime unless its route asks for it (handle = RUNTIME; tests/unit/http/runtime-guard.test.ts keeps
// that honest), and none does: the trainers' lesson and quiz editors, the last two (about 160 KB), are
// plain pages too since 01/12/2026, their live preview and type switch a few lines of inline script.
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

const KB = 1024;
const SLUG = "dich-vu-cong-truc-tuyen";

/** A course written in the app (the trainers' editors open only those), with one lesson: its id and the lesson's key. */
async function authoredCourse(browser: import("@playwright/test").Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, "giangvien");
  await page.goto("/trainer");
  await page.getByLabel("Tên khóa học", { exact: true }).fill(`Cân trang ${Date.now()}`);
  await page.getByLabel("Tóm tắt", { exact: true }).fill("Khóa thử để cân trang soạn bài.");
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page.getByLabel("Tên bài", { exact: true })).toBeVisible();
  const id = Number(/\/trainer\/courses\/(\d+)/.exec(page.url())![1]);
  await page.getByLabel("Tên bài", { exact: true }).fill("Bài cân trang");
  await page.getByRole("button", { name: "Thêm bài" }).click();
  await expect(page.getByLabel("Nội dung bài (MDX)")).toBeVisible();
  const key = /\/lessons\/([^/?#]+)/.exec(page.url())![1]!;
  await context.close();
  return { id, key };
}

async function weigh(browser: import("@playwright/test").Browser) {
  const authored = await authoredCourse(browser);
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
    { who: "quantri", url: "/admin/units", limit: 100 * KB },
    { who: "lanhdao.tanthanh", url: `/reports/${tanthanh.id}/print`, limit: 100 * KB },
    { who: "giangvien", url: `/trainer/courses/${authored.id}`, limit: 100 * KB },
    { who: "giangvien", url: `/trainer/courses/${authored.id}/lessons/${authored.key}`, limit: 100 * KB },
    { who: "giangvien", url: `/trainer/courses/${authored.id}/quiz`, limit: 100 * KB },
  ];
  const results: { url: string; bytes: number; limit: number; zod: boolean; scripts: number }[] = [];
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
    results.push({ url: p.url, bytes, limit: p.limit, zod, scripts: bodies.length });
    await context.close();
  }
  return results;
}

// One test weighs every page once (each in a fresh context, signed in afresh: about a minute in CI,
// where two tests weighing the same pages came within seconds of the default 60 s limit).
test("every page within its weight limit on a first visit (/login ≤ 60 KB, others ≤ 100 KB), with no script file and no zod", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const results = await weigh(browser);
  expect(results.length).toBeGreaterThan(20);
  expect(results.filter((r) => r.zod).map((r) => r.url)).toEqual([]);
  // Small enhancements (the lesson's "started", the editors' live preview and type switch, unit
  // suggestions, printing) are inline scripts, not requests.
  expect(results.filter((r) => r.scripts > 0).map((r) => `${r.url}: ${r.scripts} scripts`)).toEqual([]);
  expect(results.filter((r) => r.bytes > r.limit).map((r) => `${r.url}: ${(r.bytes / KB).toFixed(1)} KB`)).toEqual([]);
});
