// /units/<id>/certificates.zip: the certificates of everyone now in a unit's subtree, as PDFs in one ZIP
// (issue 17 item 1). Managers within their subtree and administrators; outside the scope 403.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUnitAccess } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { certificatesUnder } from "~/certificates/certificates.server";
import { certificatesZip } from "~/certificates/zip.server";
import { t } from "~/i18n/vi";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const unit = await requireUnitAccess(user, Number(params.unitId));
  const body = await certificatesZip(await certificatesUnder(unit.path));
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${t.certificates.zipFileName(unit.code)}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
