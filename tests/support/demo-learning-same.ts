// The demo's learning (app/demo/progress.server.ts) built both ways — the statement cache on (how the
// template and `db:setup --demo` build it now) and off (how it was built before) — from the same
// content template, then every table's checksum compared (tests/support/table-checksums.mjs).
//   npm run test:unit -- tests/unit/db/dialects.test.ts   (or any run: it builds tests/.tmp/template-content.db)
//   node --import tsx tests/support/demo-learning-same.ts
// Exit code 0 when every table matches. Two plain builds differ even with the same code: attempts are
// drawn with node:crypto's randomInt/randomBytes (layouts, option ids, tokens) and a few columns hold
// the wall clock or a new signing key. So each build runs with those crypto functions seeded the same
// way (patched on node:crypto and synced into its ES module exports), and only the columns named in
// VOLATILE below — the wall clock and the key material — are left out of the checksums. ~60 s of CPU.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { CONTENT_TEMPLATE_DB, PROGRESS_AS_OF, TMP_DIR } from "./paths";

/** Columns that hold the builder's wall clock or the random signing key (and what derives from it). */
const VOLATILE: Record<string, string[]> = {
  assignment_history: ["at"],
  assignments: ["created_at", "updated_at"],
  audit_log: ["at"],
  certificate_keys: ["id", "public_key", "private_key", "created_at"],
  certificates: ["key_id", "signature", "check_code", "issued_at"],
  indicator_targets: ["created_at"],
  indicators: ["created_at"],
  mail_outbox: ["next_attempt_at", "created_at"],
  notifications: ["created_at"],
};

const child = process.env.DEMO_SAME_CHILD;
if (child) {
  // mulberry32: the same sequence in both builds.
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
  const result = await seedDemoProgress(PROGRESS_AS_OF, { statementCache: process.env.DEMO_SAME_CACHE === "1" });
  await closeDb();
  const cpu = process.cpuUsage(started);
  console.log(`${path.basename(child)}: ${JSON.stringify(result)}, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
  process.exit(0);
}

if (!fs.existsSync(CONTENT_TEMPLATE_DB)) throw new Error(`${CONTENT_TEMPLATE_DB} is missing: run npm run test:unit first`);
const files = { before: path.join(TMP_DIR, "demo-same-before.db"), now: path.join(TMP_DIR, "demo-same-now.db") };
for (const [which, file] of Object.entries(files)) {
  const built = spawnSync(process.execPath, ["--import", "tsx", "tests/support/demo-learning-same.ts"], {
    env: { ...process.env, DEMO_SAME_CHILD: file, DEMO_SAME_CACHE: which === "now" ? "1" : "0" },
    stdio: "inherit",
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { checksums } = (await import("./table-checksums.mjs")) as unknown as {
  checksums: (file: string, volatile: Record<string, string[]>) => Record<string, { rows: number; sha256: string; without: string[] }>;
};
const a = checksums(files.before, VOLATILE);
const b = checksums(files.now, VOLATILE);
let differ = 0;
for (const table of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
  const same = JSON.stringify(a[table]) === JSON.stringify(b[table]);
  if (!same) differ++;
  const x = a[table];
  console.log(
    `${same ? "same " : "DIFFERENT"} ${table}: ${x?.rows ?? "-"} rows ${x?.sha256 ?? "-"}` +
      (same ? "" : ` ≠ ${b[table]?.rows ?? "-"} rows ${b[table]?.sha256 ?? "-"}`) +
      (x?.without.length ? ` (without ${x.without.join(", ")})` : ""),
  );
}
console.log(differ ? `${differ} tables differ` : `all ${Object.keys(a).length} tables the same`);
process.exit(differ ? 1 : 0);
