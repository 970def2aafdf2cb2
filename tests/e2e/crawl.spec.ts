// The crawl: every route (read from app/routes, so a new route is crawled without editing this file),
// as every demo role and as nobody, with malformed parameters — unknown ids, ids of another unit, bad
// dates, huge strings, wrong methods, junk bodies. No answer may be a 5xx, show a stack trace, or speak
// English to the person reading it.
import fs from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import type { Role } from "~/db/schema";
import { createOfficial, findByIdentifier } from "~/people/officials.server";
import { getUnitByCode } from "~/units/tree.server";
import { expect, test } from "./fixtures";

// The crawl posts junk everywhere (and a POST to a quiz starts an attempt): it signs in as its own
// officials with the demo roles, so the other specs' demo accounts are left as they were.
const ROLES = ["canbo", "giangvien", "lanhdao.tanthanh", "lanhdao.tantru", "quantri"] as const;
type DemoRole = (typeof ROLES)[number];

async function crawlAccount(role: DemoRole): Promise<string> {
  const username = `crawl.${role}`;
  if (await findByIdentifier(username)) return username;
  const unitOf = async (code: string) => (await getUnitByCode(code))!.id;
  const roles: Record<DemoRole, { role: Role; scopeUnitId?: number }[]> = {
    canbo: [{ role: "learner" }],
    giangvien: [{ role: "learner" }, { role: "trainer" }],
    "lanhdao.tanthanh": [{ role: "learner" }, { role: "manager", scopeUnitId: await unitOf("LA-TT") }],
    "lanhdao.tantru": [{ role: "learner" }, { role: "manager", scopeUnitId: await unitOf("LA-TTR") }],
    quantri: [{ role: "learner" }, { role: "admin" }],
  };
  const demo = (await findByIdentifier(role))!;
  await createOfficial({
    ho: "Thử",
    dem: "Dò",
    ten: role,
    staffCode: `CRAWL-${role}`,
    username,
    email: null,
    unitId: demo.unitId,
    roles: roles[role],
    since: "2020-01-01",
  });
  return username;
}

/** app/routes/reports.$unitId.export[.]csv.tsx → /reports/:unitId/export.csv (index and splat routes too). */
function routePatterns(): string[] {
  const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f));
  return files.map((f) => {
    const segments = f
      .replace(/\.tsx?$/, "")
      .replace(/\[\.\]/g, "\u0000")
      .split(".")
      // eslint-disable-next-line no-control-regex -- NUL is the placeholder for an escaped dot, set two lines above
      .map((s) => s.replace(/\u0000/g, "."))
      .filter((s) => s !== "_index");
    return "/" + segments.map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s)).join("/");
  });
}

const HUGE = "x".repeat(6000);
const BAD_DATES = ["31/02/2025", "2025-13-45", "abc", "9999-99-99", "0000-00-00", "-1", HUGE];

function variants(pattern: string, ids: { ownUnit: number; otherUnit: number; ownOfficial: number; otherOfficial: number }): string[] {
  const values: Record<string, string[]> = {
    unitId: [String(ids.ownUnit), String(ids.otherUnit), "999999", "abc", "-1", "1e309", "9".repeat(40), HUGE],
    officialId: [String(ids.ownOfficial), String(ids.otherOfficial), "999999", "abc", "-5", HUGE],
    slug: ["chuyen-doi-so-co-quan-nha-nuoc", "khong-co-khoa-nay", "..", "%2e%2e%2fetc", HUGE],
    lessonKey: ["khong-co", "..", HUGE],
    token: ["abc", "0".repeat(64), HUGE],
    courseId: ["1", "999999", "abc", HUGE],
    key: ["khong-co", HUGE],
    file: ["khong-co.png", "quiz.yaml", "..%2fquiz.yaml", HUGE + ".png"],
  };
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  let urls = [pattern.replace("*", "khong-co-trang-nay/" + HUGE)];
  for (const name of names) {
    const next: string[] = [];
    for (const url of urls) for (const v of values[name] ?? ["abc"]) next.push(url.replace(`:${name}`, encodeURIComponent(v)));
    urls = next;
  }
  // Keep it bounded: every value of each parameter appears, not every combination.
  urls = urls.filter((_, i) => i < 12);
  const withQuery = urls
    .slice(0, 2)
    .flatMap((u) => [
      ...BAD_DATES.map((d) => `${u}?asOf=${encodeURIComponent(d)}`),
      `${u}?course=abc&unit=-1&q=${HUGE}&page=-3`,
      `${u}?course=999999&view=%3Cscript%3E`,
    ]);
  return [...urls, ...withQuery];
}

