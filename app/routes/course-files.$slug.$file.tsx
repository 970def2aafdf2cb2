import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assetBytes } from "~/courses/authoring.server";
import { requireUser } from "~/auth/session.server";
import { courseBySlug, isPublishedCourseFile } from "~/courses/catalogue.server";
import { t } from "~/i18n/vi";
import { coursesDir, SLUG } from "~/courses/sync.server";
import { IMAGE_EXTENSIONS } from "~/mdx/check.server";
import { methodNotAllowed, withVietnameseErrors } from "~/ui/resource-errors.server";

const TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};

const notFound = () => new Response(t.errors.notFound, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

// Images that sit beside a course's lessons. Only plain file names of image types are served: no path
// parts, so nothing outside the course folder (and never quiz.yaml) can be read. Only to a signed-in
// person; images of a course in the making (a draft, an unpublished course, an upload no published
// lesson shows yet) only to trainers and administrators. Everyone else gets the same 404 as for a
// file that does not exist.
export const loader = withVietnameseErrors(async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const slug = params.slug ?? "";
  const file = params.file ?? "";
  const ext = path.extname(file).toLowerCase();
  if (!SLUG.test(slug) || !/^[a-zA-Z0-9_-][a-zA-Z0-9._-]*$/.test(file) || !IMAGE_EXTENSIONS.includes(ext)) {
    throw notFound();
  }
  const course = await courseBySlug(slug);
  if (!course) throw notFound();
  const author = user.roles.includes("trainer") || user.roles.includes("admin");
  if (!author && !(await isPublishedCourseFile(course, file))) throw notFound();
  // Images uploaded in the app live in the database; repo images beside the lessons.
  let bytes: Uint8Array<ArrayBuffer>;
  let type = TYPES[ext]!;
  if (course.source === "app") {
    const asset = await assetBytes(course.id, file);
    if (!asset) throw notFound();
    bytes = Uint8Array.from(asset.bytes);
    type = asset.mime;
  } else {
    const full = path.join(coursesDir(), slug, file);
    if (!fs.existsSync(full)) throw notFound();
    bytes = Uint8Array.from(fs.readFileSync(full));
  }
  return new Response(bytes, {
    headers: {
      "Content-Type": type,
      // Behind a session: no shared cache (a proxy at the commune office) may keep a copy.
      "Cache-Control": "private, max-age=3600",
      // An SVG opened directly must not run script.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

export const action = methodNotAllowed;
