// Every report route starts here: signed in, a unit id that parses, and the one subtree check.
import { z } from "zod";
import { requireVisibleUnit } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { ancestors, type Unit } from "~/units/tree.server";

const Id = z.coerce.number().int().positive();

export async function requireReportUnit(request: Request, unitIdParam: string | undefined) {
  const { prefetched: _none, ...access } = await requireReportUnitWith(request, unitIdParam, () => Promise.resolve(null));
  return access;
}

/**
 * requireReportUnit, with the page's first reads started at the same time as the unit and its scope
 * check (one round trip instead of two on PostgreSQL). `reads` runs for a signed-in viewer and a valid
 * id only; when the check refuses, its result is dropped unseen (nothing read leaves the server).
 */
export async function requireReportUnitWith<T>(request: Request, unitIdParam: string | undefined, reads: (unitId: number) => Promise<T>) {
  const user = await requireUser(request);
  const parsed = Id.safeParse(unitIdParam);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const early = reads(parsed.data);
  early.catch(() => undefined); // a refused viewer never awaits it: no unhandled rejection
  const { unit, canSee } = await requireVisibleUnit(user, parsed.data);
  return { user, unit, canSee, prefetched: await early };
}

/** The breadcrumb above a report: the unit's ancestors, linked only where the viewer may open them. */
export async function reportTrail(unit: Unit, canSee: (unit: Pick<Unit, "path">) => boolean) {
  return (await ancestors(unit)).map((a) => ({ id: a.id, name: a.name, open: canSee(a) }));
}
