// The content check (issue 21): one voice, one tone-mark style, one date and quote style, quizzes
// that do not give their answers away, banks large enough for their draw, and honest durations.
// It reads the files as shipped (content/courses and app/i18n/vi.ts), no database.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { parseQuiz, type Question, type QuizDefinition } from "~/quizzes/definition.server";

const root = path.resolve("content/courses");
const viFile = path.resolve("app/i18n/vi.ts");
const slugs = fs.readdirSync(root).filter((s) => fs.statSync(path.join(root, s)).isDirectory());

type Text = { file: string; text: string };

/** Every lesson, course.yaml and quiz.yaml of every shipped course, as written. */
function contentFiles(): Text[] {
  return slugs.flatMap((slug) =>
    fs
      .readdirSync(path.join(root, slug))
      .filter((f) => /\.(mdx|ya?ml)$/.test(f))
      .sort()
      .map((f) => ({ file: `${slug}/${f}`, text: fs.readFileSync(path.join(root, slug, f), "utf8") })),
  );
}

/** Line numbers and excerpts of every match, for a message a writer can act on. */
function hits(files: Text[], re: RegExp): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    text.split("\n").forEach((line, i) => {
      for (const m of line.matchAll(re)) out.push(`${file}:${i + 1}: …${line.slice(Math.max(0, m.index - 20), m.index + 25)}…`);
    });
  }
  return out;
}

// "bạn" as a form of address; "bạn bè" (friends) is not one.
const BAN = /(?<!\p{L})[Bb]ạn(?!\p{L})(?! bè)/gu;

// New-style tone placement: in an open syllable ending in oa, oe or uy the old style (legal texts)
// marks the first vowel (hóa, khỏe, thủy); the new style marks the second (hoá, khoẻ, thuỷ). With a
// final consonant or a third vowel (hoàn, thuyền, ngoái, ngoẹo) both styles agree, and "qu" + y
// (quý, quỹ) is a consonant plus y: none of those is flagged.
const NEW_TONES = /(?:[oO][àáảãạÀÁẢÃẠ]|[oO][èéẻẽẹÈÉẺẼẸ]|(?<![qQ])[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\p{L})/gu;

// A date written d/m/yyyy or dd/m/yyyy (law numbers such as 20/2023/QH15 have no day).
const LOOSE_DATE = /(?<![\d/])(?:\d\/\d{1,2}|\d{2}\/\d)\/\d{4}(?![\d/])/g;

function quizOf(slug: string): QuizDefinition {
  const result = parseQuiz(slug, fs.readFileSync(path.join(root, slug, "quiz.yaml"), "utf8"));
  assert.ok(result.ok, `${slug}: ${JSON.stringify(!result.ok && result.problems)}`);
  return result.quiz;
}

const fold = (s: string) =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.;:!?]+$/, "")
    .trim();

/** What a learner must produce or pick to be right: the correct options' texts, or the accepted answers. */
function keysOf(q: Question): string[] {
  if (q.type === "single" || q.type === "multiple") return q.options.filter((o) => o.correct).map((o) => fold(o.text));
  if (q.type === "short-text") return q.accept.map(fold);
  return [];
}

/** What a learner sees before answering: the prompt and every option. */
function shownOf(q: Question): string[] {
  const options = q.type === "single" || q.type === "multiple" ? q.options.map((o) => o.text) : [];
  return [q.prompt, ...options].map(fold);
}

