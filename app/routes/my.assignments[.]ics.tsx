// /my/assignments.ics: the signed-in learner's own due days as an iCalendar file (issue 15 item 7).
// Only their own assignments; signed out, the login page (requireUser).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { myAssignments } from "~/assignments/assignments.server";
import { assignmentsCalendar } from "~/assignments/calendar.server";
import { requireUser } from "~/auth/session.server";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { methodNotAllowed } from "~/ui/resource-errors.server";

/** A download only: a POST gets a Vietnamese 405. */
export const action = methodNotAllowed;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = assignmentsCalendar({
    officialId: user.id,
    assignments: await myAssignments(user.id, vnToday()),
    origin: new URL(request.url).origin,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${t.assignmentsLearner.calendarFile}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
