// Issue 14 item 4: learners are not stranded. Extra attempts granted by a trainer or an administrator,
// to a person or a unit subtree (audited, shown in the attempt history), and the confirmation asked
// before a blank or partly blank submission is graded.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { publishedCourse } from "~/courses/catalogue.server";
import { db } from "~/db/client.server";
import { auditLog, officials, quizAttempts } from "~/db/schema";
import { findByIdentifier } from "~/people/officials.server";
import { attemptFor, attemptsOf, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { extraAttempts, grantAttempts } from "~/quizzes/grants.server";
import { action as attemptAction, loader as attemptLoader } from "~/routes/courses.$slug.quiz.$token";
import { loader as quizHomeLoader } from "~/routes/courses.$slug.quiz._index";
import { action as analysisAction } from "~/routes/trainer.quizzes.$slug";
import { mergeUnits } from "~/units/reorganise.server";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

const SLUG = "an-toan-thong-tin-can-bo";
const course = async () => (await publishedCourse(SLUG))!;
const idOf = async (username: string) => (await findByIdentifier(username))!.id;
const actor = async (username: string) => {
  const o = (await findByIdentifier(username))!;
  const roles = username === "quantri" ? ["admin" as const] : username === "giangvien" ? ["trainer" as const] : ["learner" as const];
  return { id: o.id, roles };
};

/** Uses every attempt the official has, failing each. */
async function failAll(officialId: number) {
  const c = await course();
  for (;;) {
    const r = await startAttempt(officialId, c.id);
    if (!r.ok) return r.reason;
    const a = (await attemptFor(r.token, officialId))!;
    const quiz = (await quizFor(a.courseVersionId))!;
    await submitAttempt(r.token, officialId, formFor(quiz, a.layout, false));
  }
}

async function peopleOf(unitCode: string, n: number) {
  const unit = (await getUnitByCode(unitCode))!;
  return db().select().from(officials).where(eq(officials.unitId, unit.id)).limit(n);
}

describe("extra attempts", () => {
  test("to one person: the refused start succeeds once more, then stops again; audited; shown in the history", async () => {
    const c = await course();
    const canbo = await idOf("canbo");
    assert.equal(await failAll(canbo), "limit");
    assert.equal((await attemptsOf(canbo, c.id, c.epoch)).length, 3);
    const result = await grantAttempts(await actor("giangvien"), {
      courseId: c.id,
      target: { officialId: canbo },
      count: 1,
      reason: "Mất điện khi làm bài",
    });
    assert.ok(result.ok);
    assert.equal(await extraAttempts(canbo, c.id, c.epoch), 1);
    assert.equal(await failAll(canbo), "limit");
    assert.equal((await attemptsOf(canbo, c.id, c.epoch)).length, 4, "exactly one more attempt");

    const [row] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "quiz.grant-attempts"), eq(auditLog.subjectId, String(c.id))))
      .limit(1);
    assert.ok(row, "an audit row");
    assert.equal(row.actorId, await idOf("giangvien"));
    assert.deepEqual(row.detail, { epoch: c.epoch, officialId: canbo, count: 1, reason: "Mất điện khi làm bài" });

    const home = await quizHomeLoader({ request: await requestAs("canbo", `/courses/${SLUG}/quiz`), params: { slug: SLUG }, context: ctx });
    assert.equal(home.quiz.attempts, 4);
    assert.equal(home.grants.length, 1);
    assert.equal(home.grants[0]!.count, 1);
  });

  test("to a unit subtree: everyone under it at the time of use, nobody outside it", async () => {
    const c = await course();
    const inside = [...(await peopleOf("LA-TTR-X02", 1)), ...(await peopleOf("LA-TTR-X04", 1))];
    const [outside] = await peopleOf("LA-TT-X10", 1);
    for (const p of [...inside, outside!]) assert.equal(await failAll(p.id), "limit");
    const tanTru = (await getUnitByCode("LA-TTR"))!;
    const result = await grantAttempts(await actor("quantri"), { courseId: c.id, target: { unitId: tanTru.id }, count: 2, reason: "" });
    assert.ok(result.ok);
    for (const p of inside) {
      assert.equal(await extraAttempts(p.id, c.id, c.epoch), 2);
      assert.equal(await failAll(p.id), "limit");
      assert.equal((await attemptsOf(p.id, c.id, c.epoch)).length, 5);
    }
    assert.equal(await extraAttempts(outside!.id, c.id, c.epoch), 0);
    assert.equal((await startAttempt(outside!.id, c.id)).ok, false);
  });

  test("a grant on a unit merged away follows the merged unit (decision 0022)", async () => {
    const c = await course();
    const a = (await getUnitByCode("LA-TT-X04"))!;
    const b = (await getUnitByCode("LA-TT-X05"))!;
    const [fromA] = await peopleOf("LA-TT-X04", 1);
    const [fromB] = await peopleOf("LA-TT-X05", 1);
    const ok = await grantAttempts(await actor("giangvien"), { courseId: c.id, target: { unitId: a.id }, count: 1, reason: "" });
    assert.ok(ok.ok);
    assert.equal(await extraAttempts(fromA!.id, c.id, c.epoch), 1);
    assert.equal(await extraAttempts(fromB!.id, c.id, c.epoch), 0);
    await mergeUnits([a.id, b.id], { name: "Xã Hợp Nhất", code: "LA-TT-HN" }, "2026-11-25", null);
    assert.equal(await extraAttempts(fromA!.id, c.id, c.epoch), 1, "still covered after the merge");
    assert.equal(await extraAttempts(fromB!.id, c.id, c.epoch), 1, "the merged unit is the granted place now");
  });

  test("only trainers and administrators may grant: others are refused, nothing written", async () => {
    const c = await course();
    const canbo = await idOf("canbo");
    const before = await extraAttempts(canbo, c.id, c.epoch);
    const refused = await grantAttempts(await actor("canbo"), { courseId: c.id, target: { officialId: canbo }, count: 5, reason: "" });
    assert.equal(refused.ok, false);
    for (const who of ["canbo", "lanhdao.tanthanh"]) {
      const body = new FormData();
      body.set("kind", "person");
      body.set("person", "canbo");
      body.set("count", "5");
      const request = await requestAs(who, `/trainer/quizzes/${SLUG}`, { method: "POST", body });
      assert.equal(await statusOf(analysisAction({ request, params: { slug: SLUG }, context: ctx })), 403, who);
    }
    assert.equal(await extraAttempts(canbo, c.id, c.epoch), before);
  });

  test("the trainer's form: a field error in Vietnamese for a bad count or an unknown person, and a grant when right", async () => {
    const post = async (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.set(k, v);
      const request = await requestAs("giangvien", `/trainer/quizzes/${SLUG}`, { method: "POST", body });
      const response = (await analysisAction({ request, params: { slug: SLUG }, context: ctx })) as unknown as {
        data: { errors: Record<string, string>; granted: string | null };
        init: { status?: number } | null;
      };
      return response;
    };
    const bad = await post({ kind: "person", person: "khong-co-ai", count: "0" });
    assert.equal(bad.init?.status, 400);
    assert.match(bad.data.errors.count!, /từ 1 đến/);
    assert.match(bad.data.errors.target!, /Không tìm thấy/);
    const [someone] = await peopleOf("LA-TT-X06", 1);
    const good = await post({ kind: "person", person: someone!.username, count: "2", reason: "Ốm" });
    assert.match(good.data.granted!, /Đã cấp thêm 2 lần/);
    const c = await course();
    assert.equal(await extraAttempts(someone!.id, c.id, c.epoch), 2);
  });

  test("two starts at once with one granted attempt left make one attempt", async () => {
    const c = await course();
    const [p] = await peopleOf("LA-TT-X07", 1);
    assert.equal(await failAll(p!.id), "limit");
    assert.ok((await grantAttempts(await actor("giangvien"), { courseId: c.id, target: { officialId: p!.id }, count: 1, reason: "" })).ok);
    const [first, second] = await Promise.all([startAttempt(p!.id, c.id), startAttempt(p!.id, c.id)]);
    assert.ok(first.ok && second.ok);
    assert.equal(first.token, second.token, "the second start finds the attempt the first one opened");
    const rows = await db()
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.officialId, p!.id), eq(quizAttempts.courseId, c.id)));
    assert.equal(rows.length, 4);
  });
});

