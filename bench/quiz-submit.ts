// npm run bench:quiz — graded quiz submissions per second with 200 officials submitting at once,
// zero errors and zero lost attempts (graded attempts in the database = acknowledged responses).
// A tenth of the officials double-submit (a double click) to prove those never make a second grade.
// Baseline in the same run: the same server answering 200 concurrent GETs of its sign-in page.
// The bench owns its data: a database without the demo, one unit of its own officials (none has an
// attempt before it starts), and every count below is of those officials' attempts only.
// Runs once per engine (BENCH_ENGINES, default sqlite,postgres), each in its own child process, and
// prints one table with a column per engine; the invariants are checked on both.
// Quick mode (BENCH_QUICK=1 or --quick): 20 officials, one round, a 40-request baseline; speed not judged.
// `npm run bench:quiz:3000` (issue 22 item 5a): 3,000 officials open the final quiz at the same moment,
// then all submit (BENCH_CONCURRENT=3000 BENCH_ROUNDS=1). The anchor: a Moodle 4.5 site needed 16 vCPU
// for 3,000 simultaneous quiz takers; the moonshot here is start and submit p95 ≤ 500 ms on 2 cores,
// printed as met or missed (no 2× headroom), never failed on; lost or doubled attempts fail it.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { publishedCourse } from "~/courses/catalogue.server";
import { closeDb, db } from "~/db/client.server";
import { quizAnswers, quizAttempts } from "~/db/schema";
import { quizFor } from "~/quizzes/queries.server";
import { formFor } from "../tests/support/quiz";
import {
  BENCH_DIR,
  ENGINE_LABEL,
  QUICK,
  benchOfficials,
  childEngine,
  ensureBuild,
  failIfAnyFailed,
  invariant,
  load,
  loadLine,
  printTable,
  runPerEngine,
  startApp,
  writeResult,
  type Engine,
  type Figures,
} from "./support";

const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? (QUICK ? 20 : 200));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const SLUG = "dich-vu-cong-truc-tuyen";

/** What a child hands its parent: the table's rows (figure → value) and the baseline. */
type Result = { engine: Engine; lines: [string, string][]; floor: Figures };

fs.mkdirSync(BENCH_DIR, { recursive: true });
ensureBuild();
if (!childEngine()) {
  const runs = runPerEngine<Result>("bench/quiz-submit.ts");
  const done = runs.flatMap((r) => (r.result ? [r.result] : []));
  if (done.length) {
    console.log(`\n${ROUNDS} rounds × ${CONCURRENT} officials submitting at once (+10 % double submits); ${loadLine()}`);
    console.log(`| figure | ${done.map((d) => ENGINE_LABEL[d.engine]).join(" | ")} |`);
    console.log(`|---|${done.map(() => "---:|").join("")}`);
    done[0]!.lines.forEach(([figure], i) => console.log(`| ${figure} | ${done.map((d) => d.lines[i]?.[1] ?? "").join(" | ")} |`));
    console.log("");
    printTable(done.map((d) => ({ ...d.floor, engine: d.engine })));
  }
  failIfAnyFailed(runs);
  process.exit();
}
const dbFile = path.join(BENCH_DIR, "quiz-submit.db");
const app = await startApp(dbFile);

const { people } = await benchOfficials("QZ", CONCURRENT * ROUNDS);
const ids = people.map((p) => p.id);
const ours = inArray(quizAttempts.officialId, ids);
/** count(*) of a query: a number on both engines. */
const countOf = async (query: PromiseLike<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
invariant(
  (await countOf(
    db()
      .select({ n: sql<number>`count(*)` })
      .from(quizAttempts)
      .where(ours),
  )) === 0,
  "the bench's officials had quiz attempts before it started",
);
const cookies = await Promise.all(people.map(async (p) => (await commitSessionCookie(await createSession(p.id))).split(";")[0]!));

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

type Outcome = { ok: boolean; ms: number };
/** What the failed requests got, by kind: printed with the errors so a failure says what it was. */
const failures = new Map<string, number>();
/**
 * One taker's POST, on a connection of its own that closes after the answer: each taker is a browser
 * of its own, and between opening the quiz and submitting it their idle connection would have lapsed
 * (the server keeps one open 5 s). Reusing the bench's pooled connections instead raced the server's
 * closing of idle ones: 92 of 3,000 submits went out on a socket the server was closing
 * (UND_ERR_SOCKET, "other side closed"), a failure of this client, not of the app.
 */
function post(url: string, cookie: string, body: URLSearchParams): Promise<Outcome & { location: string | null }> {
  const t0 = performance.now();
  const payload = Buffer.from(body.toString());
  return new Promise((resolve) => {
    const fail = (kind: string) => {
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
      resolve({ ok: false, ms: performance.now() - t0, location: null });
    };
    const req = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": payload.length },
      },
      (res) => {
        res.resume();
        res.on("error", (error: NodeJS.ErrnoException) => fail(`no response (${error.code ?? error.message})`));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status !== 302) failures.set(`HTTP ${status}`, (failures.get(`HTTP ${status}`) ?? 0) + 1);
          const location = res.headers.location ?? null;
          resolve({ ok: status === 302, ms: performance.now() - t0, location });
        });
      },
    );
    // The client's reason (a refused or reset connection), so a failure says what it was.
    req.on("error", (error: NodeJS.ErrnoException) => fail(`no response (${error.code ?? error.message})`));
    req.end(payload);
  });
}

