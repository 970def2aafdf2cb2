// The frame of an official report on paper (Nghị định 30/2020/NĐ-CP), shared by every print view
// (the unit report, the indicator page): the issuing body and the number on the left, Quốc hiệu,
// Tiêu ngữ and the place and date on the right, the title, then the caller's content, then the date
// line and the signatures with "Nơi nhận" (issue 20 item 2, docs/decisions/0039).
//
// The signature block is never alone on a page. Chromium does not move a break back into a table to
// honour `break-before: avoid` on the block after it (it breaks inside the block instead), so the
// block is not after the table: it is the last row of the table's last body, `PrintTail`, which
// holds the last rows too and is unbreakable. When that body does not fit, it moves to the next page
// whole — the last rows and the signatures together — and the header repeats above it there.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { PrintButton } from "~/ui/print-button";

/** How many of a table's last rows travel with the signature block. */
export const TAIL_ROWS = 2;

/** A table's rows split into the body that may break anywhere and the tail kept with the signatures. */
export function splitTail<T>(rows: readonly T[], tail = TAIL_ROWS): { body: T[]; tail: T[] } {
  const at = Math.max(0, rows.length - tail);
  return { body: rows.slice(0, at), tail: rows.slice(at) };
}

export function PrintFrame({
  parentName,
  unitName,
  unitCode,
  title,
  lines,
  back,
  children,
}: {
  parentName: string | null;
  unitName: string;
  unitCode: string;
  title: string;
  /** Centred lines under the title (the course, the "as of" day). */
  lines: ReactNode[];
  /** Where "← Quay lại" goes (the page this prints). */
  back: string;
  children: ReactNode;
}) {
  return (
    <div className="print-page">
      <div className="no-print actions">
        <Link to={back}>← {t.common.back}</Link>
        <PrintButton label={t.offices.printButton} hint={t.offices.printHint} testId="print-button" />
      </div>
      <div className="print-head" data-testid="print-head">
        <div>
          <p className="print-head__line">{parentName ? parentName.toUpperCase() : ""}</p>
          <p className="print-head__line print-head__unit">{unitName.toUpperCase()}</p>
          <p className="print-head__line print-head__number">{t.offices.printNumber(unitCode)}</p>
        </div>
        <div>
          <p className="print-head__line print-head__unit">{t.exports.nationalMotto}</p>
          <p className="print-head__line print-head__motto">{t.exports.nationalSubMotto}</p>
          <p className="print-head__line print-head__date">
            <em>{t.offices.printPlaceDate(t.offices.printPlace)}</em>
          </p>
        </div>
      </div>
      <h1 className="print-title">{title}</h1>
      <div className="print-subtitles">
        {lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {children}
    </div>
  );
}

/** The date line and the signatures ("Người lập báo cáo" with "Nơi nhận", "Thủ trưởng đơn vị"). */
export function PrintSignatures({ today }: { today: string }) {
  return (
    <div className="print-end" data-testid="print-end">
      <p>{t.reports.printDate(formatDate(today))}</p>
      <div className="signatures">
        <div>
          <strong>{t.reports.signature}</strong>
          <br />
          <em>{t.reports.signatureHint}</em>
          <div className="print-recipients">
            <strong>
              <em>{t.offices.printRecipients}</em>
            </strong>
            {t.offices.printRecipientsLines.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </div>
        </div>
        <div>
          <strong>{t.reports.signatureLeader}</strong>
          <br />
          <em>{t.reports.signatureHint}</em>
        </div>
      </div>
    </div>
  );
}

/**
 * The last body of the report's last table: its last rows and, in one cell across every column, the
 * signatures — one unbreakable group (`.print-tail`, app.css).
 */
export function PrintTail({ columns, today, children }: { columns: number; today: string; children: ReactNode }) {
  return (
    <tbody className="print-tail">
      {children}
      <tr className="print-tail__end">
        <td colSpan={columns}>
          <PrintSignatures today={today} />
        </td>
      </tr>
    </tbody>
  );
}
