// /admin/audit.xlsx: the audit log with the page's filters, as an Excel workbook (issue 20 item 4); times
// as Vietnamese text (dd/mm/yyyy hh:mm, Vietnam time), not as Excel dates, which carry no time zone.
// Administrators only; the export itself is logged. At most AUDIT_EXPORT_MAX entries (the newest).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "~/audit/log.server";
import { auditExport, parseAuditQuery, AUDIT_EXPORT_MAX } from "~/audit/view.server";
import { requireRole } from "~/auth/session.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { badRequest } from "~/ui/form.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireRole(request, "admin");
  const query = parseAuditQuery(new URL(request.url));
  const found = await auditExport(query);
  if (!found) badRequest(Object.values(query.errors)[0] ?? t.errors.badRequest);
  await audit(user.id, "export.audit", "audit", "", { filters: query.filters, entries: found.entries.length });
  // exceljs takes about a second to load: on the first export, not at start-up.
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t.audit.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: t.audit.when, key: "at", width: 20 },
    { header: t.audit.who, key: "who", width: 28 },
    { header: t.audit.what, key: "what", width: 30 },
    { header: t.audit.subject, key: "subject", width: 40 },
    { header: t.audit.detail, key: "detail", width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const e of found.entries)
    sheet.addRow({ at: formatDateTime(e.at), who: e.who, what: e.actionLabel, subject: e.subject, detail: e.detail });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 5 } };
  if (found.capped) sheet.addRow({ at: null, who: t.audit.capped(formatNumber(AUDIT_EXPORT_MAX)) });
  return new Response(new Uint8Array(await book.xlsx.writeBuffer()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="nhat-ky.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});
