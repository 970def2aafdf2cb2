// The demo's learning (app/demo/progress.server.ts) built from the content template with node:crypto
// seeded, and a checksum of every table (tests/support/table-checksums.mjs): to show that a change
// meant for speed writes exactly the same data. Save the checksums before the change, compare after:
//   npm run test:unit -- tests/unit/db/dialects.test.ts      (any run: builds tests/.tmp/template-content.db)
//   node --import tsx tests/support/demo-learning-same.ts --save /tmp/before.json     (on the old code)
//   node --import tsx tests/support/demo-learning-same.ts --compare /tmp/before.json  (on the new code)
// Exit code 0 when every table matches. Two plain builds differ even with the same code: attempts are
// drawn with node:crypto's randomInt/randomBytes (layouts, option ids, tokens) and a few columns hold
// the wall clock or a new signing key. So the build runs with those crypto functions seeded (patched
// on node:crypto and synced into its ES module exports), and only the columns named in VOLATILE —
// the wall clock and the key material — are left out of the checksums. ~30 s of CPU.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { CONTENT_TEMPLATE_DB, PROGRESS_AS_OF, TMP_DIR } from "./paths";

/**
 * Columns that hold the builder's wall clock or the random signing key (and what derives from it), or
 * a password's random salt: found by comparing builds column by column (table-checksums.mjs a.db b.db).
 * The template's own tables (units, officials, courses, course_versions) too, so a template rebuilt
 * between --save and --compare still compares.
 */
const VOLATILE: Record<string, string[]> = {
  assignment_history: ["at"],
  assignments: ["created_at", "updated_at"],
  audit_log: ["at"],
  certificate_keys: ["id", "public_key", "private_key", "created_at"],
  certificates: ["key_id", "signature", "check_code", "issued_at"],
  course_versions: ["created_at"],
  courses: ["updated_at"],
  indicator_targets: ["created_at"],
  indicators: ["created_at"],
  mail_outbox: ["next_attempt_at", "created_at"],
  notifications: ["created_at"],
  officials: ["password_hash", "created_at", "updated_at"],
  units: ["created_at"],
};
type Sums = Record<string, { rows: number; sha256: string; without: string[] }>;

const child = process.env.DEMO_SAME_CHILD;
if (child) {
  // mulberry32: the same sequence in every build.
  let state = 20221010;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const c = crypto as unknown as Record<string, unknown>;
  c.randomInt = (a: number, b?: number) => (b === undefined ? Math.floor(next() * a) : a + Math.floor(next() * (b - a)));
  c.randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  syncBuiltinESMExports();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(child + suffix, { force: true });
  fs.copyFileSync(CONTENT_TEMPLATE_DB, child);
  process.env.DATABASE_PATH = child;
  process.env.CONTENT_DIR = "content";
  const { resetEnvForTests } = await import("~/env.server");
  resetEnvForTests();
  const { seedDemoProgress } = await import("~/demo/progress.server");
  const { closeDb } = await import("~/db/client.server");
  const started = process.cpuUsage();
  const result = await seedDemoProgress(PROGRESS_AS_OF);
  await closeDb();
  const cpu = process.cpuUsage(started);
  console.log(`the demo's learning: ${JSON.stringify(result)}, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
  process.exit(0);
}

const [mode, file] = process.argv.slice(2);
if (!["--save", "--compare"].includes(mode ?? "") || !file) {
  console.error("usage: node --import tsx tests/support/demo-learning-same.ts --save|--compare <checksums.json>");
  process.exit(2);
}
if (!fs.existsSync(CONTENT_TEMPLATE_DB)) throw new Error(`${CONTENT_TEMPLATE_DB} is missing: run npm run test:unit first`);
const built = `${TMP_DIR}/demo-same.db`;
const run = spawnSync(process.execPath, ["--import", "tsx", "tests/support/demo-learning-same.ts"], {
  env: { ...process.env, DEMO_SAME_CHILD: built },
  stdio: "inherit",
});
if (run.status !== 0) process.exit(run.status ?? 1);
const { checksums } = (await import("./table-checksums.mjs")) as unknown as {
  checksums: (file: string, volatile: Record<string, string[]>) => Sums;
};
const now = checksums(built, VOLATILE);
if (mode === "--save") {
  fs.writeFileSync(file, JSON.stringify(now, null, 1) + "\n");
  console.log(`${Object.keys(now).length} tables' checksums written to ${file}`);
  process.exit(0);
}
const before = JSON.parse(fs.readFileSync(file, "utf8")) as Sums;
let differ = 0;
for (const table of [...new Set([...Object.keys(before), ...Object.keys(now)])].sort()) {
  const [a, b] = [before[table], now[table]];
  const same = JSON.stringify(a) === JSON.stringify(b);
  if (!same) differ++;
  console.log(
    `${same ? "same " : "DIFFERENT"} ${table}: ${a?.rows ?? "-"} rows ${a?.sha256 ?? "-"}` +
      (same ? "" : ` ≠ ${b?.rows ?? "-"} rows ${b?.sha256 ?? "-"}`) +
      (a?.without.length ? ` (without ${a.without.join(", ")})` : ""),
  );
}
console.log(differ ? `${differ} tables differ` : `all ${Object.keys(now).length} tables the same`);
process.exit(differ ? 1 : 0);
