import { formatNumber, formatPercent } from "~/i18n/format";

/** A progress bar that also says its value in words (colour is never the only signal). */
export function ProgressBar({ done, total, label, text }: { done: number; total: number; label: string; text?: string }) {
  const ratio = total > 0 ? done / total : 0;
  return (
    <div className="progress">
      <div
        className="progress__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text ?? `${formatNumber(done)}/${formatNumber(total)}`}
      >
        <div className="progress__fill" style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
      <span className="progress__text">{text ?? formatPercent(ratio)}</span>
    </div>
  );
}
