// Question banks in and out (issue 14 item 7): Moodle's GIFT and Aiken text formats and the Excel
// template read into a dry-run plan (each question that would be added, each refused line with its
// number and a Vietnamese reason), the plan applied to a course's draft quiz all or nothing, and a
// course's questions written back as GIFT. Imported text is plain text: it is stored in the quiz file
// as it is and React escapes it; nothing imported is ever rendered as HTML or MDX.
//
// The GIFT and Aiken readers are our own (docs/decisions/0024-question-bank-formats.md): the npm GIFT
// parsers stop at the first syntax error and give no line per question, and the dry run needs both.
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type ExcelJS from "exceljs";
import { z } from "zod";
import { audit } from "~/audit/log.server";
import { draftQuizText } from "~/courses/authoring.server";
import { lock, transaction } from "~/db/client.server";
import { auditLog, courseDrafts } from "~/db/schema";
import { foldVietnamese, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import "~/i18n/zod";
import { parseQuiz, Question } from "./definition.server";
import { questionId, quizFromText, quizToText } from "./quiz-form.server";

const M = t.quizImport;

/** Limits checked before a file is read: its size, then the number of questions it holds. */
export const MAX_BANK_BYTES = 2 * 1024 * 1024;
export const MAX_BANK_QUESTIONS = 500;
const MAX_OPTIONS = 10;
const LETTERS = "ABCDEF";

export const BANK_FORMATS = ["gift", "aiken", "xlsx"] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

/** One question the file would add: the line (Excel: row) it starts on, its GIFT title if any. */
export type ImportedQuestion = { line: number; title: string | null; question: Question };
/** A refused question or line, or a note (a $CATEGORY line ignored): line number and Vietnamese reason. */
export type BankLine = { line: number; message: string };
export type BankParse = { questions: ImportedQuestion[]; refused: BankLine[]; notes: BankLine[] };

/** What the dry-run page shows and sends back to apply: the parse, the file, and the quiz it was made for. */
export type ImportPlan = BankParse & { format: BankFormat; fileName: string; base: string };

export class BankFileError extends Error {}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Which format a file name suggests (.gift → GIFT, .xlsx → Excel, .txt → Aiken unless it looks like GIFT). */
export function guessFormat(fileName: string, bytes?: Uint8Array): BankFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith(".gift")) return "gift";
  if (name.endsWith(".xlsx")) return "xlsx";
  if (name.endsWith(".txt")) {
    if (!bytes) return "aiken";
    const head = Buffer.from(bytes.subarray(0, 65536)).toString("utf8");
    return /^ANSWER\s*:/im.test(head) ? "aiken" : /[{}]/.test(head) ? "gift" : "aiken";
  }
  return null;
}

/** The text of a .gift/.txt upload: UTF-8 with or without BOM, else a clear Vietnamese refusal. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new BankFileError(M.notUtf8);
  }
}

/**
 * Reads an uploaded file into a plan's parse. The size is checked before anything is decoded or
 * unzipped, and the number of questions before any question is parsed. Throws BankFileError (with a
 * Vietnamese message for the file field) when the whole file is refused.
 */
export async function readBank(fileName: string, bytes: Uint8Array, format: BankFormat): Promise<BankParse> {
  if (bytes.byteLength > MAX_BANK_BYTES) throw new BankFileError(M.tooBig);
  if (bytes.byteLength === 0) throw new BankFileError(M.noFile);
  if (format === "xlsx") return parseExcel(bytes);
  const text = decodeText(bytes);
  return format === "gift" ? parseGift(text) : parseAiken(text);
}

// ---------------------------------------------------------------------------------------------
// GIFT

