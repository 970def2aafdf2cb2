import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { normalizeForm } from "~/ui/form.server";
import { discardUpload, keepUpload } from "~/people/roster-import.server";
import { MAX_ROSTER_BYTES, tooBigRequest } from "~/people/upload-limit";

// With JavaScript, the import page sends the file here first (so the browser can show upload
// progress), then runs the dry run with the returned token. Without JavaScript the page posts the
// file itself; both end in the same stored upload.
/** Opened directly (a bookmark, a crawler): the import page is where this belongs. */
export const loader = () => redirect("/admin/import");

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  // An oversized file is refused from its announced length, before any of it is read.
  if (tooBigRequest(request)) return Response.json({ error: t.roster.tooBig }, { status: 413 });
  let form: FormData;
  try {
    form = normalizeForm(
      await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ROSTER_BYTES })),
    );
  } catch (error) {
    const tooBig = error instanceof MaxPartSizeExceededError;
    return Response.json({ error: tooBig ? t.roster.tooBig : t.roster.noFile }, { status: tooBig ? 413 : 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return Response.json({ error: t.roster.noFile }, { status: 400 });
  // The file chosen before (if any) is replaced: a roster is personal data, kept only as needed.
  const previous = form.get("previous");
  if (typeof previous === "string" && previous) await discardUpload(previous, user.id);
  const token = await keepUpload(file.name, new Uint8Array(await file.arrayBuffer()), user.id);
  return Response.json({ token, fileName: file.name });
}
