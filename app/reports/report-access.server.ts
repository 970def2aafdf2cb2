// Every report route starts here: signed in, a unit id that parses, and the one subtree check.
import { z } from "zod";
import { requireUnitAccess, visibilityOf } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { ancestors } from "~/units/tree.server";

const Id = z.coerce.number().int().positive();

export async function requireReportUnit(request: Request, unitIdParam: string | undefined) {
  const user = await requireUser(request);
  const parsed = Id.safeParse(unitIdParam);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const unit = await requireUnitAccess(user, parsed.data);
  // Breadcrumbs link only to units the viewer may open.
  // (one scope lookup for the whole trail, and the ancestors read at the same time).
  const [line, canSee] = await Promise.all([ancestors(unit), visibilityOf(user)]);
  const trail = line.map((a) => ({ id: a.id, name: a.name, open: canSee(a) }));
  return { user, unit, trail };
}
