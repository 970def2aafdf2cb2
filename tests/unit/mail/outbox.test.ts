// Issue 16 (items 2, 4, 5, 6, 8): the e-mail outbox, sent through a REAL SMTP server (smtp-server, in this
// process) by nodemailer. Enqueued inside the event's transaction; one message per idempotency key;
// UTF-8 Vietnamese subjects and bodies arrive intact; 4xx answers are retried with a doubling backoff
// and end failed with the answer kept; 5xx fails at once; an optional kind a person turned off is not
// sent, a required one is; a learner who passes a course gets the congratulations mail.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { completeLesson } from "~/courses/progress.server";
import { db, row, transaction } from "~/db/client.server";
import { env, resetEnvForTests } from "~/env.server";
import { mailOutbox } from "~/db/schema";
import { compose } from "~/mail/messages.server";
import { enqueueMail, messageIdFor, optOutsOf, setMailChoices, type OutgoingMail } from "~/mail/outbox.server";
import { claimDue, sendDue } from "~/mail/sender.server";
import { findByIdentifier } from "~/people/officials.server";
import { attemptFor, quizFor, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";
import { startSmtpSink, type Received, type SmtpSink } from "../../support/smtp";
import { formFor } from "../../support/quiz";

let sink: SmtpSink;
/** What the SMTP server received (the sink's own array: `received.length = 0` empties it). */
let received: Received[] = [];
let file: string;

/** Recipients "busy…" get 451 (try later), "reject…" get 550 (never), everyone else is accepted. */
const refuseSome: NonNullable<Parameters<typeof startSmtpSink>[0]>["onRcptTo"] = (address, _session, callback) => {
  if (address.address.startsWith("busy"))
    return callback(Object.assign(new Error("Hộp thư tạm thời bận, thử lại sau"), { responseCode: 451 }));
  if (address.address.startsWith("reject")) return callback(Object.assign(new Error("Không có hộp thư này"), { responseCode: 550 }));
  callback();
};

async function startServer() {
  sink = await startSmtpSink({ onRcptTo: refuseSome });
  received = sink.received;
}

const transport = () => sink.transport();

let officialId = 0;
function message(key: string, over: Partial<OutgoingMail> = {}): OutgoingMail {
  const body = compose({
    name: "Nguyễn Thị Hồng Nhung",
    subject: "Nhắc việc: khóa học “Chữ ký số” sắp đến hạn",
    paragraphs: ["Khóa học Chữ ký số và văn bản điện tử đến hạn ngày 15/12/2026. Còn 7 ngày."],
    linkLabel: "Vào học:",
    link: "http://localhost:3000/courses/chu-ky-so-van-ban-dien-tu",
  });
  return { officialId, address: "nhung@xa-hau-thanh-dong.vn", kind: "assignment-due", key, ...body, ...over };
}

const byKey = async (key: string) => (await db().select().from(mailOutbox).where(eq(mailOutbox.idempotencyKey, key)))[0];

before(async () => {
  file = await useTestDatabase({ content: true });
  officialId = (await findByIdentifier("canbo"))!.id;
  await startServer();
});
after(async () => {
  await sink.close();
  await dropTestDatabase(file);
});
beforeEach(() => {
  received.length = 0;
});

describe("e-mail outbox", () => {
  test("a message enqueued in a transaction that rolls back is never sent", async () => {
    await assert.rejects(
      transaction(async () => {
        assert.equal(await enqueueMail(message("rollback:1")), "queued");
        throw new Error("the event failed");
      }),
      /the event failed/,
    );
    assert.equal(await byKey("rollback:1"), undefined);
    const report = await sendDue({ transport: transport() });
    assert.equal(report.sent, 0);
    assert.equal(received.length, 0);
    await assert.rejects(enqueueMail(message("outside:1")), /inside the event's transaction/, "outside a transaction it refuses");
  });

  test("the same idempotency key enqueued twice is one message, sent once", async () => {
    assert.equal(await transaction(() => enqueueMail(message("twice:1"))), "queued");
    assert.equal(await transaction(() => enqueueMail(message("twice:1", { subject: "another subject" }))), "duplicate");
    const n = await row<{ n: number }>(sql`SELECT count(*) AS n FROM mail_outbox WHERE idempotency_key = ${"twice:1"}`);
    assert.equal(Number(n!.n), 1);
    await sendDue({ transport: transport() });
    assert.equal(received.length, 1);
    assert.notEqual(received[0]!.subject, "another subject");
  });

  test("the SMTP server receives the recipient, the Vietnamese subject and body in UTF-8, the link and the Message-ID", async () => {
    await transaction(() => enqueueMail(message("utf8:1")));
    const report = await sendDue({ transport: transport(), from: "Tập huấn <no-reply@taphuan.local>" });
    assert.deepEqual(report, { sent: 1, retried: 0, failed: 0 });
    assert.equal(received.length, 1);
    const got = received[0]!;
    assert.deepEqual(got.to, ["nhung@xa-hau-thanh-dong.vn"]);
    assert.equal(got.from, "no-reply@taphuan.local");
    assert.equal(got.subject, "Nhắc việc: khóa học “Chữ ký số” sắp đến hạn");
    assert.match(got.raw, /^Subject: =\?UTF-8\?/im, "the subject is MIME-encoded, not raw 8-bit");
    assert.doesNotMatch(got.text + got.subject, /Ã|Â|Ä|�/, "no mojibake");
    assert.match(got.text, /Kính gửi Nguyễn Thị Hồng Nhung,/);
    assert.match(got.text, /đến hạn ngày 15\/12\/2026\. Còn 7 ngày\./);
    assert.match(got.text, /Vào học: http:\/\/localhost:3000\/courses\/chu-ky-so-van-ban-dien-tu/);
    assert.match(got.html, /<a href="http:\/\/localhost:3000\/courses\/chu-ky-so-van-ban-dien-tu">/);
    assert.match(got.html, /Khóa học Chữ ký số và văn bản điện tử/);
    assert.equal(got.messageId, messageIdFor("utf8:1"));
    const stored = (await byKey("utf8:1"))!;
    assert.equal(stored.status, "sent");
    assert.equal(stored.attempts, 1);
    assert.ok(stored.sentAt);
    assert.match(stored.lastAnswer ?? "", /^250/);
  });

  test("a 4xx answer is retried with a doubling backoff, then failed with the answer kept; a 5xx answer fails at once", async () => {
    const start = new Date();
    let now = start;
    const options = { transport: transport(), backoffMs: 60_000, maxAttempts: 3, now: () => now };
    await transaction(async () => {
      await enqueueMail(message("busy:1", { address: "busy@example.vn" }), start);
      await enqueueMail(message("reject:1", { address: "reject@example.vn" }), start);
    });

    assert.deepEqual(await sendDue(options), { sent: 0, retried: 1, failed: 1 });
    const rejected = (await byKey("reject:1"))!;
    assert.equal(rejected.status, "failed");
    assert.equal(rejected.attempts, 1, "a permanent refusal is not retried");
    assert.match(rejected.lastAnswer!, /550/);
    assert.match(rejected.lastAnswer!, /Không có hộp thư này/);

    let busy = (await byKey("busy:1"))!;
    assert.equal(busy.status, "pending");
    assert.match(busy.lastAnswer!, /451/);
    assert.equal(busy.nextAttemptAt, new Date(start.getTime() + 60_000).toISOString(), "first retry after the backoff");
    assert.deepEqual(await sendDue(options), { sent: 0, retried: 0, failed: 0 }, "not before its time");

    now = new Date(start.getTime() + 60_000);
    assert.deepEqual(await sendDue(options), { sent: 0, retried: 1, failed: 0 });
    busy = (await byKey("busy:1"))!;
    assert.equal(busy.nextAttemptAt, new Date(now.getTime() + 120_000).toISOString(), "the second retry waits twice as long");

    now = new Date(now.getTime() + 120_000);
    assert.deepEqual(await sendDue(options), { sent: 0, retried: 0, failed: 1 });
    busy = (await byKey("busy:1"))!;
    assert.equal(busy.status, "failed");
    assert.equal(busy.attempts, 3);
    assert.match(busy.lastAnswer!, /451 Hộp thư tạm thời bận/);
    assert.equal(received.length, 0);
  });

  test("a message whose sender died after the SMTP server accepted it is sent again once its claim expires, with the same Message-ID", async () => {
    const start = new Date();
    await transaction(() => enqueueMail(message("died:1"), start));
    // A sender claims it and delivers it, then dies before marking it sent.
    const [claimed] = await claimDue(start, 10, 60_000);
    assert.equal(claimed!.messageId, messageIdFor("died:1"));
    await transport().sendMail({
      from: "a@b.vn",
      to: claimed!.address,
      subject: claimed!.subject,
      text: claimed!.textBody,
      messageId: claimed!.messageId,
    });
    assert.equal((await byKey("died:1"))!.status, "sending");
    assert.deepEqual(
      await sendDue({ transport: transport(), now: () => new Date(start.getTime() + 59_000) }),
      { sent: 0, retried: 0, failed: 0 },
      "not while the claim holds",
    );
    assert.deepEqual(await sendDue({ transport: transport(), now: () => new Date(start.getTime() + 60_000) }), {
      sent: 1,
      retried: 0,
      failed: 0,
    });
    assert.equal(received.length, 2, "SMTP has no idempotency: delivered twice");
    assert.equal(new Set(received.map((r) => r.messageId)).size, 1, "with one Message-ID, for the receiver to drop the repeat");
    const stored = (await byKey("died:1"))!;
    assert.equal(stored.status, "sent");
    assert.equal(stored.attempts, 2);
  });

  test("an optional kind the person turned off is not sent; a required kind is", async () => {
    await setMailChoices(officialId, []);
    // Sorted: the rows come back in key order on SQLite, in insertion order on PostgreSQL.
    assert.deepEqual((await optOutsOf(officialId)).sort(), ["attempts-granted", "course-completed", "digest"]);
    const results = await transaction(async () => [
      await enqueueMail(message("optional:1", { kind: "course-completed" })),
      await enqueueMail(message("required:1", { kind: "assignment-overdue" })),
    ]);
    assert.deepEqual(results, ["opted-out", "queued"]);
    await sendDue({ transport: transport() });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.messageId, messageIdFor("required:1"));
    assert.equal(await byKey("optional:1"), undefined);

    await setMailChoices(officialId, ["course-completed", "digest", "attempts-granted"]);
    assert.deepEqual(await optOutsOf(officialId), []);
  });

  test("SMTP_URL and PUBLIC_URL are checked at start, with a Vietnamese message", () => {
    const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL };
    try {
      process.env.SMTP_URL = "mail.example.vn:587";
      resetEnvForTests();
      assert.throws(() => env(), /SMTP_URL phải có dạng smtp:\/\//);
      process.env.SMTP_URL = "smtps://nguoi-dung:mat-khau@mail.example.vn:465";
      process.env.PUBLIC_URL = "taphuan.example.vn";
      resetEnvForTests();
      assert.throws(() => env(), /PUBLIC_URL phải là địa chỉ http/);
      process.env.PUBLIC_URL = "https://taphuan.example.vn/";
      resetEnvForTests();
      assert.equal(env().smtpUrl, "smtps://nguoi-dung:mat-khau@mail.example.vn:465");
      assert.equal(env().publicUrl, "https://taphuan.example.vn");
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    }
  });

  test("a learner who passes a course gets 'Chúc mừng hoàn thành khóa học' (once), sent to their address", async () => {
    const official = (await findByIdentifier("canbo"))!;
    assert.ok(official.email);
    const course = (await publishedCourse("chu-ky-so-van-ban-dien-tu"))!;
    for (const l of await lessonsOf(course.currentVersionId!))
      await completeLesson(official.id, course.id, l.lessonId, "2026-11-02T02:00:00.000Z");
    assert.equal((await db().select().from(mailOutbox).where(eq(mailOutbox.kind, "course-completed"))).length, 0, "not before the quiz");
    const at = new Date("2026-11-08T03:00:00.000Z");
    const start = await startAttempt(official.id, course.id, at);
    assert.ok(start.ok);
    const attempt = (await attemptFor(start.token, official.id, at))!;
    await submitAttempt(start.token, official.id, formFor((await quizFor(attempt.courseVersionId))!, attempt.layout, true), at);

    const queued = await db().select().from(mailOutbox).where(eq(mailOutbox.kind, "course-completed"));
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.address, official.email);
    await sendDue({ transport: transport() });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.subject, `Chúc mừng hoàn thành khóa học: ${course.title}`);
    assert.match(received[0]!.text, /Anh\/chị đã hoàn thành khóa học “.+” ngày 08\/11\/2026\. Xin chúc mừng!/);
    assert.match(received[0]!.text, /\/courses\/chu-ky-so-van-ban-dien-tu/);
  });
});
