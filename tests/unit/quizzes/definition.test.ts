import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { publishedCourse } from "~/courses/catalogue.server";
import { syncContent } from "~/courses/sync.server";
import { parseQuiz } from "~/quizzes/definition.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { dropContentCopy, useContentCopy } from "../../support/content";

const root = path.resolve("content/courses");

describe("shipped quizzes", () => {
  test("every course has a valid quiz of at least 8 questions; at least one bank is larger than its draw", () => {
    let biggerBank = false;
    for (const slug of fs.readdirSync(root)) {
      const result = parseQuiz(slug, fs.readFileSync(path.join(root, slug, "quiz.yaml"), "utf8"));
      assert.ok(result.ok, `${slug}: ${JSON.stringify(!result.ok && result.problems)}`);
      assert.ok(result.quiz.questions.length >= 8, slug);
      assert.ok(
        result.quiz.questions.every((q) => q.explanation.length > 20),
        `${slug}: every question explains`,
      );
      if (result.quiz.questions.length > result.quiz.draw) biggerBank = true;
      const types = new Set(result.quiz.questions.map((q) => q.type));
      for (const type of ["single", "multiple", "true-false", "short-text"]) assert.ok(types.has(type as never), `${slug} lacks ${type}`);
    }
    assert.ok(biggerBank);
  });
});

describe("a broken quiz file", () => {
  test("names the file, the question and the reason", () => {
    const text = [
      "passMark: 70",
      "questions:",
      "  - id: mot",
      "    type: single",
      "    prompt: Câu hỏi thứ nhất?",
      "    options:",
      "      - text: A",
      "      - text: B",
      "  - id: hai",
      "    type: true-false",
      "    prompt: Câu hỏi thứ hai?",
      "    answer: true",
    ].join("\n");
    const result = parseQuiz("courses/x/quiz.yaml", text);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      {
        file: "courses/x/quiz.yaml",
        line: 3,
        column: null,
        message: "câu 1 (mot): câu một lựa chọn (single) phải có đúng 1 lựa chọn correct: true",
      },
    ]);
    const yaml = parseQuiz("courses/x/quiz.yaml", "passMark: 70\nquestions: [\n");
    assert.equal(yaml.ok, false);
    assert.match(!yaml.ok ? `${yaml.problems[0]!.line} ${yaml.problems[0]!.message}` : "", /^\d+ YAML không hợp lệ/);
  });

  let file: string;
  let content: string;
  before(async () => {
    file = await useTestDatabase({ seeded: true });
    content = useContentCopy();
  });
  after(async () => {
    await dropTestDatabase(file);
    dropContentCopy(content);
  });

  test("affects only its own course", async () => {
    const quiz = path.join(content, "courses", "an-toan-thong-tin-can-bo", "quiz.yaml");
    fs.writeFileSync(quiz, fs.readFileSync(quiz, "utf8").replace(/type: single/, "type: nhieu-lua-chon"));
    const reports = await syncContent();
    const broken = reports.find((r) => r.slug === "an-toan-thong-tin-can-bo")!;
    assert.equal(broken.status, "broken");
    assert.match(broken.problems[0]!.file, /quiz\.yaml$/);
    assert.match(broken.problems[0]!.message, /^câu 1 \(.+\): type/);
    assert.ok(broken.problems[0]!.line);
    assert.equal(reports.filter((r) => r.status === "broken").length, 1);
    assert.ok(await publishedCourse("dich-vu-cong-truc-tuyen"));
  });
});
