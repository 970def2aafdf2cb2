import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { assetBytes } from "~/courses/authoring.server";
import { courseBySlug } from "~/courses/catalogue.server";
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

// Images that sit beside a repo course's lessons. Only plain file names of image types are served:
// no path parts, so nothing outside the course folder (and never quiz.yaml) can be read.
export const loader = withVietnameseErrors(async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const file = params.file ?? "";
  const ext = path.extname(file).toLowerCase();
  if (!SLUG.test(slug) || !/^[a-zA-Z0-9_-][a-zA-Z0-9._-]*$/.test(file) || !IMAGE_EXTENSIONS.includes(ext)) {
    throw new Response("Not Found", { status: 404 });
  }
  // Images uploaded in the app live in the database; repo images beside the lessons.
  const course = courseBySlug(slug);
  let bytes: Uint8Array<ArrayBuffer>;
  let type = TYPES[ext]!;
  if (course?.source === "app") {
    const asset = assetBytes(course.id, file);
    if (!asset) throw new Response("Not Found", { status: 404 });
    bytes = Uint8Array.from(asset.bytes);
    type = asset.mime;
  } else {
    const full = path.join(coursesDir(), slug, file);
    if (!fs.existsSync(full)) throw new Response("Not Found", { status: 404 });
    bytes = Uint8Array.from(fs.readFileSync(full));
  }
  return new Response(bytes, {
    headers: {
      "Content-Type": type,
      "Cache-Control": "public, max-age=3600",
      // An SVG opened directly must not run script.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

export const action = methodNotAllowed;
