// Runs once before the unit tests: template databases that test files copy instead of building
// their own. Compiling the twenty lessons happens here once, not in every file that needs courses.
//   template           migrated, empty
//   template-seeded    + the demo's units and officials
//   template-content   + content/ synced (courses, versions, compiled lessons, quizzes)
//   template-progress  + the demo's simulated learning (rollups included)
// SQLite: files in tests/.tmp/. PostgreSQL (DATABASE_URL=postgres://…): databases taphuan_tpl_*,
// copies of the SQLite templates made with `npm run db:copy` (seconds instead of minutes: the demo's
// twelve weeks of learning are ~450,000 statements, one network round trip each on PostgreSQL). So
// every PostgreSQL run also proves db:copy; the demo itself is built natively on PostgreSQL by the
// browser tests on PostgreSQL (npm run test:e2e:pg, whose server runs `db:setup --demo`).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { syncContent } from "~/courses/sync.server";
import { closeDb, runMigrations } from "~/db/client.server";
import { seedDemoProgress } from "~/demo/progress.server";
import { seedDemo } from "~/demo/seed.server";
import { resetEnvForTests } from "~/env.server";
import { PG_BASE_URL, pgAdmin, pgUrlFor } from "./db";
import {
  BUILDING_MARKER,
  CONTENT_TEMPLATE_DB,
  FAILED_MARKER,
  PROGRESS_AS_OF,
  PROGRESS_TEMPLATE_DB,
  SEEDED_TEMPLATE_DB,
  TEMPLATE_DB,
  TMP_DIR,
  pgTemplateName,
  readyMarker,
} from "./paths";

const started = Date.now();

function remove(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

async function use(template: string) {
  await closeDb();
  process.env.DATABASE_PATH = template;
  resetEnvForTests();
}

/** Start a template as an empty database. */
async function fresh(template: string) {
  await closeDb();
  remove(template);
  await use(template);
}

/** Copy a finished template (closed, so its WAL is checkpointed into the file) to start the next one. */
async function from(previous: string, template: string) {
  await closeDb();
  ready(previous);
  remove(template);
  fs.copyFileSync(previous, template);
  await use(template);
}

/** A finished SQLite template: tests waiting for it may copy it now (paths.ts, readiness markers). */
function ready(template: string) {
  fs.writeFileSync(readyMarker(path.basename(template, ".db")), "");
  readyAfter[path.basename(template, ".db")] = Math.round((Date.now() - started) / 100) / 10;
  fs.writeFileSync(TEMPLATE_TIMES, JSON.stringify(readyAfter) + "\n");
}
/** Seconds from the start until each template was ready: run-unit.mjs orders the next run's files with them. */
const readyAfter: Record<string, number> = {};
const TEMPLATE_TIMES = path.join(TMP_DIR, "template-times.json");

fs.mkdirSync(TMP_DIR, { recursive: true });
process.env.CONTENT_DIR = "content";
// The PostgreSQL run builds the SQLite templates in a child (TEMPLATE_CHILD): only the parent owns the
// building and failed markers, since its own templates (the copies) are ready only at its end.
const owner = !process.env.TEMPLATE_CHILD;
if (owner) {
  for (const f of fs.readdirSync(TMP_DIR)) if (f.endsWith(".ready")) fs.rmSync(path.join(TMP_DIR, f), { force: true });
  fs.rmSync(FAILED_MARKER, { force: true });
  fs.writeFileSync(BUILDING_MARKER, "");
  process.on("exit", (code) => {
    if (code !== 0) fs.writeFileSync(FAILED_MARKER, "");
    fs.rmSync(BUILDING_MARKER, { force: true });
  });
}

if (PG_BASE_URL) {
  const sqliteEnv: NodeJS.ProcessEnv = { ...process.env, TEMPLATE_CHILD: "1" };
  delete sqliteEnv.DATABASE_URL;
  const built = spawnSync(process.execPath, ["--import", "tsx", "tests/support/make-template.ts"], { env: sqliteEnv, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
  for (const template of [TEMPLATE_DB, SEEDED_TEMPLATE_DB, CONTENT_TEMPLATE_DB, PROGRESS_TEMPLATE_DB]) {
    const name = pgTemplateName(template);
    await pgAdmin([`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]);
    const copied = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", template, "--to", pgUrlFor(name)], {
      encoding: "utf8",
    });
    if (copied.status !== 0) throw new Error(`db:copy of ${template} failed:\n${copied.stderr}${copied.stdout}`);
    fs.writeFileSync(readyMarker(name), "");
  }
  console.log(`test templates (PostgreSQL, copied) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}

// Each stage's time in the closing line, so a slower template says where the time went.
const stages: string[] = [];
let mark = Date.now();
const stage = (name: string) => {
  stages.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)}`);
  mark = Date.now();
};
await fresh(TEMPLATE_DB);
await runMigrations();
stage("migrations");
await from(TEMPLATE_DB, SEEDED_TEMPLATE_DB);
await seedDemo();
stage("demo people");
await from(SEEDED_TEMPLATE_DB, CONTENT_TEMPLATE_DB);
const reports = await syncContent();
const broken = reports.filter((r) => r.status === "broken");
if (broken.length) throw new Error(`content/ has broken courses: ${broken.map((r) => r.slug).join(", ")}`);
stage("content");
await from(CONTENT_TEMPLATE_DB, PROGRESS_TEMPLATE_DB);
await seedDemoProgress(PROGRESS_AS_OF);
await closeDb();
ready(PROGRESS_TEMPLATE_DB);
stage("demo learning");
console.log(`test templates (SQLite) ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${stages.join(", ")} s)`);
