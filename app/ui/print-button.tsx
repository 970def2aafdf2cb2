// "In": the browser's print dialog. It needs JavaScript, so the button appears only once the page's
// inline script runs (no React runtime: decision 0049); before (or without) it, the page says to use the
// browser's own print command.
import { InlineScript } from "./inline-script";

const PRINT = `function (o) {
  var button = document.getElementById(o.id), hint = document.getElementById(o.hint);
  if (!button || !window.print) return;
  button.hidden = false;
  if (hint) hint.hidden = true;
  button.addEventListener("click", function () { window.print(); });
}`;

export function PrintButton({ label, hint, testId }: { label: string; hint: string; testId?: string }) {
  const id = "print-button";
  return (
    <>
      <button type="button" className="button" id={id} hidden data-testid={testId}>
        {label}
      </button>
      <span className="muted" id={`${id}-hint`}>
        {hint}
      </span>
      <InlineScript code={PRINT} options={{ id, hint: `${id}-hint` }} />
    </>
  );
}
