// Runs once before the unit tests: a migrated empty database and a migrated+seeded one.
// Each test file copies a template instead of migrating and seeding again.
import fs from "node:fs";
import { closeDb, runMigrations } from "~/db/client.server";
import { seedDemo } from "~/db/seed.server";
import { resetEnvForTests } from "~/env.server";
import { SEEDED_TEMPLATE_DB, TEMPLATE_DB, TMP_DIR } from "./paths";

function fresh(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  process.env.DATABASE_PATH = file;
  resetEnvForTests();
  closeDb();
  runMigrations();
}

fs.mkdirSync(TMP_DIR, { recursive: true });
fresh(TEMPLATE_DB);
closeDb();
fresh(SEEDED_TEMPLATE_DB);
await seedDemo();
closeDb();
console.log("test templates ready");
