// Shared browser-test helpers: mint a session straight into the test database instead of
// clicking through the sign-in form (the form has its own spec).
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { parseQuiz } from "~/quizzes/definition.server";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { createOfficial, findByIdentifier } from "~/people/officials.server";

export async function signInAs(page: Page, username: string) {
  const official = await findByIdentifier(username);
  if (!official) throw new Error(`no demo account ${username}`);
  const header = await commitSessionCookie(await createSession(official.id));
  const value = header.split(";")[0]!.split("=").slice(1).join("=");
  const baseURL = test.info().project.use.baseURL!;
  await page.context().addCookies([{ name: "th_session", value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * A learner of the test's own, new on every call (a retry or a second run on the same database gets
 * another), in the unit of a demo account: for a test that changes a learner's state (lessons done,
 * quiz attempts used), so its outcome does not depend on which specs ran before it, and no other spec
 * meets the state it leaves. Returns the username, for signInAs().
 */
export async function newLearner(tag: string, inUnitOf = "canbo"): Promise<string> {
  const demo = await findByIdentifier(inUnitOf);
  if (!demo) throw new Error(`no demo account ${inUnitOf}`);
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const username = `e2e.${tag}.${unique}`;
  await createOfficial({
    ho: "Thử",
    dem: "Học",
    ten: tag,
    staffCode: `E2E-${tag}-${unique}`.toUpperCase(),
    username,
    email: null,
    unitId: demo.unitId,
    roles: [{ role: "learner" }],
    since: "2020-01-01",
  });
  return username;
}

/**
 * Every test fails, in the fixture's teardown, on any console error, page error or failed request
 * (a broken image, a missing favicon, a CSP block, an aborted fetch) — not only the tests that look.
 * A test that provokes an error on purpose (a 403 page) lists it: test.use({ allowedErrors: [/403/] }).
 */
export const test = base.extend<{ consoleErrors: string[]; allowedErrors: RegExp[] }>({
  allowedErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, allowedErrors }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(`console: ${msg.text()} (${msg.location().url})`);
      });
      page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
      page.on("requestfailed", (request) => {
        const failure = request.failure()?.errorText ?? "";
        // A navigation that replaces a still-loading request (a page, a route-manifest fetch) cancels
        // it: that is the browser's doing, not a failure of the app.
        if (failure === "net::ERR_ABORTED") return;
        errors.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
      });
      await use(errors);
      const unexpected = errors.filter((e) => !allowedErrors.some((re) => re.test(e)));
      expect(unexpected, "console errors and failed requests during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Answers the open quiz page like a person would: by reading each question and clicking labels.
 * The test knows the keys from the course's quiz.yaml; the browser never receives them.
 */
export async function answerQuiz(page: Page, slug: string, right: boolean) {
  const parsed = parseQuiz(slug, fs.readFileSync(path.resolve("content/courses", slug, "quiz.yaml"), "utf8"));
  if (!parsed.ok) throw new Error(`quiz of ${slug} does not parse`);
  await expect(page.getByRole("button", { name: "Nộp bài" })).toBeVisible();
  const questions = page.locator("fieldset.quiz-question");
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    const fieldset = questions.nth(i);
    const legend = (await fieldset.locator("legend").innerText()).replace(/\s+/g, " ");
    const q = parsed.quiz.questions.find((x) => legend.includes(x.prompt.replace(/\s+/g, " ")));
    if (!q) throw new Error(`unknown question: ${legend}`);
    if (q.type === "short-text") {
      await fieldset.getByRole("textbox").fill(right ? q.accept[0]! : "không nhớ");
    } else if (q.type === "true-false") {
      await fieldset.getByLabel(q.answer === right ? "Đúng" : "Sai", { exact: true }).check();
    } else {
      const wanted = q.options.filter((o) => o.correct === right).map((o) => o.text);
      for (const text of q.type === "single" || !right ? wanted.slice(0, 1) : wanted) {
        await fieldset.getByLabel(text, { exact: true }).check();
      }
    }
  }
}

/**
 * How much wider than the window the page is (0 when it fits), and the first elements that stick
 * out — outside any box that scrolls sideways on purpose (a wide table's .table-wrap).
 */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollsSideways = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrollsSideways(el))
      .slice(0, 4)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} → ${Math.round(el.getBoundingClientRect().right)}px`,
      );
    return { overflow: document.documentElement.scrollWidth - width, culprits };
  });
}
