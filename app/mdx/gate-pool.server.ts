// The gate off the main thread: a small pool of worker threads (app/mdx/gate.worker.ts) with a time
// budget. A lesson whose check takes longer than the budget is refused ("too complex to check") and
// its worker is terminated, so one pathological lesson costs at most the budget of one core and never
// blocks other requests. Verdicts are cached by content, so opening the editor again does not re-run
// the gate on a draft that has not changed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { formatNumber } from "~/i18n/format";
import { t } from "~/i18n/vi";
import type { GateJob, GateReply } from "./gate.worker";

export const GATE_BUDGET_MS = 3_000;
const POOL_SIZE = 2;
const CACHE_SIZE = 200;

export type GatePlaced = { line: number; column: number; message: string };
export type GateVerdict = { problems: GatePlaced[]; mdx: string; timedOut?: boolean };
export type GateInput = { images: string[]; assetUrl: string };

/**
 * Where the worker's code is. The server bundle (build/index.js) has build/gate-worker.mjs beside it
 * (`npm run build`). Elsewhere (tests and the CLI under tsx, `npm run dev`) the worker is bundled
 * from app/mdx/gate.worker.ts with esbuild, once per process, into .cache/ (so it is never stale).
 */
let resolvedWorker: URL | null = null;
function workerFile(): URL {
  if (resolvedWorker) return resolvedWorker;
  const built = new URL("./gate-worker.mjs", import.meta.url);
  if (fs.existsSync(fileURLToPath(built))) return (resolvedWorker = built);
  const entry = [fileURLToPath(new URL("./gate.worker.ts", import.meta.url)), path.resolve("app/mdx/gate.worker.ts")].find((f) =>
    fs.existsSync(f),
  );
  if (!entry) throw new Error(t.console.gateWorkerMissing);
  const root = path.resolve(path.dirname(entry), "../..");
  // Only without a built worker (tests, `npm run dev`): esbuild is loaded here, not at every start-up.
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const out = esbuild.buildSync({ ...WORKER_BUILD, entryPoints: [entry], absWorkingDir: root, write: false, outfile: "gate-worker.mjs" });
  const code = out.outputFiles[0]!.text;
  const dir = path.join(root, ".cache");
  const file = path.join(dir, `gate-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
  return (resolvedWorker = pathToFileURL(file));
}

/** The same options as `npm run build:worker`. */
const WORKER_BUILD = {
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  logLevel: "warning",
} as const;

type Pending = { job: GateJob; budgetMs: number; resolve: (v: GateVerdict) => void };
type Slot = { worker: Worker | null; ready: Promise<void> | null; current: Pending | null; timer: ReturnType<typeof setTimeout> | null };

const slots: Slot[] = Array.from({ length: POOL_SIZE }, () => ({ worker: null, ready: null, current: null, timer: null }));
const queue: Pending[] = [];
let nextId = 1;
let runs = 0;

/** How many times the gate has actually run (tests prove an unchanged draft is not checked again). */
export function gateRuns() {
  return runs;
}

function start(slot: Slot) {
  // A plain JavaScript worker: no loader (tsx) needed in the thread.
  const worker = new Worker(workerFile(), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb: 8 } });
  worker.unref();
  slot.worker = worker;
  slot.ready = new Promise<void>((resolve) => {
    const onReady = (m: { ready?: boolean }) => {
      if (m && m.ready) {
        worker.off("message", onReady);
        resolve();
      }
    };
    worker.on("message", onReady);
    worker.once("exit", () => resolve());
  });
  worker.on("message", (m: GateReply | { ready: true }) => {
    if (!("id" in m) || !slot.current || slot.current.job.id !== m.id) return;
    const pending = slot.current;
    finish(slot);
    pending.resolve(m.ok ? { problems: m.problems, mdx: m.mdx } : failed(pending.job.source));
  });
  const onGone = () => {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.ready = null;
    const pending = slot.current;
    if (pending) {
      finish(slot);
      pending.resolve(failed(pending.job.source));
    }
  };
  worker.on("error", onGone);
  worker.on("exit", onGone);
}

const failed = (source: string): GateVerdict => ({ problems: [{ line: 1, column: 1, message: t.mdxGate.checkFailed }], mdx: source });

function finish(slot: Slot) {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.current = null;
  slot.worker?.unref();
  setImmediate(pump);
}

function pump() {
  for (const slot of slots) {
    if (queue.length === 0) return;
    if (slot.current) continue;
    const pending = queue.shift()!;
    slot.current = pending;
    if (!slot.worker) start(slot);
    const worker = slot.worker!;
    worker.ref();
    void slot.ready!.then(() => {
      if (slot.current !== pending || slot.worker !== worker) return;
      runs++;
      // The budget counts from the moment the worker has the lesson, not while it waits or starts.
      slot.timer = setTimeout(() => {
        if (slot.current !== pending) return;
        slot.worker = null;
        slot.ready = null;
        finish(slot);
        void worker.terminate();
        pending.resolve({
          problems: [{ line: 1, column: 1, message: t.mdxGate.tooComplex(formatNumber(pending.budgetMs / 1000)) }],
          mdx: pending.job.source,
          timedOut: true,
        });
      }, pending.budgetMs);
      worker.postMessage(pending.job);
    });
  }
}

const cache = new Map<string, GateVerdict>();

/**
 * Runs the gate on a lesson written in the browser, in a worker, within the budget. Never throws:
 * every outcome is a list of problems (empty when the lesson may be compiled) and the text to compile.
 */
export function runGate(source: string, input: GateInput, options: { budgetMs?: number } = {}): Promise<GateVerdict> {
  const budgetMs = options.budgetMs ?? GATE_BUDGET_MS;
  const images = [...input.images].sort();
  const key = createHash("sha256")
    .update(JSON.stringify([source, input.assetUrl, images, budgetMs]))
    .digest("hex");
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return Promise.resolve(hit);
  }
  return new Promise<GateVerdict>((resolve) => {
    queue.push({
      job: { id: nextId++, source, images, assetUrl: input.assetUrl },
      budgetMs,
      resolve: (verdict) => {
        if (verdict.problems[0]?.message !== t.mdxGate.checkFailed) {
          cache.set(key, verdict);
          if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
        }
        resolve(verdict);
      },
    });
    pump();
  });
}

/** Stops the workers (tests). */
export async function closeGatePool() {
  queue.length = 0;
  await Promise.all(
    slots.map(async (slot) => {
      const w = slot.worker;
      slot.worker = null;
      slot.ready = null;
      if (slot.timer) clearTimeout(slot.timer);
      slot.current = null;
      if (w) await w.terminate();
    }),
  );
}
