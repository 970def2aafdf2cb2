// Issue 12 item 4: every Vietnamese UI string lives in app/i18n/vi.ts. This test reads every module
// in app/ with the TypeScript parser and fails on a string literal, template text or JSX text that
// contains a Vietnamese letter outside app/i18n/ — except in the data files and the few data strings
// listed below (names of people and units are data, not interface). Comments and regular expressions
// (patterns that recognise Vietnamese text) are not messages and are not checked.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";

/** Data, not interface: whole files… */
const DATA_FILES: Record<string, string> = {
  "app/demo/data.ts": "demo officials and units",
  "app/demo/reorg-2025.server.ts": "the 2025 example: names of the merged and moved units",
  "app/people/sort-key.ts": "the Vietnamese alphabet's letters, the order of the stored sort key (decision 0038)",
};

/** …and single strings, by file and exact text (never shown to anyone). */
const DATA_STRINGS: Record<string, string[]> = {
  "app/auth/password.server.ts": ["không-phải-mật-khẩu-thật"], // the dummy hashed to keep sign-in timing even
  "app/quizzes/answer-form.server.ts": ["không biết"], // a wrong short answer typed by tests and benchmarks
};

/** Vietnamese letters that ASCII and Latin-1 text do not have (tone marks, ă, ơ, ư, đ…). */
const VIETNAMESE = /[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

export function vietnameseLiterals(file: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    let value: string | null = null;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      value = node.text;
    else if (ts.isJsxText(node)) value = node.text;
    if (value !== null && VIETNAMESE.test(value))
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: value.trim().slice(0, 80) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test("the scanner sees strings, templates and JSX text, not comments or patterns", () => {
  const sample = [
    "// Họ và tên",
    'const a = "Xin chào";',
    "const b = `Bài ${1} đã xong`;",
    "const c = <p>Đăng nhập</p>;",
    "const d = /Nguyễn/;",
    "const e = 'plain';",
  ].join("\n");
  assert.deepEqual(
    vietnameseLiterals("sample.tsx", sample).map((f) => f.line),
    [2, 3, 3, 4],
  );
});

test("no Vietnamese string outside app/i18n/ and the listed data files", () => {
  const offenders: string[] = [];
  for (const file of filesUnder("app")) {
    const rel = file.split(path.sep).join("/");
    if (rel.startsWith("app/i18n/") || rel in DATA_FILES) continue;
    for (const f of vietnameseLiterals(rel, fs.readFileSync(file, "utf8"))) {
      if (!DATA_STRINGS[rel]?.includes(f.text)) offenders.push(`${rel}:${f.line} ${f.text}`);
    }
  }
  assert.deepEqual(offenders, [], `Move these to app/i18n/vi.ts:\n${offenders.join("\n")}`);
});

test("every listed data file still exists (the allow-list cannot rot)", () => {
  for (const file of Object.keys(DATA_FILES)) assert.ok(fs.existsSync(file), `${file} is gone: remove it from DATA_FILES`);
  for (const [file, texts] of Object.entries(DATA_STRINGS)) {
    assert.ok(fs.existsSync(file), `${file} is gone: remove it from DATA_STRINGS`);
    const found = vietnameseLiterals(file, fs.readFileSync(file, "utf8")).map((f) => f.text);
    for (const text of texts) assert.ok(found.includes(text), `${file} no longer has "${text}": remove it from DATA_STRINGS`);
  }
});