describe("confirming a blank or partly blank submission", () => {
  test("a blank form is not graded: the page lists the unanswered questions; confirmed, it is graded", async () => {
    const c = await course();
    const [p] = await peopleOf("LA-TT-X08", 1);
    const r = await startAttempt(p!.id, c.id);
    assert.ok(r.ok);
    const a = (await attemptFor(r.token, p!.id))!;
    const quiz = (await quizFor(a.courseVersionId))!;
    const url = `/courses/${SLUG}/quiz/${r.token}`;
    // Two questions answered, the rest left blank.
    const full = formFor(quiz, a.layout, true);
    const partial = new FormData();
    for (const [k, v] of full.entries()) if (k === "q0" || k === "q1") partial.append(k, v);
    const response = (await attemptAction({
      request: await requestAs(p!.username, url, { method: "POST", body: partial }),
      params: { slug: SLUG, token: r.token },
      context: ctx,
    })) as unknown as { data: { confirm: { blank: number[]; answers: [string, string][] } } };
    assert.deepEqual(
      response.data.confirm.blank,
      a.layout.map((_, i) => i).filter((i) => i > 1),
    );
    assert.deepEqual(response.data.confirm.answers, [...partial.entries()]);
    assert.equal((await attemptFor(r.token, p!.id))!.status, "open", "nothing graded yet");
    const page = await attemptLoader({ request: await requestAs(p!.username, url), params: { slug: SLUG, token: r.token }, context: ctx });
    assert.equal(page.state, "open");

    partial.set("confirmed", "1");
    const done = await attemptAction({
      request: await requestAs(p!.username, url, { method: "POST", body: partial }),
      params: { slug: SLUG, token: r.token },
      context: ctx,
    });
    assert.equal((done as Response).status, 302);
    assert.equal((await attemptFor(r.token, p!.id))!.status, "graded");
  });

  test("a fully answered form is graded at once", async () => {
    const c = await course();
    const [p] = await peopleOf("LA-TT-X09", 1);
    const r = await startAttempt(p!.id, c.id);
    assert.ok(r.ok);
    const a = (await attemptFor(r.token, p!.id))!;
    const quiz = (await quizFor(a.courseVersionId))!;
    const done = await attemptAction({
      request: await requestAs(p!.username, `/courses/${SLUG}/quiz/${r.token}`, { method: "POST", body: formFor(quiz, a.layout, false) }),
      params: { slug: SLUG, token: r.token },
      context: ctx,
    });
    assert.equal((done as Response).status, 302);
    assert.equal((await attemptFor(r.token, p!.id))!.status, "graded");
  });
});