// Escaped characters become private-use placeholders while the structure is read, then come back.
const ESCAPES: Record<string, string> = {
  "~": "\uE000",
  "=": "\uE001",
  "#": "\uE002",
  "{": "\uE003",
  "}": "\uE004",
  ":": "\uE005",
  "\\": "\uE006",
};
const UNESCAPE = new Map(Object.entries(ESCAPES).map(([c, p]) => [p, c]));
const protect = (s: string) => s.replace(/\\([~=#{}:\\n])/g, (_, c: string) => (c === "n" ? "\n" : ESCAPES[c]!));
const restore = (s: string) => s.replace(/[\uE000-\uE006]/g, (p) => UNESCAPE.get(p)!);

const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[e]!);

/** Plain text of a GIFT fragment: escapes resolved, tags of an [html] text removed, spaces tidied. */
function plain(fragment: string, html: boolean, oneLine: boolean): string {
  let s = restore(fragment);
  if (html) s = decodeEntities(s.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]*>/g, ""));
  s = s
    .split("\n")
    .map((l) => l.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
  return oneLine ? s.replace(/\s*\n\s*/g, " ") : s;
}

type Block = { line: number; text: string };

function giftBlocks(text: string, notes: BankLine[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith("//")) return;
    const category = /^\$CATEGORY\s*:\s*(.*)$/i.exec(trimmed);
    if (category) {
      notes.push({ line, message: M.category(category[1]!.trim()) });
      return;
    }
    if (!trimmed) {
      if (current) blocks.push(current);
      current = null;
      return;
    }
    if (current) current.text += `\n${raw}`;
    else current = { line, text: raw };
  });
  if (current) blocks.push(current);
  return blocks;
}

