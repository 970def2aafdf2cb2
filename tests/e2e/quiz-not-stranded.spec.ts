// Issue 14 item 4: a learner is not stranded. A partly blank submission asks for confirmation (a
// summary page, without JavaScript), and after the last failed attempt the page says what happens
// next; a trainer grants extra attempts on the analysis page and the learner sees them in the history.
import { publishedCourse } from "~/courses/catalogue.server";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { answerForm } from "~/quizzes/answer-form.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { t } from "~/i18n/vi";
import { expect, signInAs, test } from "./fixtures";

const SLUG = "an-toan-thong-tin-can-bo";

/** A learner of its own (in canbo's commune), so the other specs' demo accounts are left as they were. */
async function learner(username: string): Promise<number> {
  const existing = await findByIdentifier(username);
  if (existing) return existing.id;
  const canbo = (await findByIdentifier("canbo"))!;
  const created = await createOfficial({
    ho: "Thử",
    dem: "Học",
    ten: username,
    staffCode: username.toUpperCase().replace(/[^A-Z0-9]/g, "-"),
    username,
    email: null,
    unitId: canbo.unitId,
    roles: [{ role: "learner" }],
    since: "2020-01-01",
  });
  return created.id;
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, allowedErrors: [/^request failed: GET \S+\/build\/\S+\.js csp$/] });

  test("a partly blank submission shows the unanswered questions and keeps every answer given; 'Nộp bài' there grades it", async ({
    page,
  }) => {
    await learner("e2e.chuaxong");
    await signInAs(page, "e2e.chuaxong");
    await page.goto(`/courses/${SLUG}/quiz`);
    await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
    const questions = page.locator("fieldset.quiz-question");
    const total = await questions.count();
    expect(total).toBeGreaterThan(2);
    // Answer the first question only, leave the rest blank. The order is drawn per attempt, so the first
    // question may be a short answer (type something) or a choice (tick its first option).
    const firstOption = questions.nth(0).locator("input").first();
    const answered = async () =>
      (await firstOption.getAttribute("type")) === null ? expect(firstOption).not.toHaveValue("") : expect(firstOption).toBeChecked();
    if ((await firstOption.getAttribute("type")) === null) await firstOption.fill("một câu trả lời");
    else await firstOption.check();
    await page.getByRole("button", { name: "Nộp bài" }).click();

    const confirm = page.getByTestId("confirm-submit");
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText(t.quizConfirm.title);
    await expect(confirm).toContainText(`Còn ${total - 1}/${total} câu chưa trả lời`);
    await expect(confirm.locator("li")).toHaveCount(total - 1);
    await answered();
    await expect(page.getByTestId("quiz-score")).toHaveCount(0);

    // "Quay lại làm tiếp" keeps the answer and goes to the first unanswered question.
    await confirm.getByRole("link", { name: "Quay lại làm tiếp" }).click();
    await expect(page).toHaveURL(/#question-1$/);
    await answered();

    await confirm.getByRole("button", { name: "Nộp bài" }).click();
    await expect(page.getByTestId("quiz-score")).toBeVisible();
    await expect(page.getByText(/Kết quả lần làm thứ 1/)).toBeVisible();
  });
});

test("after the last failed attempt the page says what happens next; a trainer grants 2 more and the learner sees them", async ({
  browser,
}) => {
  const learnerId = await learner("e2e.hetluot");
  const course = (await publishedCourse(SLUG))!;
  // Three failed attempts, as the server records them.
  for (let i = 0; i < 3; i++) {
    const r = await startAttempt(learnerId, course.id);
    if (!r.ok) throw new Error(`start refused: ${r.reason}`);
    const a = (await attemptFor(r.token, learnerId))!;
    await submitAttempt(r.token, learnerId, answerForm((await quizFor(a.courseVersionId))!, a.layout, false));
  }
  const learnerPage = await (await browser.newContext()).newPage();
  await signInAs(learnerPage, "e2e.hetluot");
  await learnerPage.goto(`/courses/${SLUG}/quiz`);
  const next = learnerPage.getByTestId("out-of-attempts");
  await expect(next).toContainText("không còn lần làm bài nào");
  await expect(next).toContainText(t.attemptGrants.whatNext);
  // Not both "no attempt left" and "you may take the quiz now" (the dictionary's words, so this cannot
  // pass by matching a string the page never had).
  await expect(learnerPage.getByText(t.quiz.lessonsFirst)).toHaveCount(0);
  await expect(learnerPage.getByRole("button", { name: /Làm lại|Bắt đầu làm bài/ })).toHaveCount(0);

  const trainer = await (await browser.newContext()).newPage();
  await signInAs(trainer, "giangvien");
  await trainer.goto(`/trainer/quizzes/${SLUG}`);
  const form = trainer.getByTestId("grant-form");
  await form.getByLabel("Một người").check();
  await form.getByLabel("Tên đăng nhập hoặc email của người được cấp").fill("e2e.hetluot");
  await form.getByLabel("Số lần cấp thêm").fill("0");
  await form.getByRole("button", { name: "Cấp thêm" }).click();
  await expect(trainer.locator("#grant-count-error")).toHaveText("Số lần cấp thêm phải là số nguyên từ 1 đến 10.");
  await expect(form.getByLabel("Số lần cấp thêm")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Số lần cấp thêm").fill("2");
  await form.getByLabel("Lý do (ghi vào nhật ký)").fill("Mất điện khi làm bài");
  await form.getByRole("button", { name: "Cấp thêm" }).click();
  await expect(trainer.getByTestId("grant-done")).toContainText("Đã cấp thêm 2 lần làm bài cho Thử Học e2e.hetluot.");
  await expect(trainer.getByTestId("grant-list")).toContainText("Mất điện khi làm bài");

  await learnerPage.reload();
  await expect(learnerPage.getByText("Đã làm 3/5 lần")).toBeVisible();
  await expect(learnerPage.getByTestId("attempt-grants")).toContainText(/Được cấp thêm 2 lần làm bài ngày \d{2}\/\d{2}\/\d{4}/);
  await expect(learnerPage.getByRole("button", { name: "Làm lại" })).toBeVisible();
  await expect(learnerPage.getByTestId("out-of-attempts")).toHaveCount(0);
});
