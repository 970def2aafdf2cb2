// The full dry-run report of a kept roster upload, as CSV: every row of every kind, problems first.
// The page shows only the first rows; this recomputes the same plan from the kept file and the
// page's options (encoding, scope, column choices), so nothing large travels in the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { ImportForm, planReportCsv, planUpload, takeUpload } from "~/people/roster-import.server";
import { methodNotAllowed } from "~/ui/resource-errors.server";

/** A download only: a POST gets a Vietnamese 405, not Remix's English JSON. */
export const action = methodNotAllowed;

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  // The page's own options (the same schema as its form).
  const q = ImportForm.parse(Object.fromEntries(params));
  const upload = q.token ? await takeUpload(q.token, user.id) : null;
  if (!upload) return text(t.roster.expired, 404);
  const planned = await planUpload(
    upload,
    { encoding: q.encoding, unitId: q.unitId ?? null, deactivateMissing: q.deactivateMissing === "on" },
    (i) => params.get(`map${i}`),
  );
  if ("message" in planned) return text(planned.message, 400);
  return new Response(planReportCsv(planned.plan), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="chay-thu-danh-sach.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
