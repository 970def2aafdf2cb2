// A remark plugin that runs inside the one compile path and checks a lesson before it becomes code:
// only the allowed components with their documented props, no import/export, no JavaScript
// expressions (except a numeric literal `width`), images that exist beside the lesson.
// Each problem carries the line and column where it was found. Figure sources are rewritten to the
// URL that serves the course's files.
import fs from "node:fs";
import path from "node:path";
import { ALLOWED_PROPS } from "./components";
import { t } from "~/i18n/vi";

export type Problem = { line: number | null; column: number | null; message: string };

type Point = { line: number; column: number };
type Node = {
  type: string;
  name?: string | null;
  value?: unknown;
  attributes?: Attribute[];
  children?: Node[];
  position?: { start: Point };
};
type Attribute = { type: string; name?: string; value?: unknown; position?: { start: Point } };

export const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".webp", ".svg"];

export type CheckOptions = {
  /** Does the course have this image file (beside the lesson, or uploaded)? */
  hasImage: (file: string) => boolean;
  /** URL prefix where those files are served, e.g. "/course-files/<slug>/". */
  assetUrl: string;
  problems: Problem[];
  /** Lessons written in the browser: also no frontmatter and a bounded nesting depth. */
  strict?: boolean;
};

/** Images beside a repo lesson. */
export const imagesIn = (dir: string) => (file: string) => fs.existsSync(path.join(dir, file));

const SAFE_URL = /^(https?:\/\/|mailto:|tel:|#|\/(?!\/))/i;
const MAX_DEPTH = 12;

const M = t.mdxCheck;

const at = (node: { position?: { start: Point } }) => ({
  line: node.position?.start.line ?? null,
  column: node.position?.start.column ?? null,
});

function checkAttributes(node: Node, opts: CheckOptions) {
  const spec = ALLOWED_PROPS[node.name!]!;
  const seen = new Set<string>();
  for (const attr of node.attributes ?? []) {
    if (attr.type !== "mdxJsxAttribute" || !attr.name) {
      opts.problems.push({ ...at(attr.position ? attr : node), message: M.expressionAttribute(node.name ?? "") });
      continue;
    }
    const name = attr.name;
    if (![...spec.required, ...spec.optional].includes(name)) {
      opts.problems.push({
        ...at(attr.position ? attr : node),
        message: M.unknownAttribute(node.name ?? "", name, [...spec.required, ...spec.optional].join(", ") || M.none),
      });
      continue;
    }
    seen.add(name);
    const value = attr.value;
    if (spec.numeric?.includes(name)) {
      const raw = typeof value === "object" && value && "value" in value ? String((value as { value: unknown }).value) : String(value);
      if (!/^\s*\d{1,4}\s*$/.test(raw)) {
        opts.problems.push({ ...at(attr.position ? attr : node), message: M.numericAttribute(name, node.name ?? "") });
      }
      continue;
    }
    if (typeof value !== "string") {
      opts.problems.push({ ...at(attr.position ? attr : node), message: M.stringAttribute(name, node.name ?? "") });
      continue;
    }
    if (node.name === "Figure" && name === "src") attr.value = checkImage(value, node, opts);
    if (/^(javascript|data|vbscript):/i.test(value.trim())) {
      opts.problems.push({ ...at(attr.position ? attr : node), message: M.unsafeAttribute(name) });
    }
    if (node.name === "Callout" && name === "type" && !["note", "tip", "warning"].includes(value)) {
      opts.problems.push({ ...at(node), message: M.calloutType(value) });
    }
  }
  for (const required of spec.required) {
    if (!seen.has(required)) opts.problems.push({ ...at(node), message: M.missingAttribute(node.name ?? "", required) });
  }
}

function checkImage(src: string, node: Node, opts: CheckOptions): string {
  const ext = path.extname(src).toLowerCase();
  if (!/^[a-zA-Z0-9._-]+$/.test(src) || src.startsWith(".")) {
    opts.problems.push({ ...at(node), message: M.imagePath(src) });
    return src;
  }
  if (!IMAGE_EXTENSIONS.includes(ext)) {
    opts.problems.push({ ...at(node), message: M.imageType(src) });
    return src;
  }
  if (!opts.hasImage(src)) {
    opts.problems.push({ ...at(node), message: M.imageMissing(src) });
    return src;
  }
  return opts.assetUrl + src;
}

function walk(node: Node, opts: CheckOptions, depth = 0) {
  if (opts.strict && depth > MAX_DEPTH) {
    opts.problems.push({ ...at(node), message: M.tooDeep(String(MAX_DEPTH)) });
    return;
  }
  switch (node.type) {
    case "yaml":
      if (opts.strict) {
        opts.problems.push({ ...at(node), message: M.noFrontmatter });
        return;
      }
      break;
    case "link":
    case "definition": {
      const url = String((node as { url?: string }).url ?? "");
      if (!SAFE_URL.test(url)) {
        opts.problems.push({ ...at(node), message: M.unsafeLink(url.slice(0, 60)) });
        return;
      }
      break;
    }
    case "image": {
      const img = node as Node & { url?: string; alt?: string | null };
      if (!img.alt || !img.alt.trim()) opts.problems.push({ ...at(node), message: M.imageAlt });
      img.url = checkImage(String(img.url ?? ""), node, opts);
      return;
    }
    case "mdxjsEsm":
      opts.problems.push({ ...at(node), message: M.noImport });
      return;
    case "mdxFlowExpression":
    case "mdxTextExpression":
      opts.problems.push({ ...at(node), message: M.noExpression });
      return;
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      if (!node.name || !ALLOWED_PROPS[node.name]) {
        opts.problems.push({
          ...at(node),
          message: M.unknownComponent(node.name ?? "", Object.keys(ALLOWED_PROPS).join(", ")),
        });
        return;
      }
      checkAttributes(node, opts);
      break;
    case "html":
      opts.problems.push({ ...at(node), message: M.noHtml });
      return;
  }
  for (const child of node.children ?? []) walk(child, opts, depth + 1);
}

export function remarkLessonCheck(opts: CheckOptions) {
  return (tree: Node) => walk(tree, opts);
}
