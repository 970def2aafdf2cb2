// Issue "Safe to put online": the sign-in lock per account, sessions after a password change,
// redirects, the first administrator, pruning, and who may fetch a course's images.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { signIn } from "~/auth/login.server";
import { LIMITS, lockRemaining, accountKey, pruneThrottle, recordFailure } from "~/auth/rate-limit.server";
import { safeRedirect } from "~/auth/redirect";
import { commitSessionCookie, createSession, pruneSessions, SESSION_RETAIN_DAYS, userForToken } from "~/auth/session.server";
import { bootstrap } from "~/bootstrap.server";
import { db, transaction } from "~/db/client.server";
import {
  rosterUploads,
  courseAssets,
  courses,
  courseVersions,
  lessons,
  lessonVersions,
  loginThrottle,
  officials,
  sessions,
  units,
} from "~/db/schema";
import { resetEnvForTests } from "~/env.server";
import { housekeeping } from "~/housekeeping.server";
import { DEMO_PASSWORD } from "~/demo/data";
import { createAdministrator, hasAdministrator } from "~/people/first-admin.server";
import { findByIdentifier } from "~/people/officials.server";
import { action as changePassword } from "~/routes/account.password";
import { loader as courseFile } from "~/routes/course-files.$slug.$file";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { TMP_DIR } from "../../support/paths";
import { ctx, requestAs } from "../../support/requests";

describe("a production start on an empty database", () => {
  let file: string;
  before(async () => {
    file = await useTestDatabase();
  });
  after(() => dropTestDatabase(file));

  test("seeds nothing, whatever SEED_DEMO says", async () => {
    const content = fs.mkdtempSync(path.join(TMP_DIR, "content-"));
    fs.mkdirSync(path.join(content, "courses"));
    process.env.CONTENT_DIR = content;
    process.env.NODE_ENV = "production";
    process.env.SEED_DEMO = "true"; // an old setting must not bring the demo back
    resetEnvForTests();
    await bootstrap();
    const count = async (table: typeof units | typeof officials) =>
      (
        await db()
          .select({ n: sql<number>`count(*)` })
          .from(table)
      )[0]!.n;
    assert.equal(await count(units), 0);
    assert.equal(await count(officials), 0);
    assert.equal(await hasAdministrator(), false);
    delete process.env.SEED_DEMO;
    delete process.env.CONTENT_DIR;
    process.env.NODE_ENV = "test";
    resetEnvForTests();
  });

  test("the first administrator gets a unit (created as the root) and a one-time password to change", async () => {
    const created = await createAdministrator({ username: "quantri.tinh", unit: "Tỉnh Tây Ninh", fullName: "Võ Thị Mai" });
    assert.equal(created.unitCreated, true);
    assert.equal(created.unit.parentId, null);
    assert.ok(created.password.length >= 16);
    const official = (await findByIdentifier("quantri.tinh"))!;
    assert.equal(official.mustChangePassword, true);
    assert.equal(await hasAdministrator(), true);
    const result = await signIn("quantri.tinh", created.password, { ip: "192.0.2.1" });
    assert.ok(result.ok);
    assert.equal((await userForToken(result.token))?.mustChangePassword, true);
    // A second administrator joins an existing unit, found without diacritics; a made-up unit is refused.
    const second = await createAdministrator({ username: "quantri2", unit: "tinh tay ninh" });
    assert.equal(second.unit.id, created.unit.id);
    await assert.rejects(createAdministrator({ username: "quantri3", unit: "Tỉnh Không Có" }), /Không tìm thấy đơn vị/);
    await assert.rejects(createAdministrator({ username: "quantri.tinh", unit: "Tỉnh Tây Ninh" }), /Đã có tài khoản/);
    await assert.rejects(createAdministrator({ username: "A B", unit: "Tỉnh Tây Ninh" }), /Tên đăng nhập cần/);
  });
});

