// npm run bench:quick — every bench in quick mode (small sizes, seconds each), one after the other.
// Fails (exit 1) when a bench's invariant fails or it crashes, never on speed: quick mode judges no
// speed target. Needs `npm run build` output (CI runs it after `npm test`, which builds).
// Both engines (BENCH_ENGINES, default sqlite,postgres): the benches that run per engine (quiz, lessons,
// reports) get one throwaway PostgreSQL cluster for all of them — this script re-runs itself under
// `bash scripts/with-postgres.sh` when DATABASE_URL is not a postgres:// URL and the binaries are
// there (else the benches print that the PostgreSQL column was skipped, and why).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { enginesWanted, isPgUrl, pgUnavailable } from "./support";

const BENCHES = [
  "bench/quiz-submit.ts",
  "bench/lesson-page.ts",
  "bench/reports.ts",
  "bench/roster-import.ts",
  "bench/item-analysis.ts",
  "bench/cold-start.ts",
  "bench/assignments.ts",
  "bench/digest.ts",
  "bench/exports.ts",
  "bench/indicators.ts",
];

if (!fs.existsSync("build/index.js")) {
  console.error("bench:quick: build/ is missing; run `npm run build` first");
  process.exit(1);
}
if (enginesWanted().includes("postgres") && !isPgUrl(process.env.DATABASE_URL) && !process.env.BENCH_QUICK_NO_CLUSTER && !pgUnavailable()) {
  const again = spawnSync("bash", ["scripts/with-postgres.sh", process.execPath, "--import", "tsx", "bench/quick.ts"], {
    env: { ...process.env, BENCH_QUICK_NO_CLUSTER: "1", BENCH_PG_THROWAWAY: "1" },
    stdio: "inherit",
  });
  process.exit(again.status ?? 1);
}
// A bench that hangs must fail, not eat CI's time: in quick mode each takes well under a minute on an
// idle machine (docs/benchmarks.md), so one still running after BENCH_QUICK_LIMIT_S (default 600 s) is
// stopped — its whole process group, servers and helpers too — and counted as failed.
const LIMIT_S = Number(process.env.BENCH_QUICK_LIMIT_S ?? 600);
const started = performance.now();
const results: { bench: string; seconds: number; ok: boolean; timedOut: boolean }[] = [];
for (const bench of BENCHES) {
  console.log(`\n=== ${bench} (quick) ===`);
  const t0 = performance.now();
  const { status, timedOut } = await runLimited(bench);
  results.push({ bench, seconds: (performance.now() - t0) / 1000, ok: status === 0 && !timedOut, timedOut });
  if (timedOut) console.error(`bench:quick: ${bench} was still running after ${LIMIT_S} s and was stopped`);
}
console.log("\n| bench (quick mode) | seconds | invariants |");
console.log("|---|---:|---|");
for (const r of results)
  console.log(`| ${r.bench} | ${r.seconds.toFixed(1)} | ${r.ok ? "held" : r.timedOut ? `FAILED: stopped after ${LIMIT_S} s` : "FAILED"} |`);
console.log(`total: ${((performance.now() - started) / 1000).toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`benches: ${results.length - failed} passed, ${failed} failed`);
if (results.some((r) => !r.ok)) {
  console.error("bench:quick: a bench failed its invariants (see above)");
  process.exitCode = 1;
}

/** Runs one bench in its own process group; after LIMIT_S stops the group (SIGTERM, then SIGKILL). */
function runLimited(bench: string): Promise<{ status: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", bench], {
      env: { ...process.env, BENCH_QUICK: "1" },
      stdio: "inherit",
      detached: true,
    });
    let timedOut = false;
    const stopGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup("SIGTERM");
      setTimeout(() => stopGroup("SIGKILL"), 5_000).unref();
    }, LIMIT_S * 1000);
    // Ended with us (Ctrl-C, CI's own limit): take the bench's group along.
    const onSignal = () => {
      stopGroup("SIGTERM");
      process.exit(1);
    };
    process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
    child.on("exit", (status) => {
      clearTimeout(timer);
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
      resolve({ status, timedOut });
    });
  });
}
