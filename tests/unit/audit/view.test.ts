// Issue 20 item 4: the audit log as administrators read it. Every action the app writes has Vietnamese
// words; details read as text, not JSON; the object has its name and a link; the filters (who, what,
// unit, dates) narrow the log and say in Vietnamese what is wrong with them; paging gives every entry
// once; sign-ins, exports and opening someone's record are logged; the export is an Excel file with a
// frozen header row and filters, and refuses everyone but administrators.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { audit } from "~/audit/log.server";
import { ACTION_GROUPS, actionLabel, auditPage, detailText, parseAuditQuery } from "~/audit/view.server";
import { signIn } from "~/auth/login.server";
import { row, transaction } from "~/db/client.server";
import { addDays, vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { findByIdentifier } from "~/people/officials.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as auditXlsx } from "~/routes/admin.audit[.]xlsx";
import { loader as officialLoader } from "~/routes/reports.$unitId.officials.$officialId";
import { getUnitByCode } from "~/units/tree.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { ctx, requestAs, statusOf } from "../../support/requests";

let file: string;
before(async () => {
  file = await useTestDatabase({ seeded: true });
});
after(() => dropTestDatabase(file));

const query = (params: Record<string, string>) => parseAuditQuery(new URL(`http://x/admin/audit?${new URLSearchParams(params)}`));

describe("the audit log's words", () => {
  test("every action the app writes has a Vietnamese label and a filter group", () => {
    // The action codes written anywhere in app/: audit(…, "code", …) and the reminder's constant.
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) {
          const text = fs.readFileSync(full, "utf8");
          for (const m of text.matchAll(/\baudit\(\s*[^,]+,\s*(?:[^"',]*\?\s*)?"([a-z0-9.-]+)"(?:\s*:\s*"([a-z0-9.-]+)")?/g)) {
            codes.add(m[1]!);
            if (m[2]) codes.add(m[2]);
          }
          for (const m of text.matchAll(/ACTION = "([a-z0-9.-]+)"/g)) codes.add(m[1]!);
          // Actions passed on to a writer that logs them: { audit: { action: "…" } }.
          for (const m of text.matchAll(/audit: \{\s*action: "([a-z0-9.-]+)"/g)) codes.add(m[1]!);
        }
      }
    };
    walk("app");
    assert.ok(codes.size >= 25, `found ${codes.size} action codes`);
    const grouped = new Set<string>(Object.values(ACTION_GROUPS).flat());
    for (const code of codes) {
      assert.notEqual(actionLabel(code), code, `"${code}" has no Vietnamese label in t.audit.actions`);
      assert.ok(grouped.has(code), `"${code}" is in no filter group (ACTION_GROUPS)`);
    }
    assert.equal(actionLabel("official.password-reset"), "Đặt lại mật khẩu");
  });

  test("details read as text: from → to, what changed, days as dd/mm/yyyy, never raw JSON", () => {
    assert.equal(detailText({ from: "Xã A", to: "Xã B" }), "Xã A → Xã B");
    assert.equal(detailText({ position: { from: "Chuyên viên", to: "Phó Chủ tịch" } }), "Chức vụ: Chuyên viên → Phó Chủ tịch");
    assert.equal(
      detailText({ before: { dueOn: "2026-12-01", note: "a" }, after: { dueOn: "2026-12-15", note: "a" } }),
      "Hạn hoàn thành: 01/12/2026 → 15/12/2026",
    );
    const merged = detailText({ from: ["LA-TT-X01", "LA-TT-X02"], people: 1234, day: "2025-07-01" });
    assert.equal(merged, "Từ: LA-TT-X01, LA-TT-X02; Số người: 1.234; Ngày hiệu lực: 01/07/2025");
    const long = detailText({ units: Array.from({ length: 30 }, (_, i) => `U${i}`) });
    assert.match(long, /và 22 mục khác$/);
    for (const text of [merged, long]) assert.doesNotMatch(text, /[{}"]/);
  });
});

describe("the audit page", () => {
  test("filters by who (without diacritics), what, the actor's unit subtree and dates; pages give every entry once", async () => {
    const admin = (await findByIdentifier("quantri"))!;
    const manager = (await findByIdentifier("lanhdao.tantru"))!;
    const canbo = (await findByIdentifier("canbo"))!;
    await transaction(async () => {
      for (let i = 0; i < 7; i++) await audit(manager.id, "official.password-reset", "official", canbo.staffCode);
      await audit(admin.id, "unit.rename", "unit", "LA-TT", { from: "Huyện Tân Thạnh", to: "Huyện Tân Thạnh" });
    });
    const all = await auditPage(query({}), 1000);
    assert.ok(all.total >= 8 && all.entries.length === all.total);

    // Who: the manager's name typed without diacritics finds their entries only.
    const who = `${manager.ho} ${manager.dem} ${manager.ten}`
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D");
    const mine = await auditPage(query({ who }), 1000);
    assert.ok(mine.total >= 7);
    assert.ok(mine.entries.every((e) => e.whoLink === `/admin/people/${manager.id}`));

    // What: one action, and a whole group.
    const resets = await auditPage(query({ what: "official.password-reset" }), 1000);
    assert.equal(resets.total, 7);
    const e = resets.entries[0]!;
    assert.equal(e.actionLabel, "Đặt lại mật khẩu");
    assert.equal(e.subjectLink, `/admin/people/${canbo.id}`);
    assert.ok(e.subject.includes(canbo.ten) && e.subject.includes(canbo.staffCode), e.subject);
    const units = await auditPage(query({ what: "group:unit" }), 1000);
    assert.ok(units.entries.length >= 1 && units.entries.every((x) => x.action.startsWith("unit.")));
    assert.match(units.entries[0]!.subject, /Tân Thạnh \(LA-TT\)/);

    // Unit: the actor's unit and everything under it (Tân Trụ's manager sits in Tân Trụ, not in Tân Thạnh).
    assert.equal((await auditPage(query({ unit: "la-ttr", what: "official.password-reset" }), 1000)).total, 7, "code, any case");
    assert.equal((await auditPage(query({ unit: "Huyện Tân Trụ", what: "official.password-reset" }), 1000)).total, 7, "or name");
    assert.equal((await auditPage(query({ unit: "LA-TT", what: "official.password-reset" }), 1000)).total, 0);

    // Dates (dd/mm/yyyy as typed): today's entries, none tomorrow.
    const today = vnToday();
    const [y, m, d] = today.split("-");
    assert.ok((await auditPage(query({ from: `${d}/${m}/${y}`, to: `${d}/${m}/${y}` }), 1000)).total >= 8);
    const tomorrow = addDays(today, 1).split("-").reverse().join("/");
    assert.equal((await auditPage(query({ from: tomorrow }), 1000)).total, 0);

    // Paging: 3 per page, newest first, every entry once.
    const seen: number[] = [];
    let q = query({ what: "official.password-reset" });
    for (let guard = 0; guard < 10; guard++) {
      const page = await auditPage(q, 3);
      seen.push(...page.entries.map((x) => x.id));
      if (!page.nextBefore) break;
      q = query({ what: "official.password-reset", before: String(page.nextBefore) });
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
  });

  test("wrong filters get a Vietnamese message at their field and show nothing", async () => {
    const bad = query({ from: "31/02/2026", to: "hôm qua", what: "drop table", unit: "KHONG-CO" });
    assert.equal(bad.errors.from, t.audit.badDay);
    assert.equal(bad.errors.to, t.audit.badDay);
    assert.equal(bad.errors.what, t.audit.unknownAction);
    const page = await auditPage(query({ unit: "KHONG-CO" }));
    assert.equal(page.errors.unit, t.audit.unitNotFound("KHONG-CO"));
    assert.equal(page.entries.length, 0);
    assert.equal(query({ from: "05/11/2026", to: "01/11/2026" }).errors.to, t.audit.toBeforeFrom);
    assert.equal(query({ who: "x".repeat(81) }).errors.who, t.audit.tooLong("80"));
  });
});

describe("what is logged", () => {
  test("a sign-in, a manager opening one official's record, and the audit export itself", async () => {
    const count = async (action: string) =>
      Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = ${action}`))!.n);
    const signIns = await count("auth.sign-in");
    const ok = await signIn("canbo", "taphuan2025", { ip: "203.0.113.9" });
    assert.ok(ok.ok);
    assert.equal(await count("auth.sign-in"), signIns + 1);
    const wrong = await signIn("canbo", "sai-mat-khau", { ip: "203.0.113.9" });
    assert.ok(!wrong.ok);
    assert.equal(await count("auth.sign-in"), signIns + 1, "a failed sign-in is not a sign-in");
    const shown = (await auditPage(query({ what: "auth.sign-in" }))).entries[0]!;
    assert.equal(shown.detail, "Địa chỉ IP: 203.0.113.9");

    const canbo = (await findByIdentifier("canbo"))!;
    const district = (await getUnitByCode("LA-TT"))!;
    const views = await count("official.view");
    const res = await officialLoader({
      request: await requestAs("lanhdao.tanthanh", `/reports/${district.id}/officials/${canbo.id}`),
      params: { unitId: String(district.id), officialId: String(canbo.id) },
      context: ctx,
    });
    assert.ok(res);
    assert.equal(await count("official.view"), views + 1);
    const viewed = (await auditPage(query({ what: "official.view" }))).entries[0]!;
    assert.equal(viewed.actionLabel, "Xem hồ sơ học tập");
    assert.equal(viewed.subjectLink, `/admin/people/${canbo.id}`);
  });

  test("the export: administrators only, an Excel file with a frozen header row, filters and Vietnamese words", async () => {
    // Its own entries (tests do not depend on each other's order).
    const admin = (await findByIdentifier("quantri"))!;
    const canbo = (await findByIdentifier("canbo"))!;
    await transaction(async () => {
      for (let i = 0; i < 8; i++) await audit(admin.id, "official.password-reset", "official", canbo.staffCode);
    });
    for (const who of ["canbo", "giangvien", "lanhdao.tanthanh"]) {
      const status = await statusOf(
        auditXlsx({ request: await requestAs(who, "/admin/audit.xlsx"), params: {}, context: ctx }) as Promise<unknown>,
      );
      assert.equal(status, 403, who);
    }
    const res = (await auditXlsx({
      request: await requestAs("quantri", "/admin/audit.xlsx?what=group:official"),
      params: {},
      context: ctx,
    })) as Response;
    assert.equal(res.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ["Thời điểm", "Người thực hiện", "Thao tác", "Đối tượng", "Chi tiết"]);
    assert.equal(sheet.views[0]?.state, "frozen");
    assert.ok(sheet.autoFilter);
    assert.ok(sheet.rowCount >= 8);
    assert.match(String(sheet.getRow(2).getCell(1).value), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.ok(sheet.getColumn(3).values.includes("Đặt lại mật khẩu"));
    const bad = await statusOf(
      auditXlsx({ request: await requestAs("quantri", "/admin/audit.xlsx?from=31/02/2026"), params: {}, context: ctx }) as Promise<unknown>,
    );
    assert.equal(bad, 400);
    // The page itself: administrators only.
    assert.equal(
      await statusOf(auditLoader({ request: await requestAs("lanhdao.tanthanh", "/admin/audit"), params: {}, context: ctx })),
      403,
    );
  });
});
