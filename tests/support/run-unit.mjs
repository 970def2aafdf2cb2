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

function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// 1. Templates and bundles at the same time, and the tests as soon as the bundles are built: each test
// waits in useTestDatabase() for its own template (readiness markers, tests/support/paths.ts), so the
// files that need only the early templates run while the demo's learning is still being simulated.
// The markers are reset here, before anything starts, so no test can take a stale template.
const TMP = path.resolve("tests/.tmp");
fs.mkdirSync(TMP, { recursive: true });
for (const f of fs.readdirSync(TMP)) if (f.endsWith(".ready")) fs.rmSync(path.join(TMP, f), { force: true });
fs.rmSync(path.join(TMP, "templates.failed"), { force: true });
fs.writeFileSync(path.join(TMP, "templates.building"), "");
let templateMs = 0;
const templates = run(process.execPath, ["--import", "tsx", "tests/support/make-template.ts"]).then((code) => {
  templateMs = Date.now() - started;
  return code;
});
fs.rmSync(OUT, { recursive: true, force: true });
const bundleCode = await esbuild
  .build({
    entryPoints: files,
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
const bundles = files.map((f) => path.join(OUT, path.relative("tests/unit", f)).replace(/\.ts$/, ".mjs"));
const testCode = await run(process.execPath, [
  "--enable-source-maps",
  "--test",
  "--test-concurrency=2",
  `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`,
  "--test-reporter-destination=stdout",
  "--test-reporter=./tests/support/count-reporter.mjs",
  `--test-reporter-destination=${summaryFile}`,
  ...options,
  ...bundles,
]);
const templateCode = await templates;

let summary = { tests: 0, failed: 0 };
try {
  summary = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
} catch {
  // no summary: node:test itself failed; its exit code says so
}
console.log(
  `Bộ kiểm thử đơn vị: ${files.length} tệp, ${summary.tests} kiểm thử` +
    (summary.failed ? ` (${summary.failed} lỗi)` : "") +
    `, ${seconds(Date.now() - started)} s (mẫu CSDL ${seconds(templateMs)} s)`,
);
process.exit(templateCode || testCode);
