// The one compile path: MDX → (check) → mdx-bundler/esbuild → React render on the server → HTML.
// Browsers receive the HTML only: no compiled code, no `new Function`, no esbuild per request.
// esbuild is memory-hungry, so compiles run one at a time through a queue.
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import type { TocEntry } from "~/db/schema";
import { t } from "~/i18n/vi";
import { remarkLessonCheck, type Problem } from "./check.server";
import { lessonComponents } from "./components";

/** Bump when the components' HTML changes, so stored HTML is rendered again. */
export const PIPELINE_VERSION = "2";

let compiles = 0;
/** How many times esbuild has run in this process (tests prove lesson requests never compile). */
export function compileCount() {
  return compiles;
}

export type Compiled =
  { ok: true; html: string; toc: TocEntry[]; frontmatter: Record<string, unknown>; words: number } | { ok: false; problems: Problem[] };

let queue: Promise<unknown> = Promise.resolve();
function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

type EsbuildMessage = { text: string; location?: { line: number; column: number } | null };

function problemsFromError(error: unknown): Problem[] {
  const messages = (error as { errors?: EsbuildMessage[] }).errors;
  if (Array.isArray(messages) && messages.length > 0) {
    return messages.map((m) => {
      // @mdx-js/esbuild wraps the parser's message: "Cannot process MDX file with esbuild:\n  1:1: … (13:1-13:22)".
      const inner = /(\d+):(\d+)(?:-\d+:\d+)?: ([\s\S]*)$/.exec(m.text);
      if (inner) {
        const range = /\((\d+):(\d+)-\d+:\d+\)\s*$/.exec(inner[3]!);
        return {
          line: Number(range?.[1] ?? inner[1]),
          column: Number(range?.[2] ?? inner[2]),
          message: t.mdxCheck.syntax(inner[3]!.replace(/\s*\(\d+:\d+-\d+:\d+\)\s*$/, "").trim()),
        };
      }
      return {
        line: m.location?.line ?? null,
        column: m.location ? m.location.column + 1 : null,
        message: t.mdxCheck.syntax(m.text),
      };
    });
  }
  const e = error as { line?: number; column?: number; reason?: string; message?: string };
  return [{ line: e.line ?? null, column: e.column ?? null, message: t.mdxCheck.syntax(e.reason ?? e.message ?? String(error)) }];
}

// The compiler (mdx-bundler with esbuild and the remark/rehype plugins) loads on the first compile, not
// at start-up: a server whose content has not changed never compiles, and start-up is measured
// (npm run bench:start).
let compilerLoaded: Promise<{
  bundleMDX: typeof import("mdx-bundler").bundleMDX;
  remarkGfm: typeof import("remark-gfm").default;
  rehypeSlug: typeof import("rehype-slug").default;
}> | null = null;
function compiler() {
  compilerLoaded ??= Promise.all([import("mdx-bundler"), import("remark-gfm"), import("rehype-slug")]).then(([m, gfm, slug]) => ({
    bundleMDX: m.bundleMDX,
    remarkGfm: gfm.default,
    rehypeSlug: slug.default,
  }));
  return compilerLoaded;
}

export type CompileOptions = { dir: string; assetUrl: string; hasImage: (file: string) => boolean };

export function compileLesson(source: string, opts: CompileOptions): Promise<Compiled> {
  return enqueue(async () => {
    compiles++;
    const problems: Problem[] = [];
    let code: string;
    let frontmatter: Record<string, unknown>;
    try {
      const { bundleMDX, remarkGfm, rehypeSlug } = await compiler();
      const result = await bundleMDX({
        source,
        cwd: path.resolve(opts.dir),
        mdxOptions(options) {
          // The check runs first, before mdx-bundler's own plugins add their export of the frontmatter.
          options.remarkPlugins = [
            [remarkLessonCheck, { assetUrl: opts.assetUrl, hasImage: opts.hasImage, problems }],
            ...(options.remarkPlugins ?? []),
            remarkGfm,
          ];
          options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug];
          // Footnotes ([^1]) are labelled in Vietnamese, for screen readers too.
          options.remarkRehypeOptions = {
            ...options.remarkRehypeOptions,
            footnoteLabel: t.mdxGate.footnoteLabel,
            footnoteBackLabel: ((reference: number, again: number) =>
              t.mdxGate.footnoteBackLabel(String(reference + 1), again > 1 ? String(again) : null)) as never,
          };
          // Always production JSX: the HTML is rendered here with the production React runtime,
          // whatever NODE_ENV the server (or `npm run dev`) runs with.
          options.development = false;
          return options;
        },
        esbuildOptions(options) {
          options.minify = false;
          options.logLevel = "silent";
          options.jsxDev = false;
          options.define = { ...options.define, "process.env.NODE_ENV": JSON.stringify("production") };
          options.target = "es2020";
          return options;
        },
      });
      code = result.code;
      frontmatter = result.frontmatter;
    } catch (error) {
      return { ok: false, problems: [...problems, ...problemsFromError(error)] };
    }
    if (problems.length > 0) return { ok: false, problems };
    try {
      const Component = getMDXComponent(code);
      const html = renderToStaticMarkup(createElement(Component, { components: lessonComponents }));
      return { ok: true, html, toc: tableOfContents(html), frontmatter, words: countWords(source) };
    } catch (error) {
      return { ok: false, problems: [{ line: null, column: null, message: t.mdxCheck.renderFailed((error as Error).message) }] };
    }
  });
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .trim();

export function tableOfContents(html: string): TocEntry[] {
  const out: TocEntry[] = [];
  for (const m of html.matchAll(/<h([23]) id="([^"]+)">([\s\S]*?)<\/h\1>/g)) {
    out.push({ depth: Number(m[1]) as 2 | 3, id: m[2]!, text: decode(m[3]!) });
  }
  return out;
}

function countWords(source: string): number {
  const body = source.replace(/^---[\s\S]*?---/, "").replace(/<[^>]+>/g, " ");
  return body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
