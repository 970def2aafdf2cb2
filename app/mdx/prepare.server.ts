// What trainers paste is Markdown, not MDX: `<5 ngày`, `a < b`, `{họ tên}`, a code block indented
// by four spaces, an autolink `<https://…>`, an HTML comment. MDX reads each of these as the start of
// JSX or a JavaScript expression and refuses the lesson. Before the MDX parser sees a lesson written in
// the browser, this step reads it as plain Markdown (CommonMark + GFM, which runs no code) and rewrites
// only what is certainly text:
//   - in text, `{…}` that is not JavaScript (words, a placeholder, a date pattern) → `\{…\}`;
//     a `{`/`}` without its pair → `\{` / `\}`; a `<` that cannot start a tag (`<5`, `< b`, `<=`) → `\<`;
//   - an indented code block → the same block between ``` fences;
//   - an autolink `<https://…>` → `[https://…](https://…)`;
//   - an HTML comment → removed (its line breaks kept), unless it holds JavaScript.
// Everything else is left as typed, so the gate still parses and checks the result as MDX: this step
// can only turn characters into text, never into code. The gate and the compiler both receive the
// rewritten text, and every position the gate reports is mapped back to the text the trainer typed.
import { parse as parseProgram, type Node as EsNode } from "acorn";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

type Point = { line: number; column: number; offset?: number };
type MdNode = { type: string; url?: string; children?: MdNode[]; position?: { start: Point; end: Point } };
type Edit = { start: number; end: number; text: string };

export type Prepared = {
  /** The text handed to the MDX parser and the compiler. */
  mdx: string;
  /** A position in `mdx` → the same place in what the trainer typed. */
  toSource: (line: number, column: number) => { line: number; column: number };
  /** HTML comments that hold JavaScript (refused: a comment must not hide code). */
  codeComments: { line: number; column: number }[];
};

// Expressions that are plainly words: `{tên}`, `{dd/mm/yyyy}`, `{Hà Nội - Huế}` (when it parses).
const TEXTLIKE = new Set(["Program", "ExpressionStatement", "Identifier", "Literal", "SequenceExpression"]);

