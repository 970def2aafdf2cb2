// npm run bench:reports — report speed at province and national scale, data generated on the fly.
//   p95 of the report page, query + rendering: the built app's own request handler (session, scope
//   check, loaders, React rendering to the last byte), called in-process one request at a time:
//     province root ≤ 50 ms, national root ≤ 200 ms, any single commune ≤ 10 ms;
//   p95 of one completion recorded, including its rollup update: ≤ 5 ms.
// Also printed, not judged: the same pages over HTTP through server.mjs (network, Express and the
// HTTP client included), next to the baseline of that server's sign-in page in the same run.
// Both engines, side by side (issue 13 item 6): BENCH_ENGINES=sqlite / postgres / sqlite,postgres
// (default both). On PostgreSQL the generated SQLite file is copied into a fresh database bench_reports_
// <scale> with scripts/db-copy.ts (which verifies counts and rollups), VACUUM ANALYZE runs (what
// autovacuum would have done on a live server), and the same measurements run against it; the
// PostgreSQL server is DATABASE_URL's when the bench is started with a postgres:// URL, else a
// throwaway cluster (scripts/with-postgres.sh) per child. PostgreSQL targets (the issue's, for a
// national deployment): root ≤ 50 ms at both scales, commune ≤ 15 ms, completion ≤ 5 ms.
// BENCH_SCALES=province,national (default both). Exits 1 when a judged target is missed or a page did
// not render (every report page must carry its unit's heading). Each (scale, engine) runs in its own
// child process: the built app (build/index.js) bundles its own database handle, which picks its
// engine from the environment at load and stays on the first database it opened.
// Quick mode (BENCH_QUICK=1 or --quick): a 2,000-official scale, both engines, few runs, speed not judged.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { completeLesson } from "~/courses/progress.server";
import { closeDb, db, exec, row, rows, transaction } from "~/db/client.server";
import { officialRoles, officials } from "~/db/schema";
import { resetEnvForTests } from "~/env.server";
import { t } from "~/i18n/vi";
import { NATIONAL, PROVINCE, QUICK_SCALE, generate, type Scale } from "./generate";
import {
  BENCH_DIR,
  ENGINE_LABEL,
  QUICK,
  childEngine,
  dropPgDatabase,
  enginesWanted,
  ensureBuild,
  freePort,
  freshPgDatabase,
  invariant,
  killOnExit,
  loadLine,
  runPerEngine,
  waitFor,
  writeResult,
  type Engine,
  type EngineRun,
} from "./support";

const scaleNames = (process.env.BENCH_SCALES ?? (QUICK ? "quick" : "province,national")).split(",").map((s) => s.trim());
const scaleOf = (name: string) => (name === "national" ? NATIONAL : name === "quick" ? QUICK_SCALE : PROVINCE);
const ROOT_RUNS = Number(process.env.BENCH_ROOT_RUNS ?? (QUICK ? 10 : 100));
const COMMUNE_RUNS = Number(process.env.BENCH_COMMUNE_RUNS ?? (QUICK ? 20 : 300));
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? (QUICK ? 20 : 300));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

/** The page really rendered: a 200, the whole document, and (for a report) its unit's heading. */
function checkPage(url: string, status: number, body: string, heading: string | null) {
  invariant(status === 200, `${url} answered ${status}`);
  invariant(body.includes("</html>"), `${url} did not send a whole document`);
  if (heading !== null) invariant(body.includes(`<h1>${heading}</h1>`), `${url} did not render its heading "${heading}"`);
}

async function timeGet(url: string, cookie: string, heading: string | null): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie } });
  const body = await res.text();
  const elapsed = performance.now() - t0;
  checkPage(url, res.status, body, heading);
  return elapsed;
}

/**
 * `judged`: the bench fails on this target only when it has at least 2× headroom over the figure in
 * docs/benchmarks.md (a shared, noisy machine must not turn a near miss into a red run). Every other
 * target is printed as met/missed beside the load average (issue 22, item 3).
 */
type Row = { figure: string; p50: number; p95: number; target: number | null; judged?: boolean };

