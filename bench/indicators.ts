// npm run bench:indicators — adoption indicators at national scale (issue 18 item 7, docs/decisions/0035),
// both engines side by side (BENCH_ENGINES, like bench:reports).
// Its own data: a national tree of 34 provinces × 100 communes (bench/generate.ts's units, with a few
// officials per commune and ten courses with progress and rollups, so the page's supporting-course
// column is the training report's real figures), the six catalogue indicators (the app's
// ensureIndicatorCatalogue(), each linked to two of the generated courses), and per commune 36 months
// of values (numerator / denominator; the quarterly indicator: 12 quarters), written with bulk inserts
// of the rows the app writes (source "import", current). On PostgreSQL the SQLite file is copied into
// a fresh database with scripts/db-copy.ts (which verifies counts), then VACUUM ANALYZE, as
// bench:reports does.
//   1. The unit page /reports/<root>/chi-so through the built app's request handler (session, scope,
//      loader, React rendering to the last byte; production mode): p95 ≤ 50 ms. One commune's page
//      (random communes): p95 ≤ 10 ms. Baseline in the same run: the unit report page /reports/<unit>
//      of the same units, printed beside, with the ratio.
//   2. The import of 3,400 communes × 6 indicators (one period: last month, the current quarter for the
//      quarterly one) as a CSV through the app's import path (planIndicatorImport = the dry run, then
//      applyIndicatorImport, which plans again and writes all or nothing): dry run + apply ≤ 5 s.
// None of these targets is judged (no earlier figure gives one 2× headroom, and none is a same-run
// ratio): each is printed as met / missed beside the load average (issue 22 item 3).
// Invariants (quick mode too): the root's rolled-up numerator / denominator (indicatorSums reading every
// period; the page reads only the periods it shows, decision 0040) = the sums over the communes' rows,
// for every indicator and period; the pages render their heading, every indicator's section and the
// root's latest fraction as that full read gives it; the import plans and applies
// exactly communes × 6 values and the root's figures for that period are the file's sums; a second
// apply of the same file writes nothing (the app skips a value equal to the current one) and leaves the
// row count as it was.
// Quick mode (BENCH_QUICK=1 or --quick): 3 provinces × 4 communes, speed not judged.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { closeDb, db, exec, row, rows, transaction } from "~/db/client.server";
import { jsonTable } from "~/db/portable.server";
import { indicatorCourses, officialRoles, officials, units } from "~/db/schema";
import { resetEnvForTests } from "~/env.server";
import { seededRandom } from "~/demo/seed.server";
import { formatNumber } from "~/i18n/format";
import { vnToday } from "~/i18n/time";
import { t } from "~/i18n/vi";
import { ensureIndicatorCatalogue, listIndicators, type Indicator } from "~/indicators/catalogue.server";
import { applyIndicatorImport, planIndicatorImport } from "~/indicators/import.server";
import { periodOf, previousPeriod } from "~/indicators/periods";
import { indicatorSums, totalsPlan } from "~/indicators/rollup.server";
import { rebuildIndicatorTotals } from "~/indicators/totals.server";
import { generate, type Scale } from "./generate";
import {
  BENCH_DIR,
  QUICK,
  childEngine,
  dropPgDatabase,
  enginesWanted,
  ensureBuild,
  failIfAnyFailed,
  freshPgDatabase,
  invariant,
  printFigures,
  runPerEngine,
  writeResult,
  type Engine,
  type EngineRun,
  type FigureRow,
} from "./support";

/** The national tree: a country root, 34 provinces, 100 communes each; three officials per commune. */
const NATIONAL_TREE: Scale = {
  name: "national",
  fanout: [34, 100],
  kinds: ["country", "province", "commune"],
  officials: 3 * 3400,
  startedShare: 0.5,
  completedShare: 0.6,
  lessonRows: false,
  days: 365,
};
const QUICK_TREE: Scale = { ...NATIONAL_TREE, name: "quick", fanout: [3, 4], officials: 3 * 12 };
const scale = QUICK ? QUICK_TREE : NATIONAL_TREE;
const MONTHS = 36;
const QUARTERS = 12;
const ROOT_RUNS = Number(process.env.BENCH_ROOT_RUNS ?? (QUICK ? 5 : 40));
const COMMUNE_RUNS = Number(process.env.BENCH_COMMUNE_RUNS ?? (QUICK ? 10 : 200));
/** The web form's upload limit (app/routes/reports.$unitId.chi-so.nhap.tsx): the bench's file must fit it. */
const MAX_FILE_BYTES = 1024 * 1024 - 16 * 1024;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const f1 = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const verdict = (value: number, target: number) => (QUICK ? "quick: not judged" : value <= target ? "yes" : "missed (not judged)");

