// `npm run test:unit`: the template databases (make-template.ts) and, at the same time, each test file
// bundled with esbuild (the app's own dependencies stay in node_modules, as in `npm run build`); then
// node:test runs the bundles, one process per file, two at a time; last, one line with the duration.
//
// Why bundles: under tsx every test file spent ~2.5 s of CPU loading modules (tsx's loader answers
// each import of each file, node_modules included, through its hooks thread) — about half the suite.
// A bundle loads in ~1 s. The bundles are rebuilt on every run (esbuild: ~2 s for all files), so a
// clean clone and a changed file are the same case. Stack traces point at the .ts sources (source maps).
//
//   npm run test:unit                          every file
//   npm run test:unit -- tests/unit/db/*.ts    some files (and any node --test option: --test-name-pattern=…)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import esbuild from "esbuild";

const started = Date.now();
const OUT = path.resolve("tests/.tmp/unit-build");
const seconds = (ms) => new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);

const args = process.argv.slice(2);
const chosen = args.filter((a) => !a.startsWith("-"));
const options = args.filter((a) => a.startsWith("-"));
const files = (
  chosen.length
    ? chosen
    : fs.readdirSync("tests/unit").flatMap((dir) =>
        fs.existsSync(path.join("tests/unit", dir)) && fs.statSync(path.join("tests/unit", dir)).isDirectory()
          ? fs
              .readdirSync(path.join("tests/unit", dir))
              .filter((f) => f.endsWith(".test.ts"))
              .map((f) => path.join("tests/unit", dir, f))
          : [],
      )
).sort();
// Each engine keeps its own timings: on PostgreSQL the files' times and the templates' are not SQLite's.
const TIMINGS = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")
  ? "tests/.tmp/unit-timings.pg.json"
  : "tests/.tmp/unit-timings.json";
const ordered = chosen.length ? files : startOrder(files);
if (process.env.UNIT_ORDER) {
  // UNIT_ORDER=1 npm run test:unit: only print the order the files would start in.
  console.log(ordered.join("\n"));
  process.exit(0);
}

/**
 * The order the files start in (decision 0045): as two workers would take them if each, when free,
 * took the longest file whose template is ready (the longest file still waiting for one when none
 * is). The longest files start early, so the two workers finish together; the files of the progress
 * template (ready last, ~40 s in) come when it is, and until then the workers run the others instead
 * of waiting for it. Estimates: each file's seconds in the last run on this engine (tests/.tmp/unit-timings*.json),
 * else the committed measurement (tests/support/unit-durations.json), else a second; the templates'
 * ready times likewise. node --test starts files in the order given, so a wrong estimate costs time,
 * never a result.
 */
function startOrder(list) {
  const read = (file) => {
    try {
      return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
      return undefined;
    }
  };
  const committed = read("tests/support/unit-durations.json") ?? { seconds: {}, templates: {} };
  const lastRun = read(TIMINGS) ?? {};
  const readyAt = { ...committed.templates, ...read("tests/.tmp/template-times.json") };
  const template = (file) => {
    const text = fs.readFileSync(file, "utf8");
    return /progress:\s*true/.test(text)
      ? "template-progress"
      : /content:\s*true/.test(text)
        ? "template-content"
        : /seeded:\s*true/.test(text)
          ? "template-seeded"
          : "template";
  };
  const LOAD = 0.4; // starting a process and loading a bundle
  const todo = list.map((file) => ({
    file,
    seconds: LOAD + (lastRun[file] ?? committed.seconds[file] ?? 1),
    ready: readyAt[template(file)] ?? 0,
  }));
  const free = [0, 0];
  const order = [];
  while (todo.length) {
    const worker = free[0] <= free[1] ? 0 : 1;
    const now = free[worker];
    const ready = todo.filter((f) => f.ready <= now);
    const pick = (ready.length ? ready : todo).reduce((a, b) =>
      ready.length ? (b.seconds > a.seconds ? b : a) : b.ready < a.ready || (b.ready === a.ready && b.seconds > a.seconds) ? b : a,
    );
    todo.splice(todo.indexOf(pick), 1);
    order.push(pick.file);
    free[worker] = Math.max(now, pick.ready) + pick.seconds;
  }
  return order;
}

function run(command, commandArgs, onSpawn = () => {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: "inherit" });
    onSpawn(child.pid);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// The progress template is the critical path (its files can only start when it is ready): while it is
