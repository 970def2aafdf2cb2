// The Excel template for question banks (issue 14 item 7): a sheet with Vietnamese headers and one
// example row per question type, and a sheet of instructions.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEditableCourse } from "~/courses/authoring-access.server";
import { bankTemplate } from "~/quizzes/question-bank.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request, params }: LoaderFunctionArgs) => {
  await requireEditableCourse(request, params.courseId);
  return new Response(new Uint8Array(await bankTemplate()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-cau-hoi.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});
