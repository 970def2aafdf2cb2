// npm run bench:assignments — assignments at national scale (issue 15 item 5), on the report bench's
// generated database (bench/generate.ts: 2.5 million officials in 34 × 100 units, ten courses with
// progress), both engines side by side (BENCH_ENGINES, like bench:reports).
//   1. Creating an assignment of one course to everyone (the root unit): the builder writes 2.5 million
//      members and their figures in chunks — target ≤ 60 s — and the longest stall of the event loop
//      meanwhile (perf_hooks monitorEventLoopDelay: what any other request would have waited at most),
//      target ≤ 100 ms.
//   2. The assignment's report page at the root (the built app's request handler, rendering included,
//      as bench:reports measures pages): p95 ≤ 50 ms; a commune's too (printed). Baseline in the same
//      run: the unit report page of the root for the same course.
//   3. One completion of an assigned course with its assignment figures (the figures kernel's
//      addAssignmentCourseEvent in its own transaction): p95 ≤ 2 ms; baseline: the same people's
//      course rollups (addCourseFigures) in the same run.
// Invariants (quick mode too): members = active officials; the root's figures = members; every
// completion measured is counted once at the root; the pages render their heading.
// Quick mode (BENCH_QUICK=1 or --quick): 2,000 officials, speed not judged. Scale: BENCH_SCALES=national
// (default) or province.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { exec, row, rows, transaction } from "~/db/client.server";
import { env } from "~/env.server";
import { addAssignmentCourseEvent } from "~/figures/assignment-figures.server";
import { addCourseFigures } from "~/figures/rollups.server";
import { addDays, vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { NATIONAL, PROVINCE, QUICK_SCALE, type Scale } from "./generate";
import {
  QUICK,
  childEngine,
  enginesWanted,
  ensureBuild,
  failIfAnyFailed,
  invariant,
  printFigures,
  type FigureRow,
  runPerEngine,
  writeResult,
  type Engine,
  type EngineRun,
  benchAdmin,
  generatedDatabase,
  verdict,
} from "./support";

const scaleName = process.env.BENCH_SCALES ?? (QUICK ? "quick" : "national");
const scale: Scale = scaleName === "province" ? PROVINCE : scaleName === "quick" ? QUICK_SCALE : NATIONAL;
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? (QUICK ? 10 : 100));
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? (QUICK ? 20 : 300));

type Row = FigureRow;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const f1 = (x: number) => x.toFixed(x < 10 ? 2 : 1);
// Judged (fails the bench when missed) only with 2× headroom over the quiet national run of 01/12/2026
// (issue 22 item 3): the root page (13.9 / 14.0 ms against 50) and, on SQLite, one completion's figures
// (0.28 ms against 2). The build (68.0 / 77.9 s against 60), its longest stall (113 / 106 ms against 100)
// and PostgreSQL's completion (1.10 ms against 2) have none: printed as met or missed, never failed.

