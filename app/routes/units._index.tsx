import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { scopeRoot } from "~/auth/permissions.server";
import { forbidden, requireUser } from "~/auth/session.server";

// "/units" opens the top of what the viewer may see.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const root = await scopeRoot(user);
  if (!root) forbidden();
  throw redirect(`/units/${root.id}`);
}

// A page, not a resource route: a refusal shows the Vietnamese error page (a resource route would
// answer the bare "Forbidden" of forbidden()).
export default function Redirecting() {
  return null;
}

export { ErrorBoundary } from "~/ui/error-boundary";
