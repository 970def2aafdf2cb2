// Terms as shared/DOMAIN.md teaches them (issue 21, Fix 1 and Fix 3). Each rule is a function over one
// passage (a lesson paragraph or list item, a quiz prompt, a correct option, an explanation) and is
// tested twice: against every shipped course, and against the wording the courses had before the fix
// (quoted below from commit 806d308^), so a rule that could never fail would show here.
//   1. The portal's tracking code is "mã hồ sơ". "Mã số biên nhận" belongs to the one-stop counter: a
//      passage may name it only while saying so (một cửa / Giấy tiếp nhận / nộp trực tiếp), and a
//      short answer that accepts it must accept "mã hồ sơ" first.
//   2. "Tiếp dân" is receiving complaints and petitions, not the one-stop counter: a passage may use
//      it only while telling the two apart (it names khiếu nại, or says "khác với", "không phải").
//   3. Urgency marks ("Khẩn", "Thượng khẩn", "Hỏa tốc") are legitimate: a passage that quotes one, or
//      lists it among warning signs, says it is legitimate or not a sign; a true/false statement that
//      calls it a sign must be false.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { parseQuiz, type Question } from "~/quizzes/definition.server";

const root = path.resolve("content/courses");
const slugs = fs.readdirSync(root).filter((s) => fs.statSync(path.join(root, s)).isDirectory());

/** A prompt sets a scene or states something to judge; everything else is taught as true. */
type Passage = { where: string; text: string; prompt?: true };

const lower = (s: string) => s.normalize("NFC").toLowerCase();

/** Lesson prose cut into paragraphs; each list item and table row is a passage of its own; a callout's
 *  title line belongs with the paragraph after it. */
function lessonPassages(file: string, text: string): Passage[] {
  const out: Passage[] = [];
  let start = 0;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) out.push({ where: `${file}:${start + 1}`, text: buffer.join(" ") });
    buffer = [];
  };
  text.split("\n").forEach((line, i) => {
    const item = /^\s*(?:[-*]|\d+\.|\|)\s/.test(line);
    const afterTitle = buffer.length === 1 && /^<Callout\b.*title=/.test(buffer[0] ?? "");
    if ((line.trim() === "" && !afterTitle) || item) flush();
    if (line.trim() === "") return;
    if (buffer.length === 0) start = i;
    buffer.push(line.trim());
  });
  flush();
  return out;
}

type Quoted = { where: string; question: Question };

function quizQuestions(slug: string): Quoted[] {
  const file = path.join(root, slug, "quiz.yaml");
  if (!fs.existsSync(file)) return [];
  const parsed = parseQuiz(slug, fs.readFileSync(file, "utf8"));
  assert.ok(parsed.ok, slug);
  return parsed.quiz.questions.map((question) => ({ where: `${slug}/quiz.yaml#${question.id}`, question }));
}

/** A quiz item's prompt, and what it teaches as true: its correct options, its explanation. */
function taughtBy({ where, question: q }: Quoted): Passage[] {
  const texts = [q.explanation ?? ""];
  if (q.type === "single" || q.type === "multiple") texts.push(...q.options.filter((o) => o.correct).map((o) => o.text));
  const taught: Passage[] = texts.filter(Boolean).map((text) => ({ where, text }));
  return [{ where, text: q.prompt, prompt: true }, ...taught];
}

function shippedPassages(): Passage[] {
  return slugs.flatMap((slug) => {
    const dir = path.join(root, slug);
    const lessons = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".mdx"))
      .flatMap((f) => lessonPassages(`${slug}/${f}`, fs.readFileSync(path.join(dir, f), "utf8")));
    const course = parseYaml(fs.readFileSync(path.join(dir, "course.yaml"), "utf8")) as { description?: string };
    const described = course.description ? [{ where: `${slug}/course.yaml`, text: course.description }] : [];
    return [...lessons, ...described, ...quizQuestions(slug).flatMap(taughtBy)];
  });
}

// ---- the rules -------------------------------------------------------------------------------

/** Rule 1: "mã số biên nhận" only as the counter's slip, told apart from the portal's code. */
function receiptCodeMisused(text: string): boolean {
  const t = lower(text);
  if (!/(mã số |mã |số )biên nhận/.test(t)) return false;
  const counter = /một cửa|giấy tiếp nhận|nộp trực tiếp/.test(t);
  const portal = /cổng/.test(t);
  const contrasted = t.includes("mã hồ sơ");
  return portal ? !contrasted : !counter && !contrasted;
}

/** Rule 1, quizzes: a short answer accepting the counter's name accepts the portal's name first. */
function trackingAnswerWrong(accept: string[]): boolean {
  const folded = accept.map(lower);
  if (!folded.some((a) => a.includes("biên nhận"))) return false;
  return folded[0] !== "mã hồ sơ";
}

/** Rule 2: "tiếp dân" only where it is told apart from the one-stop counter. */
function receptionMisused(text: string): boolean {
  const t = lower(text);
  return /tiếp (công )?dân/.test(t) && !/khiếu nại|khác với|không phải/.test(t);
}

const URGENCY_QUOTED = /[“"](khẩn|thượng khẩn|hỏa tốc|hoả tốc)[”"]/;
const LEGITIMATE = /hợp lệ|không phải|không nói|không cho biết|chính thức vẫn/;

