// Shared bench plumbing: start the built app on its own port and database, and measure with autocannon;
// run a bench once per engine (SQLite, PostgreSQL), each in its own child process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { sql } from "drizzle-orm";
import { closeDb, exec, transaction } from "~/db/client.server";
import { officialRoles, officials } from "~/db/schema";
import { resetEnvForTests } from "~/env.server";
import { createOfficial, type Official } from "~/people/officials.server";
import { createUnit, type Unit } from "~/units/tree.server";
import { generate, type Scale } from "./generate";

export const BENCH_DIR = path.resolve("bench/.tmp");

/** Quick mode (BENCH_QUICK=1 or --quick): small sizes, seconds each; invariants checked, speed never judged. */
export const QUICK = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
// `--quick` reaches the per-engine children (runPerEngine) through the environment they inherit: a
// child started without it ran at full size under a parent printing quick sizes.
if (QUICK) process.env.BENCH_QUICK = "1";

/** Servers a bench started end with it, also when an invariant or an error ends it early. */
export function killOnExit(child: ChildProcess) {
  process.on("exit", () => {
    if (child.exitCode === null) child.kill();
  });
}

/** A bench's failed invariant: printed, and the process exits 1 (in quick mode as in full mode). */
export function invariant(ok: boolean, message: string): asserts ok {
  if (!ok) {
    console.error(`INVARIANT FAILED: ${message}`);
    process.exit(1);
  }
}

/**
 * The bench's own people, so nothing the demo does can change what it measures: one unit (a province
 * root when the database has none, else under `parentId`) and `n` learners in it, staff codes
 * `${prefix}0001`… Needs the bench's database (startApp) set and migrated.
 */
export async function benchOfficials(
  prefix: string,
  n: number,
  parentId: number | null = null,
): Promise<{ unit: Unit; people: Official[] }> {
  const unit = await createUnit({
    code: `${prefix}-UNIT`,
    name: `Đơn vị đo ${prefix}`,
    kind: parentId === null ? "province" : "commune",
    parentId,
  });
  const people: Official[] = [];
  for (let i = 1; i <= n; i++) {
    const code = `${prefix}${String(i).padStart(5, "0")}`;
    people.push(
      await createOfficial({ staffCode: code, username: code.toLowerCase(), ho: "Nguyễn", dem: "Văn", ten: `Đo ${i}`, unitId: unit.id }),
    );
  }
  return { unit, people };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function ensureBuild() {
  if (!fs.existsSync("build/index.js")) {
    const r = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("remix build failed");
  }
}

export async function waitFor(url: string, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------------------------------------------
// Engines. A bench started without BENCH_ENGINE is the parent: it runs itself once per engine named by
// BENCH_ENGINES (default "sqlite,postgres"), each in a child process with BENCH_ENGINE set, because
// the built app (build/index.js) opens its database handle from the environment it finds at load.
// The SQLite child runs without DATABASE_URL. The PostgreSQL child runs against the server named by
// DATABASE_URL when the bench was started with a postgres:// URL (it only ever creates and drops its
// own bench_* databases there), else under `bash scripts/with-postgres.sh` (a throwaway cluster); with
// no PostgreSQL binaries either, the PostgreSQL column is skipped with one line saying why.

export type Engine = "sqlite" | "postgres";
export const ENGINE_LABEL: Record<Engine, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

export const isPgUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? "");

/** The engines asked for by BENCH_ENGINES (sqlite / postgres / sqlite,postgres; default both). */
export function enginesWanted(): Engine[] {
  const names = (process.env.BENCH_ENGINES ?? "sqlite,postgres")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => (s === "pg" || s === "postgresql" ? "postgres" : s));
  const bad = names.filter((n) => n !== "sqlite" && n !== "postgres");
  if (bad.length || names.length === 0) {
    console.error(`BENCH_ENGINES=${process.env.BENCH_ENGINES}: use sqlite, postgres or sqlite,postgres`);
    process.exit(2);
  }
  return [...new Set(names)] as Engine[];
}

/** The engine this process measures, in a child; undefined in the parent. */
export function childEngine(): Engine | undefined {
  const e = process.env.BENCH_ENGINE;
  return e === "sqlite" || e === "postgres" ? e : undefined;
}

