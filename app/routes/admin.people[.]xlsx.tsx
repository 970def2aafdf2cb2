// /admin/people.xlsx: the people directory with the page's filters, as an Excel workbook (issue 20 item 5),
// in the page's order (tên, họ, đệm). Administrators only; the export itself is logged. Streamed: read in
// keyset steps and written row by row (exceljs' WorkbookWriter, like the report's XLSX: decision 0041),
// so the whole country's directory is one file without the list ever being held in memory.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { audit } from "~/audit/log.server";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { inert, workbookStream } from "~/reports/export.server";
import { countPeople, peopleForExport } from "~/people/directory.server";
import { parsePeopleQuery } from "~/people/directory-query.server";
import { badRequest } from "~/ui/form.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = await parsePeopleQuery((k) => url.searchParams.get(k));
  // A unit filter that names no current unit: not the whole directory instead.
  if (query.unitPick.error) badRequest(query.unitPick.error);
  await audit(user.id, "export.people", "people", "", { filters: query.values, people: await countPeople(query.filter) });
  const file = workbookStream({
    people: {
      sheet: t.peopleAdmin.sheet,
      header: [
        t.units.fullName,
        t.units.staffCode,
        t.peopleAdmin.username,
        t.peopleAdmin.email,
        t.units.position,
        t.reports.unit,
        t.units.status,
      ],
      widths: [30, 14, 22, 28, 28, 36, 18],
      steps: peopleForExport(query.filter),
      cells: async () => (p) => [
        inert(p.fullName),
        inert(p.staffCode),
        inert(p.username),
        inert(p.email ?? ""),
        inert(p.position),
        inert(p.unit),
        p.active ? t.units.active : t.units.inactive,
      ],
    },
  });
  return new Response(createReadableStreamFromReadable(file), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="can-bo.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});
