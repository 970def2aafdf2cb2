// Issue 17: certificates issued with the completion, a real PDF (read back with poppler's pdftotext and
// the QR decoded by zbarimg from pdftoppm's rendering), Ed25519 signatures that survive key rotation
// and a restored backup, revocation, the Open Badges VC-JWT (verified with jose), and managers' scope.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { sign, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { certificateByNumber, verifyCertificate } from "~/certificates/certificates.server";
import { rotateSigningKey, signingKey, signingKeyById, verifyingKey, verifyingKeys } from "~/certificates/keys.server";
import { certificatePdf, verifyLinkOf } from "~/certificates/pdf.server";
import { parseSignedCode, printedCheckCode } from "~/certificates/signing.server";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completionFacts, recordCompletionIfMet } from "~/courses/completion.server";
import { completeLesson } from "~/courses/progress.server";
import { db, exec, row, rows, transaction } from "~/db/client.server";
import { auditLog, certificateKeys, certificates, officials } from "~/db/schema";
import { env, resetEnvForTests } from "~/env.server";
import { findByIdentifier } from "~/people/officials.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { action as revokeAction } from "~/routes/admin.certificates";
import { loader as fileLoader } from "~/routes/certificates.$file";
import { loader as issuerLoader } from "~/routes/certificates.issuer";
import { loader as keysLoader } from "~/routes/certificates.keys[.]json";
import { loader as officialReportLoader } from "~/routes/reports.$unitId.officials.$officialId";
import { loader as zipLoader } from "~/routes/units.$unitId.certificates[.]zip";
import { loader as unitLoader } from "~/routes/units.$unitId";
import { loader as verifyLoader } from "~/routes/verify.$number";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { formFor } from "../../support/quiz";
import { ctx, requestAs, statusOf } from "../../support/requests";

const TUYET = "Nguyễn Thị Ánh Tuyết".normalize("NFC");
const UNG = "Đặng Văn Ưng".normalize("NFC");
const COURSE = "chu-ky-so-van-ban-dien-tu";

