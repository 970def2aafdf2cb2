import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { signIn } from "~/auth/login.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { LIMITS } from "~/auth/rate-limit.server";
import { logout, userForToken, commitSessionCookie } from "~/auth/session.server";
import { db, transaction } from "~/db/client.server";
import { officials } from "~/db/schema";
import { DEMO_PASSWORD } from "~/demo/data";
import { t } from "~/i18n/vi";
import { eq } from "drizzle-orm";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const office = { ip: "203.0.113.7" };

describe("passwords", () => {
  test("are stored as scrypt hashes with their own salt and verify only the right password", async () => {
    const a = await hashPassword("mật khẩu dài 123");
    const b = await hashPassword("mật khẩu dài 123");
    assert.match(a, /^scrypt\$32768\$8\$1\$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword("mật khẩu dài 123", a), true);
    assert.equal(await verifyPassword("mật khẩu dài 124", a), false);
    assert.equal(await verifyPassword("x", "garbage"), false);
  });
});

describe("signing in", () => {
  test("works with the username or the e-mail address", async () => {
    const byName = await signIn("canbo", DEMO_PASSWORD, office);
    const byMail = await signIn("CanBo@TapHuan.demo", DEMO_PASSWORD, office);
    assert.equal(byName.ok, true);
    assert.equal(byMail.ok, true);
  });

  test("a wrong user and a wrong password get the same message", async () => {
    const wrongUser = await signIn("khong-ton-tai", DEMO_PASSWORD, { ip: "198.51.100.1" });
    const wrongPass = await signIn("giangvien", "sai-mat-khau", { ip: "198.51.100.1" });
    assert.deepEqual(wrongUser, { ok: false, message: t.login.invalid });
    assert.deepEqual(wrongPass, { ok: false, message: t.login.invalid });
  });

  test("repeated wrong passwords lock the account, even against the right password; a colleague at the same address still signs in", async () => {
    let last;
    const sharedOffice = { ip: "203.0.113.8" }; // its own address: its failures count against no other test's
    for (let i = 0; i < LIMITS.account.max; i++) last = await signIn("lanhdao.tantru", `sai-${i}`, sharedOffice);
    assert.equal(last?.ok, false);
    const right = await signIn("lanhdao.tantru", DEMO_PASSWORD, sharedOffice);
    assert.equal(right.ok, false);
    assert.match(!right.ok ? right.message : "", /tạm khóa/);
    const colleague = await signIn("lanhdao.tanthanh", DEMO_PASSWORD, sharedOffice);
    assert.equal(colleague.ok, true, "one locked account must not lock the shared office address");
  });

  test("a deactivated official cannot sign in and gets the ordinary message", async (context) => {
    await transaction(async () => {
      await db().update(officials).set({ active: false }).where(eq(officials.username, "quantri"));
    });
    // Reactivate even when an assertion fails, so no other test meets a deactivated quantri.
    context.after(() =>
      transaction(async () => {
        await db().update(officials).set({ active: true }).where(eq(officials.username, "quantri"));
      }),
    );
    const result = await signIn("quantri", DEMO_PASSWORD, { ip: "192.0.2.44" });
    assert.deepEqual(result, { ok: false, message: t.login.invalid });
  });
});

describe("sessions", () => {
  test("logout revokes the session server-side: replaying the old cookie authenticates nobody", async () => {
    const result = await signIn("canbo", DEMO_PASSWORD, { ip: "192.0.2.9" });
    assert.ok(result.ok);
    const token = result.token;
    assert.equal((await userForToken(token))?.username, "canbo");
    const cookie = (await commitSessionCookie(token)).split(";")[0]!;
    const setCookie = await logout(new Request("http://localhost/logout", { method: "POST", headers: { Cookie: cookie } }));
    assert.match(setCookie, /Max-Age=0/);
    assert.equal(await userForToken(token), null);
  });

  test("the cookie is HttpOnly and SameSite=Lax", async () => {
    const header = await commitSessionCookie("x".repeat(43));
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Lax/);
  });
});
