// Issue 17 in the browser: the public check page (no sign-in, without JavaScript, at 360 px): valid,
// revoked with its reason, and a wrong pair that says only "không tìm thấy"; a learner downloads the
// PDF from the course page and from "Chứng nhận của tôi".
import { eq } from "drizzle-orm";
import { certificateByNumber, revokeCertificate } from "~/certificates/certificates.server";
import { printedCheckCode } from "~/certificates/signing.server";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson } from "~/courses/progress.server";
import { db } from "~/db/client.server";
import { certificates } from "~/db/schema";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { answerForm } from "~/quizzes/answer-form.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { expect, newLearner, signInAs, test } from "./fixtures";

const COURSE = "chu-ky-so-van-ban-dien-tu";

/** A new learner who has finished COURSE (lessons, then the quiz passed): their certificate. */
async function learnerWithCertificate(tag: string) {
  const username = await newLearner(tag);
  const official = (await findByIdentifier(username))!;
  const course = (await publishedCourse(COURSE))!;
  for (const l of await lessonsOf(course.currentVersionId!)) await completeLesson(official.id, course.id, l.lessonId);
  const start = await startAttempt(official.id, course.id);
  if (!start.ok) throw new Error("quiz did not start");
  const attempt = (await attemptFor(start.token, official.id))!;
  await submitAttempt(start.token, official.id, answerForm((await quizFor(attempt.courseVersionId))!, attempt.layout, true));
  const [c] = await db().select().from(certificates).where(eq(certificates.officialId, official.id));
  if (!c) throw new Error("no certificate issued");
  return { username, certificate: c };
}

test.describe("the public check page, signed out, without JavaScript, at 360 px", () => {
  // Without JavaScript the browser refuses the page's module scripts ("csp" in the request failure):
  // that is the point of this group, not an error of the app. The 404 is the wrong pair's answer.
  test.use({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    // One pattern: a two-element array would be read by Playwright as [value, options].
    allowedErrors: [/\b404\b|^request failed: GET \S+\/build\/\S+\.js csp$/],
  });

  test("valid: number and check code typed into /verify show the name, course, date, unit and status", async ({ page }) => {
    const { certificate: c } = await learnerWithCertificate("verify");
    await page.goto("/verify");
    await expect(page.getByRole("heading", { level: 1, name: t.certificates.verifyTitle })).toBeVisible();
    await page.getByLabel(t.certificates.verifyNumber).fill(c.number);
    await page.getByLabel(t.certificates.verifyCode).fill(printedCheckCode(c.checkCode).toLowerCase());
    await page.getByRole("button", { name: t.certificates.verifySubmit }).click();
    await expect(page).toHaveURL(new RegExp(`/verify/${c.number}\\?code=`));
    await expect(page.getByTestId("verify-status")).toHaveText(t.certificates.statusValid);
    await expect(page.getByTestId("verify-name")).toHaveText(c.fullName);
    const card = page.getByTestId("verify-result");
    await expect(card).toContainText(c.courseTitle);
    await expect(card).toContainText(c.unitName);
    await expect(card).not.toContainText(t.certificates.scoreLabel);
    await expect(page.getByRole("link", { name: t.nav.home })).toHaveCount(0); // nobody is signed in
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test("revoked: the status and the reason", async ({ page }) => {
    const { certificate: c } = await learnerWithCertificate("revoked");
    const admin = (await findByIdentifier("quantri"))!;
    await revokeCertificate(c.number, "Cấp nhầm khóa học", admin.id);
    expect((await certificateByNumber(c.number))!.revokedAt).not.toBeNull();
    await page.goto(`/verify/${c.number}?code=${c.checkCode}`);
    await expect(page.getByTestId("verify-status")).toHaveText(t.certificates.statusRevoked);
    await expect(page.getByTestId("verify-reason")).toHaveText("Cấp nhầm khóa học");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  test("a wrong pair says only 'không tìm thấy' (wrong code, unknown number)", async ({ page }) => {
    const { certificate: c } = await learnerWithCertificate("wrong");
    for (const url of [`/verify/${c.number}?code=AAAA-AAAA`, `/verify/TH-2026-987654?code=${c.checkCode}`]) {
      const response = await page.goto(url);
      expect(response!.status()).toBe(404);
      await expect(page.getByTestId("verify-not-found")).toHaveText(t.certificates.notFound);
      await expect(page.getByTestId("verify-result")).toHaveCount(0);
      await expect(page.locator("main")).not.toContainText(c.fullName);
    }
    // An empty form: a message at the field, in Vietnamese.
    await page.goto("/verify?number=&code=");
    await expect(page.locator("#verify-number-error")).toHaveText(t.certificates.verifyNumberMissing);
    await expect(page.locator("#verify-code-error")).toHaveText(t.certificates.verifyCodeMissing);
  });
});

test("a learner downloads their PDF from the course page and from 'Chứng nhận của tôi'", async ({ page }) => {
  const { username, certificate: c } = await learnerWithCertificate("download");
  await signInAs(page, username);
  await page.goto(`/courses/${COURSE}`);
  const [fromCourse] = await Promise.all([page.waitForEvent("download"), page.getByTestId("certificate-pdf").click()]);
  expect(fromCourse.suggestedFilename()).toBe(t.certificates.fileName(c.number));
  const bytes = await fromCourse.createReadStream().then(async (s) => {
    const parts: Buffer[] = [];
    for await (const chunk of s) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  });
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

  await page.getByRole("link", { name: t.certificates.mineTitle }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: t.certificates.mineTitle })).toBeVisible();
  const card = page.getByTestId("my-certificate").filter({ hasText: c.number });
  const [fromList] = await Promise.all([
    page.waitForEvent("download"),
    card.getByRole("link", { name: t.certificates.downloadPdf }).click(),
  ]);
  expect(fromList.suggestedFilename()).toBe(t.certificates.fileName(c.number));
});
