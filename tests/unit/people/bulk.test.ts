// Bulk actions on people (issue 20 item 5): a confirmation that writes nothing, one transaction that
// applies everything or nothing, the selection limits, and one-time passwords shown once.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { verifyPassword } from "~/auth/password.server";
import { db, exec, rows, transaction } from "~/db/client.server";
import { auditLog, memberships, officialRoles, officials } from "~/db/schema";
import { t } from "~/i18n/vi";
import { applyBulk, BULK_LIMIT, BulkRefused, PASSWORD_LIMIT, previewBulk } from "~/people/bulk.server";
import { unitReport } from "~/reports/unit-report.server";
import { action as bulkAction } from "~/routes/admin.people.bulk";
import { getUnitByCode } from "~/units/tree.server";
import { ctx, requestAs } from "../../support/requests";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
let admin: number;
before(async () => {
  file = await useTestDatabase({ seeded: true });
  admin = (await db().select().from(officials).where(eq(officials.username, "quantri")))[0]!.id;
});
after(() => dropTestDatabase(file));

/** Active people directly in a unit with children-free membership (a commune), the first n by id. */
async function peopleOf(code: string, n: number) {
  const unit = (await getUnitByCode(code))!;
  const found = await db()
    .select()
    .from(officials)
    .where(and(eq(officials.unitId, unit.id), eq(officials.active, true)))
    .orderBy(officials.id)
    .limit(n);
  assert.equal(found.length, n, `${code} has ${n} people`);
  return { unit, people: found };
}

const snapshot = async () =>
  JSON.stringify([
    await db().select().from(officials).orderBy(officials.id),
    await db().select().from(memberships).orderBy(memberships.id),
    await db().select().from(officialRoles).orderBy(officialRoles.officialId, officialRoles.role),
    await rows(sql`SELECT count(*) AS n FROM audit_log`),
    await rows(sql`SELECT * FROM headcount_totals ORDER BY 1, 2`),
  ]);

async function post(fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  const request = await requestAs("quantri", "/admin/people/bulk", { method: "POST", body });
  try {
    return await bulkAction({ request, params: {}, context: ctx });
  } catch (thrown) {
    return thrown;
  }
}

/** A data() result's payload and status (Remix's DataWithResponseInit), or a Response (redirect). */
function unwrap(result: unknown): { status: number; body: Record<string, unknown> } {
  if (result instanceof Response) return { status: result.status, body: { location: result.headers.get("Location") } };
  const r = result as { type?: string; data?: Record<string, unknown>; init?: { status?: number } };
  return { status: r.init?.status ?? 200, body: r.data ?? (result as Record<string, unknown>) };
}

