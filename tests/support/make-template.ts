// Runs once before the unit tests: template databases that test files copy instead of building
// their own. Compiling the twenty lessons happens here once, not in every file that needs courses.
//   template.db           migrated, empty
//   template-seeded.db    + the demo's units and officials
//   template-content.db   + content/ synced (courses, versions, compiled lessons, quizzes)
//   template-progress.db  + the demo's simulated learning (rollups included)
import fs from "node:fs";
import { syncContent } from "~/courses/sync.server";
import { closeDb, runMigrations } from "~/db/client.server";
import { seedDemoProgress } from "~/demo/progress.server";
import { seedDemo } from "~/demo/seed.server";
import { resetEnvForTests } from "~/env.server";
import { CONTENT_TEMPLATE_DB, PROGRESS_AS_OF, PROGRESS_TEMPLATE_DB, SEEDED_TEMPLATE_DB, TEMPLATE_DB, TMP_DIR } from "./paths";

const started = Date.now();

function remove(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

function use(file: string) {
  closeDb();
  process.env.DATABASE_PATH = file;
  resetEnvForTests();
}

/** Copy a finished template (closed, so its WAL is checkpointed into the file) to start the next one. */
function from(template: string, file: string) {
  closeDb();
  remove(file);
  fs.copyFileSync(template, file);
  use(file);
}

fs.mkdirSync(TMP_DIR, { recursive: true });
process.env.CONTENT_DIR = "content";
remove(TEMPLATE_DB);
use(TEMPLATE_DB);
runMigrations();
from(TEMPLATE_DB, SEEDED_TEMPLATE_DB);
await seedDemo();
from(SEEDED_TEMPLATE_DB, CONTENT_TEMPLATE_DB);
const reports = await syncContent();
const broken = reports.filter((r) => r.status === "broken");
if (broken.length) throw new Error(`content/ has broken courses: ${broken.map((r) => r.slug).join(", ")}`);
from(CONTENT_TEMPLATE_DB, PROGRESS_TEMPLATE_DB);
seedDemoProgress(PROGRESS_AS_OF);
closeDb();
console.log(`test templates ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
