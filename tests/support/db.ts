// Gives a test file its own database: a copy of a template made by make-template.ts.
import fs from "node:fs";
import path from "node:path";
import { closeDb, sqlite } from "~/db/client.server";
import { resetEnvForTests } from "~/env.server";
import { CONTENT_TEMPLATE_DB, PROGRESS_TEMPLATE_DB, SEEDED_TEMPLATE_DB, TEMPLATE_DB, TMP_DIR } from "./paths";

let counter = 0;

export type TestDatabase = {
  /** The demo's units and officials. */
  seeded?: boolean;
  /** … and content/ synced (implies seeded). */
  content?: boolean;
  /** … and the demo's simulated learning as of PROGRESS_AS_OF (implies content). */
  progress?: boolean;
};

export function useTestDatabase(options: TestDatabase = {}): string {
  const template = options.progress
    ? PROGRESS_TEMPLATE_DB
    : options.content
      ? CONTENT_TEMPLATE_DB
      : options.seeded
        ? SEEDED_TEMPLATE_DB
        : TEMPLATE_DB;
  if (!fs.existsSync(template)) throw new Error(`Missing ${template}: run tests through "npm run test:unit".`);
  const file = path.join(TMP_DIR, `t-${process.pid}-${Date.now()}-${counter++}.db`);
  fs.copyFileSync(template, file);
  closeDb();
  process.env.DATABASE_PATH = file;
  resetEnvForTests();
  sqlite(); // open now, so a broken copy fails here and not inside a test
  return file;
}

export function dropTestDatabase(file: string) {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}