async function run(engine: Engine): Promise<{ rows: Row[]; remove: () => Promise<void> }> {
  const { g, remove } = await generatedDatabase("assignments", scale, engine);
  invariant(process.env.NODE_ENV === "production", "NODE_ENV must be production: React would render its development build");
  const { createAssignment } = await import("~/assignments/assignments.server");
  const { buildAssignments } = await import("~/assignments/members.server");

  const admin = await benchAdmin();
  const course = g.courses[0]!;
  const today = vnToday();
  const active = Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM officials WHERE active`))!.n);

  // Baseline in the same run (the machine is shared and noisy): the least any builder must do — the
  // same windows of officials read with their first start and completion of the course, written to a
  // scratch table in transactions of the same size; no audience, no figures.
  const baselineSeconds = await copyBaseline(course, env().ASSIGNMENT_BUILD_CHUNK);
  console.log(`   baseline: the same windows copied in ${baselineSeconds.toFixed(1)} s`);

  // 1. Create and build. What another request would wait: the event loop's longest stall (a chunk's
  // transaction runs synchronously on SQLite, so nothing else is served meanwhile; on PostgreSQL the
  // waits are the client-side work between round trips). A probe that queued a transaction every few
  // ms could not see it: its timer only fires between chunks.
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const id = await createAssignment(
    { id: admin.id, admin: true, scopePath: null },
    {
      courseId: course,
      unitIds: [1],
      officialIds: [],
      positions: [],
      roles: [],
      startOn: addDays(today, -30),
      dueOn: addDays(today, -1),
      graceDays: 30,
      note: "bench",
    },
  );
  await buildAssignments();
  const buildSeconds = (performance.now() - t0) / 1000;
  // The CPU this process spent on the build: on SQLite nearly all of the work (the engine runs in this
  // process), so it stays near the quiet-machine time when other jobs slow the wall clock down. On
  // PostgreSQL the server's share is not in it.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // One more turn of the loop, so the stall of the last chunk is sampled too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  stalls.disable();
  const members = Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM assignment_members WHERE assignment_id = ${id}`))!.n);
  invariant(members === active, `members ${members} ≠ active officials ${active}`);
  const rootAssigned = Number(
    (await row<{ n: number }>(sql`SELECT sum(assigned) AS n FROM assignment_totals WHERE unit_id = 1 AND assignment_id = ${id}`))!.n,
  );
  invariant(rootAssigned === members, `root figures ${rootAssigned} ≠ members ${members}`);
  const blocked = stalls.max / 1e6;
  console.log(
    `   built ${members.toLocaleString("vi-VN")} members in ${buildSeconds.toFixed(1)} s; event-loop stalls: ` +
      `p50 ${f1(stalls.percentile(50) / 1e6)} ms, p99 ${f1(stalls.percentile(99) / 1e6)} ms, longest ${f1(blocked)} ms`,
  );

  // 2. Pages, through the built app's request handler (loaded only now: it opens its own handle).
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const cookie = (await commitSessionCookie(await createSession(admin.id))).split(";")[0]!;
  const leaf = g.leaves[Math.floor(g.leaves.length / 2)]!;
  const page = async (url: string, heading: string) => {
    const started = performance.now();
    const res = await handler(new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), {
      clientIp: "127.0.0.1",
      cspNonce: "b",
    });
    const body = await res.text();
    const elapsed = performance.now() - started;
    // React escapes quotes in text: compare with the heading as it is written in the HTML.
    const html = heading.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    invariant(res.status === 200 && body.includes(html), `${url} answered ${res.status} without "${heading}"`);
    return elapsed;
  };
  const title = (await row<{ title: string }>(sql`SELECT title FROM courses WHERE id = ${course}`))!.title;
  const rootName = scale.kinds[0] === "country" ? "Toàn quốc" : "Tỉnh Mẫu";
  const times = async (url: string, heading: string) => {
    for (let i = 0; i < 5; i++) await page(url, heading);
    const out: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i++) out.push(await page(url, heading));
    return out;
  };
  const assignmentRoot = await times(`/reports/1/assignments/${id}`, t.assignments.reportTitle(title, rootName));
  const assignmentLeaf = await times(`/reports/${leaf}/assignments/${id}`, t.assignments.reportTitle(title, `Xã ${leaf}`));
  const unitRoot = await times(`/reports/1?course=${course}`, t.reports.titleFor(rootName));

  // 3. Completions of members who had not completed, each in its own transaction, and the baseline.
  const todo = await rows<{ id: number; path: string }>(
    sql`SELECT m.official_id AS id, u.path FROM assignment_members m JOIN officials o ON o.id = m.official_id JOIN units u ON u.id = o.unit_id
         WHERE m.assignment_id = ${id} AND m.completed_on IS NULL ORDER BY m.official_id LIMIT ${COMPLETIONS}`,
  );
  const before = Number(
    (await row<{ n: number }>(sql`SELECT sum(completed) AS n FROM assignment_totals WHERE unit_id = 1 AND assignment_id = ${id}`))!.n,
  );
  const withAssignment: number[] = [];
  const baseline: number[] = [];
  for (const p of todo) {
    let s = performance.now();
    await transaction(() => addCourseFigures(p.path, course, 1, today, { started: 0, completed: 1 }));
    baseline.push(performance.now() - s);
    s = performance.now();
    await transaction(() => addAssignmentCourseEvent(Number(p.id), course, p.path, today, { started: false, completed: true }));
    withAssignment.push(performance.now() - s);
  }
  const after = Number(
    (await row<{ n: number }>(sql`SELECT sum(completed) AS n FROM assignment_totals WHERE unit_id = 1 AND assignment_id = ${id}`))!.n,
  );
  invariant(after - before === todo.length, `root completions grew by ${after - before}, not ${todo.length}`);

  return {
    remove,
    rows: [
      {
        figure: `build ${members.toLocaleString("vi-VN")} members (s)`,
        value: buildSeconds.toFixed(1),
        target: "≤ 60",
        met: verdict(buildSeconds, 60, false),
      },
      {
        figure: `CPU time of this process during the build (s)${engine === "postgres" ? ", the server's not included" : ""}`,
        value: cpuSeconds.toFixed(1),
        target: "—",
        met: "—",
      },
      { figure: "baseline: the same windows copied to a scratch table (s)", value: baselineSeconds.toFixed(1), target: "—", met: "—" },
      { figure: "build ÷ baseline", value: (buildSeconds / baselineSeconds).toFixed(2), target: "—", met: "—" },
      {
        figure: "longest stall of the event loop during the build (ms)",
        value: f1(blocked),
        target: "≤ 100",
        met: verdict(blocked, 100, false),
      },
      {
        figure: "assignment report page, root, p95 (ms)",
        value: f1(pct(assignmentRoot, 95)),
        target: "≤ 50",
        met: verdict(pct(assignmentRoot, 95), 50, true),
      },
      { figure: "assignment report page, a commune, p95 (ms)", value: f1(pct(assignmentLeaf, 95)), target: "—", met: "—" },
      { figure: "baseline: unit report page, root, one course, p95 (ms)", value: f1(pct(unitRoot, 95)), target: "—", met: "—" },
      {
        figure: "one completion's assignment figures, p95 (ms)",
        value: f1(pct(withAssignment, 95)),
        target: "≤ 2",
        met: verdict(pct(withAssignment, 95), 2, engine === "sqlite"),
      },
      { figure: "baseline: the same completion's course rollups, p95 (ms)", value: f1(pct(baseline, 95)), target: "—", met: "—" },
    ],
  };
}