// being built the test processes run at a lower priority (nice 5), so on two cores it keeps one to
// itself instead of a third of two. Once it is ready they go back to normal where allowed (lowering a
// nice value needs root; without it they stay at 5, which costs nothing on an otherwise quiet machine).
const renice = (pid, value) => {
  try {
    os.setPriority(pid, value);
  } catch {
    // gone already, or not allowed
  }
};
const processTree = (pid) => {
  let children = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`))
      children.push(...fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number));
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTree)];
};

// 1. Templates and bundles at the same time, and the tests as soon as the bundles are built: each test
// waits in useTestDatabase() for its own template (readiness markers, tests/support/paths.ts), so the
// files that need only the early templates run while the demo's learning is still being simulated.
// The markers are reset here, before anything starts, so no test can take a stale template.
const TMP = path.resolve("tests/.tmp");
fs.mkdirSync(TMP, { recursive: true });
for (const f of fs.readdirSync(TMP)) if (f.endsWith(".ready")) fs.rmSync(path.join(TMP, f), { force: true });
fs.rmSync(path.join(TMP, "templates.failed"), { force: true });
fs.rmSync(path.join(TMP, "template-waits.jsonl"), { force: true });
fs.writeFileSync(path.join(TMP, "templates.building"), "");
let templateMs = 0;
let testPid;
const templates = run(process.execPath, ["--import", "tsx", "tests/support/make-template.ts"]).then((code) => {
  templateMs = Date.now() - started;
  if (testPid) for (const pid of processTree(testPid)) renice(pid, 0);
  return code;
});
fs.rmSync(OUT, { recursive: true, force: true });
const bundleName = (file, i) => `${String(i).padStart(3, "0")}/${path.relative("tests/unit", file).replace(/\.ts$/, "")}`;
const bundles = ordered.map((f, i) => path.join(OUT, bundleName(f, i) + ".mjs"));
const bundleCode = await esbuild
  .build({
    // Numbered: node --test (Node 20) sorts the files it is given by path, so the number is the order.
    entryPoints: ordered.map((f, i) => ({ in: f, out: bundleName(f, i) })),
    outbase: "tests/unit",
    outdir: OUT,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  })
  .then(
    () => 0,
    () => 1,
  );
if (bundleCode !== 0) {
  await templates;
  process.exit(bundleCode);
}

// 2. node:test over the bundles. A second reporter counts the tests for the last line.
const summaryFile = path.join(OUT, "summary.json");
// Which bundle is which source file (tests/support/each-test-alone.mjs reads it).
fs.writeFileSync(path.join(OUT, "bundles.json"), JSON.stringify(Object.fromEntries(ordered.map((f, i) => [path.resolve(f), bundles[i]]))));
const testCode = await run(
  process.execPath,
  [
    "--enable-source-maps",
    "--test",
    "--test-concurrency=2",
    `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`,
    "--test-reporter-destination=stdout",
    "--test-reporter=./tests/support/count-reporter.mjs",
    `--test-reporter-destination=${summaryFile}`,
    ...options,
    ...bundles,
  ],
  (pid) => {
    if (templateMs) return; // the templates are ready already
    testPid = pid;
    renice(pid, 5);
  },
);
const templateCode = await templates;

let summary = { tests: 0, failed: 0 };
try {
  summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
} catch {
  // no summary: node:test itself failed; its exit code says so
}
// Each file's seconds, kept for the next run's order (by source file; bundles map back to tests/unit).
let slowest = "";
try {
  const measured = JSON.parse(fs.readFileSync(summaryFile, "utf8")).seconds;
  const keep = path.resolve(TIMINGS);
  let timings = {};
  try {
    timings = JSON.parse(fs.readFileSync(keep, "utf8"));
  } catch {
    // first run: nothing kept yet
  }
  // The reporter names the .ts source (source maps); a file's wait for its template is not its own time.
  const waited = {};
  try {
    for (const line of fs.readFileSync(path.join(TMP, "template-waits.jsonl"), "utf8").split("\n").filter(Boolean)) {
      const { script, ms } = JSON.parse(line);
      const i = bundles.indexOf(path.resolve(script));
      if (i >= 0) waited[ordered[i]] = (waited[ordered[i]] ?? 0) + ms / 1000;
    }
  } catch {
    // nobody waited
  }
  for (const [source, secs] of Object.entries(measured)) {
    const file = path.relative(".", source);
    timings[file] = Math.round(Math.max(0, secs - (waited[file] ?? 0)) * 10) / 10;
  }
  fs.writeFileSync(keep, JSON.stringify(timings, null, 1) + "\n");
  slowest = Object.entries(timings)
    .filter(([f]) => files.includes(f))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([f, secs]) => `${path.relative("tests/unit", f)} ${seconds(secs * 1000)} s`)
    .join(", ");
} catch {
  // no timings: node:test itself failed
}
// The CPU time of the processes the run waited for (the templates, node --test and every file): on a
// shared machine the duration depends on what else runs, the CPU time much less (decision 0045).
// Linux only (/proc; clock ticks of 1/100 s); elsewhere left out.
function childrenCpuMs() {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16 and 17)
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
const cpuMs = childrenCpuMs();
console.log(
  `Bộ kiểm thử đơn vị: ${files.length} tệp, ${summary.tests} kiểm thử` +
    (summary.failed ? ` (${summary.failed} lỗi)` : "") +
    `, ${seconds(Date.now() - started)} s` +
    (cpuMs !== undefined ? `, CPU ${seconds(cpuMs)} s` : "") +
    ` (mẫu CSDL ${seconds(templateMs)} s` +
    (slowest ? `; tệp lâu nhất: ${slowest}` : "") +
    ")",
);
process.exit(templateCode || testCode);
