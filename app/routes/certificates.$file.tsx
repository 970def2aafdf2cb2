// /certificates/<number>.pdf | .jwt | .json: one certificate as a PDF, as an Open Badges 3.0 VC-JWT, or
// as the credential's JSON (issue 17 items 1 and 5). The person it names, an administrator, or a
// manager whose subtree holds that person now; anyone else (or an unknown number) gets 403, so
// numbers cannot be probed here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isAdmin, requireOfficialAccess } from "~/auth/permissions.server";
import { forbidden, requireUser } from "~/auth/session.server";
import { badgeCredential, badgeJwt } from "~/certificates/badge.server";
import { certificateByNumber } from "~/certificates/certificates.server";
import { NUMBER_SHAPE } from "~/certificates/issue.server";
import { certificatePdf } from "~/certificates/pdf.server";
import { t } from "~/i18n/vi";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

export const action = methodNotAllowed;

export const loader = withVietnameseErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const match = /^(.+)\.(pdf|jwt|json)$/.exec(params.file ?? "");
  if (!match || !NUMBER_SHAPE.test(match[1]!)) throw new Response("Not Found", { status: 404 });
  const [, number, kind] = match as unknown as [string, string, "pdf" | "jwt" | "json"];
  const c = await certificateByNumber(number);
  if (!c) forbidden();
  if (c.officialId !== user.id && !isAdmin(user)) await requireOfficialAccess(user, c.officialId);
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (kind === "pdf") {
    return new Response(new Uint8Array(await certificatePdf(c)), {
      headers: {
        ...headers,
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${t.certificates.fileName(c.number)}"`,
      },
    });
  }
  if (kind === "jwt") {
    return new Response(await badgeJwt(c), {
      headers: {
        ...headers,
        "Content-Type": "application/vc+jwt",
        "Content-Disposition": `attachment; filename="${t.certificates.badgeFileName(c.number)}"`,
      },
    });
  }
  return new Response(JSON.stringify(badgeCredential(c), null, 2), {
    headers: {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${t.certificates.badgeJsonFileName(c.number)}"`,
    },
  });
});
