// /admin/people.xlsx: the people directory with the page's filters, as an Excel workbook (issue 20 item 5),
// in the page's order (tên, họ, đệm). Administrators only; the export itself is logged. At most
// PEOPLE_EXPORT_MAX people; a capped file says so in its last row.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "~/audit/log.server";
import { requireRole } from "~/auth/session.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { inert } from "~/reports/export.server";
import { peopleForExport } from "~/people/directory.server";
import { parsePeopleQuery } from "~/people/directory-query.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

const PEOPLE_EXPORT_MAX = 100_000;

export const loader = withVietnameseErrors(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = await parsePeopleQuery((k) => url.searchParams.get(k));
  const found = await peopleForExport(query.filter, PEOPLE_EXPORT_MAX);
  const capped = found.length > PEOPLE_EXPORT_MAX;
  const people = found.slice(0, PEOPLE_EXPORT_MAX);
  await audit(user.id, "export.people", "people", "", { filters: query.values, people: people.length });
  // exceljs takes about a second to load: on the first export, not at start-up.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t.peopleAdmin.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: t.units.fullName, key: "name", width: 30 },
    { header: t.units.staffCode, key: "code", width: 14 },
    { header: t.peopleAdmin.username, key: "username", width: 22 },
    { header: t.peopleAdmin.email, key: "email", width: 28 },
    { header: t.units.position, key: "position", width: 28 },
    { header: t.reports.unit, key: "unit", width: 36 },
    { header: t.units.status, key: "status", width: 18 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const p of people)
    sheet.addRow({
      name: inert(p.fullName),
      code: inert(p.staffCode),
      username: inert(p.username),
      email: inert(p.email ?? ""),
      position: inert(p.position),
      unit: inert(p.unit),
      status: p.active ? t.units.active : t.units.inactive,
    });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 7 } };
  if (capped) sheet.addRow({ name: t.peopleAdmin.exportCapped(formatNumber(PEOPLE_EXPORT_MAX)) });
  return new Response(new Uint8Array(await book.xlsx.writeBuffer()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="can-bo.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});
