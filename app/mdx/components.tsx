// The only components a lesson may use. They render plain HTML (no client JavaScript): lessons are
// rendered to HTML once on the server and sent as HTML. Labels come from the dictionary, and every
// callout shows an icon and a word, so colour is never the only signal.
import type { ReactNode } from "react";
import { t } from "~/i18n/vi";

type Children = { children?: ReactNode };

export function Callout({ type = "note", title, children }: Children & { type?: string; title?: string }) {
  const kind = ["note", "tip", "warning"].includes(type) ? type : "note";
  return (
    <aside className={`callout callout--${kind}`} role="note">
      <p className="callout__label">
        <span aria-hidden="true">{t.lesson.calloutIcons[kind]} </span>
        {t.lesson.calloutLabels[kind]}
        {title ? `: ${title}` : null}
      </p>
      {children}
    </aside>
  );
}

export function Steps({ children }: Children) {
  return (
    <div className="steps" role="group" aria-label={t.lesson.steps}>
      {children}
    </div>
  );
}

export function Figure({ src, alt, caption, width }: { src: string; alt: string; caption?: string; width?: number }) {
  return (
    <figure className="figure">
      <img src={src} alt={alt} loading="lazy" decoding="async" style={width ? { maxWidth: `min(100%, ${width}px)` } : undefined} />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}

export function Term({ word, children }: Children & { word: string }) {
  return (
    <dl className="term">
      <dt>
        <span className="term__label">{t.lesson.term}: </span>
        <dfn>{word}</dfn>
      </dt>
      <dd>{children}</dd>
    </dl>
  );
}

export function Checklist({ children }: Children) {
  return (
    <div className="checklist" role="group" aria-label={t.lesson.checklist}>
      {children}
    </div>
  );
}

export function Summary({ children }: Children) {
  return (
    <section className="summary" aria-labelledby="tom-tat">
      <h2 id="tom-tat">{t.lesson.summary}</h2>
      {children}
    </section>
  );
}

export const lessonComponents = { Callout, Steps, Figure, Term, Checklist, Summary };

/** Allowed components and the props each accepts; `width` is the only non-string prop. */
export const ALLOWED_PROPS: Record<string, { required: string[]; optional: string[]; numeric?: string[] }> = {
  Callout: { required: [], optional: ["type", "title"] },
  Steps: { required: [], optional: [] },
  Figure: { required: ["src", "alt"], optional: ["caption", "width"], numeric: ["width"] },
  Term: { required: ["word"], optional: [] },
  Checklist: { required: [], optional: [] },
  Summary: { required: [], optional: [] },
};
