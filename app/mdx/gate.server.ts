// The gate for lessons written in the browser. MDX is code, so nothing a trainer types in the editor
// reaches esbuild, let alone runs, until this gate has parsed it as data and found only Markdown and
// the six documented components with literal props. Each rejection names line, column and reason.
// See docs/decisions/0008-authored-mdx-gate.md.
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { remarkLessonCheck, type Problem } from "./check.server";

export const MAX_SOURCE_CHARS = 60_000;
export const MAX_LINES = 3_000;

export type GateOptions = { hasImage: (file: string) => boolean; assetUrl: string };

export function gateAuthoredMdx(source: string, opts: GateOptions): Problem[] {
  if (source.length > MAX_SOURCE_CHARS) {
    return [{ line: 1, column: 1, message: `Bài quá dài (${source.length} ký tự; tối đa ${MAX_SOURCE_CHARS}). Hãy chia thành nhiều bài.` }];
  }
  const lines = source.split("\n").length;
  if (lines > MAX_LINES) return [{ line: MAX_LINES + 1, column: 1, message: `Bài quá dài (${lines} dòng; tối đa ${MAX_LINES}).` }];
  // Deep nesting can exhaust the parser's stack: refuse it before parsing.
  const deep = /^(\s*>){13,}/m.exec(source) ?? /^( {4,}|\t){13,}\S/m.exec(source);
  if (deep) {
    const line = source.slice(0, deep.index).split("\n").length;
    return [{ line, column: 1, message: "Nội dung lồng nhau quá sâu." }];
  }
  const problems: Problem[] = [];
  try {
    const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter).use(remarkGfm);
    const tree = processor.parse(source);
    remarkLessonCheck({ ...opts, problems, strict: true })(tree as never);
  } catch (error) {
    const e = error as { line?: number; column?: number; reason?: string; message?: string; place?: { line?: number; column?: number; start?: { line: number; column: number } } };
    const place = e.place && "start" in e.place ? e.place.start : e.place;
    problems.push({
      line: e.line ?? place?.line ?? 1,
      column: e.column ?? place?.column ?? 1,
      message: error instanceof RangeError ? "Nội dung lồng nhau quá sâu." : `Lỗi cú pháp: ${e.reason ?? e.message ?? String(error)}`,
    });
  }
  return problems.map((p) => ({ line: p.line ?? 1, column: p.column ?? 1, message: p.message }));
}
