// Every report route starts here: signed in, a unit id that parses, and the one subtree check.
import { z } from "zod";
import { canSeeUnit, requireUnitAccess } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { ancestors } from "~/units/tree.server";

const Id = z.coerce.number().int().positive();

export async function requireReportUnit(request: Request, unitIdParam: string | undefined) {
  const user = await requireUser(request);
  const parsed = Id.safeParse(unitIdParam);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const unit = await requireUnitAccess(user, parsed.data);
  // Breadcrumbs link only to units the viewer may open.
  const trail = await Promise.all((await ancestors(unit)).map(async (a) => ({ id: a.id, name: a.name, open: await canSeeUnit(user, a) })));
  return { user, unit, trail };
}
