// npm run bench:digest — the managers' weekly digest at national scale (issue 16 item 7), on the report
// bench's generated database (bench/generate.ts: 2.5 million officials in 34 × 100 units), both engines
// side by side (BENCH_ENGINES, like bench:assignments).
//   Setup (not timed): one assignment of a course to everyone (the root unit), built by the app's own
//   builder, due yesterday: everyone who has not finished the course is overdue; one manager with an
//   address per current unit (3,435 at national scale).
//   1. The digest of every manager, built (buildDigests: counts from the figures, first names from one
//      keyset pass over the overdue members) — target ≤ 60 s — and written to the outbox (enqueueDigests);
//      the event loop's longest stall meanwhile (monitorEventLoopDelay: what any other request would
//      have waited at most) — target ≤ 100 ms.
//   2. The outbox drained by the app's sender (sendDue) to a local smtp-server in another process,
//      through the runner's own transport (smtpTransport: pooled connections) — target ≥ 200 messages/s
//      — and the longest stall meanwhile (≤ 100 ms). Baseline in the same run, not judged: the same
//      drain with one connection per message (what the runner did before it pooled).
// Invariants (quick mode too): one digest per manager with overdue people in scope (the figures say
// which), exactly one outbox row each; the root manager's total = a count over the members; a second
// run queues nothing; the drain delivers every queued digest once (the sink's count) and all end sent.
// Quick mode (BENCH_QUICK=1 or --quick): 2,000 officials in 16 units, speed not judged.
import readline from "node:readline";
import { spawn } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { smtpTransport } from "~/mail/runner.server";
import { exec, row, transaction } from "~/db/client.server";
import { addDays, vnToday } from "~/i18n/time";
import { NATIONAL, PROVINCE, QUICK_SCALE, type Scale } from "./generate";
import {
  QUICK,
  childEngine,
  enginesWanted,
  ensureBuild,
  failIfAnyFailed,
  invariant,
  killOnExit,
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

type Row = FigureRow;
const f1 = (x: number) => x.toFixed(x < 10 ? 2 : 1);
// Judged (fails the bench when missed) only with 2× headroom over the quiet national run (issue 22 item 3):
// building the digests on SQLite (4.3 s against 60). PostgreSQL's build (132 s in bench:all's run of
// 01/12/2026, beside a CI run), the stalls (about 50 ms against 100) and the drain rate have none: printed
// as met or missed, never failed.

/** A local SMTP server in its own process (so its parsing does not count as this process's stalls), counting messages. */
async function startSink(): Promise<{ port: number; count: () => Promise<number>; stop: () => void }> {
  const code = `
    import { SMTPServer } from "smtp-server";
    import readline from "node:readline";
    let n = 0;
    const server = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS", "AUTH"], logger: false,
      onData(stream, _session, callback) { stream.on("data", () => {}); stream.on("end", () => { n++; callback(); }); } });
    server.listen(0, "127.0.0.1", () => console.log("port " + server.server.address().port));
    readline.createInterface({ input: process.stdin }).on("line", () => console.log("count " + n));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  killOnExit(child);
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const port = Number((await next()).replace("port ", ""));
  return {
    port,
    count: async () => {
      const answer = next();
      child.stdin!.write("count\n");
      return Number((await answer).replace("count ", ""));
    },
    stop: () => child.kill(),
  };
}

async function run(engine: Engine): Promise<{ rows: Row[]; remove: () => Promise<void> }> {
  const { g, remove } = await generatedDatabase("digest", scale, engine);
  const { createAssignment } = await import("~/assignments/assignments.server");
  const { buildAssignments } = await import("~/assignments/members.server");
  const { buildDigests, enqueueDigests } = await import("~/mail/digest.server");
  const { sendDue } = await import("~/mail/sender.server");

  // Setup: the assignment (due yesterday) and one manager with an address per current unit.
  const admin = await benchAdmin();
  const today = vnToday();
  const t0 = performance.now();
  const assignmentId = await createAssignment(
    { id: admin.id, admin: true, scopePath: null },
    {
      courseId: g.courses[0]!,
      unitIds: [1],
      officialIds: [],
      positions: [],
      roles: [],
      startOn: addDays(today, -30),
      dueOn: addDays(today, -1),
      graceDays: 30,
      note: "bench digest",
    },
  );
  await buildAssignments();
  console.log(`   setup: assignment to everyone built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await transaction(async () => {
    await exec(sql`
      INSERT INTO officials (staff_code, username, email, ho, dem, ten, search_name, unit_id)
      SELECT 'MGR-' || id, 'mgr-' || id, 'mgr-' || id || '@bench.taphuan.vn', 'Lãnh', 'Đạo', 'Đơn Vị', 'lanh dao don vi', id
        FROM units WHERE valid_to IS NULL`);
    await exec(sql`
      INSERT INTO official_roles (official_id, role, scope_unit_id, scope_needs_review)
      SELECT id, 'manager', unit_id, FALSE FROM officials WHERE staff_code LIKE 'MGR-%'`);
  });
  const managers = Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM official_roles WHERE role = 'manager'`))!.n);
  const withOverdue = Number(
    (await row<{ n: number }>(sql`
      SELECT count(*) AS n FROM official_roles r
       WHERE r.role = 'manager' AND EXISTS (
         SELECT 1 FROM assignment_totals t WHERE t.unit_id = r.scope_unit_id AND t.assignment_id = ${assignmentId} AND t.due_on < ${today}
          GROUP BY t.unit_id HAVING sum(t.assigned - t.completed) > 0)`))!.n,
  );
  const rootOverdue = Number(
    (await row<{ n: number }>(sql`
      SELECT count(*) AS n FROM assignment_members m JOIN officials o ON o.id = m.official_id
       WHERE m.assignment_id = ${assignmentId} AND m.left_on IS NULL AND m.completed_on IS NULL AND m.due_on < ${today} AND o.active`))!.n,
  );
  console.log(
    `   ${managers.toLocaleString("vi-VN")} managers, ${withOverdue.toLocaleString("vi-VN")} with overdue people in scope; ` +
      `${rootOverdue.toLocaleString("vi-VN")} people overdue`,
  );

  // 1. Build and enqueue, with the event loop watched.
  const now = new Date();
  const buildStalls = monitorEventLoopDelay({ resolution: 5 });
  buildStalls.enable();
  const b0 = performance.now();
  const digests = await buildDigests({ now });
  const buildSeconds = (performance.now() - b0) / 1000;
  const e0 = performance.now();
  const enqueued = await enqueueDigests(digests, now);
  const enqueueSeconds = (performance.now() - e0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 20)); // one more turn: the last step's stall is sampled
  buildStalls.disable();
  const buildBlocked = buildStalls.max / 1e6;
  invariant(digests.length === withOverdue, `${digests.length} digests ≠ ${withOverdue} managers with overdue people`);
  invariant(enqueued.queued === digests.length, `queued ${enqueued.queued} ≠ digests ${digests.length}`);
  const rows1 = await row<{ n: number; people: number }>(
    sql`SELECT count(*) AS n, count(DISTINCT official_id) AS people FROM mail_outbox WHERE kind = 'digest'`,
  );
  invariant(
    Number(rows1!.n) === digests.length && Number(rows1!.people) === digests.length,
    `outbox holds ${rows1!.n} digests for ${rows1!.people} managers, not ${digests.length}`,
  );
  const root = digests.find((d) => d.unitId === 1);
  invariant(root?.total === rootOverdue, `the root manager's digest counts ${root?.total}, the members ${rootOverdue}`);
  const again = await enqueueDigests(digests, now);
  invariant(again.queued === 0 && again.duplicate === digests.length, `a second run queued ${again.queued}`);
  console.log(
    `   built ${digests.length.toLocaleString("vi-VN")} digests in ${buildSeconds.toFixed(1)} s, queued in ${enqueueSeconds.toFixed(1)} s; ` +
      `event-loop stalls: p99 ${f1(buildStalls.percentile(99) / 1e6)} ms, longest ${f1(buildBlocked)} ms`,
  );

  // 2. Drain to a local SMTP server: the runner's own transport (pooled, app/mail/runner.server.ts), then,
  // as a baseline in the same run, one connection per message.
  const sink = await startSink();
  const drain = async (pool: boolean) => {
    const transport = pool
      ? smtpTransport({ port: sink.port })
      : nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    const before = await sink.count();
    stalls.enable();
    const s0 = performance.now();
    const report = await sendDue({ transport, batch: 50 });
    const seconds = (performance.now() - s0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 20));
    stalls.disable();
    transport.close();
    const got = (await sink.count()) - before;
    invariant(report.sent === digests.length && report.failed === 0, `sent ${report.sent}, failed ${report.failed} of ${digests.length}`);
    invariant(got === digests.length, `the SMTP server received ${got}, not ${digests.length}`);
    const left = await row<{ n: number }>(sql`SELECT count(*) AS n FROM mail_outbox WHERE kind = 'digest' AND status <> 'sent'`);
    invariant(Number(left!.n) === 0, `${left!.n} digests not sent`);
    return { rate: digests.length / seconds, blocked: stalls.max / 1e6, seconds };
  };
  const pooled = await drain(true);
  // The baseline sends the same digests again: put them back as pending (a bench-only reset).
  await transaction(() => exec(sql`UPDATE mail_outbox SET status = 'pending', attempts = 0, sent_at = NULL WHERE kind = 'digest'`));
  const single = await drain(false);
  sink.stop();
  console.log(
    `   drained ${digests.length.toLocaleString("vi-VN")}: ${f1(pooled.rate)}/s (longest stall ${f1(pooled.blocked)} ms); ` +
      `baseline, one connection per message: ${f1(single.rate)}/s (${f1(single.blocked)} ms)`,
  );

  return {
    remove,
    rows: [
      {
        figure: `digests built for ${digests.length.toLocaleString("vi-VN")} managers, ${rootOverdue.toLocaleString("vi-VN")} overdue (s)`,
        value: buildSeconds.toFixed(1),
        target: "≤ 60",
        met: verdict(buildSeconds, 60, engine === "sqlite"),
      },
      { figure: "the digests written to the outbox (s)", value: enqueueSeconds.toFixed(1), target: "—", met: "—" },
      {
        figure: "longest stall of the event loop, build + outbox (ms)",
        value: f1(buildBlocked),
        target: "≤ 100",
        met: verdict(buildBlocked, 100, false),
      },
      {
        figure: "outbox drain to a local SMTP server, the runner's pooled transport (messages/s)",
        value: f1(pooled.rate),
        target: "≥ 200",
        met: verdict(pooled.rate, 200, false, "min"),
      },
      {
        figure: "longest stall of the event loop during the drain (ms)",
        value: f1(pooled.blocked),
        target: "≤ 100",
        met: verdict(pooled.blocked, 100, false),
      },
      { figure: "baseline: the same drain, one connection per message (messages/s)", value: f1(single.rate), target: "—", met: "—" },
      { figure: "longest stall during the baseline drain (ms)", value: f1(single.blocked), target: "—", met: "—" },
    ],
  };
}

const print = (runs: EngineRun<Row[]>[]) => printFigures("bench:digest", scale.name, runs);

ensureBuild();
const engine = childEngine();
if (!engine) {
  const runs = runPerEngine<Row[]>(
    "bench/digest.ts",
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
