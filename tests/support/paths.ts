import path from "node:path";

export const TMP_DIR = path.resolve(process.cwd(), "tests/.tmp");
/** Migrated, empty. */
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
/** Migrated + the demo's units and officials. */
export const SEEDED_TEMPLATE_DB = path.join(TMP_DIR, "template-seeded.db");
/** … + content/ synced (every lesson compiled once, here, instead of in every test file). */
export const CONTENT_TEMPLATE_DB = path.join(TMP_DIR, "template-content.db");
/** … + the demo's twelve weeks of simulated learning, as of 2026-11-20 12:00 in Hà Nội. */
export const PROGRESS_TEMPLATE_DB = path.join(TMP_DIR, "template-progress.db");
export const PROGRESS_AS_OF = new Date("2026-11-20T05:00:00Z");

/**
 * Readiness markers. `npm run test:unit` starts the test files while make-template.ts is still
 * building the later templates (the demo's learning takes most of it): a test waits in
 * useTestDatabase() until its own template is marked ready. While templates.building exists, a
 * template without its `<name>.ready` is not finished; templates.failed says the build failed.
 */
export const BUILDING_MARKER = path.join(TMP_DIR, "templates.building");
export const FAILED_MARKER = path.join(TMP_DIR, "templates.failed");
/** One line per test file that waited for its template: {script, ms} (run-unit.mjs, decision 0045). */
export const WAITS_FILE = path.join(TMP_DIR, "template-waits.jsonl");
/** `key`: the template file's base name on SQLite, its database name on PostgreSQL. */
export const readyMarker = (key: string) => path.join(TMP_DIR, `${key}.ready`);

/** On PostgreSQL each template is a database of the same role, named after the file. */
export function pgTemplateName(templateFile: string): string {
  return "taphuan_tpl_" + path.basename(templateFile, ".db").replace(/[^a-z0-9]/g, "_");
}
