import { audit } from "~/audit/log.server";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { assignmentXlsxStream } from "~/reports/assignment-export.server";
import { assignedPeopleSteps, assignmentReport, reportAssignment } from "~/reports/assignment-report.server";
import { reportQuery } from "~/reports/query.server";
import { requireReportUnit } from "~/reports/report-access.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";
import { t } from "~/i18n/vi";

// Same scope check, same functions, same numbers as the page.
export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, unit } = await requireReportUnit(request, params.unitId);
  const assignment = await reportAssignment(Number(params.assignmentId));
  if (!assignment) throw new Response(t.errors.notFound, { status: 404 });
  const query = reportQuery(new URL(request.url));
  if (query.asOfError) throw new Response(query.asOfError, { status: 400 });
  const report = await assignmentReport(unit, assignment, query.asOf);
  await audit(user.id, "export.assignment", "unit", unit.code, { format: "xlsx", course: assignment.courseTitle, asOf: query.asOf });
  return new Response(
    createReadableStreamFromReadable(assignmentXlsxStream(report, assignedPeopleSteps(unit, assignment.id, query.asOf))),
    {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="giao-khoa-hoc-${assignment.id}-${unit.code}${query.asOf ? `-${query.asOf}` : ""}.xlsx"`,
        "Cache-Control": "private, no-store",
      },
    },
  );
});

export const action = methodNotAllowed;
