// Suggestions for a unit picker at national scale (app/units/unit-picker.tsx): up to ten current
// units for the typed text, as JSON, for administrators only. Without JavaScript nothing calls this:
// the form's server resolves the typed text itself.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { suggestUnits } from "~/units/unit-picker.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return Response.json({ suggestions: await suggestUnits(q) }, { headers: { "Cache-Control": "private, no-store" } });
}
