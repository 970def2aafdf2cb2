// Issue 14 items 3 and 8: the trainer previews the draft quiz exactly as a learner takes it (same
// page component, graded, nothing recorded — the unit test quiz-forms.test.ts counts the rows), and
// the quiz page's layout: legends inside their cards, the sticky "Nộp bài" bar never over the focused
// answer (WCAG 2.2 SC 2.4.11) with the countdown in it, and a focus ring of at least 3:1.
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "./fixtures";

const QUESTIONS = Array.from({ length: 8 }, (_, i) =>
  [
    `  - id: cau-${i + 1}`,
    "    type: single",
    `    prompt: Câu hỏi xem trước số ${i + 1}, về an toàn thông tin khi làm việc với hồ sơ điện tử?`,
    `    options: [{ text: Đúng ${i + 1}, correct: true }, { text: Sai ${i + 1} một }, { text: Sai ${i + 1} hai }]`,
    `    explanation: GIAI-THICH-${i + 1}`,
  ].join("\n"),
);
const QUIZ = [
  "title: Kiểm tra xem trước",
  "passMark: 70",
  "timeLimitMinutes: 15",
  "questions:",
  ...QUESTIONS,
  "  - id: viet-tat",
  "    type: short-text",
  "    prompt: Viết tắt của Dịch vụ công trực tuyến?",
  "    accept: [DVCTT-KHOA]",
  "",
].join("\n");

async function draftQuizWithPreview(page: Page, title: string) {
  await signInAs(page, "giangvien");
  await page.goto("/trainer");
  await page.getByLabel("Tên khóa học", { exact: true }).fill(title);
  await page.getByLabel("Tóm tắt", { exact: true }).fill("Khoá thử xem trước bài kiểm tra.");
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.goto(`${new URL(page.url()).pathname}/quiz`);
  await page.getByText("Sửa dạng văn bản (định dạng quiz.yaml)").click();
  await page.locator("textarea#quiz").fill(QUIZ);
  await page.getByRole("button", { name: "Lưu bài kiểm tra" }).click();
  await expect(page.getByRole("heading", { name: "Câu hỏi (9)" })).toBeVisible();
  await page.getByRole("link", { name: "Xem trước như học viên" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xem trước: Kiểm tra xem trước");
}

for (const javaScript of [true, false]) {
  test.describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: javaScript, allowedErrors: javaScript ? [] : [/^request failed: GET \S+\/build\/\S+\.js csp$/] });

    test("the trainer takes the draft quiz as a learner, no key in the page, and sees the graded result", async ({ page }) => {
      await draftQuizWithPreview(page, `Xem trước bài kiểm tra (${javaScript ? "JS" : "không JS"})`);
      const html = await page.content();
      expect(html).not.toContain("GIAI-THICH");
      expect(html).not.toContain("DVCTT-KHOA");
      expect(html).not.toMatch(/\bcorrect\b/);
      const questions = page.locator("fieldset.quiz-question");
      await expect(questions).toHaveCount(9);
      for (let i = 1; i <= 8; i++) await page.getByLabel(`Đúng ${i}`, { exact: true }).check();
      await page.getByLabel("Nhập câu trả lời ngắn").fill("dvctt-khoa");
      await page.getByRole("button", { name: "Nộp bài" }).click();
      await expect(page.getByRole("heading", { name: "Kết quả xem trước (không được lưu)" })).toBeVisible();
      await expect(page.getByTestId("quiz-score")).toContainText("100%");
      await expect(page.getByText("GIAI-THICH-3", { exact: true })).toBeVisible();
      await expect(page.getByRole("article")).toHaveCount(9);
    });
  });
}

test.describe("at 360 px", () => {
  test.use({ viewport: { width: 360, height: 640 } });

  test("legends sit inside their cards, the bar shows the countdown and never covers the focused answer, the focus ring is ≥ 3:1", async ({
    page,
  }) => {
    await draftQuizWithPreview(page, "Bố cục bài kiểm tra");
    const bar = page.getByTestId("quiz-bar");
    await expect(bar.getByRole("timer")).toContainText(/Còn \d+ phút \d+ giây/);
    await expect(bar.getByRole("button", { name: "Nộp bài" })).toBeVisible();

    const questions = page.locator("fieldset.quiz-question");
    for (let i = 0; i < (await questions.count()); i++) {
      const card = (await questions.nth(i).boundingBox())!;
      const legend = (await questions.nth(i).locator("legend").boundingBox())!;
      expect(legend.y, `question ${i + 1}: legend below the card's top border`).toBeGreaterThan(card.y + 1);
      expect(legend.x).toBeGreaterThan(card.x);
      expect(legend.x + legend.width).toBeLessThanOrEqual(card.x + card.width);
    }

    // Keyboard through every answer: each focused one is clear of the bar.
    // Questions are shuffled: start at the first card's first answer.
    await questions.first().locator("input").first().focus();
    let seen = 0;
    for (let step = 0; step < 15; step++) {
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const barEl = document.querySelector("[data-testid=quiz-bar]")!;
        if (!el || !el.closest("fieldset.quiz-question")) return null;
        const box = el.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, barTop: barEl.getBoundingClientRect().top };
      });
      if (!where) break;
      expect(where.bottom, `focused answer ${step + 1} ends above the "Nộp bài" bar`).toBeLessThanOrEqual(where.barTop);
      expect(where.top).toBeGreaterThanOrEqual(0);
      seen++;
      await page.keyboard.press("Tab");
    }
    expect(seen).toBeGreaterThanOrEqual(9);

    // The focus ring against the card and the page behind it.
    await page.getByLabel("Đúng 1", { exact: true }).focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const ratios = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) =>
        [r!, g!, b!]
          .map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          })
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
      const ratio = (a: string, b: string) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      const card = getComputedStyle(el.closest("fieldset")!).backgroundColor;
      // The page behind the card: the nearest ancestor with a background of its own.
      let behind: Element | null = el.closest("fieldset")!.parentElement;
      while (behind && /rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(behind).backgroundColor)) behind = behind.parentElement;
      const body = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
      return {
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        card: ratio(style.outlineColor, card),
        page: ratio(style.outlineColor, body),
      };
    });
    expect(ratios.style).toBe("solid");
    expect(ratios.width).toBeGreaterThanOrEqual(2);
    expect(ratios.card, "focus ring against the card").toBeGreaterThanOrEqual(3);
    expect(ratios.page, "focus ring against the page").toBeGreaterThanOrEqual(3);
  });
});
