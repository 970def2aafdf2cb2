import { audit } from "~/audit/log.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentPeopleCsv, assignmentUnitsCsv } from "~/reports/assignment-export.server";
import { assignedPeopleSteps, assignmentReport, reportAssignment } from "~/reports/assignment-report.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";
import { t } from "~/i18n/vi";

// Same scope check, same functions, same numbers as the page. Two flat tables for machines: the
// people (default; streamed) or, with ?table=units, the unit and its children.
export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const assignment = await reportAssignment(Number(params.assignmentId));
  if (!assignment) throw new Response(t.errors.notFound, { status: 404 });
  const url = new URL(request.url);
  const query = reportQuery(url);
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const units = url.searchParams.get("table") === "units";
  const report = await assignmentReport(unit, assignment, query.asOf);
  await audit(user.id, "export.assignment", "unit", unit.code, {
    format: units ? "csv-units" : "csv",
    course: assignment.courseTitle,
    asOf: query.asOf,
  });
  const body = units ? assignmentUnitsCsv(report) : assignmentPeopleCsv(report, assignedPeopleSteps(unit, assignment.id, query.asOf));
  const name = `giao-khoa-hoc-${assignment.id}-${units ? "don-vi" : "can-bo"}-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
});

export const action = methodNotAllowed;
