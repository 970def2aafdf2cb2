// Issue 17: the demo's completed officials have certificates (its simulated learning goes through the
// completion path), and completions recorded before certificates existed get theirs from the backfill
// that runs at start (docs/decisions/0029, "Existing completions").
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { verifyCertificate } from "~/certificates/certificates.server";
import { backfillCertificates } from "~/certificates/issue.server";
import { exec, row, rows, transaction } from "~/db/client.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ progress: true });
});
after(() => dropTestDatabase(file));

const count = async (table: "certificates" | "course_completions") =>
  Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)}`))!.n);

describe("certificates of the demo and of earlier completions", () => {
  test("every completion of the demo's simulated learning has its certificate", async () => {
    const completions = await count("course_completions");
    assert.ok(completions > 0, "the demo has completions");
    assert.equal(await count("certificates"), completions);
  });

  test("the backfill issues certificates for completions that have none, numbered in completion order, once", async () => {
    const completions = await count("course_completions");
    await transaction(async () => {
      await exec(sql`DELETE FROM certificates`);
      await exec(sql`DELETE FROM certificate_counters`);
    });
    assert.equal(await backfillCertificates(100), completions);
    assert.equal(await backfillCertificates(100), 0, "idempotent");
    assert.equal(await count("certificates"), completions);
    const list = await rows<{ number: string; checkCode: string; completedOn: string }>(
      sql`SELECT c.number, c.check_code AS "checkCode", c.completed_on AS "completedOn"
            FROM certificates c JOIN course_completions cc ON cc.id = c.completion_id
           ORDER BY cc.completed_at, cc.id`,
    );
    const firstOfYear = list.find((c) => c.completedOn.startsWith(list[0]!.completedOn.slice(0, 4)))!;
    assert.match(firstOfYear.number, /-000001$/);
    assert.equal((await verifyCertificate(list[0]!.number, list[0]!.checkCode))!.status, "valid");
  });
});
