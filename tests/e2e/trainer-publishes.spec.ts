import path from "node:path";
import { reportCourses } from "~/reports/unit-report.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, signInAs, test } from "./fixtures";

test("a trainer writes a lesson with a Callout and an uploaded image, previews, publishes; a learner completes it; the manager's report counts it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // The trainer.
  const trainerContext = await browser.newContext();
  const trainer = await trainerContext.newPage();
  await signInAs(trainer, "giangvien");
  await trainer.goto("/trainer");
  await trainer.getByLabel("Tên khóa học", { exact: true }).fill("Sao lưu dữ liệu ở xã");
  await trainer.getByLabel("Tóm tắt", { exact: true }).fill("Cách sao lưu dữ liệu công việc đúng cách.");
  await trainer.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(trainer.getByRole("heading", { level: 1 })).toHaveText("Sao lưu dữ liệu ở xã");

  await trainer.getByLabel("Chọn ảnh", { exact: true }).setInputFiles(path.resolve("tests/fixtures/anh-minh-hoa.png"));
  await trainer.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(trainer.getByRole("status")).toContainText("anh-minh-hoa.png");

  await trainer.getByLabel("Tên bài", { exact: true }).fill("Sao lưu hằng tuần");
  await trainer.getByRole("button", { name: "Thêm bài" }).click();
  await expect(trainer.getByLabel("Nội dung bài (MDX)")).toBeVisible();
  const source = [
    "## Vì sao phải sao lưu",
    "",
    '<Callout type="warning" title="Đừng chủ quan">',
    "",
    "Máy tính hỏng là mất hết dữ liệu chưa sao lưu.",
    "",
    "</Callout>",
    "",
    '<Figure src="anh-minh-hoa.png" alt="Ổ đĩa sao lưu" caption="Hình minh họa" />',
  ].join("\n");
  // First a mistake: the gate names line and column.
  await trainer.getByLabel("Nội dung bài (MDX)").fill(`${source}\n\n<script>alert(1)</script>`);
  await trainer.getByRole("button", { name: "Xem trước" }).click();
  await expect(trainer.getByTestId("gate-problems")).toContainText("Dòng 11, cột 1");
  await trainer.getByLabel("Nội dung bài (MDX)").fill(source);
  await trainer.getByRole("button", { name: "Xem trước" }).click();
  const preview = trainer.getByTestId("preview");
  await expect(preview.locator(".callout--warning")).toContainText("Máy tính hỏng");
  await expect(preview.getByRole("img", { name: "Ổ đĩa sao lưu" })).toBeVisible();
  await expect.poll(() => preview.getByRole("img").evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  await trainer.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(trainer.getByText("Đã lưu.")).toBeVisible();
  await trainer.getByRole("link", { name: /Về khóa học/ }).click();
  await trainer.getByRole("button", { name: "Xuất bản" }).click();
  await expect(trainer.getByRole("status")).toHaveText("Đã xuất bản phiên bản 1.");
  await trainerContext.close();

  // The learner.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInAs(learner, "canbo");
  await learner.goto("/courses?q=sao luu du lieu");
  await learner.getByRole("link", { name: "Sao lưu dữ liệu ở xã" }).click();
  await learner.getByRole("link", { name: "Bắt đầu học" }).click();
  await expect(learner.getByRole("heading", { level: 1 })).toHaveText("Sao lưu hằng tuần");
  await expect(learner.locator(".lesson-body .callout--warning")).toBeVisible();
  await learner.getByRole("button", { name: "Đánh dấu đã học xong bài này" }).click();
  await expect(learner.getByText("Chúc mừng! Anh/chị đã hoàn thành khóa học.")).toBeVisible();
  await learnerContext.close();

  // The manager.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await signInAs(manager, "lanhdao.tanthanh");
  const course = (await reportCourses()).find((c) => c.title === "Sao lưu dữ liệu ở xã")!;
  const commune = (await getUnitByCode("LA-TT-X03"))!;
  await manager.goto(`/reports/${commune.id}?course=${course.id}`);
  await expect(manager.getByTestId("headline").locator('[data-figure="completed"]')).toHaveText("1");
  await managerContext.close();
});
