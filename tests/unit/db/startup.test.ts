// Issue 11, item 10: a database that cannot be written stops start-up with one Vietnamese + English
// line saying what to fix, not a SqliteError stack (and not a server that fails every sign-in).
//
// Tests usually run as root, and root writes through any chmod: a "read-only" file would not be
// read-only at all. So when running as root the child process is started as nobody (uid 65534), for
// whom the modes really apply; as any other user chmod alone does it. The path under a regular file
// (ENOTDIR) fails for everyone, root included.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { templateFileReady } from "../../support/db";
import { TEMPLATE_DB } from "../../support/paths";

// File modes are SQLite's concern; a PostgreSQL run (npm run test:pg) has no file to protect.
const onPostgres = /^postgres/.test(process.env.DATABASE_URL ?? "");

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let root: string;

before(async () => {
  if (onPostgres) return;
  await templateFileReady(TEMPLATE_DB);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "taphuan-startup-"));
  fs.chmodSync(root, 0o755);
});
after(() => {
  if (onPostgres) return;
  for (const dir of fs.readdirSync(root)) fs.chmodSync(path.join(root, dir), 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

/** `npm run db:setup` (what `npm start` runs before the server), against DATABASE_PATH. */
function setup(databasePath: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/db.ts", "setup"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_PATH: databasePath, SEED_DEMO: "false", NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 60_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

function assertOneClearLine(stderr: string, what: RegExp) {
  assert.equal(stderr.split("\n").length, 1, `one line, no stack:\n${stderr}`);
  assert.doesNotMatch(stderr, /\bat .*\(.*:\d+:\d+\)/, "no stack frame");
  assert.match(stderr, /DATABASE_PATH/);
  assert.match(stderr, what);
  assert.match(stderr, / \/ /, "Vietnamese, then English");
}

/** A copy of the migrated template in its own directory, with the given modes (and owner nobody when root). */
function copy(name: string, fileMode: number, dirMode: number, dirOwnedByRunner: boolean) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, "taphuan.db");
  fs.copyFileSync(TEMPLATE_DB, file);
  fs.chmodSync(file, fileMode);
  if (asRoot && dirOwnedByRunner) fs.chownSync(dir, NOBODY, NOBODY);
  fs.chmodSync(dir, dirMode);
  return file;
}

describe("start-up with a database that cannot be written", { skip: onPostgres && "SQLite only: file permissions" }, () => {
  test("control: a writable copy sets up fine", () => {
    const file = copy("ok", 0o666, 0o777, true);
    const r = setup(file);
    assert.equal(r.status, 0, r.stderr);
  });

  test("a read-only database file (its directory writable) stops with one line", () => {
    const file = copy("ro-file", 0o444, 0o755, true);
    const r = setup(file);
    assert.equal(r.status, 1);
    assertOneClearLine(r.stderr, /Không ghi được cơ sở dữ liệu .*not writable/);
  });

  test("a read-only data directory stops with one line", () => {
    const file = copy("ro-dir", 0o444, 0o555, false);
    const r = setup(file);
    assert.equal(r.status, 1);
    assertOneClearLine(r.stderr, /Không ghi được cơ sở dữ liệu .*not writable/);
  });

  test("a data directory that cannot be created (a path under a regular file) stops with one line", () => {
    const plain = path.join(root, "plain.txt");
    fs.writeFileSync(plain, "not a directory");
    const r = setup(path.join(plain, "data", "taphuan.db"));
    assert.equal(r.status, 1);
    assertOneClearLine(r.stderr, /Không tạo hoặc ghi được thư mục dữ liệu .*cannot be created/);
  });
});
