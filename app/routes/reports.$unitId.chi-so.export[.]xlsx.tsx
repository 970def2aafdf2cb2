import type { LoaderFunctionArgs } from "@remix-run/node";
import { indicatorXlsx } from "~/indicators/export.server";
import { indicatorReport } from "~/indicators/report.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit } = await requireReportUnit(request, params.unitId);
  const query = reportQuery(new URL(request.url));
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const report = await indicatorReport(unit, query.asOf);
  return new Response(new Uint8Array(await indicatorXlsx(unit.name, report.day, report.blocks)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="chi-so-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});

export const action = methodNotAllowed;
