// Parts of the trainer's lesson editor that the page draws and that the live preview's resource route
// (trainer.courses.$courseId.lessons.$key_.preview.tsx) draws again as HTML for the page's inline
// script: one rendering of the gate's problems and of the preview, whichever way they arrive.
import { t } from "~/i18n/vi";

export type GateProblem = { line: number | null; column: number | null; message: string };

export const PROBLEMS_SLOT = "gate-problems-slot";
export const PREVIEW_SLOT = "preview-slot";

export function Problems({ problems }: { problems: GateProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert" role="alert" data-testid="gate-problems">
      <p>
        <strong>{t.authoring.gateProblems}</strong>
      </p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {t.authoring.at(String(p.line ?? 1), String(p.column ?? 1))}: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The compiled lesson; `html` comes only from the server's compile after the gate passed (app/mdx/gate.server.ts). */
export function Preview({ html }: { html: string | null }) {
  if (!html) return null;
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">{t.authoring.previewTitle}</h2>
      <article className="lesson-body" data-testid="preview" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}