/** Why a throwaway PostgreSQL cluster cannot be started here (the same search as scripts/with-postgres.sh), or null. */
export function pgUnavailable(): string | null {
  const candidates: string[] = [];
  const config = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (config.status === 0 && config.stdout.trim()) candidates.push(config.stdout.trim());
  try {
    for (const v of fs.readdirSync("/usr/lib/postgresql")) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // no Debian layout
  }
  if (!candidates.some((dir) => fs.existsSync(path.join(dir, "initdb")))) {
    return "no PostgreSQL server binaries (initdb) found and DATABASE_URL is not a postgres:// URL (apt-get install postgresql, or set DATABASE_URL)";
  }
  if (process.getuid?.() === 0 && spawnSync("id", ["postgres"], { stdio: "ignore" }).status !== 0) {
    return "running as root without a 'postgres' user to run a throwaway cluster as";
  }
  return null;
}

export type EngineRun<T> = { engine: Engine; ok: boolean; result?: T; skipped?: string };

/**
 * In the parent: runs `script` once per wanted engine, each in its own child process with BENCH_ENGINE
 * (and `env`) set; the child writes its result as JSON to BENCH_RESULT_FILE (see writeResult). A child
 * that fails (an invariant, a crash) makes `ok` false; the other engine still runs.
 */
export function runPerEngine<T>(script: string, env: Record<string, string> = {}, engines = enginesWanted()): EngineRun<T>[] {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const runs: EngineRun<T>[] = [];
  for (const engine of engines) {
    const tag =
      Object.values(env)
        .join("-")
        .replace(/[^a-z0-9-]/gi, "") || "run";
    const out = path.join(BENCH_DIR, `${path.basename(script, ".ts")}-${tag}-${engine}.json`);
    fs.rmSync(out, { force: true });
    // NODE_ENV=production as `npm start` runs: React picks its development build (several times slower
    // to render, with extra checks) when NODE_ENV is anything else, and a bench that renders in-process
    // would then measure a page no user is served.
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      // The bench process opens the app in-process too (the built handler): without this, its start-up
      // would issue certificates for every generated completion in the background, holding SQLite's
      // writer while the bench's server waits synchronously (better-sqlite3's busy wait blocks its event
      // loop) — a page then outlived React's 5 s abort and answered 500. Servers get the same (startApp).
      CERTIFICATE_BACKFILL: "off",
      BENCH_ENGINE: engine,
      BENCH_RESULT_FILE: out,
    };
    let command = [process.execPath, "--import", "tsx", script];
    if (engine === "sqlite") delete childEnv.DATABASE_URL;
    else if (!isPgUrl(process.env.DATABASE_URL)) {
      delete childEnv.DATABASE_URL;
      const why = pgUnavailable();
      if (why) {
        console.log(`\nPostgreSQL column skipped: ${why}.`);
        runs.push({ engine, ok: true, skipped: why });
        continue;
      }
      command = ["bash", "scripts/with-postgres.sh", ...command];
      childEnv.BENCH_PG_THROWAWAY = "1";
    }
    console.log(
      `\n=== ${script} on ${ENGINE_LABEL[engine]}${
        Object.keys(env).length
          ? ` (${Object.entries(env)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")})`
          : ""
      } ===`,
    );
    const child = spawnSync(command[0]!, command.slice(1), { env: childEnv, stdio: "inherit" });
    const result = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")) as T) : undefined;
    fs.rmSync(out, { force: true });
    runs.push({ engine, ok: child.status === 0, result });
  }
  return runs;
}

/** In a child: hands the result to the parent (or returns false when run on its own, to print it itself). */
export function writeResult(result: unknown): boolean {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) return false;
  fs.writeFileSync(file, JSON.stringify(result));
  return true;
}

/** In the parent: exit 1 when an engine's child failed. */
export function failIfAnyFailed(runs: EngineRun<unknown>[]) {
  const failed = runs.filter((r) => !r.ok).map((r) => ENGINE_LABEL[r.engine]);
  if (failed.length) {
    console.error(`\nfailed on ${failed.join(", ")} (see above)`);
    process.exitCode = 1;
  }
}

/** The URL of another database on the PostgreSQL server of `base`. */
export function pgUrlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = "/" + database;
  return url.toString();
}

/** The server's own database URL, kept from the start: this process later points DATABASE_URL at a bench database. */
const PG_SERVER_URL = isPgUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;

/** A fresh, empty PostgreSQL database `bench_<name>` (dropped and created through the server's `postgres` database); its URL. */
export async function freshPgDatabase(name: string): Promise<string> {
  if (!PG_SERVER_URL) throw new Error("PostgreSQL bench without DATABASE_URL=postgres://… (run it through its parent)");
  const database = `bench_${name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;
  await pgAdmin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `CREATE DATABASE ${database}`]);
  return pgUrlFor(PG_SERVER_URL, database);
}

/**
 * Drops a bench database made by freshPgDatabase, on a server the bench was given (kept with
 * BENCH_KEEP=1). On a throwaway cluster (BENCH_PG_THROWAWAY, set where the bench started one) nothing
 * is dropped: the whole cluster goes when the child ends, and the in-process app's idle connections are
 * not cut first.
 */
export async function dropPgDatabase(url: string) {
  if (process.env.BENCH_KEEP || process.env.BENCH_PG_THROWAWAY || !PG_SERVER_URL) return;
  await pgAdmin([`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`]);
}

async function pgAdmin(statements: string[]) {
  const client = new pg.Client({ connectionString: pgUrlFor(PG_SERVER_URL!, "postgres") });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export type App = { url: string; child: ChildProcess; engine: Engine; stop: () => Promise<void> };

/**
 * Starts `node server.mjs` on a fresh database without the demo (`npm run db:setup`, then the server
 * migrates and syncs content/ at start), and points this process's database handle at the same
 * database, so the bench can make its own officials with `benchOfficials`. SQLite: the file `dbFile`
 * (removed first). PostgreSQL (BENCH_ENGINE=postgres): a fresh database bench_<file's base name>.
 * `stop()` ends the server, closes the handle and drops the PostgreSQL database.
 */
export async function startApp(dbFile: string): Promise<App> {
  const engine = childEngine() ?? (isPgUrl(process.env.DATABASE_URL) ? "postgres" : "sqlite");
  let pgUrl: string | undefined;
  if (engine === "postgres") pgUrl = await freshPgDatabase(path.basename(dbFile, ".db"));
  else {
    delete process.env.DATABASE_URL;
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
  }
  const port = await freePort();
  // All the load comes from one address, where in life each official has their own: the per-address
  // POST limit (600 per 5 minutes) would refuse the quiz bench's 1,260 POSTs, so it is raised as the
  // browser tests raise it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production",
    DATABASE_PATH: dbFile,
    RATE_LIMIT_FACTOR: process.env.RATE_LIMIT_FACTOR ?? "20",
    // The generated completions have no certificates: issuing them (a one-time background job after an
    // upgrade) is not what these benches measure, and would run during their measurements.
    CERTIFICATE_BACKFILL: "off",
  };
  if (pgUrl) env.DATABASE_URL = pgUrl;
  const setup = spawnSync("npx", ["tsx", "scripts/db.ts", "setup"], { env, stdio: "ignore" });
  if (setup.status !== 0) throw new Error("db setup failed");
  const child = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "ignore", "inherit"] });
  killOnExit(child);
  const url = `http://localhost:${port}`;
  await waitFor(`${url}/login`);
  await closeDb();
  process.env.DATABASE_PATH = dbFile;
  if (pgUrl) process.env.DATABASE_URL = pgUrl;
  resetEnvForTests();
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill();
      await exited;
    }
    await closeDb();
    if (pgUrl) await dropPgDatabase(pgUrl);
  };
  return { url, child, engine, stop };
}

