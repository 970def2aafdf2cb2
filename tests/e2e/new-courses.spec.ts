// Issue 21: the three courses on the commune officer's own job, taken end to end the way the officer
// most often takes them — on a phone (360 px) with JavaScript off or failed to load. Each lesson fits
// the screen and is marked done by its form; the final quiz is started, answered, graded and the
// course completed. A learner of its own per course, so the demo accounts stay as they were.
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { answerQuiz, expect, horizontalOverflow, signInAs, test } from "./fixtures";
import type { Page } from "@playwright/test";

const NEW_COURSES = ["tiep-nhan-ho-so-truc-tuyen-mot-cua-xa", "so-hoa-ho-so-ket-qua-tthc", "xa-sau-sap-xep-2025"];

async function learner(username: string): Promise<void> {
  if (await findByIdentifier(username)) return;
  const canbo = (await findByIdentifier("canbo"))!;
  await createOfficial({
    ho: "Thử",
    dem: "Khóa",
    ten: "Mới",
    staffCode: username.toUpperCase().replace(/[^A-Z0-9]/g, "-"),
    username,
    email: null,
    unitId: canbo.unitId,
    roles: [{ role: "learner" }],
    since: "2020-01-01",
  });
}

async function fitsThePhone(page: Page, what: string) {
  const { overflow, culprits } = await horizontalOverflow(page);
  expect(overflow, `${what}: no horizontal scrolling at 360 px (${culprits.join("; ")})`).toBeLessThanOrEqual(1);
}

test.describe("the three new courses at 360 px without JavaScript", () => {
  test.use({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    allowedErrors: [/^request failed: GET \S+\/build\/\S+\.js csp$/],
  });

  for (const slug of NEW_COURSES) {
    test(`${slug}: every lesson read and marked done, the quiz passed, the course completed`, async ({ page }) => {
      test.setTimeout(120_000);
      const username = `e2e.moi.${slug.slice(0, 12)}`;
      await learner(username);
      await signInAs(page, username);
      const course = (await publishedCourse(slug))!;
      const lessons = await lessonsOf(course.currentVersionId!);
      expect(lessons.length, "at least four lessons").toBeGreaterThanOrEqual(4);

      await page.goto(`/courses/${slug}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(course.title);
      await fitsThePhone(page, slug);

      for (const lesson of lessons) {
        await page.goto(`/courses/${slug}/${lesson.key}`);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(lesson.title);
        await fitsThePhone(page, lesson.key);
        const images = page.locator(".lesson-body img");
        for (let i = 0; i < (await images.count()); i++) await expect(images.nth(i)).toHaveAttribute("alt", /\S/);
        await page.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
        await expect(page.getByText("Đã ghi nhận: anh/chị đã học xong bài này.")).toBeVisible();
      }

      await page.goto(`/courses/${slug}`);
      await expect(page.getByText(`Đã học ${lessons.length}/${lessons.length} bài`).first()).toBeVisible();
      await page.getByRole("link", { name: "Làm bài kiểm tra cuối khóa" }).first().click();
      await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
      await fitsThePhone(page, `${slug} quiz`);
      await answerQuiz(page, slug, true);
      await page.getByRole("button", { name: "Nộp bài" }).click();
      await expect(page.getByTestId("quiz-score")).toContainText("Điểm của anh/chị: 100%");
      await expect(page.getByText("Anh/chị đã hoàn thành khóa học.")).toBeVisible();
      await fitsThePhone(page, `${slug} result`);
    });
  }
});