describe("with the demo", () => {
  let file: string;
  before(async () => {
    file = await useTestDatabase({ seeded: true });
  });
  after(() => dropTestDatabase(file));

  test("the sign-in lock counts per account, whichever of its names is typed", async () => {
    const office = { ip: "203.0.113.50" };
    for (let i = 0; i < LIMITS.account.max - 1; i++) await signIn("lanhdao.tanthanh", `sai-${i}`, office);
    // The last failure arrives through the e-mail address: it is the same account.
    const official = (await findByIdentifier("lanhdao.tanthanh"))!;
    const last = await signIn(official.email!.toUpperCase(), "sai-cuoi", office);
    assert.equal(last.ok, false);
    const right = await signIn(official.email!, DEMO_PASSWORD, office);
    assert.equal(right.ok, false);
    assert.match(!right.ok ? right.message : "", /tạm khóa/);
    const byName = await signIn("lanhdao.tanthanh", DEMO_PASSWORD, office);
    assert.equal(byName.ok, false);
  });

  test("changing one's own password revokes every other session of that person, not this one", async () => {
    const official = (await findByIdentifier("canbo"))!;
    const elsewhere = await createSession(official.id);
    const request = await requestAs("canbo", "/account/password", {
      method: "POST",
      body: new URLSearchParams({ current: DEMO_PASSWORD, next: "mat-khau-moi-dai-2026", confirm: "mat-khau-moi-dai-2026" }),
    });
    const response = await changePassword({ request, params: {}, context: ctx });
    assert.ok(response instanceof Response && response.status === 302);
    assert.equal(await userForToken(elsewhere), null, "the other session must be dead");
    const cookie = request.headers.get("Cookie")!;
    const token = decodeURIComponent(cookie.split("=").slice(1).join("="));
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as string;
    assert.equal((await userForToken(parsed))?.username, "canbo", "the session that changed it stays");
  });

  test("wrong current passwords on the change-password form count toward the same lock", async () => {
    const official = (await findByIdentifier("giangvien"))!;
    let last: unknown;
    for (let i = 0; i < LIMITS.account.max; i++) {
      const request = await requestAs("giangvien", "/account/password", {
        method: "POST",
        body: new URLSearchParams({ current: `doan-sai-${i}`, next: "mat-khau-moi-dai-2026", confirm: "mat-khau-moi-dai-2026" }),
      });
      last = await changePassword({ request, params: {}, context: ctx });
    }
    assert.ok((await lockRemaining(accountKey("", official.id))) > 0);
    const data = (last as { data: { error: string } }).data;
    assert.match(data.error, /tạm khóa/);
    const signInNow = await signIn("giangvien", DEMO_PASSWORD, { ip: "198.51.100.77" });
    assert.equal(signInNow.ok, false);
  });

  test("old sessions and throttle rows are pruned; live ones stay", async () => {
    const official = (await findByIdentifier("quantri"))!;
    const live = await createSession(official.id);
    const old = await createSession(official.id);
    const longAgo = new Date(Date.now() - (SESSION_RETAIN_DAYS + 20) * 86400_000).toISOString();
    await transaction(async () => {
      await db().update(sessions).set({ expiresAt: longAgo }).where(eq(sessions.officialId, official.id));
      await db()
        .update(sessions)
        .set({ expiresAt: new Date(Date.now() + 86400_000).toISOString() })
        .where(sql`${sessions.id} = (SELECT max(id) FROM sessions WHERE official_id = ${official.id}) - 1`);
    });
    await recordFailure("ip:192.0.2.200", "address", new Date(Date.now() - 3600_000));
    const roster = (createdAt: string) =>
      transaction(async () => {
        await db()
          .insert(rosterUploads)
          .values({ token: `tok-${createdAt}`, fileName: "danh-sach.csv", bytes: Buffer.from("Mã CBCC,Họ và tên\n"), createdAt });
      });
    await roster(new Date(Date.now() - 25 * 3600_000).toISOString());
    await roster(new Date(Date.now() - 3600_000).toISOString());
    const pruned = await housekeeping();
    assert.equal(pruned.rosterUploads, 1, "a roster file older than 2 hours is deleted; a fresh one stays");
    assert.equal(
      (
        await db()
          .select({ n: sql<number>`count(*)` })
          .from(rosterUploads)
      )[0]!.n,
      1,
    );
    assert.ok(pruned.sessions >= 1);
    assert.ok(pruned.throttle >= 1);
    assert.equal((await userForToken(live))?.username, "quantri");
    assert.equal(await userForToken(old), null);
    assert.deepEqual(await db().select().from(loginThrottle).where(eq(loginThrottle.key, "ip:192.0.2.200")), []);
    assert.equal(await pruneSessions(), 0);
    assert.equal(await pruneThrottle(), 0);
  });

  test("course images: a session is needed, drafts only for authors, published ones private to the browser", async () => {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100",
      "hex",
    );
    await transaction(async () => {
      const insertCourse = async (slug: string, versionId: number | null) =>
        (await db().insert(courses).values({ slug, source: "app", title: slug, currentVersionId: versionId }).returning())[0]!;
      const draft = await insertCourse("khoa-nhap", null);
      await db()
        .insert(courseAssets)
        .values({ courseId: draft.id, fileName: "so-do.png", mime: "image/png", bytes: png, size: png.length });
      const published = await insertCourse("khoa-da-xuat-ban", null);
      const version = (await db().insert(courseVersions).values({ courseId: published.id, number: 1, contentHash: "x" }).returning())[0]!;
      await db().update(courses).set({ currentVersionId: version.id }).where(eq(courses.id, published.id));
      const lesson = (await db().insert(lessons).values({ courseId: published.id, lessonKey: "bai-1" }).returning())[0]!;
      await db().insert(lessonVersions).values({
        courseVersionId: version.id,
        lessonId: lesson.id,
        position: 1,
        fileName: "01.mdx",
        title: "Bài 1",
        minutes: 5,
        source: "",
        sourceHash: "h",
        html: '<p><img src="/course-files/khoa-da-xuat-ban/hien.png" alt="Sơ đồ"></p>',
        toc: [],
        words: 3,
      });
      for (const name of ["hien.png", "chua-dung.png"]) {
        await db().insert(courseAssets).values({ courseId: published.id, fileName: name, mime: "image/png", bytes: png, size: png.length });
      }
    });
    const fetchAs = async (username: string | null, url: string) => {
      const [, , slug, file] = url.split("/");
      const request = username ? await requestAs(username, url) : new Request(`http://localhost${url}`);
      try {
        return await courseFile({ request, params: { slug, file }, context: ctx });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const anonymous = await fetchAs(null, "/course-files/khoa-da-xuat-ban/hien.png");
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get("Location") ?? "", /^\/login/);
    const shown = await fetchAs("canbo", "/course-files/khoa-da-xuat-ban/hien.png");
    assert.equal(shown.status, 200);
    assert.equal(shown.headers.get("Cache-Control"), "private, max-age=3600");
    assert.equal((await fetchAs("canbo", "/course-files/khoa-da-xuat-ban/chua-dung.png")).status, 404);
    const draftForLearner = await fetchAs("canbo", "/course-files/khoa-nhap/so-do.png");
    assert.equal(draftForLearner.status, 404);
    assert.match(await draftForLearner.text(), /Trang anh\/chị tìm không có/);
    assert.equal((await fetchAs("giangvien", "/course-files/khoa-nhap/so-do.png")).status, 200);
    assert.equal((await fetchAs("quantri", "/course-files/khoa-da-xuat-ban/chua-dung.png")).status, 200);
  });
});

