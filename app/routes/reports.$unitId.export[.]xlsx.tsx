import { audit } from "~/audit/log.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { reportXlsx } from "~/reports/export.server";
import { peopleInScope } from "~/reports/people.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { unitReport } from "~/reports/unit-report.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const query = reportQuery(new URL(request.url));
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const report = await unitReport(unit, { asOf: query.asOf, selection: query.selection });
  const people = await peopleInScope(unit, report.selection, { asOf: query.asOf });
  await audit(user.id, "export.report", "unit", unit.code, { format: "xlsx", asOf: query.asOf });
  return new Response(new Uint8Array(await reportXlsx(report, people)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="bao-cao-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
});

export const action = methodNotAllowed;
