// A worker thread that runs the gate (app/mdx/gate.server.ts) for app/mdx/gate-pool.server.ts, so a
// lesson that takes long to parse never holds the server's one thread. Under tsx (tests, CLI) this
// file is loaded as it is; `npm run build` bundles it into build/gate-worker.mjs for the server.
import { parentPort } from "node:worker_threads";
import { gateAuthored } from "./gate.server";

export type GateJob = { id: number; source: string; images: string[]; assetUrl: string };
export type GateReply =
  { id: number; ok: true; problems: { line: number; column: number; message: string }[]; mdx: string } | { id: number; ok: false };

const port = parentPort!;
port.on("message", (job: GateJob) => {
  const images = new Set(job.images);
  let reply: GateReply;
  try {
    const result = gateAuthored(job.source, { hasImage: (f) => images.has(f), assetUrl: job.assetUrl });
    reply = {
      id: job.id,
      ok: true,
      problems: result.problems.map((p) => ({ line: p.line ?? 1, column: p.column ?? 1, message: p.message })),
      mdx: result.mdx,
    };
  } catch {
    reply = { id: job.id, ok: false };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
