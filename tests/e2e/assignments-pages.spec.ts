// The assignment pages (issue 15 item 1): an administrator assigns a course with and without
// JavaScript; a refused form keeps what was typed and the next new form starts empty; an edit of the
// due day shows in the history beside the original; a withdrawal (confirmed without JavaScript) takes
// it off the list; a manager of Tân Trụ neither sees nor can assign Tân Thạnh; every page fits 360 px.
import type { Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { createAssignment, withdrawAssignment, type Actor } from "~/assignments/assignments.server";
import { buildAssignments } from "~/assignments/members.server";
import { row, rows } from "~/db/client.server";
import { dayForField } from "~/i18n/dates";
import { addDays, vnToday } from "~/i18n/time";
import { findByIdentifier } from "~/people/officials.server";
import { reportCourses } from "~/reports/unit-report.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, horizontalOverflow, newLearner, signInAs, test } from "./fixtures";

// Refused forms answer 400 and a page of another scope 404: Chromium logs each as a failed resource.
test.use({ allowedErrors: [/Failed to load resource: the server responded with a status of 4\d\d/] });

const TODAY = vnToday();
const created: number[] = [];

async function admin(): Promise<Actor> {
  return { id: (await findByIdentifier("quantri"))!.id, admin: true, scopePath: null };
}

// What these tests assigned is withdrawn afterwards, so no other spec's learners or reports meet it.
test.afterAll(async () => {
  const actor = await admin();
  for (const id of created) await withdrawAssignment(actor, id).catch(() => undefined);
});

const idFromUrl = (page: Page) => Number(/\/assignments\/(\d+)/.exec(page.url())?.[1]);

async function expectEmptyForm(page: Page) {
  await expect(page.locator("#courseId")).toHaveValue("");
  expect(await page.locator("#unitIds option:checked").count()).toBe(0);
  await expect(page.locator("#people")).toHaveValue("");
  await expect(page.locator("#positions")).toHaveValue("");
  expect(await page.locator('input[name="roles"]:checked').count()).toBe(0);
  await expect(page.locator("#startOn")).toHaveValue("");
  await expect(page.locator("#dueOn")).toHaveValue("");
  await expect(page.locator("#graceDays")).toHaveValue("30");
  await expect(page.locator("#note")).toHaveValue("");
  await expect(page.locator(".field-error")).toHaveCount(0);
}

/** Create through the form: first refused (an unknown staff code), then accepted; then the next new form is empty. */
async function createThroughForm(page: Page, tag: string) {
  const course = (await reportCourses()).find((c) => c.slug === "an-toan-thong-tin-can-bo")!;
  const units = [(await getUnitByCode("LA-TTR-NV"))!, (await getUnitByCode("LA-TTR-VHTT"))!];
  const learner = (await findByIdentifier(await newLearner(tag)))!;
  const start = dayForField(addDays(TODAY, 1));
  const due = dayForField(addDays(TODAY, 40));
  const note = `Kế hoạch ${tag}/KH-UBND`;

  await signInAs(page, "quantri");
  await page.goto("/assignments");
  await page.getByRole("link", { name: "Giao khóa học mới" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Giao khóa học mới" })).toBeVisible();
  await expectEmptyForm(page);

  await page.locator("#courseId").selectOption(String(course.id));
  await page.locator("#unitIds").selectOption(units.map((u) => String(u.id)));
  await page.locator("#people").fill(`${learner.staffCode}, KHONG-CO-MA-NAY`);
  await page.locator("#positions").fill("Chuyên viên\nThử nghiệm");
  await page.getByLabel("Học viên", { exact: true }).check();
  await page.locator("#startOn").fill(start);
  await page.locator("#dueOn").fill(due);
  await page.locator("#graceDays").fill("15");
  await page.locator("#note").fill(note);
  await page.getByRole("button", { name: "Giao khóa học" }).click();

  // Refused: the message next to the people box names the unknown code; everything typed is kept.
  await expect(page.locator("#people-error")).toContainText("KHONG-CO-MA-NAY");
  await expect(page.locator("#people-error")).not.toContainText(learner.staffCode);
  await expect(page.locator("#courseId")).toHaveValue(String(course.id));
  expect(await page.locator("#unitIds option:checked").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(
    units.map((u) => String(u.id)),
  );
  await expect(page.locator("#people")).toHaveValue(`${learner.staffCode}, KHONG-CO-MA-NAY`);
  await expect(page.locator("#positions")).toHaveValue("Chuyên viên\nThử nghiệm");
  await expect(page.getByLabel("Học viên", { exact: true })).toBeChecked();
  await expect(page.locator("#startOn")).toHaveValue(start);
  await expect(page.locator("#dueOn")).toHaveValue(due);
  await expect(page.locator("#graceDays")).toHaveValue("15");
  await expect(page.locator("#note")).toHaveValue(note);
  expect(await row(sql`SELECT id FROM assignments WHERE note = ${note}`)).toBeUndefined();

  // Corrected: created, and the detail page shows it.
  await page.locator("#people").fill(learner.staffCode);
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.getByRole("status")).toContainText("Đã giao khóa học");
  const id = idFromUrl(page);
  created.push(id);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(course.title);
  await expect(page.getByTestId("assignment-dates")).toContainText(`Từ ${start}, hạn ${due}`);
  await expect(page.getByTestId("assignment-facts")).toContainText("Phòng Nội vụ huyện Tân Trụ");
  await expect(page.getByTestId("assignment-facts")).toContainText(note);
  const saved = await row<{ graceDays: number; roles: string | string[] }>(
    sql`SELECT grace_days AS "graceDays", roles FROM assignments WHERE id = ${id} AND note = ${note}`,
  );
  expect(Number(saved?.graceDays)).toBe(15);
  // JSON text on SQLite, jsonb (already parsed by the driver) on PostgreSQL.
  expect(typeof saved?.roles === "string" ? JSON.parse(saved.roles) : saved?.roles).toEqual(["learner"]);
  const people = await rows(sql`SELECT official_id FROM assignment_people WHERE assignment_id = ${id}`);
  expect(people).toHaveLength(1);

  // The next new assignment starts empty: nothing of the last one is carried over.
  await page.getByRole("link", { name: "← Danh sách việc giao" }).click();
  await expect(page.locator(`tr[data-assignment-id="${id}"]`)).toBeVisible();
  await page.getByRole("link", { name: "Giao khóa học mới" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Giao khóa học mới" })).toBeVisible();
  await expectEmptyForm(page);
  // And an empty form sent as it is: messages, nothing invented.
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.locator("#courseId-error")).toHaveText(/Chọn một khóa học đã xuất bản/);
  await expect(page.locator("#unitIds-error")).toHaveText(/Chọn ít nhất một đơn vị/);
  await expect(page.locator("#startOn-error")).toBeVisible();
  await expect(page.locator("#courseId")).toHaveValue("");
  await expect(page.locator("#note")).toHaveValue("");
}

test("admin assigns a course WITHOUT JavaScript: an error keeps the typed values, the next new form is empty", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await createThroughForm(page, "asgnojs");
  await context.close();
});

test("admin assigns a course WITH JavaScript: an error keeps the typed values, the next new form is empty", async ({ page }) => {
  await createThroughForm(page, "asgjs");
});

for (const js of [false, true]) {
  test(`${js ? "with" : "without"} JavaScript: editing the due day shows in the history beside the original; withdrawing (confirmed) takes it off the list`, async ({
    browser,
  }) => {
    const course = (await reportCourses()).find((c) => c.slug === "an-toan-thong-tin-can-bo")!;
    const unit = (await getUnitByCode("LA-TTR-VHTT"))!;
    const note = `Sửa và thu hồi ${js ? "js" : "nojs"} ${Date.now()}`;
    const firstDue = addDays(TODAY, 20);
    const id = await createAssignment(await admin(), {
      courseId: course.id,
      unitIds: [unit.id],
      officialIds: [],
      positions: [],
      roles: [],
      startOn: TODAY,
      dueOn: firstDue,
      graceDays: 30,
      note,
    });
    created.push(id);
    await buildAssignments();

    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    await signInAs(page, "quantri");
    await page.goto(`/assignments/${id}`);
    await expect(page.getByTestId("assignment-status")).toHaveText("Đang áp dụng");
    await expect(page.getByRole("link", { name: "Xem báo cáo" })).toHaveAttribute("href", `/reports/${unit.id}/assignments/${id}`);

    // A due day before the start: refused next to the field, what was typed kept.
    const edit = page.getByTestId("edit-assignment");
    await edit.locator("#dueOn").fill(dayForField(addDays(TODAY, -3)));
    await edit.getByRole("button", { name: "Lưu thay đổi" }).click();
    await expect(page.locator("#dueOn-error")).toHaveText(/Hạn hoàn thành phải từ ngày bắt đầu trở đi/);
    await expect(page.locator("#dueOn")).toHaveValue(dayForField(addDays(TODAY, -3)));

    const newDue = addDays(TODAY, 45);
    await page.locator("#dueOn").fill(dayForField(newDue));
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã lưu thay đổi.");
    await expect(page.getByTestId("assignment-dates")).toContainText(`hạn ${dayForField(newDue)}`);
    await expect(page.locator("#dueOn")).toHaveValue(dayForField(newDue));
    const history = page.getByTestId("assignment-history").locator("tbody tr");
    await expect(history).toHaveCount(2);
    await expect(history.nth(0)).toContainText("Tạo");
    await expect(history.nth(0)).toContainText(`hạn ${dayForField(firstDue)}`);
    await expect(history.nth(1)).toContainText("Sửa");
    await expect(history.nth(1).locator("td").nth(3)).toContainText(`hạn ${dayForField(firstDue)}`);
    await expect(history.nth(1).locator("td").nth(4)).toContainText(`hạn ${dayForField(newDue)}`);

    // Withdraw: a confirmation first (a page of its own without JavaScript), then off the list.
    await page.getByRole("link", { name: "Thu hồi việc giao" }).click();
    await expect(page.getByRole("heading", { name: "Thu hồi việc giao này?" })).toBeVisible();
    expect((await row<{ status: string }>(sql`SELECT status FROM assignments WHERE id = ${id}`))?.status).toBe("active");
    await page.getByRole("button", { name: "Xác nhận thu hồi" }).click();
    await expect(page).toHaveURL(/\/assignments\?withdrawn=1$/);
    await expect(page.getByRole("status")).toHaveText("Đã thu hồi việc giao.");
    await expect(page.locator(`tr[data-assignment-id="${id}"]`)).toHaveCount(0);
    await expect(page.getByText(note)).toHaveCount(0);
    // Its page stays, for the record, without the edit form.
    await page.goto(`/assignments/${id}`);
    await expect(page.getByTestId("assignment-status")).toHaveText("Đã thu hồi");
    await expect(page.getByTestId("edit-assignment")).toHaveCount(0);
    await expect(page.getByTestId("assignment-history").locator("tbody tr")).toHaveCount(3);
    await context.close();
  });
}

test("manager of Tân Trụ: no Tân Thạnh assignment, no Tân Thạnh unit offered, a Tân Thạnh unit posted by hand is refused", async ({
  page,
}) => {
  const tanthanh = (await getUnitByCode("LA-TT"))!;
  const tantru = (await getUnitByCode("LA-TTR"))!;
  const oneStop = await row<{ id: number }>(
    sql`SELECT a.id FROM assignments a JOIN assignment_units au ON au.assignment_id = a.id WHERE au.unit_id = ${tanthanh.id} ORDER BY a.id LIMIT 1`,
  );
  expect(oneStop).toBeTruthy();
  const tanthanhIds = (await rows<{ id: number }>(sql`SELECT id FROM units WHERE path LIKE ${tanthanh.path + "%"}`)).map((u) =>
    String(u.id),
  );

  await signInAs(page, "lanhdao.tantru");
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Giao khóa học" }).click();
  await expect(page).toHaveURL(/\/assignments$/);
  await expect(page.locator(`tr[data-assignment-id="${oneStop!.id}"]`)).toHaveCount(0);
  await expect(page.locator("main")).not.toContainText("Tân Thạnh");
  const response = await page.goto(`/assignments/${oneStop!.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy");

  await page.goto("/assignments/new");
  const offered = await page.locator("#unitIds option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(offered.length).toBeGreaterThan(5);
  expect(offered).toContain(String(tantru.id));
  expect(offered.filter((id) => tanthanhIds.includes(id))).toEqual([]);
  await expect(page.locator("#unitIds")).not.toContainText("Tân Thạnh");

  // A Tân Thạnh unit slipped into the form by hand: refused, in Vietnamese, next to the units.
  const course = (await reportCourses())[0]!;
  await page.locator("#courseId").selectOption(String(course.id));
  await page.locator("#unitIds").evaluate((select, id) => {
    const option = document.createElement("option");
    option.value = id;
    option.textContent = "Huyện Tân Thạnh";
    select.appendChild(option);
  }, String(tanthanh.id));
  await page.locator("#unitIds").selectOption(String(tanthanh.id));
  await page.locator("#startOn").fill(dayForField(TODAY));
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.locator("#unitIds-error")).toHaveText(/Anh\/chị chỉ giao được cho đơn vị và người thuộc phạm vi mình phụ trách/);
  expect(
    await row(
      sql`SELECT a.id FROM assignments a JOIN assignment_units au ON au.assignment_id = a.id WHERE au.unit_id = ${tanthanh.id} AND a.id > ${oneStop!.id}`,
    ),
  ).toBeUndefined();

  // And sent without the page at all.
  const posted = await page.request.post("/assignments/new", {
    form: { courseId: String(course.id), unitIds: String(tanthanh.id), startOn: dayForField(TODAY), graceDays: "30" },
  });
  expect(posted.status()).toBe(400);
  expect(await posted.text()).toContain("Anh/chị chỉ giao được cho đơn vị và người thuộc phạm vi mình phụ trách");
});

test("a learner gets 403 on the assignment pages and no link to them", async ({ page }) => {
  await signInAs(page, "canbo");
  await page.goto("/");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Giao khóa học" })).toHaveCount(0);
  for (const url of ["/assignments", "/assignments/new"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
  }
});

test.describe("at 360 px", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the list, the new form with its errors and an assignment with the withdraw confirmation fit the screen", async ({ page }) => {
    const tanthanh = (await getUnitByCode("LA-TT"))!;
    const oneStop = await row<{ id: number }>(
      sql`SELECT a.id FROM assignments a JOIN assignment_units au ON au.assignment_id = a.id WHERE au.unit_id = ${tanthanh.id} ORDER BY a.id LIMIT 1`,
    );
    await signInAs(page, "lanhdao.tanthanh");
    const wide: string[] = [];
    const check = async (what: string) => {
      const { overflow, culprits } = await horizontalOverflow(page);
      if (overflow > 1) wide.push(`${what}: ${overflow}px — ${culprits.join("; ")}`);
    };
    await page.goto("/assignments");
    await expect(page.locator(`tr[data-assignment-id="${oneStop!.id}"]`)).toBeVisible();
    await check("list");
    await page.goto("/assignments/new");
    await page.locator("#people").fill("KHONG-CO-MA-NAY-" + "X".repeat(30));
    await page.getByRole("button", { name: "Giao khóa học" }).click();
    await expect(page.locator("#people-error")).toBeVisible();
    await check("new, with errors");
    await page.goto(`/assignments/${oneStop!.id}?withdraw=1`);
    await expect(page.getByRole("heading", { name: "Thu hồi việc giao này?" })).toBeVisible();
    await check("assignment");
    expect(wide, wide.join("\n")).toEqual([]);
  });
});
