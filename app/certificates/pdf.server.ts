// The certificate as a PDF (issue 17 item 2): A4 landscape, Quốc hiệu and Tiêu ngữ, Noto Serif embedded
// (OFL, app/certificates/fonts/OFL.txt), black on white only, and a QR code (drawn as vector squares)
// linking to /verify/<number>?code=<signed code>. pdfkit writes it (a ToUnicode map with the subset
// font, so text extracts as typed: pdftotext gives the name back with its diacritics).
import fs from "node:fs";
import path from "node:path";
import { env } from "~/env.server";
import { formatDate, formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import type { Certificate } from "./certificates.server";
import { signedCodeOf } from "./certificates.server";
import { printedCheckCode } from "./signing.server";

const FONT_DIR = path.resolve(process.cwd(), "app/certificates/fonts");
const REGULAR = path.join(FONT_DIR, "NotoSerif-Regular.ttf");
const BOLD = path.join(FONT_DIR, "NotoSerif-Bold.ttf");
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** The font files, read once per process (pdfkit subsets them into each document). */
function fontData() {
  fonts ??= { regular: fs.readFileSync(REGULAR), bold: fs.readFileSync(BOLD) };
  return fonts;
}

/** The link the QR code carries: the public check page with the signed code. */
export function verifyLinkOf(c: Certificate, origin = env().publicUrl): string {
  return `${origin}/verify/${encodeURIComponent(c.number)}?code=${encodeURIComponent(signedCodeOf(c))}`;
}

export async function certificatePdf(c: Certificate, origin = env().publicUrl): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts' code take a large part of a cold start (issue 22 item 5b).
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import("pdfkit"), import("qrcode")]);
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    info: { Title: `${t.certificates.pdfTitle} ${c.number}`, Author: t.certificates.issuerName, Subject: c.courseTitle },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fontData().regular);
  doc.registerFont("bold", fontData().bold);
  const W = doc.page.width;
  const H = doc.page.height;
  doc.fillColor("black").strokeColor("black");

  // Double frame.
  doc
    .lineWidth(2)
    .rect(24, 24, W - 48, H - 48)
    .stroke();
  doc
    .lineWidth(0.7)
    .rect(32, 32, W - 64, H - 64)
    .stroke();

  const center = (text: string, y: number, font: string, size: number, opts: PDFKit.Mixins.TextOptions = {}) => {
    doc
      .font(font)
      .fontSize(size)
      .text(text, 60, y, { width: W - 120, align: "center", ...opts });
  };

  // Quốc hiệu, Tiêu ngữ (underlined as on state documents).
  center(t.certificates.nation, 52, "bold", 13);
  center(t.certificates.motto, 70, "bold", 13);
  const mottoWidth = doc.font("bold").fontSize(13).widthOfString(t.certificates.motto);
  doc
    .lineWidth(0.8)
    .moveTo((W - mottoWidth) / 2, 90)
    .lineTo((W + mottoWidth) / 2, 90)
    .stroke();

  center(t.certificates.pdfTitle, 118, "bold", 30);
  center(t.certificates.pdfSubtitle, 158, "regular", 14);
  center(t.certificates.pdfCertifies, 196, "regular", 14);
  center(c.fullName, 218, "bold", 26);
  center(`${t.certificates.unitLabel}: ${c.unitName}`, 258, "regular", 13);
  center(t.certificates.pdfCompleted, 290, "regular", 14);
  center(`“${c.courseTitle}”`, 312, "bold", 17);
  center(`${t.certificates.versionLabel} ${formatNumber(c.versionNumber)}`, 340, "regular", 12);
  const facts = [`${t.certificates.dateLabel}: ${formatDate(c.completedOn)}`];
  if (c.score !== null) facts.push(`${t.certificates.scoreLabel}: ${formatNumber(c.score)}%`);
  center(facts.join("     "), 362, "regular", 13);

  // Bottom left: the QR code and what to type without it.
  const link = verifyLinkOf(c, origin);
  const qr = QRCode.create(link, { errorCorrectionLevel: "M" });
  const size = 150;
  const n = qr.modules.size;
  const cell = size / n;
  const qx = 56;
  const qy = H - 56 - size;
  for (let r = 0; r < n; r++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(r, col)) doc.rect(qx + col * cell, qy + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill("black");
  const tx = qx + size + 16;
  doc
    .font("bold")
    .fontSize(12)
    .text(`${t.certificates.numberLabel}: ${c.number}`, tx, qy + 40, { lineBreak: false });
  doc
    .font("bold")
    .fontSize(12)
    .text(`${t.certificates.checkCodeLabel}: ${printedCheckCode(c.checkCode)}`, tx, qy + 60, { lineBreak: false });
  doc
    .font("regular")
    .fontSize(10)
    .text(t.certificates.pdfVerifyAt(`${origin}/verify`), tx, qy + 84, { width: 260 });

  // Bottom right: the issuer.
  const ix = W - 60 - 260;
  doc
    .font("regular")
    .fontSize(12)
    .text(t.certificates.pdfIssuedOn(formatDate(c.issuedAt)), ix, H - 150, { width: 260, align: "center" });
  doc
    .font("bold")
    .fontSize(13)
    .text(t.certificates.issuerName, ix, H - 130, { width: 260, align: "center" });
  doc
    .font("regular")
    .fontSize(9)
    .text(t.certificates.pdfSignedNote, ix, H - 96, { width: 260, align: "center" });

  doc.end();
  return finished;
}
