// npm run bench:lessons — requests per second of a lesson page for a signed-in official, next to a
// baseline measured in the same run: a bare Node HTTP server sending the same HTML bytes. The ratio
// is the figure that matters on this shared, noisy machine.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { closeDb } from "~/db/client.server";
import { resetEnvForTests } from "~/env.server";
import { findByIdentifier } from "~/people/officials.server";
import { BENCH_DIR, ensureBuild, freePort, load, printTable, startApp, waitFor } from "./support";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LESSON = "/courses/dich-vu-cong-truc-tuyen/huong-dan-nop-ho-so";

fs.mkdirSync(BENCH_DIR, { recursive: true });
ensureBuild();
const dbFile = path.join(BENCH_DIR, "lesson-page.db");
const app = await startApp(dbFile);

process.env.DATABASE_PATH = dbFile;
resetEnvForTests();
const cookie = (await commitSessionCookie(createSession(findByIdentifier("canbo")!.id))).split(";")[0]!;
closeDb();

const html = await (await fetch(app.url + LESSON, { headers: { Cookie: cookie } })).text();
if (!html.includes("Hướng dẫn người dân nộp hồ sơ trực tuyến")) throw new Error("the lesson page did not render");
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
await waitFor(`http://localhost:${basePort}/`);

console.log(
  `Lesson page ${LESSON}: ${Buffer.byteLength(html)} bytes of HTML; ${CONNECTIONS} connections, ${SECONDS} s each, warm-up first.`,
);
await load("warm-up", app.url + LESSON, { connections: 4, seconds: 2, headers: { Cookie: cookie } });
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
printTable(rows);
const ratio = rows[1]!.requestsPerSec / rows[0]!.requestsPerSec;
console.log(`\nlesson page / baseline = ${(ratio * 100).toFixed(1)} % of bare-server throughput`);

baseline.kill();
app.child.kill();
const failed = rows.some((r) => r.errors > 0 || r.non2xx > 0);
if (failed) {
  console.error("errors or non-2xx responses during the run");
  process.exitCode = 1;
}
