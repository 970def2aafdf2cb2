// The roster upload limit, shared by the page (checked in the browser before sending), the upload
// routes (checked from the announced length before reading, then while reading) and the messages.
export const MAX_ROSTER_BYTES = 20 * 1024 * 1024;

/** Room for the multipart envelope and the form's other fields around the file itself. */
const ENVELOPE = 256 * 1024;

/** True when the request announces a body larger than any acceptable roster upload. */
export function tooBigRequest(request: Request): boolean {
  const length = Number(request.headers.get("content-length") ?? "");
  return Number.isFinite(length) && length > MAX_ROSTER_BYTES + ENVELOPE;
}
