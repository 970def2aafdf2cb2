// Reading back what Chromium printed (issue 20 item 2, issue 18 item 4): pdftotext (poppler-utils)
// gives a PDF's text page by page, and each word's box in PDF points.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** One millimetre in PDF points. */
export const MM = 72 / 25.4;
/** A4 in PDF points. */
export const A4 = { width: 210 * MM, height: 297 * MM };

function withFile<T>(pdf: Buffer, read: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `print-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return read(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * The PDF's text, one string per page (pdftotext separates pages with a form feed). `layout`: as laid
 * out on the page (columns side by side); without it, in reading order (a table cell's wrapped lines
 * one after the other).
 */
export function pdfPages(pdf: Buffer, layout = true): string[] {
  const text = withFile(pdf, (file) => execFileSync("pdftotext", [...(layout ? ["-layout"] : []), file, "-"], { encoding: "utf8" }));
  return text.split("\f").filter((p) => p.trim() !== "");
}

export type Word = { page: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Every word with its box (points from the page's top left corner), and the pages' sizes. */
export function pdfWords(pdf: Buffer): Word[] {
  const html = withFile(pdf, (file) => execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" }));
  const words: Word[] = [];
  html
    .split(/<page /)
    .slice(1)
    .forEach((chunk, page) => {
      for (const m of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        words.push({ page, text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
      }
    });
  return words;
}
