// The browser tests' own PostgreSQL databases (issue 13): `node tests/e2e/fresh-pg.mjs <url>` drops the
// database the URL names (if it exists) and creates it empty; `--drop <url>` only drops it. It connects
// to the same server's `postgres` database to do so. Used by playwright.config.ts (the suite's
// database, taphuan_e2e_<port>) and by safe-online.spec.ts (a production start on an empty database).
// Refuses any database whose name does not start with taphuan_e2e_, so it cannot drop a real one.
import pg from "pg";

const args = process.argv.slice(2);
const dropOnly = args[0] === "--drop";
const target = new URL(dropOnly ? (args[1] ?? "") : (args[0] ?? ""));
const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
if (!/^taphuan_e2e_[a-z0-9_]+$/.test(name)) {
  console.error(`fresh-pg: refusing to touch database "${name}" (only taphuan_e2e_* databases)`);
  process.exit(1);
}
const admin = new URL(target);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString(), application_name: "taphuan-e2e" });
try {
  await client.connect();
  // FORCE (PostgreSQL 13+): a server left over from an interrupted run may still hold connections.
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  if (!dropOnly) await client.query(`CREATE DATABASE "${name}"`);
} catch (error) {
  console.error(
    `fresh-pg: ${dropOnly ? "dropping" : "creating"} ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
