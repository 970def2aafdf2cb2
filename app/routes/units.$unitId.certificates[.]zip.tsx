// /units/<id>/certificates.zip: the certificates of everyone now in a unit's subtree, as PDFs in one ZIP
// (issue 17 item 1). Managers within their subtree and administrators; outside the scope 403.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "~/audit/log.server";
import { requireUnitAccess } from "~/auth/permissions.server";
import { requireUser } from "~/auth/session.server";
import { certificatesUnder, countCertificatesUnder } from "~/certificates/certificates.server";
import { certificatesZip } from "~/certificates/zip.server";
import { env } from "~/env.server";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const unit = await requireUnitAccess(user, Number(params.unitId));
  // Each PDF is drawn on request: a bounded number per ZIP (CERTIFICATE_ZIP_MAX), read one past it to know.
  const max = env().CERTIFICATE_ZIP_MAX;
  const list = await certificatesUnder(unit.path, max + 1);
  if (list.length > max) {
    const count = await countCertificatesUnder(unit.path);
    throw new Response(t.certificates.zipTooMany(formatNumber(count), formatNumber(max)), { status: 413 });
  }
  const body = await certificatesZip(list);
  await audit(user.id, "export.certificates", "unit", unit.code, { certificates: list.length });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${t.certificates.zipFileName(unit.code)}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
