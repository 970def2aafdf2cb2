// "Xuất GIFT": the course's draft questions as a GIFT file (UTF-8, special characters escaped), for
// the trainers who may edit the course (issue 14 item 7).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { exportGift } from "~/quizzes/question-bank.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const { course, draft } = await requireEditableCourse(request, params.courseId);
  const text = await exportGift(course.id, draft.meta.title);
  return new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="cau-hoi-khoa-${course.id}.gift"`,
      "Cache-Control": "private, no-store",
    },
  });
});
