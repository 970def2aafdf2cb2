// Every report route starts here: signed in, a unit id that parses, and the one subtree check.
import { z } from "zod";
import { requireVisibleUnit } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { ancestors, type Unit } from "~/units/tree.server";

const Id = z.coerce.number().int().positive();

export async function requireReportUnit(request: Request, unitIdParam: string | undefined) {
  const user = await requireUser(request);
  const parsed = Id.safeParse(unitIdParam);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const { unit, canSee } = await requireVisibleUnit(user, parsed.data);
  return { user, unit, canSee };
}

/** The breadcrumb above a report: the unit's ancestors, linked only where the viewer may open them. */
export async function reportTrail(unit: Unit, canSee: (unit: Pick<Unit, "path">) => boolean) {
  return (await ancestors(unit)).map((a) => ({ id: a.id, name: a.name, open: canSee(a) }));
}