describe("redirects after sign-in", () => {
  test("only same-origin paths survive; everything else becomes /", () => {
    const hostile = [
      "/\t/evil.example",
      "/\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "/%09/evil.example",
      "/courses%0d%0aSet-Cookie:x=1",
      "/a%7F",
      "javascript:alert(1)",
      "https://evil.example",
      "http:evil.example",
      "///evil.example",
      "/.//evil.example",
      "http://taphuan@evil.example",
      "/" + "a".repeat(3000),
      " /x",
      "",
    ];
    for (const to of hostile) assert.equal(safeRedirect(to), "/", JSON.stringify(to));
    assert.equal(safeRedirect(null), "/");
    assert.equal(safeRedirect("/reports/5?asOf=2025-01-01#top"), "/reports/5?asOf=2025-01-01#top");
    assert.equal(safeRedirect("/courses?q=d%E1%BB%8Bch"), "/courses?q=d%E1%BB%8Bch");
  });

  test("the session cookie is Secure only when the request came over HTTPS (COOKIE_SECURE=auto)", async () => {
    assert.doesNotMatch(await commitSessionCookie("x".repeat(43), new Request("http://192.168.1.10/login")), /Secure/);
    assert.match(await commitSessionCookie("x".repeat(43), new Request("https://taphuan.example/login")), /Secure/);
    process.env.COOKIE_SECURE = "true";
    resetEnvForTests();
    assert.match(await commitSessionCookie("x".repeat(43), new Request("http://192.168.1.10/login")), /Secure/);
    delete process.env.COOKIE_SECURE;
    resetEnvForTests();
  });
});