function isTextlike(node: EsNode): boolean {
  let ok = true;
  const visit = (n: unknown) => {
    if (!ok || !n || typeof n !== "object") return;
    const e = n as { type?: string; operator?: string };
    if (typeof e.type === "string") {
      const plain = TEXTLIKE.has(e.type) || (e.type === "BinaryExpression" && (e.operator === "/" || e.operator === "-"));
      if (!plain) {
        ok = false;
        return;
      }
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === "loc" || key === "range") continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  visit(node);
  return ok;
}

/** Does `source[open+1 .. close)` read as JavaScript (something MDX would run), not as words? */
function isCodeBetween(source: string, open: number, close: number): boolean {
  const inner = source.slice(open + 1, close);
  if (!inner.trim()) return false;
  return looksLikeCode(inner) || looksLikeCode(`(${inner}\n)`);
}

/** Parses as JavaScript and is more than words: `{1+1}`, `{x = 1}`, `{f()}`, `{a; b}`, not `{họ tên}`. */
function looksLikeCode(text: string): boolean {
  try {
    return !isTextlike(parseProgram(text, { ecmaVersion: "latest" }));
  } catch (error) {
    // Too deep for the parser: treat as code, so the gate refuses it rather than guessing.
    return error instanceof RangeError;
  }
}

const isCodeComment = (body: string) => body.trim() !== "" && looksLikeCode(body);

const isEscaped = (source: string, i: number) => {
  let n = 0;
  for (let j = i - 1; j >= 0 && source[j] === "\\"; j--) n++;
  return n % 2 === 1;
};

const escapeLinkText = (s: string) => s.replace(/[\\`*_{}[\]<>()#!|~]/g, (c) => `\\${c}`);

function collect(tree: MdNode) {
  const texts: [number, number][] = [];
  const codes: MdNode[] = [];
  const autolinks: MdNode[] = [];
  const htmls: MdNode[] = [];
  const walk = (n: MdNode) => {
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if (n.type === "text" && start !== undefined && end !== undefined) texts.push([start, end]);
    else if (n.type === "code") codes.push(n);
    else if (n.type === "html") htmls.push(n);
    else if (n.type === "link") autolinks.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree);
  return { texts, codes, autolinks, htmls };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function offsetToPoint(starts: number[], offset: number) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

export function prepareAuthoredMdx(source: string): Prepared {
  const tree = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).parse(source) as MdNode;
  const { texts, codes, autolinks, htmls } = collect(tree);
  const edits: Edit[] = [];
  const codeComments: { line: number; column: number }[] = [];
  const sourceStarts = lineStarts(source);

  // Indented code blocks (MDX has none: it would read them as paragraphs) → fenced code blocks.
  for (const code of codes) {
    const start = code.position!.start.offset!;
    const end = code.position!.end.offset!;
    const body = source.slice(start, end);
    if (/^\s{0,3}(`{3,}|~{3,})/.test(body)) continue; // already fenced
    const lineStart = source.lastIndexOf("\n", start - 1) + 1;
    const container = source.slice(lineStart, start);
    if (!/^[\s>]*$/.test(container)) continue; // e.g. code on a list marker's line: leave it to MDX
    const prefix = `${container}    `;
    const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    edits.push({ start: lineStart, end: lineStart, text: `${prefix}${fence}\n` });
    edits.push({ start: end, end, text: `\n${prefix}${fence}` });
  }

  // Autolinks <https://…> and <name@domain> → ordinary Markdown links.
  for (const link of autolinks) {
    const start = link.position?.start.offset;
    const end = link.position?.end.offset;
    if (start === undefined || end === undefined || source[start] !== "<" || source[end - 1] !== ">") continue;
    const shown = source.slice(start + 1, end - 1);
    const url = (link.url ?? shown).replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
    edits.push({ start, end, text: `[${escapeLinkText(shown)}](${url})` });
  }

  // HTML comments: removed (line breaks kept so lines stay where they were), unless they hide code.
  for (const html of htmls) {
    const start = html.position?.start.offset;
    const end = html.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    const raw = source.slice(start, end);
    for (const m of raw.matchAll(/<!--([\s\S]*?)-->/g)) {
      const at = start + m.index!;
      // A comment that hides code is refused, and removed like any other so it is reported once.
      if (isCodeComment(m[1]!)) codeComments.push(offsetToPoint(sourceStarts, at));
      edits.push({ start: at, end: at + m[0].length, text: m[0].replace(/[^\n]/g, "") });
    }
  }

  // Braces and stray `<` in text.
  const braces: number[] = [];
  const angles: number[] = [];
  for (const [start, end] of texts) {
    for (let i = start; i < end; i++) {
      const c = source[i];
      if ((c === "{" || c === "}") && !isEscaped(source, i)) braces.push(i);
      else if (c === "<" && !isEscaped(source, i) && !/[A-Za-z_$/>!]/.test(source[i + 1] ?? "")) angles.push(i);
    }
  }
  const stack: number[] = [];
  const pairs: [number, number][] = [];
  const unpaired: number[] = [];
  for (const i of braces) {
    if (source[i] === "{") stack.push(i);
    else if (stack.length > 0) pairs.push([stack.pop()!, i]);
    else unpaired.push(i);
  }
  unpaired.push(...stack);
  pairs.sort((a, b) => a[0] - b[0]);
  // Inside a `{…}` that is code, everything is left as typed for the gate to refuse.
  const kept: [number, number][] = [];
  const inKept = (i: number) => kept.some(([a, b]) => i >= a && i <= b);
  for (const [open, close] of pairs) {
    if (kept.length > 0 && open < kept[kept.length - 1]![1]) continue;
    if (isCodeBetween(source, open, close)) {
      kept.push([open, close]);
      continue;
    }
    edits.push({ start: open, end: open + 1, text: "\\{" }, { start: close, end: close + 1, text: "\\}" });
  }
  for (const i of [...unpaired, ...angles]) {
    if (!inKept(i)) edits.push({ start: i, end: i + 1, text: `\\${source[i]}` });
  }

  // Apply the edits (they never overlap: each kind touches different nodes) and keep the mapping.
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let mdx = "";
  let cursor = 0;
  const segments: { out: number; src: number; length: number; edited: boolean }[] = [];
  for (const e of edits) {
    if (e.start < cursor) continue; // defensive: never apply an overlapping edit
    segments.push({ out: mdx.length, src: cursor, length: e.start - cursor, edited: false });
    mdx += source.slice(cursor, e.start);
    segments.push({ out: mdx.length, src: e.start, length: e.text.length, edited: true });
    mdx += e.text;
    cursor = e.end;
  }
  segments.push({ out: mdx.length, src: cursor, length: source.length - cursor, edited: false });
  mdx += source.slice(cursor);

  const mdxStarts = lineStarts(mdx);
  const toSource = (line: number, column: number) => {
    if (edits.length === 0) return { line, column };
    const offset = (mdxStarts[Math.min(Math.max(line, 1), mdxStarts.length) - 1] ?? 0) + Math.max(column, 1) - 1;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.out <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo]!;
    const src = seg.edited ? seg.src : seg.src + Math.min(offset - seg.out, seg.length);
    return offsetToPoint(sourceStarts, Math.min(src, source.length));
  };
  return { mdx, toSource, codeComments };
}