/**
 * Targets (p95 ms) per engine and whether each is judged. SQLite: the figures in docs/benchmarks.md
 * (root p95 12.8 ms province, 17.9 ms national; completion 1.1 ms) give the root and completion
 * targets ≥ 2× headroom; the commune's (8.7 ms against 10) has none. PostgreSQL: the issue's targets,
 * none judged yet: the first measured figures (province, 2026-11-30, on a loaded machine: root p95
 * 119 ms, commune 91 ms, completion 27 ms) give none of them 2× headroom (docs/benchmarks.md).
 */
const TARGETS: Record<
  Engine,
  {
    provinceRoot: number;
    nationalRoot: number;
    commune: number;
    completion: number;
    rootJudged: boolean;
    communeJudged: boolean;
    completionJudged: boolean;
  }
> = {
  sqlite: {
    provinceRoot: 50,
    nationalRoot: 200,
    commune: 10,
    completion: 5,
    rootJudged: true,
    communeJudged: false,
    completionJudged: true,
  },
  postgres: {
    provinceRoot: 50,
    nationalRoot: 50,
    commune: 15,
    completion: 5,
    rootJudged: false,
    communeJudged: false,
    completionJudged: false,
  },
};

async function run(scale: Scale, engine: Engine): Promise<Row[]> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `reports-${scale.name}.db`);
  console.log(`\n== ${scale.name}: generating ${scale.officials.toLocaleString("vi-VN")} officials …`);
  const g = generate(file, scale);
  console.log(
    `   ${g.units} units (${g.leaves.length} communes), ${g.officials.toLocaleString("vi-VN")} officials, ${g.courses.length} courses, ` +
      `${g.statusRows.toLocaleString("vi-VN")} course-status rows, ${g.events.toLocaleString("vi-VN")} progress events, ` +
      `${g.dailyRows.toLocaleString("vi-VN")} daily rollup rows — ${g.seconds.toFixed(0)} s`,
  );

  process.env.DATABASE_PATH = file;
  let pgUrl: string | undefined;
  if (engine === "postgres") {
    pgUrl = await freshPgDatabase(`reports_${scale.name}`);
    console.log(`   copying into PostgreSQL (${new URL(pgUrl).pathname.slice(1)}) with scripts/db-copy.ts …`);
    const t0 = performance.now();
    const copy = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", file, "--to", pgUrl], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    invariant(copy.status === 0, "scripts/db-copy.ts failed");
    process.env.DATABASE_URL = pgUrl;
    resetEnvForTests();
    await closeDb();
    const t1 = performance.now();
    await exec(sql`VACUUM ANALYZE`);
    console.log(
      `   copied and verified in ${((t1 - t0) / 1000).toFixed(0)} s; VACUUM ANALYZE ${((performance.now() - t1) / 1000).toFixed(0)} s`,
    );
    if (!process.env.BENCH_KEEP) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  } else {
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    await closeDb();
  }
  // The built app opens its handle from the environment it finds: load it only now.
  // React picks its build when first loaded: production, as served (runPerEngine sets NODE_ENV; a child
  // started by hand must too), or every in-process figure measures React's development build.
  invariant(process.env.NODE_ENV === "production", "NODE_ENV must be production: React would render its development build");
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  // An administrator to read the root, and a sanity check of the generated rollups.
  const admin = await transaction(async (tx) => {
    const [inserted] = await tx
      .insert(officials)
      .values({ staffCode: "ADMIN", username: "bench-admin", ho: "Quản", dem: "", ten: "Trị", searchName: "quan tri", unitId: 1 })
      .returning();
    await tx.insert(officialRoles).values({ officialId: inserted!.id, role: "admin" });
    return inserted!;
  });
  const cookie = (await commitSessionCookie(await createSession(admin.id))).split(";")[0]!;
  const direct = (await row<{ c: number }>(sql`SELECT count(completed_at) AS c FROM course_status`))!;
  const rolled = (await row<{ c: number }>(sql`SELECT sum(completed) AS c FROM rollup_totals WHERE unit_id = 1`))!;
  invariant(direct.c === rolled.c, `rollups disagree with rows: ${rolled.c} vs ${direct.c}`);
  const rootHeading = t.reports.titleFor(scale.kinds[0] === "country" ? "Toàn quốc" : "Tỉnh Mẫu");
  const communeHeading = (id: number) => t.reports.titleFor(`Xã ${id}`);
  const rootPeopleHeading = t.reports.peopleOf(scale.kinds[0] === "country" ? "Toàn quốc" : "Tỉnh Mẫu");
  const communePeopleHeading = (id: number) => t.reports.peopleOf(`Xã ${id}`);
  const directoryHeading = t.people.title;
  console.log(`   check: root rollup completions = rows with a completion = ${direct.c.toLocaleString("vi-VN")}`);

  const emptyContent = path.join(BENCH_DIR, "empty-content");
  fs.mkdirSync(path.join(emptyContent, "courses"), { recursive: true });
  const port = await freePort();
  const server = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, PORT: String(port), NODE_ENV: "production", DATABASE_PATH: file, SEED_DEMO: "false", CONTENT_DIR: emptyContent },
    stdio: ["ignore", "ignore", "inherit"],
  });
  killOnExit(server);
  const base = `http://localhost:${port}`;
  try {
    await waitFor(`${base}/login`);
    for (let i = 0; i < 20; i++) await timeGet(`${base}/reports/1`, cookie, rootHeading);
    const floor: number[] = [];
    for (let i = 0; i < ROOT_RUNS; i++) floor.push(await timeGet(`${base}/login`, "", null));
    const httpRoot: number[] = [];
    for (let i = 0; i < ROOT_RUNS; i++) httpRoot.push(await timeGet(`${base}/reports/1`, cookie, rootHeading));
    const httpCommunes: number[] = [];
    for (let i = 0; i < COMMUNE_RUNS; i++) {
      const leaf = pick(g.leaves);
      httpCommunes.push(await timeGet(`${base}/reports/${leaf}`, cookie, communeHeading(leaf)));
    }

    // The judged figures: the same pages through the app's request handler, in this process.
    const handler = createRequestHandler(build, "production");
    const inProcess = async (url: string, heading: string) => {
      const t0 = performance.now();
      const res = await handler(new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), {
        clientIp: "127.0.0.1",
        cspNonce: "bench",
      });
      const body = await res.text();
      const elapsed = performance.now() - t0;
      checkPage(url, res.status, body, heading);
      return elapsed;
    };
    for (let i = 0; i < 20; i++) {
      const leaf = pick(g.leaves);
      await inProcess(`/reports/${leaf}`, communeHeading(leaf));
    }
    const root: number[] = [];
    for (let i = 0; i < ROOT_RUNS; i++) root.push(await inProcess("/reports/1", rootHeading));
    const communes: number[] = [];
    for (let i = 0; i < COMMUNE_RUNS; i++) {
      const leaf = pick(g.leaves);
      communes.push(await inProcess(`/reports/${leaf}`, communeHeading(leaf)));
    }

    // People lists (issue 19 item 1), one course: the root's first page, a commune's, the root's last page.
    const listed = `course=${g.courses[0]!}`;
    const rootPeople: number[] = [];
    const lastPage: number[] = [];
    for (let i = 0; i < ROOT_RUNS; i++) {
      rootPeople.push(await inProcess(`/reports/1/officials?${listed}`, rootPeopleHeading));
      lastPage.push(await inProcess(`/reports/1/officials?${listed}&page=100000`, rootPeopleHeading));
    }
    // The administrators' directory (issue 20 item 5): everyone, its first and last page.
    const adminFirst: number[] = [];
    const adminLast: number[] = [];
    for (let i = 0; i < ROOT_RUNS; i++) {
      adminFirst.push(await inProcess(`/admin/people?status=all`, directoryHeading));
      adminLast.push(await inProcess(`/admin/people?status=all&page=100000`, directoryHeading));
    }
    // Name searches (issue 19 item 3, decision 0046) on the root's people list and the directory: a rare
    // name (one person: the name keys' plan), a common one (everyone is a Nguyễn: the sort index with the
    // name filter, stopping at the search limit) and a two-word prefix (one in twelve: the same plan).
    const SEARCHES = [
      { label: "a rare name", q: "luong thi my" },
      { label: 'a common name ("nguyen")', q: "nguyen" },
      { label: 'a two-word prefix ("van a")', q: "van a" },
    ];
    const searches: { figure: string; times: number[] }[] = [];
    for (const { label, q } of SEARCHES) {
      const people: number[] = [];
      const directory: number[] = [];
      for (let i = 0; i < ROOT_RUNS; i++) {
        people.push(await inProcess(`/reports/1/officials?${listed}&q=${encodeURIComponent(q)}`, rootPeopleHeading));
        directory.push(await inProcess(`/admin/people?status=all&q=${encodeURIComponent(q)}`, directoryHeading));
      }
      searches.push({ figure: `people list of the root, one course, search ${label}`, times: people });
      searches.push({ figure: `administrators' people directory, search ${label}`, times: directory });
    }
    const communePeople: number[] = [];
    for (let i = 0; i < COMMUNE_RUNS; i++) {
      const leaf = pick(g.leaves);
      communePeople.push(await inProcess(`/reports/${leaf}/officials?${listed}`, communePeopleHeading(leaf)));
    }

    // One completion recorded: the last lesson of a course, which completes it and updates the rollups
    // of the commune and every ancestor, in one transaction. Set-up (earlier lessons) is not timed.
    const completions: number[] = [];
    const course = g.courses[g.courses.length - 1]!;
    const lessons = g.lessons[g.lessons.length - 1]!;
    const candidates = await rows<{ id: number }>(
      // NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN subquery only when it fits work_mem, else rescans it per row.
      sql`SELECT o.id FROM officials o WHERE NOT EXISTS (SELECT 1 FROM course_status s WHERE s.official_id = o.id AND s.course_id = ${course}) LIMIT ${COMPLETIONS}`,
    );
    for (const { id } of candidates) {
      for (const l of lessons.slice(0, -1)) await completeLesson(id, course, l);
      const t0 = performance.now();
      const { courseCompleted } = await completeLesson(id, course, lessons[lessons.length - 1]!);
      completions.push(performance.now() - t0);
      invariant(courseCompleted, "the last lesson did not complete the course");
    }
    const [after] = await db().select().from(officials).where(eq(officials.id, candidates[0]!.id)).limit(1);
    invariant(!!after, "lost an official");

    const t = TARGETS[engine];
    return [
      {
        figure: `${scale.name}: root report (${g.officials.toLocaleString("vi-VN")} officials)`,
        p50: pct(root, 50),
        p95: pct(root, 95),
        target: scale.name === "national" ? t.nationalRoot : t.provinceRoot,
        judged: t.rootJudged,
      },
      {
        figure: `${scale.name}: a single commune's report (random, ${COMMUNE_RUNS} runs)`,
        p50: pct(communes, 50),
        p95: pct(communes, 95),
        target: t.commune,
        judged: t.communeJudged,
      },
      {
        figure: `${scale.name}: one completion recorded with its rollups`,
        p50: pct(completions, 50),
        p95: pct(completions, 95),
        target: t.completion,
        judged: t.completionJudged,
      },
      { figure: `${scale.name}: people list of the root, one course`, p50: pct(rootPeople, 50), p95: pct(rootPeople, 95), target: 50 },
      {
        figure: `${scale.name}: people list of the root, last page`,
        p50: pct(lastPage, 50),
        p95: pct(lastPage, 95),
        target: scale.name === "national" ? 100 : 50,
      },
      {
        figure: `${scale.name}: people list of a commune (random, ${COMMUNE_RUNS} runs)`,
        p50: pct(communePeople, 50),
        p95: pct(communePeople, 95),
        target: 10,
      },
      {
        figure: `${scale.name}: administrators' people directory, everyone, first page`,
        p50: pct(adminFirst, 50),
        p95: pct(adminFirst, 95),
        target: null,
      },
      {
        figure: `${scale.name}: administrators' people directory, everyone, last page`,
        p50: pct(adminLast, 50),
        p95: pct(adminLast, 95),
        target: null,
      },
      ...searches.map(({ figure, times }) => ({
        figure: `${scale.name}: ${figure}`,
        p50: pct(times, 50),
        p95: pct(times, 95),
        target: 30,
      })),
      { figure: `${scale.name}: over HTTP — baseline, sign-in page`, p50: pct(floor, 50), p95: pct(floor, 95), target: null },
      { figure: `${scale.name}: over HTTP — root report`, p50: pct(httpRoot, 50), p95: pct(httpRoot, 95), target: null },
      {
        figure: `${scale.name}: over HTTP — a single commune's report`,
        p50: pct(httpCommunes, 50),
        p95: pct(httpCommunes, 95),
        target: null,
      },
    ];
  } finally {
    const exited = server.exitCode === null ? new Promise((r) => server.once("exit", r)) : Promise.resolve();
    server.kill();
    await exited;
    await closeDb();
    if (!process.env.BENCH_KEEP) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    if (pgUrl) await dropPgDatabase(pgUrl);
  }
}

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

