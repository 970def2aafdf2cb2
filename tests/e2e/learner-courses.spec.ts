import { catalogue, lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { findByIdentifier } from "~/people/officials.server";
import { answerQuiz, expect, newLearner, signInAs, test } from "./fixtures";

test("the catalogue lists at least five courses, mandatory first, and finds them without diacritics", async ({ page }) => {
  await signInAs(page, "canbo");
  await page.goto("/courses");
  const cards = page.locator(".course-card");
  expect(await cards.count()).toBeGreaterThanOrEqual(5);
  const badges = await page.locator(".course-card .badge").allTextContents();
  const firstOptional = badges.indexOf("Tự chọn");
  if (firstOptional >= 0) expect(badges.slice(firstOptional)).not.toContain("Bắt buộc");

  await page.getByLabel("Tìm khóa học").fill("huong dan dich vu cong truc tuyen");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(page.getByRole("link", { name: "Hướng dẫn dịch vụ công trực tuyến" })).toBeVisible();
  await expect(cards).toHaveCount(1);

  await page.goto("/courses?tag=VNeID");
  await expect(page.getByRole("link", { name: "Hướng dẫn dịch vụ công trực tuyến" })).toBeVisible();
});

test("every lesson of every course opens with a heading, no console error and no broken image", async ({ page, consoleErrors }) => {
  test.setTimeout(180_000);
  await signInAs(page, "giangvien");
  const official = (await findByIdentifier("giangvien"))!;
  let lessons = 0;
  for (const c of await catalogue(official.id)) {
    const course = (await publishedCourse(c.slug))!;
    for (const l of await lessonsOf(course.currentVersionId!)) {
      const response = await page.goto(`/courses/${c.slug}/${l.key}`);
      expect(response?.status(), `${c.slug}/${l.key}`).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(l.title);
      await expect(page.locator(".lesson-body h2").first()).toBeVisible();
      // The page's own "started" POST (decision 0003; keepalive) is sent before we leave.
      await page.waitForLoadState("networkidle");
      const images = page.locator(".lesson-body img");
      for (let i = 0; i < (await images.count()); i++) {
        const img = images.nth(i);
        await img.scrollIntoViewIfNeeded();
        await expect(img).toHaveAttribute("alt", /\S/);
        await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
      }
      lessons++;
    }
  }
  expect(lessons).toBeGreaterThanOrEqual(15);
  expect(consoleErrors).toEqual([]);
});

test("a commune official reads every lesson, marks each done, passes the final quiz and completes the course; it survives a reload", async ({
  page,
}) => {
  // A learner of its own: the test needs "Bắt đầu học" and "Bắt đầu làm bài", i.e. nothing done before.
  await signInAs(page, await newLearner("reads-all"));
  await page.goto("/courses/chuyen-doi-so-co-quan-nha-nuoc");
  await page.getByRole("link", { name: "Bắt đầu học" }).click();
  for (;;) {
    await page.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
    await expect(page.getByText(/Đã học xong ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
    const next = page.getByRole("link", { name: /^Bài tiếp theo/ });
    if ((await next.count()) === 0) break;
    await next.click();
  }
  await expect(page.getByText("Anh/chị đã học xong tất cả các bài.")).toBeVisible();
  await page.getByRole("link", { name: "Làm bài kiểm tra cuối khóa" }).first().click();
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await answerQuiz(page, "chuyen-doi-so-co-quan-nha-nuoc", true);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByTestId("quiz-score")).toContainText("Điểm của anh/chị: 100%");
  await expect(page.getByText("Anh/chị đã hoàn thành khóa học.")).toBeVisible();
  await page.goto("/courses/chuyen-doi-so-co-quan-nha-nuoc");
  await page.reload();
  await expect(page.getByText(/Đã hoàn thành ngày \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "4");
});

test("'Tiếp tục học' opens the first unread lesson, also without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // A learner of its own: "2/4" counts from no lesson done.
  await signInAs(page, await newLearner("continue", "lanhdao.tanthanh"));
  const course = (await publishedCourse("mot-cua-dien-tu-so-hoa-ho-so"))!;
  const list = await lessonsOf(course.currentVersionId!);
  // Done: lessons 1 and 3, by the form on each lesson page.
  for (const l of [list[0]!, list[2]!]) {
    await page.goto(`/courses/${course.slug}/${l.key}`);
    await page.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
    await expect(page.getByText("Đã ghi nhận: anh/chị đã học xong bài này.")).toBeVisible();
  }
  await page.goto(`/courses/${course.slug}`);
  await page.reload();
  await expect(page.getByText("Đã học 2/4 bài").first()).toBeVisible();
  await page.getByRole("link", { name: "Tiếp tục học" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(list[1]!.title);
  await context.close();
});

test("lesson pages are usable at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  // A demo official who has not finished this lesson (the simulated progress changes with the courses).
  const course = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
  const lesson = (await lessonsOf(course.currentVersionId!)).find((l) => l.key === "huong-dan-nop-ho-so")!;
  const learner = await row<{ username: string }>(
    sql`SELECT o.username FROM officials o WHERE o.username LIKE 'la0005%' AND NOT EXISTS (
          SELECT 1 FROM lesson_progress p WHERE p.official_id = o.id AND p.lesson_id = ${lesson.lessonId} AND p.completed_at IS NOT NULL)
        ORDER BY o.username LIMIT 1`,
  );
  await signInAs(page, learner!.username);
  await page.goto("/courses/dich-vu-cong-truc-tuyen/huong-dan-nop-ho-so");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expect(page.getByRole("button", { name: "Đánh dấu đã học xong bài này" })).toBeVisible();
});

test("opening a lesson records 'started' by the page's own POST once it has loaded, never by the GET", async ({ page }) => {
  // A learner of its own, who has opened no lesson yet (whatever other specs did before).
  const username = await newLearner("started", "lanhdao.tantru");
  await signInAs(page, username);
  const official = (await findByIdentifier(username))!;
  const startedRow = (lessonId: number) =>
    row<{ startedAt: string }>(
      sql`SELECT started_at AS "startedAt" FROM lesson_progress WHERE official_id = ${official.id} AND lesson_id = ${lessonId}`,
    );
  // A lesson this account has not opened yet.
  const course = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
  const lessons = await lessonsOf(course.currentVersionId!);
  const notStarted = await Promise.all(lessons.map(async (l) => (await startedRow(l.lessonId)) === undefined));
  const lesson = lessons.find((_, i) => notStarted[i])!;
  expect(lesson, "a lesson not yet started").toBeTruthy();
  const path = `/courses/${course.slug}/${lesson.key}`;
  // The page ships no React runtime (decision 0049): its inline script posts the hidden form to /progress/started.
  const started = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/progress/started");
  await page.goto(path);
  expect((await started).status()).toBe(204);
  await expect.poll(() => startedRow(lesson.lessonId)).toBeTruthy();
  await expect(page.getByRole("button", { name: "Đánh dấu đã học xong bài này" })).toBeVisible();
  // Opened again, started already: no form, no script, no POST.
  let posted = 0;
  page.on("request", (r) => void (r.method() === "POST" && posted++));
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.locator("#lesson-started")).toHaveCount(0);
  expect(posted).toBe(0);
});

test("without JavaScript a lesson sends nothing on opening, and 'mark done' records start and completion", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const username = await newLearner("nojs-lesson", "lanhdao.tantru");
  await signInAs(page, username);
  const official = (await findByIdentifier(username))!;
  const course = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
  const lesson = (await lessonsOf(course.currentVersionId!))[0]!;
  const progress = () =>
    row<{ startedAt: string; completedAt: string | null }>(
      sql`SELECT started_at AS "startedAt", completed_at AS "completedAt" FROM lesson_progress WHERE official_id = ${official.id} AND lesson_id = ${lesson.lessonId}`,
    );
  await page.goto(`/courses/${course.slug}/${lesson.key}`);
  await page.waitForLoadState("networkidle");
  expect(await progress()).toBeUndefined();
  await page.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
  await expect(page.getByText("Đã học xong", { exact: false }).first()).toBeVisible();
  const done = await progress();
  expect(done?.startedAt).toBeTruthy();
  expect(done?.completedAt).toBeTruthy();
  await context.close();
});

test("the menu marks the section you are in (aria-current, not colour alone), from the home page down to a lesson", async ({ page }) => {
  // The header's links are plain <a> (decision 0052): the current item is worked out from the path.
  await signInAs(page, "canbo");
  const menu = page.getByRole("navigation", { name: "Điều hướng chính" });
  const cases: [string, string][] = [
    ["/", "Trang chủ"],
    ["/courses", "Khóa học"],
    ["/courses/dich-vu-cong-truc-tuyen", "Khóa học"],
    ["/courses/dich-vu-cong-truc-tuyen/huong-dan-nop-ho-so", "Khóa học"],
    ["/my/certificates", "Chứng nhận của tôi"],
  ];
  for (const [path, current] of cases) {
    await page.goto(path);
    await expect(menu.locator('[aria-current="page"]'), path).toHaveCount(1);
    await expect(menu.getByRole("link", { name: current }), path).toHaveAttribute("aria-current", "page");
  }
  // /notifications is in no menu section: nothing is marked.
  await page.goto("/notifications");
  await expect(menu.locator('[aria-current="page"]')).toHaveCount(0);
});
