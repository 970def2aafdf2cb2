// Gives a test file its own database: a copy of a template made by make-template.ts.
// SQLite (default): a copy of the template file. PostgreSQL (DATABASE_URL=postgres://… when the
// suite starts, e.g. `npm run test:pg`): CREATE DATABASE … TEMPLATE, which copies files as fast.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { closeDb, db, row } from "~/db/client.server";
import { resetEnvForTests } from "~/env.server";
import { sql } from "drizzle-orm";
import {
  BUILDING_MARKER,
  CONTENT_TEMPLATE_DB,
  FAILED_MARKER,
  PROGRESS_TEMPLATE_DB,
  SEEDED_TEMPLATE_DB,
  TEMPLATE_DB,
  TMP_DIR,
  WAITS_FILE,
  pgTemplateName,
  readyMarker,
} from "./paths";

let counter = 0;

/** The PostgreSQL server the suite was started against (its own database is never touched), if any. */
export const PG_BASE_URL = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined;

export type TestDatabase = {
  /** The demo's units and officials. */
  seeded?: boolean;
  /** … and content/ synced (implies seeded). */
  content?: boolean;
  /** … and the demo's simulated learning as of PROGRESS_AS_OF (implies content). */
  progress?: boolean;
};

function templateFile(options: TestDatabase): string {
  return options.progress
    ? PROGRESS_TEMPLATE_DB
    : options.content
      ? CONTENT_TEMPLATE_DB
      : options.seeded
        ? SEEDED_TEMPLATE_DB
        : TEMPLATE_DB;
}

/** The URL of another database on the same PostgreSQL server. */
export function pgUrlFor(database: string): string {
  const url = new URL(PG_BASE_URL!);
  url.pathname = "/" + database;
  return url.toString();
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run inside one). */
export async function pgAdmin(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrlFor("postgres") });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** For a test that copies a SQLite template file itself: waits until make-template.ts has finished it. */
export async function templateFileReady(file: string): Promise<void> {
  await templateReady(path.basename(file, ".db"));
}

/** Waits while make-template.ts is still building this template (see the markers in paths.ts). */
async function templateReady(key: string): Promise<void> {
  const since = Date.now();
  for (let waited = 0; ; waited += 100) {
    if (fs.existsSync(FAILED_MARKER)) throw new Error("The test templates failed to build: see make-template's output above.");
    if (fs.existsSync(readyMarker(key)) || !fs.existsSync(BUILDING_MARKER)) {
      // The wait is not the file's own time: run-unit.mjs takes it out of the timings it orders files by.
      if (waited > 0) fs.appendFileSync(WAITS_FILE, JSON.stringify({ script: process.argv[1], ms: Date.now() - since }) + "\n");
      return;
    }
    if (waited > 20 * 60_000) throw new Error(`Template ${key} not ready after 20 minutes (${BUILDING_MARKER} still there).`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Switches this process to a fresh copy of a template; returns its handle for dropTestDatabase(). */
export async function useTestDatabase(options: TestDatabase = {}): Promise<string> {
  await closeDb();
  if (PG_BASE_URL) {
    const name = `t_${process.pid}_${Date.now()}_${counter++}`;
    await templateReady(pgTemplateName(templateFile(options)));
    await pgAdmin([`CREATE DATABASE ${name} TEMPLATE ${pgTemplateName(templateFile(options))}`]);
    process.env.DATABASE_URL = pgUrlFor(name);
    resetEnvForTests();
    await row(sql`SELECT 1`); // connect now, so a broken copy fails here and not inside a test
    return name;
  }
  const template = templateFile(options);
  await templateReady(path.basename(template, ".db"));
  if (!fs.existsSync(template)) throw new Error(`Missing ${template}: run tests through "npm run test:unit".`);
  const file = path.join(TMP_DIR, `t-${process.pid}-${Date.now()}-${counter++}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_PATH = file;
  resetEnvForTests();
  db(); // open now, so a broken copy fails here and not inside a test
  return file;
}

export async function dropTestDatabase(handle: string): Promise<void> {
  await closeDb();
  if (PG_BASE_URL) {
    await pgAdmin([`DROP DATABASE IF EXISTS ${handle} WITH (FORCE)`]);
    return;
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(handle + suffix, { force: true });
}
