// Issue 16 item 3: "Nhắc người quá hạn" on the assignment report of one unit, with and without
// JavaScript, at 360 px. A manager of Tân Thạnh (the spec's own account) opens a commune's report of the
// overdue one-stop assignment, presses the button, confirms, and reads how many reminders were queued;
// pressing again the same day says when and by whom it was sent; Tân Trụ's manager gets 403 there.
// Each variant takes its own unit not yet reminded today (order independence: decision 0016).
import { sql } from "drizzle-orm";
import { exec, row, rows, transaction } from "~/db/client.server";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, horizontalOverflow, signInAs, test } from "./fixtures";

const NOTE = "Công chức tiếp nhận hồ sơ tại Bộ phận Một cửa các xã, thị trấn huyện Tân Thạnh";

async function manager(tag: string): Promise<{ username: string; name: string }> {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const username = `e2e.remind.${unique}`;
  const demo = (await findByIdentifier("lanhdao.tanthanh"))!;
  await createOfficial({
    ho: "Thử",
    dem: "Nhắc",
    ten: tag,
    staffCode: `E2E-REMIND-${unique}`.toUpperCase(),
    username,
    email: null,
    unitId: demo.unitId,
    roles: [{ role: "learner" }, { role: "manager", scopeUnitId: (await getUnitByCode("LA-TT"))!.id }],
    since: "2020-01-01",
  });
  return { username, name: `Thử Nhắc ${tag}` };
}

/** A child unit of Tân Thạnh with overdue people and no reminder today; `parity` keeps the two variants apart. */
async function unitToRemind(assignmentId: number, parity: number) {
  const district = (await getUnitByCode("LA-TT"))!;
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const since = new Date(`${today}T00:00:00+07:00`).toISOString();
  const candidates = await rows<{ id: number; path: string; name: string }>(sql`
    SELECT u.id, u.path, u.name FROM units u
     WHERE u.parent_id = ${district.id} AND u.valid_to IS NULL
       AND EXISTS (SELECT 1 FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units ou ON ou.id = o.unit_id
                    WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND m.completed_on IS NULL AND m.due_on < ${today}
                      AND o.active AND ou.path LIKE u.path || '%')
     ORDER BY u.id`);
  for (const [i, u] of candidates.entries()) {
    if (i % 2 !== parity) continue;
    const sent = await row(
      sql`SELECT 1 AS x FROM audit_log WHERE action = 'unit-reminder' AND subject_id = ${`${u.id}:${assignmentId}`} AND at >= ${since}`,
    );
    if (!sent) return { ...u, today };
  }
  throw new Error("no unit of Tân Thạnh left to remind today");
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({
      javaScriptEnabled,
      viewport: { width: 360, height: 800 },
      // The 403 at the end is the point (Chromium logs it as a failed resource); without JavaScript the
      // browser refuses the module preloads (CSP).
      // (One pattern: Playwright reads a two-element array option as [value, options].)
      allowedErrors: [
        javaScriptEnabled
          ? /status of 403 \(Forbidden\) \(\S+\/remind\)$/
          : /status of 403 \(Forbidden\) \(\S+\/remind\)$|^request failed: GET \S+\/build\/\S+\.js csp$/,
      ],
    });

    test("a manager reminds a commune's overdue people once a day; again: when and by whom; another district: 403", async ({ page }) => {
      const a = (await row<{ id: number }>(sql`SELECT id FROM assignments WHERE note = ${NOTE}`))!;
      const unit = await unitToRemind(a.id, javaScriptEnabled ? 0 : 1);
      // Two of the unit's overdue people get an address (the demo's officials have none).
      const people = await rows<{ id: number }>(sql`
        SELECT o.id FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
         WHERE m.assignment_id = ${a.id} AND m.left_on IS NULL AND m.completed_on IS NULL AND m.due_on < ${unit.today}
           AND o.active AND u.path LIKE ${unit.path + "%"} ORDER BY o.id LIMIT 2`);
      await transaction(async () => {
        for (const p of people)
          await exec(sql`UPDATE officials SET email = COALESCE(email, ${`e2e.qua-han.${p.id}@xa.taphuan.vn`}) WHERE id = ${p.id}`);
      });

      const me = await manager(javaScriptEnabled ? "Có JS" : "Không JS");
      await signInAs(page, me.username);
      await page.goto(`/reports/${unit.id}/assignments/${a.id}`);
      await page.getByRole("link", { name: "Nhắc người quá hạn" }).click();
      await expect(page).toHaveURL(new RegExp(`/reports/${unit.id}/assignments/${a.id}/remind$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText(unit.name);
      await expect(page.getByTestId("reminder-form")).toContainText(/Gửi thư nhắc tới \d+ người quá hạn/);
      expect((await horizontalOverflow(page)).overflow).toBeLessThanOrEqual(1);
      await page.getByRole("button", { name: "Gửi thư nhắc" }).click();
      await expect(page.getByTestId("reminder-result")).toContainText(/Đã ghi \d+ thư nhắc vào hàng đợi gửi\./);
      await expect(page.getByTestId("reminder-form")).toHaveCount(0);

      // Again the same day: no button, the page says when and by whom.
      await page.goto(`/reports/${unit.id}/assignments/${a.id}/remind`);
      await expect(page.getByTestId("reminder-result")).toContainText(
        new RegExp(`đã được nhắc hôm nay lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}, do ${me.name} gửi`),
      );
      await expect(page.getByRole("button", { name: "Gửi thư nhắc" })).toHaveCount(0);

      // A manager of another district: 403 on the page.
      await signInAs(page, "lanhdao.tantru");
      const refused = await page.goto(`/reports/${unit.id}/assignments/${a.id}/remind`);
      expect(refused?.status()).toBe(403);
    });
  });
}
