// npm run bench:lessons — requests per second of a lesson page for a signed-in official, next to a
// baseline measured in the same run: a bare Node HTTP server sending the same HTML bytes. The ratio
// is the figure that matters on this shared, noisy machine. Its own official on a database without
// the demo; the page must contain the lesson's heading and every response must be a 200.
// Runs once per engine (BENCH_ENGINES, default sqlite,postgres), each in its own child process
// (bench/support.ts, runPerEngine), and prints one table with an engine column; the invariants hold
// on both. Quick mode (BENCH_QUICK=1 or --quick): 40 requests per measurement (see load() in support.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { closeDb } from "~/db/client.server";
import {
  BENCH_DIR,
  ENGINE_LABEL,
  QUICK,
  benchOfficials,
  childEngine,
  ensureBuild,
  freePort,
  invariant,
  killOnExit,
  load,
  failIfAnyFailed,
  loadLine,
  printTable,
  runPerEngine,
  startApp,
  waitFor,
  writeResult,
  type Engine,
  type Figures,
} from "./support";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 10));
const SIZE = `${CONNECTIONS} connections, ${QUICK ? `${Math.max(10, CONNECTIONS * 2)} requests` : `${SECONDS} s`} each`;
const LESSON = "/courses/dich-vu-cong-truc-tuyen/huong-dan-nop-ho-so";

type Result = { engine: Engine; bytes: number; rows: Figures[]; ratio: number };

fs.mkdirSync(BENCH_DIR, { recursive: true });
ensureBuild();
if (!childEngine()) {
  const runs = runPerEngine<Result>("bench/lesson-page.ts");
  const done = runs.flatMap((r) => (r.result ? [r.result] : []));
  if (done.length) {
    console.log(`\nLesson page ${LESSON}: ${done[0]!.bytes} bytes of HTML; ${SIZE}, warm-up first.`);
    console.log(loadLine() + "\n");
    printTable(done.flatMap((d) => d.rows.map((r) => ({ ...r, engine: d.engine }))));
    console.log("");
    for (const d of done)
      console.log(`${ENGINE_LABEL[d.engine]}: lesson page / baseline = ${(d.ratio * 100).toFixed(1)} % of bare-server throughput`);
  }
  failIfAnyFailed(runs);
  process.exit();
}
const dbFile = path.join(BENCH_DIR, "lesson-page.db");
const app = await startApp(dbFile);

const { people } = await benchOfficials("LP", 1);
const cookie = (await commitSessionCookie(await createSession(people[0]!.id))).split(";")[0]!;
await closeDb();

const first = await fetch(app.url + LESSON, { headers: { Cookie: cookie } });
const html = await first.text();
invariant(first.status === 200, `${LESSON} answered ${first.status}`);
invariant(/<h1[^>]*>[^<]*Hướng dẫn người dân nộp hồ sơ trực tuyến/.test(html), "the lesson page did not render the lesson's heading");
const htmlFile = path.join(BENCH_DIR, "lesson.html");
fs.writeFileSync(htmlFile, html);

const basePort = await freePort();
const baseline = spawn(
  process.execPath,
  [
    "-e",
    `const b=require("fs").readFileSync(${JSON.stringify(htmlFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8","Content-Length":b.length});s.end(b)}).listen(${basePort})`,
  ],
  { stdio: "inherit" },
);
killOnExit(baseline);
await waitFor(`http://localhost:${basePort}/`);

if (!process.env.BENCH_RESULT_FILE) console.log(`Lesson page ${LESSON}: ${Buffer.byteLength(html)} bytes of HTML; ${SIZE}, warm-up first.`);
await load("warm-up", app.url + LESSON, { connections: 4, seconds: QUICK ? 1 : 2, headers: { Cookie: cookie } });
const rows = [
  await load("baseline: bare node:http, same bytes", `http://localhost:${basePort}/`, { connections: CONNECTIONS, seconds: SECONDS }),
  await load("Tập huấn lesson page (signed in)", app.url + LESSON, {
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: { Cookie: cookie },
  }),
  // The framework's floor on this machine: the same server and shell, a tiny page, no database.
  await load("same server, sign-in page (no session, no DB)", app.url + "/login", { connections: CONNECTIONS, seconds: SECONDS }),
];
const ratio = rows[1]!.requestsPerSec / rows[0]!.requestsPerSec;
if (!writeResult({ engine: app.engine, bytes: Buffer.byteLength(html), rows, ratio } satisfies Result)) {
  printTable(rows);
  console.log(`\nlesson page / baseline = ${(ratio * 100).toFixed(1)} % of bare-server throughput`);
}

baseline.kill();
await app.stop();
invariant(!rows.some((r) => r.errors > 0 || r.non2xx > 0), "errors or non-2xx responses during the run");
invariant(
  rows.every((r) => r.total > 0),
  "a measurement made no request",
);
