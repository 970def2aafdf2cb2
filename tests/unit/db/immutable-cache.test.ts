// Rows that never change once written are read once per process and database (issue 19 item 5; app/db/
// immutable-cache.server.ts): the lesson page's version lessons, stored HTML and quiz. The cache must
// never serve another database's rows, nor rows read inside a transaction that may still roll back.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { lessonForReading, lessonsOf, publishedCourse } from "~/courses/catalogue.server";
import { transaction } from "~/db/client.server";
import { immutableCache } from "~/db/immutable-cache.server";
import { quizFor } from "~/quizzes/queries.server";
import { dropTestDatabase, useTestDatabase } from "../../support/db";

let file: string;
before(async () => {
  file = await useTestDatabase({ content: true });
});
after(() => dropTestDatabase(file));

describe("the cache of immutable rows", () => {
  test("reads once per key; frozen values; a failed read is not kept", async () => {
    const cache = immutableCache<number, { n: number; list: number[] }>(10);
    let reads = 0;
    const read = async () => ({ n: ++reads, list: [1, 2] });
    const first = await cache(1, read);
    assert.equal((await cache(1, read)).n, 1);
    assert.equal(reads, 1);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.list));
    assert.throws(() => first.list.push(3), TypeError, "a shared value cannot be changed by one caller");
    await assert.rejects(cache(2, () => Promise.reject(new Error("lost"))));
    assert.equal((await cache(2, read)).n, 2, "the failed read was not kept");
  });

  test("inside a transaction it reads and keeps nothing; past its size it starts again", async () => {
    const cache = immutableCache<number, number>(2);
    let reads = 0;
    const read = async () => ++reads;
    await transaction(async () => {
      await cache(1, read);
      await cache(1, read);
    });
    assert.equal(reads, 2);
    assert.equal(await cache(1, read), 3);
    await cache(2, read);
    await cache(3, read); // past 2 keys: cleared first
    assert.equal(await cache(1, read), 6, "read again after the cache started again");
  });

  test("the lesson page's reads give the same answers as before, each read once", async () => {
    const course = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
    const version = course.currentVersionId!;
    const lessons = await lessonsOf(version);
    assert.ok(lessons.length > 1);
    assert.equal(await lessonsOf(version), lessons, "the same kept value");
    const lesson = await lessonForReading(version, lessons[0]!.key);
    assert.ok(lesson && lesson.html.length > 100 && lesson.key === lessons[0]!.key);
    assert.equal(await lessonForReading(version, lessons[0]!.key), lesson);
    assert.equal(await lessonForReading(version, "khong-co"), null);
    const quiz = await quizFor(version);
    assert.equal(await quizFor(version), quiz);
  });

  test("another database starts with an empty cache", async () => {
    const course = (await publishedCourse("dich-vu-cong-truc-tuyen"))!;
    const before = await lessonsOf(course.currentVersionId!);
    const first = file;
    file = await useTestDatabase({ content: true }); // after() drops this one
    const again = await lessonsOf((await publishedCourse("dich-vu-cong-truc-tuyen"))!.currentVersionId!);
    assert.notEqual(again, before, "read from the other database, not served from the first one's cache");
    assert.deepEqual(again, before);
    await dropTestDatabase(first); // closes the handle; the next query opens `file` again
  });
});