/** Rows of both engines, matched by figure, in the order they were measured. */
function printRows(runs: EngineRun<Row[]>[]) {
  const engines = [...new Set(runs.filter((r) => !r.skipped).map((r) => r.engine))];
  const byFigure = new Map<string, Partial<Record<Engine, Row>>>();
  for (const r of runs) for (const row of r.result ?? []) byFigure.set(row.figure, { ...byFigure.get(row.figure), [r.engine]: row });
  const label = (e: Engine) => ENGINE_LABEL[e];
  console.log(`\n${loadLine()}`);
  console.log(
    `\n| figure | ${engines.map((e) => `${label(e)} p50 ms | ${label(e)} p95 ms`).join(" | ")} | target p95 (${engines.map(label).join(" / ")}) | met (${engines.map(label).join(" / ")}) |`,
  );
  console.log(`|---|${engines.map(() => "---:|---:|").join("")}---:|---|`);
  let failed = 0;
  let missedUnjudged = 0;
  for (const [figure, per] of byFigure) {
    const cells = engines.map((e) => (per[e] ? `${ms(per[e].p50)} | ${ms(per[e].p95)}` : "— | —"));
    const targets = engines.map((e) => (per[e]?.target == null ? "—" : `≤ ${per[e].target}`));
    const met = engines.map((e) => {
      const r = per[e];
      if (!r || r.target === null) return "—";
      if (r.p95 <= r.target) return "yes";
      if (r.judged && !QUICK) {
        failed++;
        return "NO";
      }
      if (!QUICK) missedUnjudged++;
      return QUICK ? "missed (quick: not judged)" : "missed (not judged)";
    });
    const target = new Set(targets).size === 1 ? targets[0]! : targets.join(" / ");
    const metCell = met.every((m) => m === "—") ? "—" : met.join(" / ");
    console.log(`| ${figure} | ${cells.join(" | ")} | ${target} | ${metCell} |`);
  }
  if (missedUnjudged > 0) console.log(`\n${missedUnjudged} target(s) without 2× headroom missed (${loadLine()}): printed, not failed`);
  if (QUICK) console.log("\nquick mode: no speed target judged");
  if (failed > 0) {
    console.error(`\n${failed} target(s) with 2× headroom missed`);
    process.exitCode = 1;
  }
}

ensureBuild();
const engine = childEngine();
if (!engine) {
  // The parent: one child process per (scale, engine); each hands its rows back for the one table.
  const engines = enginesWanted();
  const runs: EngineRun<Row[]>[] = [];
  for (const name of scaleNames) runs.push(...runPerEngine<Row[]>("bench/reports.ts", { BENCH_SCALES: name }, engines));
  printRows(runs);
  if (runs.some((r) => !r.ok)) {
    console.error("a scale failed (see above)");
    process.exitCode = 1;
  }
} else {
  invariant(scaleNames.length === 1, "a child measures one scale");
  const rows = await run(scaleOf(scaleNames[0]!), engine);
  if (!writeResult(rows)) printRows([{ engine, ok: true, result: rows }]);
}