async function copyBaseline(courseId: number, chunk: number): Promise<number> {
  await transaction(() =>
    exec(sql`CREATE TABLE bench_scratch (official_id integer PRIMARY KEY, unit_id integer, started_at text, completed_at text)`),
  );
  const top = Number((await row<{ top: number }>(sql`SELECT max(id) AS top FROM officials`))!.top);
  const t0 = performance.now();
  for (let from = 0; from < top; from += chunk)
    await transaction(() =>
      exec(
        sql`INSERT INTO bench_scratch (official_id, unit_id, started_at, completed_at)
            SELECT o.id, o.unit_id,
                   (SELECT min(cs.started_at) FROM course_status cs WHERE cs.official_id = o.id AND cs.course_id = ${courseId}),
                   (SELECT min(cc.completed_at) FROM course_completions cc WHERE cc.official_id = o.id AND cc.course_id = ${courseId})
              FROM officials o WHERE o.id > ${from} AND o.id <= ${from + chunk} AND o.active`,
      ),
    );
  const seconds = (performance.now() - t0) / 1000;
  await transaction(() => exec(sql`DROP TABLE bench_scratch`));
  return seconds;
}

const print = (runs: EngineRun<Row[]>[]) => printFigures("bench:assignments", scale.name, runs);

ensureBuild();
const engine = childEngine();
if (!engine) {
  const runs = runPerEngine<Row[]>(
    "bench/assignments.ts",
    { BENCH_SCALES: scale.name, ...(QUICK ? { BENCH_QUICK: "1" } : {}) },
    enginesWanted(),
  );
  print(runs);
  failIfAnyFailed(runs);
} else {
  const { rows: result, remove } = await run(engine);
  if (!writeResult(result)) print([{ engine, ok: true, result }]);
  await remove();
}
