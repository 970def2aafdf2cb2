// The gate for lessons written in the browser. MDX is code, so nothing a trainer types in the editor
// reaches esbuild, let alone runs, until this gate has parsed it as data and found only Markdown and
// the six documented components with literal props. Each rejection names line, column and reason, in
// Vietnamese. What is ordinary Markdown but not MDX (`<5 ngày`, `{họ tên}`, indented code, autolinks,
// comments) is first rewritten as text (app/mdx/prepare.server.ts); the gate checks the rewritten
// text, and that is the text the compiler receives.
// The gate runs in worker threads with a time budget (app/mdx/gate-pool.server.ts); this module is
// the synchronous work itself. See docs/decisions/0008-authored-mdx-gate.md.
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { remarkLessonCheck, type Problem } from "./check.server";
import { MAX_LINES, MAX_SOURCE_CHARS } from "./limits";
import { prepareAuthoredMdx } from "./prepare.server";

export { MAX_LINES, MAX_SOURCE_CHARS };
/** Brackets `[ ( {` open inside one paragraph at the same time. */
export const MAX_BRACKET_DEPTH = 32;

export type GateOptions = { hasImage: (file: string) => boolean; assetUrl: string };
export type GateResult = { problems: Problem[]; mdx: string };
export type Placed = { line: number; column: number; message: string };

const m = t.mdxGate;

/** The parser's English messages, said in Vietnamese. */
export function parserMessage(reason: string): string {
  let match: RegExpExecArray | null;
  if ((match = /^Expected a closing tag for `<([^>`]*)>`/.exec(reason))) return m.unclosedTag(match[1]!);
  if ((match = /^Unexpected closing tag `<\/([^>`]*)>`, expected corresponding closing tag for `<([^>`]*)>`/.exec(reason))) {
    return m.mismatchedTag(match[1]!, match[2]!);
  }
  if (/^Unexpected closing slash/.test(reason)) return m.strayClosingTag;
  if (/closing tag/.test(reason)) return m.badClosingTag;
  if (/acorn|in expression|empty expression|Unexpected lazy line in expression|spread/.test(reason)) return m.badExpression;
  if (/lazy line/i.test(reason)) return m.lazyLine;
  if (/to create a comment in MDX/.test(reason)) return m.badComment;
  if (/to create a link in MDX/.test(reason)) return m.badAutolink;
  if (/^Unexpected (character|end of file)/.test(reason)) return m.badTag;
  return m.syntax;
}

function tooDeep(source: string): number | null {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[" || c === "(" || c === "{") {
      if (++depth > MAX_BRACKET_DEPTH) return i;
    } else if (c === "]" || c === ")" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "\n" && /^[ \t]*(\n|$)/.test(source.slice(i + 1, i + 80))) depth = 0;
  }
  return null;
}

function lineOf(source: string, index: number) {
  const before = source.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

/** The gate: problems (empty when the lesson may be compiled) and the text to compile. */
export function gateAuthored(source: string, opts: GateOptions): GateResult {
  const refuse = (problems: Placed[]): GateResult => ({ problems, mdx: source });
  if (source.length > MAX_SOURCE_CHARS)
    return refuse([{ line: 1, column: 1, message: m.tooLong(formatNumber(source.length), formatNumber(MAX_SOURCE_CHARS)) }]);
  const lines = source.split("\n").length;
  if (lines > MAX_LINES)
    return refuse([{ line: MAX_LINES + 1, column: 1, message: m.tooManyLines(formatNumber(lines), formatNumber(MAX_LINES)) }]);
  // Deep nesting can exhaust the parser's stack or its time: refuse it before parsing.
  const deep = /^(\s*>){13,}/m.exec(source) ?? /^( {4,}|\t){13,}\S/m.exec(source);
  if (deep) return refuse([{ ...lineOf(source, deep.index), column: 1, message: m.tooDeep }]);
  const deepBrackets = tooDeep(source);
  if (deepBrackets !== null) return refuse([{ ...lineOf(source, deepBrackets), message: m.tooManyBrackets(String(MAX_BRACKET_DEPTH)) }]);

  let prepared;
  try {
    prepared = prepareAuthoredMdx(source);
  } catch (error) {
    return refuse([{ line: 1, column: 1, message: error instanceof RangeError ? m.tooDeep : m.syntax }]);
  }
  const { mdx, toSource } = prepared;
  const problems: Placed[] = prepared.codeComments.map((p) => ({ ...p, message: m.codeInComment }));
  const found: Problem[] = [];
  try {
    const processor = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter).use(remarkGfm);
    const tree = processor.parse(mdx);
    remarkLessonCheck({ ...opts, problems: found, strict: true })(tree as never);
  } catch (error) {
    const e = error as {
      line?: number;
      column?: number;
      reason?: string;
      message?: string;
      place?: { line?: number; column?: number; start?: { line: number; column: number } };
    };
    const place = e.place && "start" in e.place ? e.place.start : e.place;
    found.push({
      line: e.line ?? place?.line ?? 1,
      column: e.column ?? place?.column ?? 1,
      message: error instanceof RangeError ? m.tooDeep : parserMessage(String(e.reason ?? e.message ?? "")),
    });
  }
  for (const p of found) problems.push({ ...toSource(p.line ?? 1, p.column ?? 1), message: p.message });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { problems, mdx };
}

/** The problems only (the CLI and tests); the editor goes through the worker pool. */
export function gateAuthoredMdx(source: string, opts: GateOptions): Problem[] {
  return gateAuthored(source, opts).problems;
}
