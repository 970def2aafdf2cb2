// Issue "Safe to put online", in Chromium: sign-in over plain http://127.0.0.1 with the default
// settings, a dropped session cookie explained, no open redirect, and a production start that seeds
// nothing and gets its first administrator from `npm run admin:create`.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { dialect } from "~/db/client.server";
import { DEMO_PASSWORD } from "~/demo/data";
import { expect, test } from "./fixtures";

const port = Number(process.env.E2E_PORT);
// 127.0.0.1, not localhost: Chromium treats localhost as a secure context and would accept a Secure
// cookie there, hiding the bug an office network (http://192.168.…) meets.
const plainHttp = `http://127.0.0.1:${port}`;

async function signIn(page: import("@playwright/test").Page, username: string, password: string) {
  await page.getByLabel("Tên đăng nhập hoặc thư điện tử").fill(username);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

test("with the default settings, signing in at http://127.0.0.1 lands on the home page", async ({ page }) => {
  await page.goto(`${plainHttp}/login`);
  await signIn(page, "canbo", DEMO_PASSWORD);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xin chào");
  expect(new URL(page.url()).pathname).toBe("/");
  const cookie = (await page.context().cookies(plainHttp)).find((c) => c.name === "th_session");
  expect(cookie?.secure).toBe(false);
});

test("when the browser drops the session cookie, the sign-in page says why in Vietnamese", async ({ page }) => {
  // The browser forgets the cookie the sign-in answer set, as it does with a Secure cookie over
  // http://. The sign-in page posts without JavaScript (decision 0049), so the answer is a document
  // redirect, which page.route cannot catch on its second leg: the POST is sent by route.fetch (its
  // Set-Cookie lands in the context's jar, which is then emptied) and the browser gets the redirect
  // without the cookie.
  await page.route(/\/login/, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const answer = await route.fetch({ maxRedirects: 0 });
    await page.context().clearCookies();
    const headers = { ...answer.headers() };
    delete headers["set-cookie"];
    await route.fulfill({ status: answer.status(), headers });
  });
  await page.goto(`${plainHttp}/login`);
  await signIn(page, "canbo", DEMO_PASSWORD);
  const alert = page.locator("#cookie-error");
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("trình duyệt không giữ phiên đăng nhập");
  await expect(alert).toContainText("http://");
});

// Each would send the browser off the site if the target were taken as given (tab and newline are
// stripped by the browser, backslashes read as slashes, and so on).
const hostile = [
  "/\t/evil.example",
  "/%09/evil.example",
  "/\n/evil.example",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%2F%2Fevil.example",
  "/%5C%5Cevil.example",
  "javascript:alert(document.domain)",
  "https://evil.example/",
  "http:evil.example",
  "///evil.example",
  "/.//evil.example",
  "http://taphuan@evil.example/",
  "/" + "a".repeat(5000),
  " //evil.example",
];

test.describe("no open redirect after sign-in", () => {
  for (const [i, target] of hostile.entries()) {
    test(`hostile redirectTo #${i + 1}: ${JSON.stringify(target.slice(0, 30))}`, async ({ page }) => {
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`);
      await signIn(page, "giangvien", DEMO_PASSWORD);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("load");
      const here = new URL(page.url());
      const base = new URL(test.info().project.use.baseURL!);
      expect(here.host).toBe(base.host);
      expect(requests.filter((u) => u.includes("evil.example") && !u.startsWith(base.origin))).toEqual([]);
    });
  }
  test("an ordinary same-site target is kept", async ({ page }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent("/courses?q=dich vu")}`);
    await signIn(page, "giangvien", DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/courses\?q=dich/);
  });
});

// A second server, started the way a deployment starts it: production, empty database, no demo.
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

test.describe("a production start", () => {
  // The refused demo sign-in answers 401 on purpose (Chromium logs it as a failed resource).
  test.use({ allowedErrors: [/status of 401/] });
  let server: ChildProcess | undefined;
  let url = "";
  let empty = "";
  let env: NodeJS.ProcessEnv = { ...process.env };
  const db = path.resolve("tests/.tmp", `prod-${process.pid}-${Date.now()}.db`);
  // On PostgreSQL the empty database is one of its own on the suite's server (tests/e2e/fresh-pg.mjs).
  let pgUrl: string | undefined;
  if (dialect() === "postgres") {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/taphuan_e2e_prod_${process.pid}_${Date.now()}`;
    pgUrl = u.toString();
  }

  test.beforeAll(async () => {
    const p = await freePort();
    url = `http://127.0.0.1:${p}`;
    empty = fs.mkdtempSync(path.resolve("tests/.tmp", "content-"));
    fs.mkdirSync(path.join(empty, "courses"));
    env = { ...process.env, NODE_ENV: "production", PORT: String(p), DATABASE_PATH: db, CONTENT_DIR: empty };
    delete env.SEED_DEMO;
    if (pgUrl) {
      execFileSync(process.execPath, ["tests/e2e/fresh-pg.mjs", pgUrl], { stdio: "inherit" });
      env.DATABASE_URL = pgUrl;
    }
    server = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    server.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    for (let i = 0; i < 100 && !out.includes("Tập huấn: http"); i++) await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain("Chưa có quản trị viên nào");
  });
  test.afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(db + suffix, { force: true });
    if (empty) fs.rmSync(empty, { recursive: true, force: true });
    if (pgUrl) execFileSync(process.execPath, ["tests/e2e/fresh-pg.mjs", "--drop", pgUrl], { stdio: "inherit" });
  });

  test("seeds nothing: the demo accounts do not exist", async ({ page }) => {
    await page.goto(`${url}/login`);
    await signIn(page, "quantri", DEMO_PASSWORD);
    // A fresh server's first scrypt run can be slow on a busy machine: a longer wait than the default.
    await expect(page.getByRole("alert")).toContainText("Tên đăng nhập hoặc mật khẩu không đúng", { timeout: 20_000 });
  });

  test("admin:create prints a one-time password that must be changed at first sign-in", async ({ page }) => {
    const run = spawnSync(
      "npx",
      ["tsx", "scripts/admin-create.ts", "--username", "quantri.tinh", "--unit", "Tỉnh Tây Ninh", "--name", "Võ Thị Mai"],
      { env, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    const password = /Mật khẩu dùng một lần: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeTruthy();
    // The same name again is refused, with a reason.
    const again = spawnSync("npx", ["tsx", "scripts/admin-create.ts", "--username", "quantri.tinh", "--unit", "Tỉnh Tây Ninh"], {
      env,
      encoding: "utf8",
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("Đã có tài khoản");

    await page.goto(`${url}/login`);
    await signIn(page, "quantri.tinh", password!);
    await expect(page).toHaveURL(/\/account\/password/);
    await page.getByLabel("Mật khẩu hiện tại").fill(password!);
    await page.getByLabel("Mật khẩu mới (ít nhất 10 ký tự)").fill("mat-khau-moi-2026");
    await page.getByLabel("Nhập lại mật khẩu mới").fill("mat-khau-moi-2026");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    await expect(page.getByRole("status")).toContainText("Đã đổi mật khẩu");
    await page.goto(`${url}/admin`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/admin");
  });
});
