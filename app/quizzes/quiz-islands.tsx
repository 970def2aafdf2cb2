// The only client-side behaviour of the quiz page, all optional: the form works without it.
import { useEffect, useState } from "react";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";

/** Keeps the chosen answers in this device's storage, so a failed submit on a bad line loses nothing. */
export function AnswerKeeper({ formId, storageKey, total }: { formId: string; storageKey: string; total: number }) {
  const [answered, setAnswered] = useState<number | null>(null);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const count = () => new Set([...new FormData(form).entries()].filter(([, v]) => String(v).trim() !== "").map(([k]) => k)).size;
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? "null") as [string, string][] | null;
      if (saved) {
        for (const [name, value] of saved) {
          for (const el of Array.from(form.elements)) {
            if (!(el instanceof HTMLInputElement) || el.name !== name) continue;
            if (el.type === "radio" || el.type === "checkbox") el.checked = el.checked || el.value === value;
            else el.value = value;
          }
        }
        // Reading localStorage must wait for hydration (the server has none), so this runs in an effect, once.
        // eslint-disable-next-line react-hooks/set-state-in-effect -- syncing from an external store on mount
        setRestored(saved.length > 0);
      }
    } catch {
      // storage unavailable or corrupt: the form still works
    }
    const save = () => {
      setAnswered(count());
      try {
        localStorage.setItem(storageKey, JSON.stringify([...new FormData(form).entries()].map(([k, v]) => [k, String(v)])));
      } catch {
        // storage full or disabled
      }
    };
    setAnswered(count());
    form.addEventListener("change", save);
    form.addEventListener("input", save);
    return () => {
      form.removeEventListener("change", save);
      form.removeEventListener("input", save);
    };
  }, [formId, storageKey]);
  return (
    <span aria-live="polite">
      {answered !== null ? t.quiz.answered(formatNumber(answered), formatNumber(total)) : null}
      {restored ? <span className="muted"> · {t.quiz.restored}</span> : null}
    </span>
  );
}

AnswerKeeper.Clear = function Clear({ storageKey }: { storageKey: string }) {
  useEffect(() => {
    try {
      localStorage.removeItem(storageKey);
    } catch {
      // nothing to clear
    }
  }, [storageKey]);
  return null;
};

/** Time left until the deadline; the server enforces it, this only informs. */
export function Countdown({ deadline }: { deadline: string }) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, Math.floor((new Date(deadline).getTime() - Date.now()) / 1000)));
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [deadline]);
  if (left === null) return null;
  return (
    <span role="timer" aria-live="off">
      ({t.quiz.timeLeft(formatNumber(Math.floor(left / 60)), formatNumber(left % 60))})
    </span>
  );
}