describe("the two steps", () => {
  test("the preview lists who is affected and writes nothing; the confirmation moves them all, figures and memberships as a single move does", async () => {
    const { unit: from, people } = await peopleOf("LA-TT-X03", 4);
    const to = (await getUnitByCode("LA-TT-X01"))!;
    const before = await snapshot();
    const fromBefore = (await unitReport(from)).members;
    const toBefore = (await unitReport(to)).members;
    const ids = people.map((p) => String(p.id));
    const fields: [string, string][] = [["kind", "move"], ["unitId", String(to.id)], ...ids.map((id): [string, string] => ["id", id])];
    const preview = unwrap(await post([["intent", "preview"], ...fields]));
    assert.equal(preview.status, 200);
    assert.equal(preview.body.stage, "confirm");
    assert.deepEqual(
      (preview.body.people as { staffCode: string }[]).map((p) => p.staffCode).sort(),
      people.map((p) => p.staffCode).sort(),
    );
    assert.match(String(preview.body.what), new RegExp(to.name));
    assert.equal(await snapshot(), before, "the preview wrote nothing");

    const applied = unwrap(await post([["intent", "apply"], ...fields]));
    assert.equal(applied.status, 302);
    assert.match(String(applied.body.location), /applied=4/);
    assert.equal((await unitReport(from)).members, fromBefore - 4);
    assert.equal((await unitReport(to)).members, toBefore + 4);
    for (const p of people) {
      const open = await db()
        .select()
        .from(memberships)
        .where(and(eq(memberships.officialId, p.id), isNull(memberships.validTo)));
      assert.deepEqual(
        open.map((m) => m.unitId),
        [to.id],
      );
    }
    const moves = await db()
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "official.move"),
          inArray(
            auditLog.subjectId,
            people.map((p) => p.staffCode),
          ),
        ),
      );
    assert.equal(moves.length, 4, "one audit row per person");
  });

  test("a failure in the middle rolls back the people before it", async () => {
    const { people: chosen } = await peopleOf("LA-TT-X01", 3);
    // In the order they are applied (names), so that someone is done before the failure.
    const people = [...chosen].sort((a, b) => (a.sortName < b.sortName ? -1 : 1));
    // The second person manages a unit that has since closed: setRoles refuses them in the middle.
    const closed = (await getUnitByCode("LA-TT-TP"))!;
    await transaction(async () => {
      await db().insert(officialRoles).values({ officialId: people[1]!.id, role: "manager", scopeUnitId: closed.id });
    });
    const before = await snapshot();
    await transaction(() => exec(sql`UPDATE units SET valid_to = '2020-01-02' WHERE id = ${closed.id}`));
    await assert.rejects(
      () =>
        applyBulk(
          people.map((p) => p.id),
          { kind: "add-role", role: "trainer" },
          admin,
        ),
      /manager role/,
    );
    await transaction(() => exec(sql`UPDATE units SET valid_to = NULL WHERE id = ${closed.id}`));
    assert.equal(await snapshot(), before, "the first person did not become a trainer");
    const trainers = await db()
      .select()
      .from(officialRoles)
      .where(and(eq(officialRoles.role, "trainer"), eq(officialRoles.officialId, people[0]!.id)));
    assert.equal(trainers.length, 0);
    // Through the page: a plain Vietnamese message, still nothing applied.
    await transaction(() => exec(sql`UPDATE units SET valid_to = '2020-01-02' WHERE id = ${closed.id}`));
    const r = unwrap(
      await post([
        ["intent", "apply"],
        ["kind", "add-role"],
        ["role", "trainer"],
        ...people.map((p): [string, string] => ["id", String(p.id)]),
      ]),
    );
    await transaction(() => exec(sql`UPDATE units SET valid_to = NULL WHERE id = ${closed.id}`));
    assert.equal(r.status, 409);
    assert.equal(r.body.message, t.peopleAdmin.failed);
    assert.equal(await snapshot(), before);
  });

  test("roles are added and removed without touching the others; deactivation ends memberships", async () => {
    const { people } = await peopleOf("LA-TTR-X02", 2);
    const ids = people.map((p) => p.id);
    await applyBulk(ids, { kind: "add-role", role: "trainer" }, admin);
    for (const id of ids) {
      const roles = (await db().select().from(officialRoles).where(eq(officialRoles.officialId, id))).map((r) => r.role).sort();
      assert.ok(roles.includes("trainer") && roles.includes("learner"), roles.join());
    }
    await applyBulk(ids, { kind: "remove-role", role: "trainer" }, admin);
    for (const id of ids) {
      const roles = (await db().select().from(officialRoles).where(eq(officialRoles.officialId, id))).map((r) => r.role);
      assert.ok(!roles.includes("trainer") && roles.includes("learner"));
    }
    await applyBulk(ids, { kind: "deactivate" }, admin);
    const after = await db().select().from(officials).where(inArray(officials.id, ids));
    assert.ok(after.every((o) => !o.active));
  });
});