export type Figures = { name: string; requestsPerSec: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

/**
 * `connections` concurrent connections for `seconds`. Quick mode sends a fixed number of requests
 * instead (two per connection, at least ten): on a machine loaded enough that a page takes over a
 * second, a 1 s window could otherwise finish no request at all and fail the "made a request" check.
 */
export async function load(
  name: string,
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<Figures> {
  const size = QUICK ? { amount: Math.max(10, opts.connections * 2) } : { duration: opts.seconds };
  const result = await autocannon({ url, connections: opts.connections, ...size, headers: opts.headers });
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** A table of load figures; with `engine` set on the rows, an engine column first. */
export function printTable(rows: (Figures & { engine?: Engine })[]) {
  const withEngine = rows.some((r) => r.engine);
  console.log(`| ${withEngine ? "engine | " : ""}what | requests/s | p50 ms | p99 ms | errors | non-2xx | requests |`);
  console.log(`|${withEngine ? "---|" : ""}---|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const engine = withEngine ? `${r.engine ? ENGINE_LABEL[r.engine] : ""} | ` : "";
    console.log(`| ${engine}${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.total} |`);
  }
}

/** "load average (1 / 5 / 15 min): … on N cores", printed beside figures that are not judged. */
export function loadLine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  return `load average (1 / 5 / 15 min): ${load} on ${os.cpus().length} cores`;
}

/** One judged or printed figure of a bench, per engine (bench:assignments, bench:digest). */
export type FigureRow = { figure: string; value: string; target: string; met: string };

/**
 * Prints the engines' figures side by side as one markdown table under `### <bench> — <scale>` (what
 * bench:all copies into docs/benchmarks.md); outside quick mode a figure whose `met` is "NO" makes
 * the run fail.
 */
/**
 * A target's verdict (issue 22 item 3): "NO", which fails the bench, only for a `judged` target — one
 * with at least 2× headroom over its last quiet figure (or a ratio against a baseline of the same run);
 * any other miss is printed as "missed (not judged)", beside the load average printFigures puts above it.
 */
export function verdict(value: number, target: number, judged: boolean, direction: "max" | "min" = "max"): string {
  if (QUICK) return "quick: not judged";
  const met = direction === "max" ? value <= target : value >= target;
  return met ? "yes" : judged ? "NO" : "missed (not judged)";
}

export function printFigures(bench: string, scale: string, runs: EngineRun<FigureRow[]>[]) {
  console.log(`\n### ${bench} — ${scale} (${loadLine()})\n`);
  const engines = runs.filter((r) => r.result).map((r) => r.engine);
  console.log(`| figure | ${engines.map((e) => ENGINE_LABEL[e]).join(" | ")} | target | met |`);
  console.log(`|---|${engines.map(() => "---:|").join("")}---|---|`);
  const figures = runs.find((r) => r.result)?.result?.map((r) => r.figure) ?? [];
  for (const [i, figure] of figures.entries()) {
    const cells = engines.map((e) => runs.find((r) => r.engine === e)!.result![i]!);
    console.log(`| ${figure} | ${cells.map((c) => c.value).join(" | ")} | ${cells[0]!.target} | ${cells.map((c) => c.met).join(" / ")} |`);
  }
  if (QUICK) return;
  const missed = runs.flatMap((r) => r.result ?? []).filter((r) => r.met === "NO");
  if (missed.length > 0) {
    console.error(`\n${missed.length} target(s) missed`);
    process.exitCode = 1;
  }
}

/**
 * The scale's generated data (bench/generate.ts) for one engine, and this process pointed at it:
 * written to bench/.tmp/<name>-<scale>.db; on PostgreSQL copied into a fresh database by `npm run
 * db:copy`'s script (which verifies counts) and analysed. `remove()` deletes what it made (not with
 * BENCH_KEEP=1): call it when the bench is done.
 */
export async function generatedDatabase(name: string, scale: Scale, engine: Engine) {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${name}-${scale.name}.db`);
  const removeFile = () => {
    if (!process.env.BENCH_KEEP) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  };
  console.log(`\n== ${scale.name}: generating ${scale.officials.toLocaleString("vi-VN")} officials …`);
  const g = generate(file, scale);
  console.log(
    `   ${g.units} units, ${g.officials.toLocaleString("vi-VN")} officials, ${g.courses.length} courses — ${g.seconds.toFixed(0)} s`,
  );
  process.env.DATABASE_PATH = file;
  let pgUrl: string | undefined;
  if (engine === "postgres") {
    pgUrl = await freshPgDatabase(`${name}_${scale.name}`);
    const t0 = performance.now();
    const copy = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", file, "--to", pgUrl], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    invariant(copy.status === 0, "scripts/db-copy.ts failed");
    process.env.DATABASE_URL = pgUrl;
    resetEnvForTests();
    await closeDb();
    await exec(sql`VACUUM ANALYZE`);
    console.log(`   copied into PostgreSQL, verified and analysed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    removeFile();
  } else {
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    await closeDb();
  }
  const remove = async () => {
    await closeDb();
    removeFile();
    if (pgUrl) await dropPgDatabase(pgUrl);
  };
  return { g, file, pgUrl, remove };
}

/** An administrator the bench signs in as (every unit in scope), made in the bench's database. */
export async function benchAdmin() {
  return transaction(async (tx) => {
    const [inserted] = await tx
      .insert(officials)
      .values({ staffCode: "ADMIN", username: "bench-admin", ho: "Quản", dem: "", ten: "Trị", searchName: "quan tri", unitId: 1 })
      .returning();
    await tx.insert(officialRoles).values({ officialId: inserted!.id, role: "admin" });
    return inserted!;
  });
}
