// Issue 16 item 1 (docs/decisions/0030): the bell in the header shows the unread count in its name,
// is reached by keyboard, opens /notifications, which lists them at 360 px; "mark all read" and
// opening one (its own button) mark them read — with JavaScript and without.
import { courses } from "~/db/schema";
import { db } from "~/db/client.server";
import { eq } from "drizzle-orm";
import { unreadCount } from "~/notifications/notifications.server";
import { findByIdentifier } from "~/people/officials.server";
import { grantAttempts } from "~/quizzes/grants.server";
import { expect, horizontalOverflow, newLearner, signInAs, test } from "./fixtures";

const SLUG = "chu-ky-so-van-ban-dien-tu";

/** A new learner with at least one notification of their own: extra attempts granted by the administrator. */
async function learnerWithGrant(): Promise<{ username: string; id: number; unread: number }> {
  const username = await newLearner("bell");
  const me = (await findByIdentifier(username))!;
  const admin = (await findByIdentifier("quantri"))!;
  const [course] = await db().select({ id: courses.id }).from(courses).where(eq(courses.slug, SLUG)).limit(1);
  const granted = await grantAttempts(
    { id: admin.id, roles: ["admin"] },
    { courseId: course!.id, target: { officialId: me.id }, count: 2, reason: "" },
  );
  if (!granted.ok) throw new Error(granted.message);
  return { username, id: me.id, unread: await unreadCount(me.id) };
}

const bellName = (n: number) => (n > 0 ? `Thông báo ${n} chưa đọc` : "Thông báo: không có thông báo chưa đọc");

test("at 360 px the bell shows the count, is reached by keyboard, lists the notifications and marks them read", async ({ browser }) => {
  const learner = await learnerWithGrant();
  expect(learner.unread).toBeGreaterThan(0);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signInAs(page, learner.username);
  await page.goto("/");
  const bell = page.getByRole("link", { name: bellName(learner.unread), exact: true });
  await expect(bell).toBeVisible();
  expect((await horizontalOverflow(page)).overflow).toBeLessThanOrEqual(0);

  // Keyboard: Tab from the top of the page reaches the bell; Enter opens the list.
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await bell.evaluate((el) => el === document.activeElement);
  }
  expect(reached, "the bell is reached by Tab").toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { level: 1, name: "Thông báo" })).toBeVisible();
  await expect(page.getByText(/được thêm 2 lượt làm bài kiểm tra của khóa học/)).toBeVisible();
  await expect(page.getByText("Chưa đọc", { exact: false }).first()).toBeVisible();
  expect((await horizontalOverflow(page)).overflow).toBeLessThanOrEqual(0);
  // Looking does not mark them read (GET is safe): the count is the same.
  expect(await unreadCount(learner.id)).toBe(learner.unread);

  await page.getByRole("button", { name: "Đánh dấu tất cả đã đọc" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã đánh dấu các thông báo là đã đọc.");
  await expect(page.getByRole("link", { name: bellName(0), exact: true })).toBeVisible();
  expect(await unreadCount(learner.id)).toBe(0);
  await context.close();
});

test("without JavaScript: opening a notification marks it read and goes to its course", async ({ browser }) => {
  const learner = await learnerWithGrant();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, learner.username);
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: bellName(learner.unread), exact: true })).toBeVisible();
  const item = page.locator("li", { hasText: "được thêm 2 lượt làm bài kiểm tra" });
  await item.getByRole("button", { name: "Mở" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${SLUG}/quiz$`));
  await expect(page.getByRole("link", { name: bellName(learner.unread - 1), exact: true })).toBeVisible();
  expect(await unreadCount(learner.id)).toBe(learner.unread - 1);
  await page.goto("/notifications");
  await expect(page.locator("li", { hasText: "được thêm 2 lượt làm bài kiểm tra" })).toContainText("Đã đọc");
  await context.close();
});
