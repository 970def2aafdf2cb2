import type { ActionFunctionArgs } from "@remix-run/node";
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { t } from "~/i18n/vi";
import { keepUpload } from "~/people/roster-import.server";

// With JavaScript, the import page sends the file here first (so the browser can show upload
// progress), then runs the dry run with the returned token. Without JavaScript the page posts the
// file itself; both end in the same stored upload.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: 20 * 1024 * 1024 }));
  } catch {
    return Response.json({ error: t.roster.tooBig }, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return Response.json({ error: t.roster.noFile }, { status: 400 });
  const token = keepUpload(file.name, new Uint8Array(await file.arrayBuffer()), user.id);
  return Response.json({ token, fileName: file.name });
}
