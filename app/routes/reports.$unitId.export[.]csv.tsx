import { audit } from "~/audit/log.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { peopleCsvStream, unitsCsv } from "~/reports/export.server";
import { peopleBatches } from "~/reports/people.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { unitReport } from "~/reports/unit-report.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

// Same scope check, same report function, same numbers as the page. Two flat tables for machines:
// the people (default; streamed step by step) or, with ?table=units, the unit and its children.
export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const url = new URL(request.url);
  const query = reportQuery(url);
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const units = url.searchParams.get("table") === "units";
  const report = await unitReport(unit, { asOf: query.asOf, selection: query.selection });
  await audit(user.id, "export.report", "unit", unit.code, { format: units ? "csv-units" : "csv", asOf: query.asOf });
  const name = `${units ? "don-vi" : "can-bo"}-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.csv`;
  const body = units ? unitsCsv(report) : peopleCsvStream(report, peopleBatches(unit, report.selection, query.asOf));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
});

export const action = methodNotAllowed;