describe("one voice in the courses and the interface", () => {
  test("no lesson, quiz or interface string addresses the learner as “bạn” (anh/chị instead)", () => {
    const found = hits([...contentFiles(), { file: "app/i18n/vi.ts", text: fs.readFileSync(viFile, "utf8") }], BAN);
    assert.deepEqual(found, []);
  });

  test("one tone-mark style, as in legal texts: hóa, khóa, hòa, thủy (never hoá, khoá, hoà, thuỷ)", () => {
    assert.deepEqual("hoá khoá hoà thuỷ toà khoẻ Hoả".match(NEW_TONES)?.length, 7, "the check sees the new style");
    assert.equal("hóa khóa hòa thủy hoàn thuyền ngoái quý quỹ Quỳnh khuya".match(NEW_TONES), null, "and nothing else");
    const found = hits([...contentFiles(), { file: "app/i18n/vi.ts", text: fs.readFileSync(viFile, "utf8") }], NEW_TONES);
    assert.deepEqual(found, []);
  });

  test("dates in lessons and quizzes are dd/mm/yyyy (01/07/2025, not 1/7/2025)", () => {
    assert.equal("01/07/2025 20/2023/QH15 10/10 11/2023".match(LOOSE_DATE), null);
    assert.equal("1/7/2024 01/7/2025 15/8/2022".match(LOOSE_DATE)?.length, 3);
    const files = contentFiles().map(({ file, text }) => {
      if (!file.endsWith("quiz.yaml")) return { file, text };
      // Accepted short answers are what a learner may type: any date style is fine there.
      const quiz = parseYaml(text) as { questions: Record<string, unknown>[] };
      return { file, text: JSON.stringify(quiz.questions.map(({ accept: _accept, ...q }) => q)) };
    });
    assert.deepEqual(hits(files, LOOSE_DATE), []);
  });

  test("one quote style in prose: “…” (straight quotes only inside component tags)", () => {
    const prose = contentFiles().map(({ file, text }) => {
      if (file.endsWith(".mdx")) {
        const body = text
          .replace(/^---\n[\s\S]*?\n---\n/, "")
          .replace(/<[A-Z][^>]*>/g, "")
          .replace(/`[^`]*`/g, "");
        const title = String((parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "") as { title?: string }).title ?? "");
        return { file, text: `${title}\n${body}` };
      }
      return { file, text: JSON.stringify(parseYaml(text), null, 1).replace(/\\"/g, "⟪QUOTE⟫") };
    });
    const found = prose.flatMap(({ file, text }) =>
      file.endsWith(".mdx") ? hits([{ file, text }], /"/g) : hits([{ file, text }], /⟪QUOTE⟫/g),
    );
    assert.deepEqual(found, []);
  });
});

describe("quizzes test understanding, not luck or memory of a number", () => {
  test("no prompt or option shows the key of another item that can be drawn with it, nor a short answer's own key", () => {
    const leaks: string[] = [];
    for (const slug of slugs) {
      const quiz = quizOf(slug);
      // With a draw smaller than the bank any two items may meet; with no draw all of them always do.
      for (const a of quiz.questions) {
        for (const b of quiz.questions) {
          if (a === b) continue;
          for (const key of keysOf(a)) {
            for (const shown of shownOf(b)) {
              if (shown.includes(key)) leaks.push(`${slug}: “${key}” (key of ${a.id}) is shown in ${b.id}: “${shown}”`);
            }
          }
        }
        // A short answer whose every word is already in its own prompt (“mã số gì … giấy biên nhận”).
        if (a.type === "short-text") {
          const prompt = new Set(fold(a.prompt).split(/[^\p{L}\p{N}]+/u));
          for (const key of keysOf(a)) {
            const words = key.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
            if (words.length > 1 && words.every((w) => prompt.has(w))) leaks.push(`${slug}: ${a.id} gives its own answer “${key}” in its prompt`);
          }
        }
      }
    }
    assert.deepEqual(leaks, []);
  });

  test("every course has a bank of at least 10 items and draws at most 80 % of it", () => {
    const small = slugs.flatMap((slug) => {
      const { questions, draw } = quizOf(slug);
      return questions.length >= 10 && draw <= 0.8 * questions.length ? [] : [`${slug}: draws ${draw} of ${questions.length}`];
    });
    assert.deepEqual(small, []);
  });
});

// Reading speed of the rule in content/README.md: about 200 words a minute, one minute per quiz item.
const WORDS_PER_MINUTE = 200;

function words(mdx: string): number {
  const body = mdx.replace(/^---\n[\s\S]*?\n---\n/, "").replace(/<\/?[A-Z][^>]*>/g, " ");
  return (body.match(/[\p{L}\p{N}]+(?:[-'/.,][\p{L}\p{N}]+)*/gu) ?? []).length;
}

describe("honest durations", () => {
  test("declared minutes are within ±30 % of reading time (200 words/min) plus one minute per drawn quiz item", () => {
    const off: string[] = [];
    for (const slug of slugs) {
      const dir = path.join(root, slug);
      let total = 0;
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".mdx"))) {
        const text = fs.readFileSync(path.join(dir, f), "utf8");
        const declared = Number(/^minutes:\s*(\d+)/m.exec(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "")?.[1]);
        const n = words(text);
        total += n;
        const estimate = n / WORDS_PER_MINUTE;
        if (Math.abs(declared - estimate) > Math.max(1, 0.3 * estimate)) {
          off.push(`${slug}/${f}: ${declared} min declared, ${n} words ≈ ${estimate.toFixed(1)} min`);
        }
      }
      const course = parseYaml(fs.readFileSync(path.join(dir, "course.yaml"), "utf8")) as { minutes: number };
      const estimate = total / WORDS_PER_MINUTE + quizOf(slug).draw;
      if (Math.abs(course.minutes - estimate) > 0.3 * estimate) {
        off.push(`${slug}: ${course.minutes} min declared, ${total} words + ${quizOf(slug).draw} items ≈ ${estimate.toFixed(1)} min`);
      }
    }
    assert.deepEqual(off, []);
  });
});