/** `count` periods ending with `last`, oldest first. */
function periodsEndingWith(last: string, count: number): string[] {
  const out = [last];
  while (out.length < count) out.unshift(previousPeriod(out[0]!));
  return out;
}

type Sums = Map<string, { numerator: number; denominator: number }>; // `${indicatorId}|${period}` → sums over communes

async function run(engine: Engine): Promise<{ rows: FigureRow[]; pgUrl?: string }> {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `indicators-${scale.name}.db`);
  const t0 = performance.now();
  const g = generate(file, scale);
  const communes = g.leaves;

  process.env.DATABASE_PATH = file;
  let pgUrl: string | undefined;
  if (engine === "postgres") {
    pgUrl = await freshPgDatabase(`indicators_${scale.name}`);
    const t1 = performance.now();
    const copy = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", file, "--to", pgUrl], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    invariant(copy.status === 0, "scripts/db-copy.ts failed");
    process.env.DATABASE_URL = pgUrl;
    console.log(`   tree, officials and courses copied into PostgreSQL and verified in ${((performance.now() - t1) / 1000).toFixed(0)} s`);
    if (!process.env.BENCH_KEEP) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  } else delete process.env.DATABASE_URL;
  resetEnvForTests();
  await closeDb();

  // The catalogue, through the app (the server does the same at every start).
  await ensureIndicatorCatalogue();
  const catalogue = await listIndicators();
  invariant(catalogue.length === 6, `the catalogue has ${catalogue.length} indicators, not 6`);
  // Each indicator is supported by two of the generated courses (the catalogue's slugs do not exist here).
  await transaction((tx) =>
    tx.insert(indicatorCourses).values(
      catalogue.flatMap((ind, i) => [
        { indicatorId: ind.id, courseId: g.courses[i]! },
        { indicatorId: ind.id, courseId: g.courses[(i + 6) % g.courses.length]! },
      ]),
    ),
  );

  // 36 months (12 quarters) of values per commune, ending before the import's period: the rows the
  // import writes (source "import", current), inserted in bulk, on either engine.
  const today = vnToday();
  const importPeriod = (ind: Pick<Indicator, "period">) =>
    ind.period === "month" ? previousPeriod(periodOf(today, "month")) : periodOf(today, "quarter");
  const generated: Sums = new Map();
  const rand = seededRandom(18);
  const enteredAt = new Date(Date.now() - 86400_000).toISOString();
  const t2 = performance.now();
  let valueRows = 0;
  for (const ind of catalogue) {
    const periods = periodsEndingWith(previousPeriod(importPeriod(ind)), ind.period === "month" ? MONTHS : QUARTERS);
    // In chunks, each one statement over a JSON parameter (the app's jsonTable): drizzle's row-by-row
    // parameters took over a minute for 650,000 rows.
    let batch: [number, number, string, number, number][] = [];
    const flush = async () => {
      const chunk = batch;
      batch = [];
      if (chunk.length === 0) return;
      await transaction(() =>
        exec(
          sql`INSERT INTO indicator_values (indicator_id, unit_id, period, numerator, denominator, source, entered_at, current)
              SELECT r.i, r.u, r.p, r.n, r.d, 'import', ${enteredAt}, TRUE
                FROM ${jsonTable(chunk, [
                  ["i", "int"],
                  ["u", "int"],
                  ["p", "text"],
                  ["n", "int"],
                  ["d", "int"],
                ])} AS r`,
        ),
      );
    };
    for (const unit of communes) {
      const start = 0.3 + rand() * 0.4;
      for (const [i, period] of periods.entries()) {
        let numerator: number;
        let denominator: number;
        if (ind.period === "quarter") {
          denominator = 1;
          numerator = rand() < 0.1 + (0.6 * i) / periods.length ? 1 : 0;
        } else {
          denominator = 10 + Math.floor(rand() * 190);
          const r = Math.min(1, start + (0.4 * i) / periods.length + (rand() - 0.5) * 0.1);
          numerator = Math.max(0, Math.min(denominator, Math.round(denominator * r)));
        }
        batch.push([ind.id, unit, period, numerator, denominator]);
        valueRows++;
        const key = `${ind.id}|${period}`;
        const sum = generated.get(key) ?? { numerator: 0, denominator: 0 };
        sum.numerator += numerator;
        sum.denominator += denominator;
        generated.set(key, sum);
      }
      if (batch.length >= 20_000) await flush();
    }
    await flush();
  }
  // The stored totals (docs/decisions/0044) of those bulk-inserted values: what recordValues would have
  // kept, built once as the app does for a database from before the table (ensureIndicatorTotals).
  const t3 = performance.now();
  await transaction(() => rebuildIndicatorTotals());
  console.log(`   indicator totals built in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
  // What autovacuum / the app's own ANALYZE would have done on a live database (VACUUM cannot run in a transaction).
  if (engine === "postgres") await exec(sql`VACUUM ANALYZE`);
  else await transaction(() => exec(sql`ANALYZE`));
  console.log(
    `   ${g.units} units (${communes.length} communes), ${g.officials} officials, ${g.courses.length} courses (${g.seconds.toFixed(1)} s); ` +
      `${valueRows.toLocaleString("vi-VN")} indicator values written in ${((performance.now() - t2) / 1000).toFixed(1)} s — ` +
      `${((performance.now() - t0) / 1000).toFixed(0)} s in all`,
  );
  invariant(process.env.NODE_ENV === "production", "NODE_ENV must be production: React would render its development build");

  const [root] = await db().select().from(units).where(eq(units.id, 1)).limit(1);
  invariant(!!root && root.parentId === null, "the generated tree has no root");

  // Invariant: the page's roll-up (indicatorSums, what the page reads) = the sums over the communes'
  // rows, read directly, = what was generated; for every indicator and period.
  const checkRollup = async (expected: Sums, what: string) => {
    const sums = await indicatorSums(root, catalogue, null);
    const direct = await rows<{ indicatorId: number; period: string; n: number; d: number }>(
      sql`SELECT v.indicator_id AS "indicatorId", v.period, sum(v.numerator) AS n, sum(v.denominator) AS d
            FROM indicator_values v JOIN units u ON u.id = v.unit_id
           WHERE v.current AND u.kind = 'commune' GROUP BY v.indicator_id, v.period`,
    );
    invariant(
      direct.length === expected.size,
      `${what}: ${direct.length} (indicator, period) sums in the database, ${expected.size} generated`,
    );
    for (const r of direct) {
      const want = expected.get(`${r.indicatorId}|${r.period}`);
      const page = sums.total.get(r.indicatorId)?.get(r.period);
      invariant(
        !!want && Number(r.n) === want.numerator && Number(r.d) === want.denominator,
        `${what}: communes' rows of indicator ${r.indicatorId}, ${r.period} sum to ${r.n}/${r.d}, generated ${want?.numerator}/${want?.denominator}`,
      );
      invariant(
        !!page && page.numerator === want.numerator && page.denominator === want.denominator,
        `${what}: the root's roll-up of indicator ${r.indicatorId}, ${r.period} is ${page?.numerator}/${page?.denominator}, the communes sum to ${want.numerator}/${want.denominator}`,
      );
    }
    // The stored totals (what the page reads "now", docs/decisions/0044) = the on-read sums, every period.
    const plan = await totalsPlan(root);
    invariant(!!plan, `${what}: the stored totals do not serve the root`);
    const everyPeriod = new Map(catalogue.map((ind) => [ind.id, [...(sums.total.get(ind.id)?.keys() ?? [])]]));
    const stored = await indicatorSums(root, catalogue, null, everyPeriod, plan);
    for (const [id, periods] of sums.total)
      for (const [period, v] of periods) {
        const st = stored.total.get(id)?.get(period);
        invariant(
          !!st && st.numerator === v.numerator && st.denominator === v.denominator,
          `${what}: the stored totals of indicator ${id}, ${period} are ${st?.numerator}/${st?.denominator}, on read ${v.numerator}/${v.denominator}`,
        );
      }
    const pagePairs = [...sums.total.values()].reduce((n, m) => n + m.size, 0);
    invariant(pagePairs === expected.size, `${what}: the root's roll-up has ${pagePairs} (indicator, period) sums, not ${expected.size}`);
    return sums;
  };
  const before = await checkRollup(generated, "before the import");
  console.log(
    `   check: the root's roll-up (on read and from the stored totals) = the communes' sums for ${generated.size} (indicator, period) pairs`,
  );

  // Pages, through the built app's request handler (loaded only now: it opens its own handle).
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const admin = await transaction(async (tx) => {
    const [inserted] = await tx
      .insert(officials)
      .values({ staffCode: "ADMIN", username: "bench-admin", ho: "Quản", dem: "", ten: "Trị", searchName: "quan tri", unitId: 1 })
      .returning();
    await tx.insert(officialRoles).values({ officialId: inserted!.id, role: "admin" });
    return inserted!;
  });
  const cookie = (await commitSessionCookie(await createSession(admin.id))).split(";")[0]!;
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  const page = async (url: string, mustHave: string[]) => {
    const started = performance.now();
    const res = await handler(new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), {
      clientIp: "127.0.0.1",
      cspNonce: "b",
    });
    const body = await res.text();
    const elapsed = performance.now() - started;
    invariant(
      res.status === 200 && body.includes("</html>"),
      `${url} answered ${res.status}${res.status === 200 ? " without a whole document" : ""}`,
    );
    for (const text of mustHave) invariant(body.includes(text), `${url} did not render "${text}"`);
    return elapsed;
  };
  const name = (id: number) => (id === 1 ? root.name : `Xã ${id}`);
  const indicatorPage = (id: number) => [
    `<h1>${esc(t.indicators.pageTitle(name(id)))}</h1>`,
    ...catalogue.map((ind) => `data-testid="indicator-${ind.code}"`),
    ...catalogue.map((ind) => esc(ind.name)),
  ];
  // The root's headline: each indicator's latest fraction, as the page formats it.
  const rootFractions = catalogue.map((ind) => {
    const periods = [...(before.total.get(ind.id)?.keys() ?? [])].sort();
    const s = before.total.get(ind.id)!.get(periods.at(-1)!)!;
    return esc(t.indicators.fraction(formatNumber(s.numerator), formatNumber(s.denominator)));
  });
  const unitPage = (id: number) => [`<h1>${esc(t.reports.titleFor(name(id)))}</h1>`];
  const times = async (
    what: string,
    url: (i: number) => string,
    mustHave: (i: number) => string[],
    n: number,
    pick: (i: number) => number,
  ) => {
    const once = (i: number) => {
      const id = pick(i);
      return page(url(id), mustHave(id));
    };
    for (let i = 0; i < Math.min(5, n); i++) await once(i);
    const out: number[] = [];
    const started = performance.now();
    for (let i = 0; i < n; i++) out.push(await once(i));
    console.log(`   ${url(0).replace(/\/\d+/, "/<unit>")} (${what}): ${n} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return out;
  };
  const rootOnly = () => 1;
  const randomCommune = seededRandom(7);
  const commune = () => communes[Math.floor(randomCommune() * communes.length)]!;
  const chiSoRoot = await times(
    "root",
    (id) => `/reports/${id}/chi-so`,
    (id) => [...indicatorPage(id), ...rootFractions],
    ROOT_RUNS,
    rootOnly,
  );
  const reportRoot = await times("root", (id) => `/reports/${id}`, unitPage, ROOT_RUNS, rootOnly);
  const chiSoCommune = await times("communes", (id) => `/reports/${id}/chi-so`, indicatorPage, COMMUNE_RUNS, commune);
  const reportCommune = await times("communes", (id) => `/reports/${id}`, unitPage, COMMUNE_RUNS, commune);

  // The import: communes × 6 indicators, one period, as a manager's CSV export would come.
  const header = "Mã đơn vị,Kỳ,Chỉ số,Tử số,Mẫu số";
  const lines: string[] = [header];
  const imported: Sums = new Map(generated);
  const fileRand = seededRandom(2026);
  for (const unit of communes) {
    for (const ind of catalogue) {
      const period = importPeriod(ind);
      const denominator = ind.period === "quarter" ? 1 : 10 + Math.floor(fileRand() * 190);
      const numerator = ind.period === "quarter" ? (fileRand() < 0.7 ? 1 : 0) : Math.round(denominator * (0.6 + fileRand() * 0.4));
      lines.push(`U${unit},${period},${ind.code},${numerator},${denominator}`);
      const key = `${ind.id}|${period}`;
      const s = imported.get(key) ?? { numerator: 0, denominator: 0 };
      s.numerator += numerator;
      s.denominator += denominator;
      imported.set(key, s);
    }
  }
  const bytes = new TextEncoder().encode(lines.join("\r\n") + "\r\n");
  invariant(bytes.length <= MAX_FILE_BYTES, `the import file (${bytes.length} bytes) is over the web form's limit`);
  const expectedValues = communes.length * catalogue.length;
  const countRows = async () => Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM indicator_values`))!.n);
  const rowsBefore = await countRows();
  invariant(rowsBefore === valueRows, `${rowsBefore} value rows in the database, ${valueRows} generated`);

  const cpu0 = process.cpuUsage();
  let s = performance.now();
  const plan = await planIndicatorImport("chi-so.csv", bytes, root);
  const drySeconds = (performance.now() - s) / 1000;
  invariant(
    plan.fileErrors.length === 0 && plan.errors.length === 0,
    `the dry run refused the file: ${[...plan.fileErrors, ...plan.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message}`)].join("; ")}`,
  );
  invariant(plan.values.length === expectedValues, `the dry run planned ${plan.values.length} values, not ${expectedValues}`);
  s = performance.now();
  const applied = await applyIndicatorImport("chi-so.csv", bytes, root, admin.id);
  const applySeconds = (performance.now() - s) / 1000;
  const cpu = process.cpuUsage(cpu0);
  invariant(applied.ok, "the apply refused the file its dry run accepted");
  invariant(
    applied.written === expectedValues && applied.unchanged === 0,
    `the apply wrote ${applied.written} values, not ${expectedValues}`,
  );
  const rowsAfter = await countRows();
  invariant(rowsAfter === rowsBefore + expectedValues, `value rows grew by ${rowsAfter - rowsBefore}, not ${expectedValues}`);
  await checkRollup(imported, "after the import");

  s = performance.now();
  const again = await applyIndicatorImport("chi-so.csv", bytes, root, admin.id);
  const againSeconds = (performance.now() - s) / 1000;
  invariant(
    again.ok && again.written === 0 && again.unchanged === expectedValues,
    `the second apply wrote ${again.ok ? again.written : "—"} values, not 0`,
  );
  invariant((await countRows()) === rowsAfter, "the second apply changed the value rows");
  console.log(
    `   check: the import planned and applied ${expectedValues} values (${formatNumber(bytes.length)} bytes), the root's figures are the file's sums; a second apply wrote nothing`,
  );

  const importSeconds = drySeconds + applySeconds;
  const ratio = (a: number[], b: number[]) => (pct(a, 95) / pct(b, 95)).toFixed(2);
  const units_ = `${formatNumber(communes.length)} communes`;
  const figures: FigureRow[] = [
    {
      figure: `unit page /chi-so, root (${units_} × 6 indicators × 36 months; ${ROOT_RUNS} runs), p95 (ms)`,
      value: f1(pct(chiSoRoot, 95)),
      target: "≤ 50",
      met: verdict(pct(chiSoRoot, 95), 50),
    },
    { figure: "baseline: unit report page, root, p95 (ms)", value: f1(pct(reportRoot, 95)), target: "—", met: "—" },
    { figure: "root: /chi-so ÷ unit report (p95)", value: ratio(chiSoRoot, reportRoot), target: "—", met: "—" },
    {
      figure: `unit page /chi-so, a commune (random, ${COMMUNE_RUNS} runs), p95 (ms)`,
      value: f1(pct(chiSoCommune, 95)),
      target: "≤ 10",
      met: verdict(pct(chiSoCommune, 95), 10),
    },
    { figure: "baseline: unit report page, a commune, p95 (ms)", value: f1(pct(reportCommune, 95)), target: "—", met: "—" },
    { figure: "commune: /chi-so ÷ unit report (p95)", value: ratio(chiSoCommune, reportCommune), target: "—", met: "—" },
    { figure: `import ${formatNumber(expectedValues)} values: dry run (s)`, value: drySeconds.toFixed(2), target: "—", met: "—" },
    { figure: "import: apply (plans again, writes all in one transaction) (s)", value: applySeconds.toFixed(2), target: "—", met: "—" },
    { figure: "import: dry run + apply (s)", value: importSeconds.toFixed(2), target: "≤ 5", met: verdict(importSeconds, 5) },
    {
      figure: `import: CPU time of this process, dry run + apply (s)${engine === "postgres" ? ", the server's not included" : ""}`,
      value: ((cpu.user + cpu.system) / 1e6).toFixed(2),
      target: "—",
      met: "—",
    },
    { figure: "import: the same file applied again (nothing written) (s)", value: againSeconds.toFixed(2), target: "—", met: "—" },
  ];
  return { rows: figures, pgUrl };
}

const print = (runs: EngineRun<FigureRow[]>[]) => printFigures("bench:indicators", scale.name, runs);

ensureBuild();
const engine = childEngine();
if (!engine) {
  const runs = runPerEngine<FigureRow[]>("bench/indicators.ts", QUICK ? { BENCH_QUICK: "1" } : {}, enginesWanted());
  print(runs);
  failIfAnyFailed(runs);
} else {
  const { rows: result, pgUrl } = await run(engine);
  await closeDb();
  if (pgUrl) await dropPgDatabase(pgUrl);
  if (!process.env.BENCH_KEEP && engine === "sqlite") {
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(path.join(BENCH_DIR, `indicators-${scale.name}.db${s}`), { force: true });
  }
  if (!writeResult(result)) print([{ engine, ok: true, result }]);
}
