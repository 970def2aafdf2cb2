// Order independence, unit side: runs every test of the last `npm run test:unit` ALONE (its file's
// bundle, --test-name-pattern matching only its name; the file's before() hooks still run, on a fresh
// copy of the template). A test that passes in the suite but fails alone depends on an earlier test.
//   npm run test:unit && node tests/support/each-test-alone.mjs [--jobs 2] [people/roster units/ …]
// (words: only the files whose path contains one of them).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const summary = JSON.parse(fs.readFileSync("tests/.tmp/unit-build/summary.json", "utf8"));
const jobsAt = process.argv.indexOf("--jobs");
const jobs = jobsAt > 0 ? Number(process.argv[jobsAt + 1]) || 2 : 2;
const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--jobs");
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const seen = new Set();
const queue = summary.names.filter(({ file, name }) => {
  const key = `${file}\n${name}`;
  if (seen.has(key)) return false;
  if (only.length && !only.some((o) => file.includes(o))) return false;
  seen.add(key);
  return true;
});
const failures = [];
const total = queue.length;
let done = 0;

// The reporter names the .ts source (source maps); run its bundle (numbered in start order by run-unit.mjs).
const bundles = JSON.parse(fs.readFileSync("tests/.tmp/unit-build/bundles.json", "utf8"));
const bundleOf = (file) => bundles[path.resolve(file)];

function runOne({ file, name }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--enable-source-maps", "--test", `--test-name-pattern=^${escape(name)}$`, bundleOf(file)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.on("exit", (code) => {
      done++;
      const passed = /^# pass (\d+)/m.exec(out)?.[1];
      if (code !== 0 || passed === "0") failures.push({ file, name, out: out.slice(-3000) });
      process.stdout.write(
        `${done}/${total} ${code === 0 && passed !== "0" ? "ok" : "FAIL"} ${path.relative("tests/unit", file)} › ${name}\n`,
      );
      resolve();
    });
  });
}

async function lane() {
  while (queue.length) await runOne(queue.shift());
}
await Promise.all(Array.from({ length: jobs }, lane));
for (const f of failures) console.log(`\n=== FAILS ALONE: ${f.file} › ${f.name}\n${f.out}`);
console.log(`${total} tests run alone, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
