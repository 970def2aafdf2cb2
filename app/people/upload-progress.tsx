// Optional: with JavaScript, a roster file is uploaded with a real progress bar (XMLHttpRequest
// reports upload progress; fetch does not), then the form runs its dry run with the stored token.
import { useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatPercent } from "~/i18n/format";
import { t } from "~/i18n/vi";
import { MAX_ROSTER_BYTES } from "./upload-limit";

export function UploadProgress({ formId }: { formId: string }) {
  const submit = useSubmit();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const onSubmit = (event: SubmitEvent) => {
      const input = form.elements.namedItem("file") as HTMLInputElement | null;
      const file = input?.files?.[0];
      if (!file) return; // no new file: the normal submission re-uses the stored one
      event.preventDefault();
      // Too big: say so at once, without sending 20 MB over a slow line to be refused.
      if (file.size > MAX_ROSTER_BYTES) {
        setProgress(null);
        setError(t.roster.tooBig);
        return;
      }
      const body = new FormData();
      body.set("file", file);
      const previous = (form.elements.namedItem("token") as HTMLInputElement | null)?.value;
      if (previous) body.set("previous", previous);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/admin/import/upload");
      xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(e.loaded / e.total);
      xhr.onerror = () => {
        setProgress(null);
        setError(t.roster.uploadFailed);
      };
      xhr.onload = () => {
        setProgress(null);
        let reply: { token?: string; error?: string } = {};
        try {
          reply = JSON.parse(xhr.responseText || "{}") as typeof reply;
        } catch {
          // Not our JSON (a proxy's or the server's own body limit page): say it plainly.
        }
        if (!reply.token) return setError(reply.error ?? (xhr.status === 413 ? t.roster.tooBig : t.roster.uploadFailed));
        setError(null);
        const data = new FormData(form);
        data.delete("file");
        data.set("token", reply.token);
        // A new file always gets its dry run first: never applied unseen (issue 20 item 6).
        data.set("intent", "dry-run");
        input!.value = "";
        submit(data, { method: "post", encType: "multipart/form-data" });
      };
      setProgress(0);
      xhr.send(body);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, [formId, submit]);
  if (error)
    return (
      <p className="field-error" role="alert">
        {error}
      </p>
    );
  if (progress === null) return null;
  return (
    <span role="status">
      <progress max={1} value={progress} aria-label={t.roster.uploading} /> {t.roster.uploading} {formatPercent(progress)}
    </span>
  );
}
