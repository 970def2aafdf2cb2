// The "Nhập câu hỏi" upload form (issue 14 item 7), on the quiz editor and again on the dry-run page:
// a multipart Remix <Form> that works without JavaScript, the format guessed from the file name unless
// the trainer chooses, and the links to the Excel template and the GIFT export.
import { Form, Link } from "@remix-run/react";
import { t } from "~/i18n/vi";

const M = t.quizImport;
const FORMATS = ["auto", "gift", "aiken", "xlsx"] as const;

export function QuizImportForm({ courseId, error, format }: { courseId: number; error?: string | null; format?: string }) {
  const base = `/trainer/courses/${courseId}`;
  return (
    <Form method="post" action={`${base}/quiz-import`} encType="multipart/form-data" className="stack" aria-label={M.title}>
      <div className="field">
        <label htmlFor="bank-file">{M.file}</label>
        <input
          id="bank-file"
          name="file"
          type="file"
          accept=".gift,.txt,.xlsx"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "bank-file-error" : undefined}
        />
        {error ? (
          <p id="bank-file-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="bank-format">{M.format}</label>
        <select id="bank-format" name="format" defaultValue={format ?? "auto"}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {M.formats[f]}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {M.dryRun}
        </button>
        <Link to={`${base}/quiz-template.xlsx`} reloadDocument>
          {M.template}
        </Link>
        <Link to={`${base}/quiz.gift`} reloadDocument>
          {M.exportGift}
        </Link>
      </div>
    </Form>
  );
}