describe("limits", () => {
  test(`more than ${BULK_LIMIT} people, or ${PASSWORD_LIMIT} passwords, are refused with the numbers, before anything is done`, async () => {
    const everyone = (
      await db()
        .select({ id: officials.id })
        .from(officials)
        .limit(BULK_LIMIT + 1)
    ).map((o) => o.id);
    assert.equal(everyone.length, BULK_LIMIT + 1);
    const before = await snapshot();
    await assert.rejects(
      () => previewBulk(everyone, { kind: "deactivate" }),
      (e: Error) => e instanceof BulkRefused && e.message === t.peopleAdmin.tooMany(BULK_LIMIT, BULK_LIMIT + 1),
    );
    await assert.rejects(() => applyBulk(everyone, { kind: "deactivate" }, admin), BulkRefused);
    await assert.rejects(
      () => applyBulk(everyone.slice(0, PASSWORD_LIMIT + 1), { kind: "reset-passwords" }, admin),
      (e: Error) => e instanceof BulkRefused && e.message === t.peopleAdmin.tooManyPasswords(PASSWORD_LIMIT, PASSWORD_LIMIT + 1),
    );
    const r = unwrap(
      await post([["intent", "apply"], ["kind", "deactivate"], ...everyone.map((id): [string, string] => ["id", String(id)])]),
    );
    assert.equal(r.status, 400);
    assert.equal(r.body.message, t.peopleAdmin.tooMany(BULK_LIMIT, BULK_LIMIT + 1));
    // "Select all N matching" over a filter that matches too many.
    const all = unwrap(
      await post([
        ["intent", "preview"],
        ["kind", "deactivate"],
        ["all", "1"],
        ["f-status", "all"],
      ]),
    );
    assert.equal(all.status, 400);
    assert.match(String(all.body.message), /quá giới hạn 500/);
    assert.equal(await snapshot(), before);
  });

  test("the manager role in bulk: each person's own unit as scope; a manager keeps theirs", async () => {
    const a = await peopleOf("LA-TT-X04", 2);
    const b = await peopleOf("LA-TT-X06", 1);
    const already = a.people[1]!;
    const province = (await getUnitByCode("LA"))!;
    await transaction(async () => {
      await db().insert(officialRoles).values({ officialId: already.id, role: "manager", scopeUnitId: province.id });
    });
    const ids = [a.people[0]!.id, already.id, b.people[0]!.id];
    const preview = unwrap(
      await post([
        ["intent", "preview"],
        ["kind", "add-role"],
        ["role", "manager"],
        ...ids.map((id) => ["id", String(id)] as [string, string]),
      ]),
    );
    assert.equal(preview.body.stage, "confirm");
    assert.match(String(preview.body.what), /đơn vị hiện tại của từng người/);
    const applied = unwrap(
      await post([
        ["intent", "apply"],
        ["kind", "add-role"],
        ["role", "manager"],
        ...ids.map((id) => ["id", String(id)] as [string, string]),
      ]),
    );
    assert.equal(applied.status, 302);
    const scopes = await db()
      .select({ officialId: officialRoles.officialId, scopeUnitId: officialRoles.scopeUnitId })
      .from(officialRoles)
      .where(and(eq(officialRoles.role, "manager"), inArray(officialRoles.officialId, ids)));
    const scopeOf = new Map(scopes.map((r) => [r.officialId, r.scopeUnitId]));
    assert.equal(scopeOf.get(a.people[0]!.id), a.unit.id, "their own commune");
    assert.equal(scopeOf.get(b.people[0]!.id), b.unit.id, "their own commune, not the first person's");
    assert.equal(scopeOf.get(already.id), province.id, "an existing manager keeps their scope");
    // Their other roles stay (a learner stays a learner).
    const learner = await db()
      .select()
      .from(officialRoles)
      .where(and(eq(officialRoles.role, "learner"), eq(officialRoles.officialId, a.people[0]!.id)));
    assert.equal(learner.length, 1);
  });

  test("an empty selection, no action, a closed unit or an unknown role are refused in words", async () => {
    assert.equal(
      unwrap(
        await post([
          ["intent", "preview"],
          ["kind", "deactivate"],
        ]),
      ).body.message,
      t.peopleAdmin.noneSelected,
    );
    assert.equal(
      unwrap(
        await post([
          ["intent", "preview"],
          ["id", "1"],
        ]),
      ).body.message,
      t.peopleAdmin.badKind,
    );
    assert.equal(
      unwrap(
        await post([
          ["intent", "preview"],
          ["kind", "move"],
          ["unitId", "999999"],
          ["id", "1"],
        ]),
      ).body.message,
      t.peopleAdmin.badUnit,
    );
    assert.equal(
      unwrap(
        await post([
          ["intent", "preview"],
          ["kind", "add-role"],
          ["role", "superuser"],
          ["id", "1"],
        ]),
      ).body.message,
      t.peopleAdmin.badRole,
    );
  });

  test("select all matching: the filter's people, in name order", async () => {
    const unit = (await getUnitByCode("LA-TT-X03"))!;
    const r = unwrap(
      await post([
        ["intent", "preview"],
        ["kind", "reactivate"],
        ["all", "1"],
        ["f-unit", String(unit.id)],
        ["f-status", "all"],
      ]),
    );
    assert.equal(r.body.stage, "confirm");
    const n = (
      await rows<{ n: number }>(
        sql`SELECT count(*) AS n FROM officials o JOIN units u ON u.id = o.unit_id WHERE u.path LIKE ${unit.path + "%"}`,
      )
    )[0]!;
    assert.equal((r.body.ids as number[]).length, Number(n.n));
  });
});

describe("one-time passwords", () => {
  test("shown once in the response, hashed in the database, must be changed at first sign-in", async () => {
    const { people } = await peopleOf("LA-TT-X01", 3);
    const r = unwrap(
      await post([["intent", "apply"], ["kind", "reset-passwords"], ...people.map((p): [string, string] => ["id", String(p.id)])]),
    );
    assert.equal(r.body.stage, "passwords");
    const issued = r.body.issued as { id: number; username: string; password: string; unit: string }[];
    assert.equal(issued.length, 3);
    assert.match(String(r.body.loginUrl), /\/login$/);
    for (const p of issued) {
      const o = (await db().select().from(officials).where(eq(officials.id, p.id)))[0]!;
      assert.equal(o.username, p.username);
      assert.equal(o.mustChangePassword, true);
      assert.ok(await verifyPassword(p.password, o.passwordHash!));
      assert.ok(!o.passwordHash!.includes(p.password));
      const logged = await rows<{ detail: string | null }>(
        sql`SELECT detail FROM audit_log WHERE action = 'official.password-reset' AND subject_id = ${o.staffCode}`,
      );
      assert.equal(logged.length, 1);
      assert.ok(!JSON.stringify(logged).includes(p.password), "never in the audit log");
    }
    assert.equal(new Set(issued.map((p) => p.password)).size, 3);
  });
});
