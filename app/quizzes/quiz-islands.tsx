// The only client-side behaviour of the quiz page, all optional: the form works without it. Plain
// inline scripts, not React: the quiz page ships no runtime (decision 0049) — an official opening the
// final quiz on a slow line downloads the questions, not 150 KB of framework.
import { t } from "~/i18n/vi";
import { InlineScript } from "~/ui/inline-script";

/** Keeps the chosen answers in this device's storage and restores them, so a failed submit on a bad line loses nothing. */
const KEEPER = `function (o) {
  var form = document.getElementById(o.formId), out = document.getElementById(o.id);
  if (!form || !out || !window.FormData) return;
  var nf = new Intl.NumberFormat("vi-VN"), restored = false;
  function count() {
    var seen = {}, n = 0;
    new FormData(form).forEach(function (v, k) { if (String(v).trim() !== "" && !seen[k]) { seen[k] = 1; n++; } });
    return n;
  }
  try {
    var saved = JSON.parse(localStorage.getItem(o.key) || "null");
    if (saved) {
      for (var i = 0; i < saved.length; i++)
        for (var j = 0; j < form.elements.length; j++) {
          var el = form.elements[j];
          if (el.tagName !== "INPUT" || el.name !== saved[i][0]) continue;
          if (el.type === "radio" || el.type === "checkbox") el.checked = el.checked || el.value === saved[i][1];
          else el.value = saved[i][1];
        }
      restored = saved.length > 0;
    }
  } catch (e) {}
  function show() {
    out.textContent = o.answered.replace("{n}", nf.format(count())).replace("{total}", nf.format(o.total));
    if (!restored) return;
    var note = document.createElement("span");
    note.className = "muted";
    note.textContent = " · " + o.restored;
    out.appendChild(note);
  }
  function save() {
    show();
    try {
      var pairs = [];
      new FormData(form).forEach(function (v, k) { pairs.push([k, String(v)]); });
      localStorage.setItem(o.key, JSON.stringify(pairs));
    } catch (e) {}
  }
  show();
  form.addEventListener("change", save);
  form.addEventListener("input", save);
}`;

export function AnswerKeeper({ formId, storageKey, total }: { formId: string; storageKey: string; total: number }) {
  const id = `${formId}-keeper`;
  return (
    <>
      <span aria-live="polite" id={id} data-testid="answer-keeper" />
      <InlineScript
        code={KEEPER}
        options={{ id, formId, key: storageKey, total, answered: t.quiz.answered("{n}", "{total}"), restored: t.quiz.restored }}
      />
    </>
  );
}

const CLEAR = `function (o) { try { localStorage.removeItem(o.key); } catch (e) {} }`;

/** Forgets the kept answers (the attempt was submitted). */
AnswerKeeper.Clear = function Clear({ storageKey }: { storageKey: string }) {
  return <InlineScript code={CLEAR} options={{ key: storageKey }} />;
};

const COUNTDOWN = `function (o) {
  var el = document.getElementById(o.id);
  if (!el) return;
  var end = new Date(o.deadline).getTime(), nf = new Intl.NumberFormat("vi-VN");
  function tick() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    el.textContent = "(" + o.text.replace("{min}", nf.format(Math.floor(left / 60))).replace("{sec}", nf.format(left % 60)) + ")";
  }
  tick();
  setInterval(tick, 1000);
}`;

/** Time left until the deadline; the server enforces it, this only informs. */
export function Countdown({ deadline }: { deadline: string }) {
  const id = "quiz-countdown";
  return (
    <>
      <span role="timer" aria-live="off" id={id} />
      <InlineScript code={COUNTDOWN} options={{ id, deadline, text: t.quiz.timeLeft("{min}", "{sec}") }} />
    </>
  );
}