let file: string;
let tmp: string;
before(async () => {
  file = await useTestDatabase({ content: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cert-test-"));
});
after(async () => {
  await dropTestDatabase(file);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function rename(username: string, ho: string, dem: string, ten: string) {
  const o = (await findByIdentifier(username))!;
  await transaction(async () => {
    await db().update(officials).set({ ho, dem, ten }).where(eq(officials.id, o.id));
  });
  return o.id;
}

/** Every lesson, then the final quiz passed: the real paths a learner takes. */
async function completeCourse(username: string, slug: string, day: string) {
  const official = (await findByIdentifier(username))!;
  const course = (await publishedCourse(slug))!;
  for (const l of await lessonsOf(course.currentVersionId!))
    await completeLesson(official.id, course.id, l.lessonId, `${day}T02:00:00.000Z`);
  const at = new Date(`${day}T03:00:00.000Z`);
  const start = await startAttempt(official.id, course.id, at);
  assert.ok(start.ok);
  const attempt = (await attemptFor(start.token, official.id, at))!;
  await submitAttempt(
    start.token,
    official.id,
    formFor((await quizFor(attempt.courseVersionId))!, attempt.layout, true),
    new Date(`${day}T03:10:00.000Z`),
  );
  const [c] = await db().select().from(certificates).where(eq(certificates.officialId, official.id));
  return { official, course, certificate: c };
}

function pdfText(pdf: Buffer, name: string): string {
  const f = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(f, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", f, "-"], { encoding: "utf8" });
}

/** Renders page 1 at 150 dpi (pdftoppm) and decodes the QR code from the image (zbarimg). */
function qrOf(pdf: Buffer, name: string): string {
  const f = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(f, pdf);
  execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", f, path.join(tmp, name)]);
  return execFileSync("zbarimg", ["--raw", "-q", path.join(tmp, `${name}.png`)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
}

async function verifyPage(url: string) {
  const u = new URL(url);
  const number = decodeURIComponent(u.pathname.split("/").pop()!);
  const response = (await verifyLoader({
    request: new Request(`http://localhost${u.pathname}${u.search}`),
    params: { number },
    context: ctx,
  })) as unknown as {
    data: { result: { fullName: string; status: string; revokedReason: string | null } | null };
    init: { status?: number } | null;
  };
  return { status: response.init?.status ?? 200, result: response.data.result };
}

async function download(username: string, number: string, ext = "pdf"): Promise<Response> {
  const request = await requestAs(username, `/certificates/${number}.${ext}`);
  try {
    return await fileLoader({ request, params: { file: `${number}.${ext}` }, context: ctx });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("certificates", () => {
  test("the signing key is made once, even when two callers ask at the same moment", async () => {
    assert.equal((await db().select().from(certificateKeys)).length, 0);
    const [a, b] = await Promise.all([signingKey(), signingKey()]);
    assert.equal(a.id, b.id);
    assert.equal((await db().select().from(certificateKeys)).length, 1);
  });

  test("the keys are parsed once per process: the same KeyObject on every call, and it is the stored key", async () => {
    const [a, b] = [await signingKey(), await signingKey()];
    assert.equal(a.privateKey, b.privateKey, "the private key object is kept");
    assert.equal(a.publicKey, b.publicKey, "the public key object is kept");
    assert.equal(await verifyingKey(a.id), a.publicKey);
    assert.equal(await signingKeyById(a.id), a.privateKey);
    assert.equal((await verifyingKeys()).find((k) => k.id === a.id)!.publicKey, a.publicKey);
    const stored = (await db().select().from(certificateKeys).where(eq(certificateKeys.id, a.id)))[0]!;
    assert.equal(a.publicKey.export({ type: "spki", format: "pem" }).toString(), stored.publicKey);
    assert.equal(a.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), stored.privateKey);
    const message = Buffer.from("Tập huấn");
    assert.ok(verify(null, message, a.publicKey, sign(null, message, a.privateKey)), "the pair still signs and verifies");
  });

  test("a completion issues its certificate in the same transaction: number, name, unit, course, version, date, score", async () => {
    await rename("canbo", "Nguyễn", "Thị Ánh", "Tuyết");
    const { certificate: c, official } = await completeCourse("canbo", COURSE, "2026-11-08");
    assert.ok(c, "a certificate was issued");
    assert.match(c.number, /^TH-2026-\d{6}$/);
    assert.equal(c.fullName, TUYET);
    assert.equal(c.unitName, (await row<{ name: string }>(sql`SELECT name FROM units WHERE id = ${official.unitId}`))!.name);
    assert.equal(c.courseTitle, (await publishedCourse(COURSE))!.title);
    assert.equal(c.versionNumber, 1);
    assert.equal(c.completedOn, "2026-11-08");
    assert.equal(c.score, 100);
    assert.match(c.checkCode, /^[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  test("a completion that rolls back leaves no certificate and uses no number", async () => {
    const o = (await findByIdentifier("lanhdao.tantru"))!;
    const course = (await publishedCourse("an-toan-thong-tin-can-bo"))!;
    const before = await rows<{ n: number }>(sql`SELECT count(*) AS n FROM certificates`);
    await assert.rejects(
      transaction(async () => {
        const facts = (await completionFacts(o.id, course.id, null))!;
        // Force the rule (no lessons left, no quiz) to record a completion inside this transaction.
        assert.equal(
          await recordCompletionIfMet(o.id, course.id, { ...facts, remaining: 0, hasQuiz: false }, "2026-11-09T01:00:00.000Z"),
          true,
        );
        const inside = await db().select().from(certificates).where(eq(certificates.officialId, o.id));
        assert.equal(inside.length, 1, "issued inside the completion's transaction");
        throw new Error("the completion failed");
      }),
      /the completion failed/,
    );
    assert.equal((await db().select().from(certificates).where(eq(certificates.officialId, o.id))).length, 0);
    assert.deepEqual(await rows<{ n: number }>(sql`SELECT count(*) AS n FROM certificates`), before);
    const { certificate } = await completeCourse("lanhdao.tantru", COURSE, "2026-11-10");
    assert.equal(certificate!.number, "TH-2026-000002", "the rolled-back number was given back");
  });

  test("the PDF is A4 landscape with the Quốc hiệu, an embedded font, and pdftotext gives back the exact name, course and number", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!;
    const pdf = await certificatePdf(c);
    const text = pdfText(pdf, "tuyet").normalize("NFC");
    assert.ok(text.includes(TUYET), `the exact name in:\n${text}`);
    assert.ok(text.includes(c.courseTitle), "the course title");
    assert.ok(text.includes(c.number), "the number");
    assert.ok(text.includes(printedCheckCode(c.checkCode)), "the check code");
    assert.ok(text.includes("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert.ok(text.includes("Độc lập - Tự do - Hạnh phúc"));
    const info = execFileSync("pdfinfo", [path.join(tmp, "tuyet.pdf")], { encoding: "utf8" });
    assert.match(info, /Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    const fonts = execFileSync("pdffonts", [path.join(tmp, "tuyet.pdf")], { encoding: "utf8" });
    assert.match(fonts, /NotoSerif.*yes\s+yes\s+yes/, `embedded subset with ToUnicode:\n${fonts}`);

    const id = await rename("lanhdao.tanthanh", "Đặng", "Văn", "Ưng");
    const { certificate: ung } = await completeCourse("lanhdao.tanthanh", COURSE, "2026-11-11");
    assert.equal(ung!.officialId, id);
    assert.ok(
      pdfText(await certificatePdf(ung!), "ung")
        .normalize("NFC")
        .includes(UNG),
    );
  });

  test("the QR code, read from the rendered page, links to /verify/<number>?code=<signed code>, and that page says valid", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!;
    const link = qrOf(await certificatePdf(c), "qr");
    assert.equal(link, verifyLinkOf(c));
    assert.ok(link.startsWith(`${env().publicUrl}/verify/${c.number}?code=`));
    const page = await verifyPage(link);
    assert.equal(page.status, 200);
    assert.equal(page.result!.fullName, TUYET);
    assert.equal(page.result!.status, "valid");
    assert.deepEqual(
      Object.keys(page.result!).sort(),
      ["completedOn", "courseTitle", "fullName", "number", "revokedAt", "revokedReason", "status", "unitName", "versionNumber"],
      "nothing else about the person (no score, no staff code, no e-mail)",
    );
    // The short check code printed on the paper works too, typed in any case, with or without the dash.
    assert.equal(
      (await verifyPage(`http://x/verify/${c.number}?code=${printedCheckCode(c.checkCode).toLowerCase()}`)).result!.status,
      "valid",
    );
  });

  test("a forged field fails: an edited signed code, a forged PDF (name changed), an edited database row; a wrong pair says only not found", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!;
    const signed = parseSignedCode(new URL(verifyLinkOf(c)).searchParams.get("code")!)!;
    const forgedClaims = Buffer.from(JSON.stringify({ ...signed.claims, h: UNG })).toString("base64url");
    const [header, , signature] = new URL(verifyLinkOf(c)).searchParams.get("code")!.split(".");
    assert.equal(await verifyCertificate(c.number, `${header}.${forgedClaims}.${signature}`), undefined);

    // A PDF made with another name: its QR code carries the changed fields with the old signature.
    const forgedPdf = await certificatePdf({ ...c, fullName: UNG });
    assert.ok(pdfText(forgedPdf, "forged").normalize("NFC").includes(UNG));
    const page = await verifyPage(qrOf(forgedPdf, "forged"));
    assert.equal(page.status, 404);
    assert.equal(page.result, null);

    // Wrong pairs: a wrong code, an unknown number — the same answer.
    assert.equal((await verifyPage(`http://x/verify/${c.number}?code=AAAAAAAA`)).status, 404);
    assert.equal((await verifyPage(`http://x/verify/TH-2026-999999?code=${c.checkCode}`)).status, 404);

    // The row edited in the database no longer carries a valid signature.
    await transaction(async () => {
      await db().update(certificates).set({ fullName: UNG }).where(eq(certificates.id, c.id));
    });
    assert.equal(await verifyCertificate(c.number, c.checkCode), undefined);
    await transaction(async () => {
      await db().update(certificates).set({ fullName: c.fullName }).where(eq(certificates.id, c.id));
    });
    assert.equal((await verifyCertificate(c.number, c.checkCode))!.status, "valid");
  });

  test("after a key rotation old certificates stay valid and new ones name the new key; a restored older backup still verifies the QR", async () => {
    const old = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!;
    const newKey = await rotateSigningKey();
    assert.notEqual(newKey, old.keyId);
    assert.equal((await verifyCertificate(old.number, old.checkCode))!.status, "valid");
    assert.equal((await verifyCertificate(old.number, new URL(verifyLinkOf(old)).searchParams.get("code")!))!.status, "valid");
    await rename("quantri", "Lê", "Thị", "Hồng");
    const { certificate: fresh } = await completeCourse("quantri", COURSE, "2026-11-12");
    assert.equal(fresh!.keyId, newKey);
    assert.equal((await verifyCertificate(fresh!.number, fresh!.checkCode))!.status, "valid");

    // The database restored from a backup older than this certificate: the row is gone, the keys are not.
    const code = new URL(verifyLinkOf(fresh!)).searchParams.get("code")!;
    await transaction(async () => {
      await exec(sql`DELETE FROM certificates WHERE id = ${fresh!.id}`);
    });
    assert.equal(await verifyCertificate(fresh!.number, fresh!.checkCode), undefined, "the short code needs the register");
    const offline = (await verifyCertificate(fresh!.number, code))!;
    assert.equal(offline.status, "unregistered");
    assert.equal(offline.fullName, "Lê Thị Hồng");
  });

  test("an administrator revokes with a reason (audited); the public page shows revoked and the reason", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, UNG)))[0]!;
    const post = async (username: string, reason: string) => {
      const body = new FormData();
      body.set("number", c.number);
      body.set("reason", reason);
      const request = await requestAs(username, "/admin/certificates", { method: "POST", body });
      const status = await statusOf(
        revokeAction({ request, params: {}, context: ctx }).then((r) =>
          "init" in r ? new Response(null, { status: r.init?.status ?? 200 }) : r,
        ),
      );
      return status;
    };
    assert.equal(await post("lanhdao.tanthanh", "Không được phép"), 403, "only administrators");
    assert.equal(await post("quantri", "   "), 400, "a reason is required");
    assert.equal((await certificateByNumber(c.number))!.revokedAt, null, "nothing half-applied");
    assert.equal(await post("quantri", "Cấp nhầm người"), 302);
    const page = await verifyPage(verifyLinkOf(c));
    assert.equal(page.result!.status, "revoked");
    assert.equal(page.result!.revokedReason, "Cấp nhầm người");
    assert.equal((await verifyCertificate(c.number, c.checkCode))!.status, "revoked");
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, "certificate.revoke"));
    assert.equal(entry!.subjectId, c.number);
  });

  test("the Open Badges 3.0 credential verifies as a VC-JWT with the issuer's public keys (jose)", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!;
    const response = await download("canbo", c.number, "jwt");
    assert.equal(response.status, 200);
    const jwt = await response.text();
    const jwks = (await (await keysLoader()).json()) as Parameters<typeof createLocalJWKSet>[0];
    const issuer = (await issuerLoader().json()) as { id: string; type: string[] };
    assert.deepEqual(issuer.type, ["Profile"]);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: issuer.id, algorithms: ["EdDSA"] });
    assert.equal(protectedHeader.kid, c.keyId, "signed with the certificate's own key, retired since");
    const vc = payload.vc as { type: string[]; issuer: { id: string }; credentialSubject: { achievement: { name: string } } };
    assert.ok(vc.type.includes("OpenBadgeCredential"));
    assert.equal(vc.issuer.id, issuer.id);
    assert.equal(vc.credentialSubject.achievement.name, c.courseTitle);
    const tampered = jwt.replace(
      /\.([^.]+)\./,
      (_m, p: string) => `.${Buffer.from(Buffer.from(p, "base64url").toString().replace(c.courseTitle, "Khác")).toString("base64url")}.`,
    );
    await assert.rejects(jwtVerify(tampered, createLocalJWKSet(jwks)));
  });

  test("downloads: the learner their own; a manager only within their subtree (403 outside), also through the unit zip", async () => {
    const c = (await db().select().from(certificates).where(eq(certificates.fullName, TUYET)))[0]!; // canbo, Tân Thạnh
    const own = await download("canbo", c.number);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get("Content-Type"), "application/pdf");
    assert.equal((await download("lanhdao.tanthanh", c.number)).status, 200, "the manager of Tân Thạnh");
    assert.equal((await download("lanhdao.tantru", c.number)).status, 403, "the manager of Tân Trụ");
    assert.equal((await download("giangvien", c.number)).status, 403, "another learner");
    assert.equal((await download("lanhdao.tantru", "TH-2026-999999")).status, 403, "an unknown number looks the same");

    const unitOf = async (code: string) =>
      (await row<{ id: number }>(sql`SELECT id FROM units WHERE code = ${code} AND valid_to IS NULL`))!.id;
    const zip = async (username: string, unitId: number) => {
      const request = await requestAs(username, `/units/${unitId}/certificates.zip`);
      try {
        return await zipLoader({ request, params: { unitId: String(unitId) }, context: ctx });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const tanThanh = await unitOf("LA-TT");
    const tanTru = await unitOf("LA-TTR");
    // The manager finds the download on the official's report page.
    const report = await officialReportLoader({
      request: await requestAs("lanhdao.tanthanh", `/reports/${tanThanh}/officials/${c.officialId}`),
      params: { unitId: String(tanThanh), officialId: String(c.officialId) },
      context: ctx,
    });
    assert.deepEqual(
      report.certificates.map((x) => x.number),
      [c.number],
    );
    assert.equal((await zip("lanhdao.tantru", tanThanh)).status, 403);
    const mine = await zip("lanhdao.tantru", tanTru);
    assert.equal(mine.status, 200);
    const listing = (r: Buffer, name: string) => {
      fs.writeFileSync(path.join(tmp, name), r);
      return execFileSync("unzip", ["-Z1", path.join(tmp, name)], { encoding: "utf8" });
    };
    const tantruFiles = listing(Buffer.from(await mine.arrayBuffer()), "tantru.zip");
    assert.doesNotMatch(tantruFiles, new RegExp(c.number), "no certificate from outside the subtree");
    const tantruCert = (
      await db()
        .select()
        .from(certificates)
        .where(eq(certificates.officialId, (await findByIdentifier("lanhdao.tantru"))!.id))
    )[0]!;
    assert.match(tantruFiles, new RegExp(tantruCert.number));
    const ttFiles = listing(Buffer.from(await (await zip("lanhdao.tanthanh", tanThanh)).arrayBuffer()), "tanthanh.zip");
    assert.match(ttFiles, new RegExp(c.number));
    assert.doesNotMatch(ttFiles, new RegExp(tantruCert.number));

    // A unit with more certificates than one ZIP may hold (CERTIFICATE_ZIP_MAX) is refused with its
    // count, in Vietnamese, before any PDF is drawn.
    const had = process.env.CERTIFICATE_ZIP_MAX;
    process.env.CERTIFICATE_ZIP_MAX = "1";
    resetEnvForTests();
    try {
      const tooMany = await zip("lanhdao.tanthanh", tanThanh);
      assert.equal(tooMany.status, 413);
      assert.match(await tooMany.text(), /^Đơn vị này có \d+ giấy chứng nhận, nhiều hơn 1 giấy/);
      // The unit page knows it too: it says so instead of offering the download.
      const page = (await unitLoader({
        request: await requestAs("lanhdao.tanthanh", `/units/${tanThanh}`),
        params: { unitId: String(tanThanh) },
        context: ctx,
      })) as { closed: boolean; certificates?: { count: number; max: number } };
      assert.equal(page.closed, false);
      assert.equal(page.certificates!.max, 1);
      assert.ok(page.certificates!.count > 1);
    } finally {
      if (had === undefined) delete process.env.CERTIFICATE_ZIP_MAX;
      else process.env.CERTIFICATE_ZIP_MAX = had;
      resetEnvForTests();
    }
  });
});