const course = await publishedCourse(SLUG);
invariant(!!course?.currentVersionId, `course ${SLUG} is not published after the content sync`);
const quiz = (await quizFor(course.currentVersionId))!;
invariant(!!quiz, `course ${SLUG} has no quiz`);
let acknowledged = 0;
let errors = 0;
let gradedSeconds = 0;
const latencies: number[] = [];
const startLatencies: number[] = [];
const duplicates: number[] = [];

for (let round = 0; round < ROUNDS; round++) {
  const batch = people
    .slice(round * CONCURRENT, (round + 1) * CONCURRENT)
    .map((p, i) => ({ ...p, cookie: cookies[round * CONCURRENT + i]! }));
  // Everyone opens the quiz at once.
  const started = await Promise.all(batch.map((p) => post(`${app.url}/courses/${SLUG}/quiz?index`, p.cookie, new URLSearchParams())));
  const tokens = started.map((s) => s.location?.split("/").pop() ?? null);
  startLatencies.push(...started.map((s) => s.ms));
  errors += started.filter((s) => !s.ok).length;
  const layouts = new Map(
    (
      await db()
        .select({ token: quizAttempts.token, layout: quizAttempts.layout })
        .from(quizAttempts)
        .where(
          inArray(
            quizAttempts.token,
            tokens.filter((t): t is string => !!t),
          ),
        )
    ).map((r) => [r.token, r.layout]),
  );
  const forms = tokens.map((token) => {
    const form = new URLSearchParams();
    if (!token) return form;
    for (const [k, v] of formFor(quiz, layouts.get(token)!, (i) => i % 4 !== 0).entries()) form.append(k, String(v));
    return form;
  });
  // Everyone submits at once; one in ten clicks twice.
  const t0 = performance.now();
  const jobs = batch.flatMap((p, i) => {
    const token = tokens[i];
    if (!token) return [];
    const url = `${app.url}/courses/${SLUG}/quiz/${token}`;
    const one = post(url, p.cookie, forms[i]!);
    return i % 10 === 0 ? [one, post(url, p.cookie, forms[i]!).then((r) => ({ ...r, duplicate: true }))] : [one];
  });
  const results = await Promise.all(jobs);
  gradedSeconds += (performance.now() - t0) / 1000;
  for (const r of results) {
    if ("duplicate" in r) {
      duplicates.push(r.ok ? 1 : 0);
      if (!r.ok) errors++;
      continue;
    }
    latencies.push(r.ms);
    if (r.ok) acknowledged++;
    else errors++;
  }
}

const graded = await countOf(
  db()
    .select({ n: sql<number>`count(*)` })
    .from(quizAttempts)
    .where(and(ours, sql`${quizAttempts.status} = 'graded'`)),
);
const attemptsTotal = await countOf(
  db()
    .select({ n: sql<number>`count(*)` })
    .from(quizAttempts)
    .where(ours),
);
const answerRows = await countOf(
  db()
    .select({ n: sql<number>`count(*)` })
    .from(quizAnswers)
    .innerJoin(quizAttempts, eq(quizAnswers.attemptId, quizAttempts.id))
    .where(ours),
);
await closeDb();

const floor = await load(`baseline: sign-in page GET, ${CONCURRENT} connections`, `${app.url}/login`, {
  connections: CONCURRENT,
  seconds: QUICK ? 1 : 5,
});
await app.stop();

const lines: [string, string][] = [
  ["graded submissions per second", String(Math.round(acknowledged / gradedSeconds))],
  [
    "start (open the quiz) latency p50 / p95 / p99 (ms)",
    `${Math.round(percentile(startLatencies, 50))} / ${Math.round(percentile(startLatencies, 95))} / ${Math.round(percentile(startLatencies, 99))}`,
  ],
  [
    "submit latency p50 / p95 / p99 (ms)",
    `${Math.round(percentile(latencies, 50))} / ${Math.round(percentile(latencies, 95))} / ${Math.round(percentile(latencies, 99))}`,
  ],
  ["acknowledged submissions", String(acknowledged)],
  ["graded attempts in the database", String(graded)],
  ["attempts in the database (all states)", String(attemptsTotal)],
  [`answer rows = attempts × ${quiz.draw}`, `${answerRows} = ${graded * quiz.draw}`],
  ["double submits answered with the same result", `${duplicates.filter(Boolean).length}/${duplicates.length}`],
  ["errors", failures.size ? `${errors} (${[...failures].map(([k, n]) => `${k}: ${n}`).join(", ")})` : String(errors)],
];
if (CONCURRENT >= 3000) {
  const p95s = [percentile(startLatencies, 95), percentile(latencies, 95)];
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");
  lines.push([
    "moonshot: start and submit p95 ≤ 500 ms",
    QUICK ? "not judged (quick mode)" : `${p95s.every((x) => x <= 500) ? "met" : "missed"} (load ${load}; printed, not failed)`,
  ]);
}
if (!writeResult({ engine: app.engine, lines, floor } satisfies Result)) {
  console.log(`\n${ROUNDS} rounds × ${CONCURRENT} officials submitting at once (+10 % double submits)`);
  console.log("| figure | value |");
  console.log("|---|---:|");
  for (const [figure, value] of lines) console.log(`| ${figure} | ${value} |`);
  console.log("");
  printTable([floor]);
}
const expected = CONCURRENT * ROUNDS;
const lost = acknowledged !== expected || acknowledged !== graded || attemptsTotal !== graded || answerRows !== graded * quiz.draw;
invariant(errors === 0, `${errors} errors`);
invariant(
  !lost,
  `lost or duplicated attempts: ${expected} officials, ${acknowledged} acknowledged, ${graded} graded, ${attemptsTotal} in all, ${answerRows} answer rows`,
);
invariant(duplicates.every(Boolean), "a double submit was not answered with the same result");