/** A built question checked by the quiz file's own rules (lengths, options), or the reason it is refused. */
function checked(raw: Record<string, unknown>, line: number, title: string | null): ImportedQuestion | BankLine {
  const parsed = Question.safeParse({ id: `q-${line}`, ...raw });
  if (parsed.success) return { line, title, question: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.filter((p) => typeof p === "string" && p !== "options").join(".");
  return { line, message: field && field !== "prompt" ? `${field}: ${issue.message}` : issue.message };
}

function giftQuestion(block: Block): ImportedQuestion | BankLine {
  const refuse = (message: string): BankLine => ({ line: block.line, message });
  let s = protect(block.text).trim();
  let title: string | null = null;
  const titled = /^::([\s\S]*?)::/.exec(s);
  if (titled) {
    title = plain(titled[1]!, false, true) || null;
    s = s.slice(titled[0].length);
  }
  const marker = /^\s*\[(html|markdown|plain|moodle)\]/i.exec(s);
  const html = marker?.[1]?.toLowerCase() === "html";
  if (marker) s = s.slice(marker[0].length);
  const open = s.indexOf("{");
  if (open < 0) return refuse(M.description);
  const close = s.indexOf("}", open);
  if (close < 0) return refuse(M.unclosed);
  if (s.slice(close + 1).trim()) return refuse(M.missingWord);
  const stem = s.slice(0, open).replace(/^\s*\[(html|markdown|plain|moodle)\]/i, "");
  const prompt = plain(stem, html, false);
  let body = s.slice(open + 1, close);
  let explanation = "";
  const general = body.indexOf("####");
  if (general >= 0) {
    explanation = plain(body.slice(general + 4).replace(/^\s*\[(html|markdown|plain|moodle)\]/i, ""), html, false);
    body = body.slice(0, general);
  }
  body = body.trim();
  const base = { prompt, explanation };
  if (!body) return refuse(M.essay);
  if (body.startsWith("#")) return refuse(M.numeric);
  const tf = /^(T|F|TRUE|FALSE)\s*(#[\s\S]*)?$/i.exec(body);
  if (tf) return checked({ ...base, type: "true-false", answer: tf[1]!.toUpperCase().startsWith("T") }, block.line, title);
  if (/=[^=~]*->/.test(body)) return refuse(M.matching);
  const first = body.search(/[=~]/);
  if (first < 0) return refuse(M.noCorrect);
  const answers: { right: boolean; weight: number | null; text: string }[] = [];
  for (const m of body.slice(first).matchAll(/([=~])([^=~]*)/g)) {
    let raw = m[2]!.replace(/#[\s\S]*$/, ""); // per-answer feedback: dropped (decision 0024)
    let weight: number | null = null;
    const w = /^\s*%([^%]*)%/.exec(raw);
    if (w) {
      weight = Number(w[1]!.replace(",", "."));
      if (!Number.isFinite(weight) || weight < -100 || weight > 100) return refuse(M.badWeight(w[1]!));
      raw = raw.slice(w[0].length);
    }
    answers.push({
      right: m[1] === "=" ? weight === null || weight > 0 : weight !== null && weight > 0,
      weight,
      text: plain(raw, html, true),
    });
  }
  if (!body.includes("~")) {
    // Only "=" answers: a short answer, every one accepted. Partial credit is not something we grade.
    if (answers.some((a) => a.weight !== null && a.weight !== 100)) return refuse(M.shortWeight);
    return checked({ ...base, type: "short-text", accept: answers.map((a) => a.text), ignoreTones: false }, block.line, title);
  }
  const right = answers.filter((a) => a.right).length;
  if (right === 0) return refuse(M.noCorrect);
  if (answers.length < 2) return refuse(M.tooFewOptions);
  if (answers.length > MAX_OPTIONS) return refuse(M.tooManyOptions(String(MAX_OPTIONS)));
  // Several right, or right ones given by "~%w%" weights (Moodle's "several answers"): multiple.
  const weighted = !/=/.test(body) && answers.some((a) => a.weight !== null && a.weight > 0);
  const options = answers.map((a) => ({ text: a.text, correct: a.right }));
  if (right > 1 || weighted) return checked({ ...base, type: "multiple", scoring: "all-or-nothing", options }, block.line, title);
  return checked({ ...base, type: "single", options }, block.line, title);
}

/** GIFT text → questions, refused questions (line + reason) and notes. */
export function parseGift(text: string): BankParse {
  const out: BankParse = { questions: [], refused: [], notes: [] };
  const blocks = giftBlocks(text.replace(/^\uFEFF/, ""), out.notes);
  if (blocks.length > MAX_BANK_QUESTIONS) throw new BankFileError(M.tooMany(formatNumber(MAX_BANK_QUESTIONS)));
  for (const block of blocks) {
    const r = giftQuestion(block);
    if ("question" in r) out.questions.push(r);
    else out.refused.push(r);
  }
  return out;
}

const escapeGift = (s: string) =>
  s
    .replace(/\\/g, "\\\\")
    .replace(/[~=#{}:]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, "\\n");

const weightOf = (n: number) => String(Number((100 / n).toFixed(5)));

/** Questions as GIFT (UTF-8 text; the id as the title; special characters escaped). */
export function toGift(questions: Question[], heading?: string): string {
  const parts: string[] = [];
  if (heading) parts.push(`// ${heading.replace(/\r?\n/g, " ")}`);
  for (const q of questions) {
    const head = `::${escapeGift(q.id)}::${escapeGift(q.prompt)} {`;
    const explanation = q.explanation ? `####${escapeGift(q.explanation)}` : "";
    if (q.type === "true-false") {
      parts.push(`${head}${q.answer ? "TRUE" : "FALSE"}${explanation}}`);
      continue;
    }
    const lines = [head];
    if (q.type === "short-text") lines.push(...q.accept.map((a) => `\t=${escapeGift(a)}`));
    else if (q.type === "single") lines.push(...q.options.map((o) => `\t${o.correct ? "=" : "~"}${escapeGift(o.text)}`));
    else {
      const w = weightOf(q.options.filter((o) => o.correct).length);
      lines.push(...q.options.map((o) => `\t~%${o.correct ? w : "-100"}%${escapeGift(o.text)}`));
    }
    if (explanation) lines.push(`\t${explanation}`);
    lines.push("}");
    parts.push(lines.join("\n"));
  }
  return `${parts.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Aiken

/** Aiken text (question line, "A." / "A)" options, "ANSWER: B") → single-choice questions. */
export function parseAiken(text: string): BankParse {
  const out: BankParse = { questions: [], refused: [], notes: [] };
  type Open = { line: number; prompt: string[]; options: { letter: string; text: string }[]; error: BankLine | null };
  let cur: Open | null = null;
  let count = 0;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (const l of lines) if (/^\s*ANSWER\s*:/i.test(l)) count++;
  if (count > MAX_BANK_QUESTIONS) throw new BankFileError(M.tooMany(formatNumber(MAX_BANK_QUESTIONS)));
  const missing = (q: Open) => out.refused.push(q.error ?? { line: q.line, message: M.missingAnswer });
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s) return;
    const answer = /^ANSWER\s*:\s*(.*)$/i.exec(s);
    const option = /^([A-Z])\s*[.)]\s+(\S.*)$/.exec(s);
    if (answer) {
      if (!cur) return void out.refused.push({ line, message: M.answerWithoutQuestion });
      const q: Open = cur;
      cur = null;
      if (q.error) return void out.refused.push(q.error);
      const letter = answer[1]!.trim().toUpperCase();
      const index = q.options.findIndex((o) => o.letter === letter);
      if (q.options.length < 2) return void out.refused.push({ line: q.line, message: M.tooFewOptions });
      if (index < 0) return void out.refused.push({ line, message: M.answerNotOption(letter || "?") });
      const r = checked(
        { type: "single", prompt: q.prompt.join("\n"), options: q.options.map((o, k) => ({ text: o.text, correct: k === index })) },
        q.line,
        null,
      );
      if ("question" in r) out.questions.push(r);
      else out.refused.push(r);
      return;
    }
    if (option && cur && (cur.options.length > 0 || cur.prompt.length > 0)) {
      const expected = String.fromCharCode(65 + cur.options.length);
      if (option[1] !== expected && !cur.error) cur.error = { line, message: M.optionOrder(expected) };
      cur.options.push({ letter: option[1]!, text: option[2]!.trim() });
      return;
    }
    if (option && !cur) return void out.refused.push({ line, message: M.optionBeforeQuestion });
    if (cur && cur.options.length === 0) {
      cur.prompt.push(s);
      return;
    }
    if (cur) missing(cur);
    cur = { line, prompt: [s], options: [], error: null };
  });
  if (cur) missing(cur);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Excel

const TYPE_WORDS: [RegExp, Question["type"]][] = [
  [/^(mot dap an|mot lua chon|single)/, "single"],
  [/^(nhieu dap an|nhieu lua chon|multiple)/, "multiple"],
  [/^(dung ?\/ ?sai|dung sai|dung-sai|true ?\/ ?false|true-false)/, "true-false"],
  [/^(tra loi ngan|ngan|short)/, "short-text"],
];

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result as string | number);
    if ("error" in value) return "";
    return "";
  }
  return String(value);
}

/** exceljs takes about a second to load: on the first workbook, not at start-up (npm run bench:start). */
async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}

/** The template's first sheet → questions; each refused row with its Excel row number. */
export async function parseExcel(bytes: Uint8Array): Promise<BankParse> {
  if (bytes.byteLength > MAX_BANK_BYTES) throw new BankFileError(M.tooBig);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new BankFileError(M.notXlsx);
  const book = new (await loadExcel()).Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new BankFileError(M.xlsxBroken);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new BankFileError(M.xlsxHeaders);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const name = foldVietnamese(cellText(cell.value));
    if (name.startsWith("loai")) columns.set("type", col);
    else if (name === "cau hoi" || name.startsWith("noi dung")) columns.set("prompt", col);
    else if (name.startsWith("dap an")) columns.set("correct", col);
    else if (name.startsWith("giai thich")) columns.set("explanation", col);
    else {
      const letter = /^lua chon ([a-f])$/.exec(name)?.[1];
      if (letter) columns.set(letter.toUpperCase(), col);
    }
  });
  if (!columns.has("type") || !columns.has("prompt") || !columns.has("correct")) throw new BankFileError(M.xlsxHeaders);
  const out: BankParse = { questions: [], refused: [], notes: [] };
  const filled: { row: number; get: (key: string) => string }[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const get = (key: string) => {
      const col = columns.get(key);
      return col ? cellText(row.getCell(col).value).normalize("NFC").trim() : "";
    };
    if ([...columns.keys()].every((k) => get(k) === "")) return;
    filled.push({ row: number, get });
  });
  if (filled.length > MAX_BANK_QUESTIONS) throw new BankFileError(M.tooMany(formatNumber(MAX_BANK_QUESTIONS)));
  for (const { row, get } of filled) {
    const refuse = (message: string) => out.refused.push({ line: row, message });
    const typeText = get("type");
    const type = TYPE_WORDS.find(([re]) => re.test(foldVietnamese(typeText)))?.[1];
    if (!type) {
      refuse(M.unknownType(typeText));
      continue;
    }
    const prompt = get("prompt");
    if (!prompt) {
      refuse(M.noPrompt);
      continue;
    }
    const explanation = get("explanation");
    const correct = get("correct");
    let raw: Record<string, unknown>;
    if (type === "true-false") {
      const v = foldVietnamese(correct);
      const answer = ["dung", "d", "true", "t", "x"].includes(v) ? true : ["sai", "s", "false", "f"].includes(v) ? false : null;
      if (answer === null) {
        refuse(M.badTrueFalse(correct));
        continue;
      }
      raw = { type, prompt, explanation, answer };
    } else if (type === "short-text") {
      const accept = correct
        .split(/[;\n]/)
        .map((a) => a.trim())
        .filter(Boolean);
      if (accept.length === 0) {
        refuse(M.noAccept);
        continue;
      }
      raw = { type, prompt, explanation, accept, ignoreTones: false };
    } else {
      const options = [...LETTERS].map((letter) => ({ letter, text: get(letter) })).filter((o) => o.text);
      const letters = correct
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean);
      if (letters.length === 0) {
        refuse(M.noCorrect);
        continue;
      }
      if (letters.some((l) => !options.some((o) => o.letter === l))) {
        refuse(M.badLetters(correct));
        continue;
      }
      if (type === "single" && new Set(letters).size > 1) {
        refuse(M.singleMany);
        continue;
      }
      if (options.length < 2) {
        refuse(M.tooFewOptions);
        continue;
      }
      raw = {
        type,
        prompt,
        explanation,
        ...(type === "multiple" ? { scoring: "all-or-nothing" } : {}),
        options: options.map((o) => ({ text: o.text, correct: letters.includes(o.letter) })),
      };
    }
    const r = checked(raw, row, null);
    if ("question" in r) out.questions.push(r);
    else out.refused.push(r);
  }
  return out;
}

/** The Excel template: the questions sheet (Vietnamese headers, one example row per type) and instructions. */
export async function bankTemplate(): Promise<Buffer> {
  const book = new (await loadExcel()).Workbook();
  book.creator = t.app.name;
  const sheet = book.addWorksheet(M.sheet);
  const H = M.headers;
  const E = M.examples;
  const names = M.typeNames;
  sheet.columns = [
    { header: H.type, width: 16 },
    { header: H.prompt, width: 50 },
    ...[...LETTERS].map((l) => ({ header: H.option(l), width: 24 })),
    { header: H.correct, width: 16 },
    { header: H.explanation, width: 40 },
  ];
  const blank = ["", "", "", "", "", ""];
  const opts = (list: string[]) => [...list, ...blank].slice(0, LETTERS.length);
  sheet.addRow([names.single, E.single, ...opts(E.singleOptions), "B", E.singleExplanation]);
  sheet.addRow([names.multiple, E.multiple, ...opts(E.multipleOptions), "A, C", E.multipleExplanation]);
  sheet.addRow([names["true-false"], E.trueFalse, ...blank, M.trueWord, ""]);
  sheet.addRow([names["short-text"], E.shortText, ...blank, E.shortAccept, ""]);
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const help = book.addWorksheet(M.sheetHelp);
  help.getColumn(1).width = 120;
  help.addRow([M.title]).font = { bold: true };
  for (const line of M.help) help.addRow([line]).alignment = { wrapText: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Plan and apply

/** A fingerprint of the draft quiz a plan was made for: apply refuses a plan made for another state. */
export const quizFingerprint = (text: string) => sha256(text);

/** The plan's identity: the quiz it was made for and the questions it adds. */
export const planToken = (plan: Pick<ImportPlan, "base" | "questions">) => sha256(`${plan.base}\n${JSON.stringify(plan.questions)}`);

/** Reads an upload into a plan for the course's current draft quiz. */
export async function planImport(courseId: number, fileName: string, bytes: Uint8Array, format: BankFormat): Promise<ImportPlan> {
  const parse = await readBank(fileName, bytes, format);
  if (parse.questions.length === 0 && parse.refused.length === 0) throw new BankFileError(M.empty);
  return { ...parse, format, fileName, base: quizFingerprint(await draftQuizText(courseId)) };
}

const Line = z.object({ line: z.number().int(), message: z.string().max(5000) });
export const PlanSchema = z.object({
  format: z.enum(BANK_FORMATS),
  fileName: z.string().max(500),
  base: z.string().regex(/^[0-9a-f]{64}$/),
  questions: z
    .array(z.object({ line: z.number().int(), title: z.string().max(2000).nullable(), question: Question }))
    .max(MAX_BANK_QUESTIONS),
  refused: z.array(Line).max(100_000),
  notes: z.array(Line).max(100_000),
});

/** The plan the dry-run page sent back, checked again (it came from the browser); null when it is not one. */
export function planFromForm(value: FormDataEntryValue | null): ImportPlan | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = PlanSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `closed`: this plan can never apply (already applied, or made for another state of the quiz). */
export type ApplyResult = { ok: true; added: number } | { ok: false; message: string; already?: boolean; closed?: boolean };

/**
 * Adds the plan's questions to the course's draft quiz, all or nothing, in one transaction. A plan
 * made for another state of the quiz is refused: when that state is the result of this very plan (a
 * double click, the back button), nothing is added a second time. A file with refused items is
 * applied only when the trainer confirmed importing just the accepted ones.
 */
export async function applyImport(courseId: number, by: number, plan: ImportPlan, confirmPartial: boolean): Promise<ApplyResult> {
  if (plan.questions.length === 0) return { ok: false, message: M.nothingToImport };
  if (plan.refused.length > 0 && !confirmPartial) return { ok: false, message: M.needConfirm };
  const token = planToken(plan);
  return transaction(async (tx) => {
    await lock("course", courseId);
    const text = await draftQuizText(courseId);
    if (quizFingerprint(text) !== plan.base) {
      const recent = await tx
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.action, "quiz.import"), eq(auditLog.subjectId, String(courseId))))
        .orderBy(desc(auditLog.id))
        .limit(50);
      const done = recent.some((r) => (r.detail as { token?: unknown } | null)?.token === token);
      return done ? { ok: false, message: M.alreadyImported, already: true, closed: true } : { ok: false, message: M.stale, closed: true };
    }
    const quiz = quizFromText(text);
    if (!quiz) return { ok: false, message: M.invalidQuiz };
    const taken = new Set(quiz.questions.map((q) => q.id));
    for (const item of plan.questions) {
      const id = questionId(item.title ?? item.question.prompt, taken);
      taken.add(id);
      quiz.questions.push({ ...item.question, id });
    }
    const next = quizToText(quiz);
    const parsed = parseQuiz("quiz", next);
    if (!parsed.ok) return { ok: false, message: parsed.problems.map((p) => p.message).join(" ") };
    await tx
      .update(courseDrafts)
      .set({ quiz: next, updatedBy: by, updatedAt: new Date().toISOString() })
      .where(eq(courseDrafts.courseId, courseId));
    await audit(by, "quiz.import", "course", String(courseId), {
      token,
      format: plan.format,
      fileName: plan.fileName,
      added: plan.questions.length,
      refused: plan.refused.map((r) => r.line),
    });
    return { ok: true, added: plan.questions.length };
  });
}

/** A course's draft questions as GIFT, for the "Xuất GIFT" download. */
export async function exportGift(courseId: number, heading: string): Promise<string> {
  const quiz = quizFromText(await draftQuizText(courseId));
  return toGift(quiz?.questions ?? [], heading);
}
