// Shared browser-test helpers: mint a session straight into the test database instead of
// clicking through the sign-in form (the form has its own spec).
import { test as base, expect, type Page } from "@playwright/test";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { findByIdentifier } from "~/people/officials.server";

export async function signInAs(page: Page, username: string) {
  const official = findByIdentifier(username);
  if (!official) throw new Error(`no demo account ${username}`);
  const header = await commitSessionCookie(createSession(official.id));
  const value = header.split(";")[0]!.split("=").slice(1).join("=");
  const baseURL = test.info().project.use.baseURL!;
  await page.context().addCookies([{ name: "th_session", value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** Fails the test on any console error or failed request (broken image, missing favicon, CSP block…). */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(err.message));
      await use(errors);
    },
    { auto: true },
  ],
});

export { expect };
