// Optional: with JavaScript, a roster file is uploaded with a real progress bar (XMLHttpRequest
// reports upload progress; fetch does not), then the form runs its dry run with the stored token; a
// file over the limit is refused at once, before 20 MB cross a slow line. While the server works, the
// form says so and its buttons wait. Plain inline script, no React runtime (decision 0049): without
// JavaScript the form posts the file itself, as it always could.
import { t } from "~/i18n/vi";
import { InlineScript } from "~/ui/inline-script";
import { MAX_ROSTER_BYTES } from "./upload-limit";

const UPLOAD = `function (o) {
  var form = document.getElementById(o.formId), out = document.getElementById(o.id);
  if (!form || !out || !window.FormData || !window.XMLHttpRequest) return;
  var pf = new Intl.NumberFormat("vi-VN", { style: "percent", maximumFractionDigits: 0 });
  function hidden(name, value) {
    var el = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!el) { el = document.createElement("input"); el.type = "hidden"; el.name = name; form.appendChild(el); }
    el.value = value;
  }
  function fail(text) {
    out.innerHTML = "";
    var p = document.createElement("p");
    p.className = "field-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    out.appendChild(p);
  }
  function status(value, text) {
    out.innerHTML = "";
    var s = document.createElement("span"), bar = document.createElement("progress");
    s.setAttribute("role", "status");
    bar.max = 1;
    if (value !== null) bar.value = value;
    bar.setAttribute("aria-label", text);
    s.appendChild(bar);
    s.appendChild(document.createTextNode(" " + text + (value === null ? "" : " " + pf.format(value))));
    out.appendChild(s);
  }
  function working() {
    status(null, o.working);
    setTimeout(function () {
      var buttons = document.querySelectorAll('button[type="submit"]');
      for (var i = 0; i < buttons.length; i++) if (buttons[i].form === form) buttons[i].disabled = true;
    }, 0);
  }
  // Back to this page from the browser's cache: the buttons work again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    out.innerHTML = "";
    var buttons = document.querySelectorAll('button[type="submit"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
  });
  form.addEventListener("submit", function (event) {
    var input = form.elements.namedItem("file"), file = input && input.files && input.files[0];
    if (!file) return working(); // no new file: the normal submission re-uses the stored one
    event.preventDefault();
    if (file.size > o.max) return fail(o.tooBig);
    var body = new FormData();
    body.set("file", file);
    var previous = form.querySelector('input[name="token"]');
    if (previous && previous.value) body.set("previous", previous.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", o.url);
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) status(e.loaded / e.total, o.uploading); };
    xhr.onerror = function () { fail(o.failed); };
    xhr.onload = function () {
      var reply = {};
      try { reply = JSON.parse(xhr.responseText || "{}"); } catch (e) {}
      if (!reply.token) return fail(reply.error || (xhr.status === 413 ? o.tooBig : o.failed));
      hidden("token", reply.token);
      // A new file always gets its dry run first: never applied unseen (issue 20 item 6).
      hidden("intent", "dry-run");
      input.value = "";
      working();
      form.submit();
    };
    status(0, o.uploading);
    xhr.send(body);
  });
}`;

export function UploadProgress({ formId }: { formId: string }) {
  const id = `${formId}-upload`;
  return (
    <>
      <span id={id} />
      <InlineScript
        code={UPLOAD}
        options={{
          id,
          formId,
          url: "/admin/import/upload",
          max: MAX_ROSTER_BYTES,
          tooBig: t.roster.tooBig,
          failed: t.roster.uploadFailed,
          uploading: t.roster.uploading,
          working: t.roster.working,
        }}
      />
    </>
  );
}
