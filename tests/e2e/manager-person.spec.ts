// A manager opens one official of their subtree (issue 20 item 8): per course the lessons done, the
// quiz attempts and the last activity, and the person's assignments with their state; another
// district's manager gets 403 and none of it.
import { sql } from "drizzle-orm";
import { row } from "~/db/client.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

test.use({ allowedErrors: [/status of 403/] });

/** A demo official of Tân Thạnh with graded attempts and an assignment (the demo's simulated learning). */
async function activePerson() {
  const tt = (await getUnitByCode("LA-TT"))!;
  const upper = tt.path.slice(0, -1) + "0";
  return (await row<{ id: number; ho: string; dem: string; ten: string; attempts: number }>(
    sql`SELECT o.id, o.ho, o.dem, o.ten, (SELECT count(*) FROM quiz_attempts a WHERE a.official_id = o.id AND a.status = 'graded') AS attempts
          FROM officials o JOIN units u ON u.id = o.unit_id
         WHERE o.active AND u.path >= ${tt.path} AND u.path < ${upper}
           AND EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.official_id = o.id AND a.status = 'graded')
           AND EXISTS (SELECT 1 FROM assignment_members m JOIN assignments s ON s.id = m.assignment_id
                        WHERE m.official_id = o.id AND m.left_on IS NULL AND s.status <> 'withdrawn')
         ORDER BY o.id LIMIT 1`,
  ))!;
}

test("the Tân Thạnh manager sees one official's lessons, attempts, last activity and assignments", async ({ page }) => {
  const person = await activePerson();
  const tt = (await getUnitByCode("LA-TT"))!;
  await signInAs(page, "lanhdao.tanthanh");
  await page.goto(`/reports/${tt.id}/officials/${person.id}`);
  const courses = page.getByTestId("official-courses");
  await expect(courses.getByRole("columnheader", { name: "Bài đã học" })).toBeVisible();
  await expect(courses.getByRole("columnheader", { name: "Lần làm bài kiểm tra" })).toBeVisible();
  // Every course shows "done/total"; some course shows a graded attempt "dd/mm/yyyy: N% (đạt|chưa đạt)".
  for (const cell of await page.getByTestId("lessons-done").allTextContents()) expect(cell).toMatch(/^\d+\/\d+$/);
  await expect(courses.getByText(/^\d{2}\/\d{2}\/\d{4}: \d+% \((đạt|chưa đạt)\)$/).first()).toBeVisible();
  const attempts = (await courses.locator("tbody tr td:nth-child(7)").allTextContents()).reduce((n, c) => n + (Number(c) || 0), 0);
  expect(attempts).toBe(Number(person.attempts));
  const assignments = page.getByTestId("official-assignments");
  await expect(assignments.locator("tbody tr").first()).toBeVisible();
  await expect(assignments.locator("tbody tr").first()).toContainText(
    /Hoàn thành đúng hạn|Hoàn thành trễ hạn|Quá hạn|Đang học|Chưa bắt đầu/,
  );
});

test("the Tân Trụ manager gets 403 on a Tân Thạnh official, through either district's URL", async ({ page }) => {
  const person = await activePerson();
  const tt = (await getUnitByCode("LA-TT"))!;
  const ttr = (await getUnitByCode("LA-TTR"))!;
  await signInAs(page, "lanhdao.tantru");
  for (const url of [`/reports/${tt.id}/officials/${person.id}`, `/reports/${ttr.id}/officials/${person.id}`]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    const body = await page.content();
    expect(body).not.toContain(`${person.ho} ${person.dem} ${person.ten}`);
    expect(body).not.toContain("Bài đã học");
  }
});
