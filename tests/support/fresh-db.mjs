// Deletes the database named by DATABASE_PATH (and its WAL files) before a browser-test run.
import fs from "node:fs";

const file = process.env.DATABASE_PATH;
if (!file || !file.includes("tests/.tmp")) {
  console.error("fresh-db: refusing to delete a database outside tests/.tmp");
  process.exit(1);
}
fs.mkdirSync(new URL(".tmp/", new URL("../", import.meta.url)), { recursive: true });
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
