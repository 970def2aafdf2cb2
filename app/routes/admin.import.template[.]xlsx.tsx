// The roster template for administrators (issue 20 item 6): the headers the import expects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { rosterTemplate } from "~/people/roster-template.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireRole(request, "admin");
  return new Response(new Uint8Array(await rosterTemplate()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="mau-danh-sach-can-bo.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});