/** Rule 3: a quoted urgency mark, or one listed under warning signs, is said to be legitimate. */
function urgencyMisused(text: string): boolean {
  const t = lower(text);
  const asSign = URGENCY_QUOTED.test(t) || (/khẩn/.test(t) && /dấu hiệu|thúc ép|cảnh giác/.test(t));
  return asSign && !LEGITIMATE.test(t);
}

// ---- the rules on the shipped courses --------------------------------------------------------

describe("terms as DOMAIN.md teaches them (issue 21, Fix 1 and 3)", () => {
  const passages = shippedPassages();

  test("the shipped courses are read (the rules have something to check)", () => {
    assert.ok(passages.length > 300, `${passages.length} passages`);
    assert.ok(passages.some((p) => lower(p.text).includes("mã số biên nhận")));
    assert.ok(passages.some((p) => lower(p.text).includes("tiếp dân")));
    assert.ok(passages.some((p) => URGENCY_QUOTED.test(lower(p.text))));
  });

  test("“mã số biên nhận” is named only as the one-stop counter's, never as the portal's code", () => {
    const bad = passages.filter((p) => receiptCodeMisused(p.text)).map((p) => `${p.where}: ${p.text.slice(0, 120)}`);
    assert.deepEqual(bad, []);
  });

  test("a short answer about the tracking code accepts “mã hồ sơ”, the portal's name, first", () => {
    const shortAnswers = slugs.flatMap(quizQuestions).filter(({ question }) => question.type === "short-text");
    const bad = shortAnswers
      .filter(({ question }) => question.type === "short-text" && trackingAnswerWrong(question.accept))
      .map(({ where }) => where);
    assert.deepEqual(bad, []);
    assert.ok(shortAnswers.some(({ question }) => question.type === "short-text" && question.accept.some((a) => a.includes("biên nhận"))));
  });

  test("the one-stop counter is never called “nơi tiếp dân” (tiếp dân is receiving complaints)", () => {
    const bad = passages.filter((p) => receptionMisused(p.text)).map((p) => `${p.where}: ${p.text.slice(0, 120)}`);
    assert.deepEqual(bad, []);
  });

  test("“Khẩn”, “Thượng khẩn”, “Hỏa tốc” are taught as legitimate marks, never as a phishing sign", () => {
    // A prompt may show a marked document (that is the scene); true/false statements are checked below.
    const bad = passages.filter((p) => !p.prompt && urgencyMisused(p.text)).map((p) => `${p.where}: ${p.text.slice(0, 120)}`);
    assert.deepEqual(bad, []);
    const statements = slugs
      .flatMap(quizQuestions)
      .filter(({ question }) => question.type === "true-false" && /khẩn|hỏa tốc/.test(lower(question.prompt)));
    for (const { where, question } of statements) {
      if (question.type !== "true-false") continue;
      if (/dấu hiệu|lừa đảo/.test(lower(question.prompt))) assert.equal(question.answer, false, where);
    }
  });
});

// ---- the rules catch the wording the courses had before the fix (806d308^) -------------------

describe("the term rules catch the wording they were written against", () => {
  test("the old “mã số biên nhận” passages fail rule 1", () => {
    for (const old of [
      "6. **Nộp hồ sơ** và ghi lại **mã số biên nhận**. Đây là mã để theo dõi hồ sơ về sau, vì vậy hãy nhắc người dân chụp màn hình",
      "- Mã số biên nhận là mã để người dân tra cứu, theo dõi hồ sơ đã nộp; cần lưu lại ngay khi nộp xong.",
      "- Hướng dẫn người dân nộp hồ sơ trực tuyến và tra cứu bằng mã số biên nhận.",
      "Khi nộp hồ sơ thành công, người dân nhận được mã số biên nhận; đây là mã để tra cứu và theo dõi",
    ]) {
      assert.equal(receiptCodeMisused(old), true, old);
    }
    assert.equal(trackingAnswerWrong(["mã số biên nhận", "mã biên nhận", "số biên nhận", "biên nhận"]), true);
    assert.equal(trackingAnswerWrong(["mã hồ sơ", "mã số biên nhận"]), false);
    assert.equal(
      receiptCodeMisused("“Mã số biên nhận” ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là của bộ phận một cửa; trên Cổng là mã hồ sơ."),
      false,
    );
  });

  test("calling the counter “nơi tiếp dân” fails rule 2; telling the two apart passes", () => {
    assert.equal(receptionMisused("Hướng dẫn người dân đến nơi tiếp dân của xã để nộp hồ sơ."), true);
    assert.equal(receptionMisused("Gọi quầy một cửa là nơi tiếp dân, khiến người dân khiếu nại và người làm thủ tục cùng xếp một hàng."), false);
  });

  test("the old phishing list with “khẩn” as a sign fails rule 3; the fixed wording passes", () => {
    assert.equal(
      urgencyMisused("- **Giọng thúc ép**: “khẩn”, “tài khoản sẽ bị khóa trong hôm nay”, “xác nhận ngay”, nhằm khiến anh/chị"),
      true,
    );
    assert.equal(urgencyMisused("Một thư có chữ “Hỏa tốc” là dấu hiệu lừa đảo."), true);
    assert.equal(
      urgencyMisused("Văn bản hành chính có thể mang độ khẩn “Khẩn”, “Thượng khẩn”, “Hỏa tốc”: đó là dấu hiệu hợp lệ."),
      false,
    );
  });
});
