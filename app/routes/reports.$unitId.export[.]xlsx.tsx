import { audit } from "~/audit/log.server";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { reportXlsxStream } from "~/reports/export.server";
import { peopleBatches } from "~/reports/people.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { unitReport } from "~/reports/unit-report.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

// Written as it is read (exceljs' streaming writer): the province root no longer waits for the whole
// workbook in memory before the first byte.
export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const query = reportQuery(new URL(request.url));
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const report = await unitReport(unit, { asOf: query.asOf, selection: query.selection });
  await audit(user.id, "export.report", "unit", unit.code, { format: "xlsx", asOf: query.asOf });
  const file = reportXlsxStream(report, peopleBatches(unit, report.selection, query.asOf));
  return new Response(createReadableStreamFromReadable(file), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="bao-cao-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});

export const action = methodNotAllowed;