const ENGLISH =
  /\b(Error|Unexpected|Invalid input|Forbidden|Not Found|Bad Request|Method Not Allowed|Internal Server|Too big|Too small|expected|undefined|null|NaN|TypeError|SqliteError|at [\w.$]+ \()/;

/** What a person reads: the page's text without scripts, styles and tags. */
function visibleText(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ");
}

async function contextFor(role: DemoRole | null, baseURL: string): Promise<APIRequestContext> {
  let cookie: string | undefined;
  if (role) {
    const official = (await findByIdentifier(await crawlAccount(role)))!;
    cookie = (await commitSessionCookie(await createSession(official.id))).split(";")[0]!;
  }
  return playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: cookie ? { Cookie: cookie } : {},
    maxRedirects: 0,
  });
}

test.describe.configure({ mode: "parallel" });

for (const role of [null, ...ROLES]) {
  test(`crawl as ${role ?? "nobody"}: no 5xx, no stack trace, no English`, async ({ baseURL }) => {
    test.setTimeout(10 * 60_000);
    const tantru = (await getUnitByCode("LA-TTR"))!;
    const tanthanh = (await getUnitByCode("LA-TT"))!;
    const me = (await findByIdentifier(await crawlAccount(role ?? "canbo")))!;
    const other = (await findByIdentifier("lanhdao.tantru"))!;
    const ids = {
      ownUnit: role === "lanhdao.tantru" ? tantru.id : tanthanh.id,
      otherUnit: role === "lanhdao.tantru" ? tanthanh.id : tantru.id,
      ownOfficial: me.id,
      otherOfficial: other.id,
    };
    const api = await contextFor(role, baseURL!);
    const problems: string[] = [];
    const check = async (method: string, url: string, status: number, body: string, type: string) => {
      if (status >= 500) problems.push(`${method} ${url.slice(0, 120)} → ${status}`);
      if (!/html|text\/plain|json/.test(type) && status < 400) return; // files and exports
      const text = /html/.test(type) ? visibleText(body) : body;
      const english = ENGLISH.exec(text);
      const broken = /\b(NaN|undefined|Invalid Date|Invalid input)\b|\[object Object\]/.exec(text);
      if (broken) problems.push(`${method} ${url.slice(0, 120)} → ${status} shows "${broken[0]}"`);
      else if (english && status >= 400)
        problems.push(`${method} ${url.slice(0, 120)} → ${status} says "${english[0]}": ${text.slice(0, 160)}`);
    };
    for (const pattern of routePatterns()) {
      for (const url of variants(pattern, ids)) {
        const res = await api.get(url);
        await check("GET", url, res.status(), await res.text(), res.headers()["content-type"] ?? "");
      }
      const first = variants(pattern, ids)[0]!;
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const body = method === "POST" ? { intent: "x".repeat(3000), unitId: "abc", dueDate: "31/02/2025", _action: "?" } : undefined;
        const res = await api.fetch(first, { method, form: body, headers: { Origin: new URL(baseURL!).origin } });
        await check(method, first, res.status(), await res.text(), res.headers()["content-type"] ?? "");
      }
      const json = await api.post(first, { data: { a: 1 }, headers: { Origin: new URL(baseURL!).origin } });
      await check("POST(json)", first, json.status(), await json.text(), json.headers()["content-type"] ?? "");
    }
    await api.dispose();
    expect(problems, problems.join("\n")).toEqual([]);
  });
}
