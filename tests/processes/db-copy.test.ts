// Issue 13 item 7: `npm run db:copy -- --from <sqlite> --to postgres://…` copies a SQLite deployment
// (here the demo with twelve weeks of learning: the SQLite template of the unit tests) into an empty
// PostgreSQL database and verifies counts and rollups; booleans and JSON arrive typed; new ids follow
// the copied ones; a second copy into the same database is refused.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { PG_BASE_URL, pgAdmin, pgUrlFor } from "../support/db";
import { PROGRESS_TEMPLATE_DB } from "../support/paths";

const database = `copy_${process.pid}`;

function copy(from: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", from, "--to", pgUrlFor(database)], {
    encoding: "utf8",
    timeout: 300_000,
  });
}

describe("db:copy from SQLite to PostgreSQL", { skip: !PG_BASE_URL && "PostgreSQL only: run with npm run test:pg" }, () => {
  before(async () => {
    if (!fs.existsSync(PROGRESS_TEMPLATE_DB)) {
      // The SQLite templates are made by the SQLite run of the unit tests; make them when it has not run here.
      const env = { ...process.env };
      delete env.DATABASE_URL;
      const made = spawnSync(process.execPath, ["--import", "tsx", "tests/support/make-template.ts"], {
        env,
        encoding: "utf8",
        timeout: 600_000,
      });
      assert.equal(made.status, 0, made.stderr);
    }
    await pgAdmin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `CREATE DATABASE ${database}`]);
  });
  after(() => pgAdmin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]));

  test("copies every row, verifies counts and rollups, and refuses a second copy", async () => {
    const first = copy(PROGRESS_TEMPLATE_DB);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /khớp/);

    const source = new Database(PROGRESS_TEMPLATE_DB, { readonly: true });
    const client = new pg.Client({ connectionString: pgUrlFor(database) });
    await client.connect();
    try {
      for (const table of ["officials", "course_status", "quiz_attempts", "quiz_answers", "rollup_daily", "course_assets"]) {
        const a = (source.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        const b = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
        assert.equal(b, a, table);
      }
      assert.ok((source.prepare("SELECT count(*) AS n FROM quiz_attempts").get() as { n: number }).n > 0, "the demo has attempts to copy");
      // Booleans and JSON arrive typed, not as 0/1 and text.
      const sample = (await client.query<{ active: unknown; tags: unknown }>("SELECT o.active, c.tags FROM officials o, courses c LIMIT 1"))
        .rows[0]!;
      assert.equal(typeof sample.active, "boolean");
      assert.ok(Array.isArray(sample.tags));
      // New rows get new ids after the copied ones.
      const next = await client.query<{ id: number }>("INSERT INTO audit_log (action, subject_type) VALUES ('test', 'copy') RETURNING id");
      const max = (source.prepare("SELECT coalesce(max(id), 0) AS m FROM audit_log").get() as { m: number }).m;
      assert.ok(next.rows[0]!.id > max);
      await client.query("DELETE FROM audit_log WHERE action = 'test'");
    } finally {
      await client.end();
      source.close();
    }

    const second = copy(PROGRESS_TEMPLATE_DB);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /đã có dữ liệu/);
  });

  test("a missing source file is one clear line", () => {
    const r = copy("tests/.tmp/khong-co.db");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Không mở được/);
  });
});
