// npm run bench:exports — the unit report's exports at scale (issue 19 item 2), on the report bench's
// generated database (bench/generate.ts), through the built app's request handler in production mode,
// both engines side by side (BENCH_ENGINES, like bench:reports).
//   1. The people's CSV of the root (`/reports/1/export.csv?course=…`), read as a client would: time to
//      the first byte (target ≤ 1 s), the whole file, and how much this process's memory grew meanwhile
//      (peak RSS above the level before it, sampled every 20 ms — target ≤ 150 MB).
//   2. While that export streams, the report page of a commune is requested again and again: its p95
//      (target ≤ 100 ms); baseline in the same run: the same page with no export running.
//   3. The XLSX of the root (target ≤ 5 s at province scale; printed at national scale).
// Speed verdicts are printed as met/MISSED with the load average (issue 22 item 3: none has a same-run
// ratio or 2× headroom measured yet), never failing the run. Invariants (quick mode too): the CSV has one
// header row and one row per active official of the root with the same column count; the XLSX is a zip
// whose people sheet has one row per official (read back with exceljs below national scale); the
// concurrent pages rendered their heading.
// Scales: BENCH_SCALES=province,national (default both, each in its own child), quick: a dozen communes.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { commitSessionCookie, createSession } from "~/auth/session.server";
import { row } from "~/db/client.server";
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
  runPerEngine,
  writeResult,
  type Engine,
  type FigureRow,
  benchAdmin,
  generatedDatabase,
} from "./support";

const SCALES: Record<string, Scale> = { province: PROVINCE, national: NATIONAL, quick: QUICK_SCALE };
const scaleNames = (process.env.BENCH_SCALES ?? (QUICK ? "quick" : "province,national")).split(",").map((s) => s.trim());
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? (QUICK ? 10 : 100));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const f1 = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const verdict = (value: number, target: number) => (QUICK ? "quick: not judged" : value <= target ? "met" : "MISSED");

async function run(engine: Engine, scale: Scale): Promise<{ rows: FigureRow[]; remove: () => Promise<void> }> {
  const { g, remove } = await generatedDatabase("exports", scale, engine);
  invariant(process.env.NODE_ENV === "production", "NODE_ENV must be production: React would render its development build");
  const admin = await benchAdmin();
  const active = Number((await row<{ n: number }>(sql`SELECT count(*) AS n FROM officials WHERE active`))!.n);
  const course = g.courses[0]!;

  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  const cookie = (await commitSessionCookie(await createSession(admin.id))).split(";")[0]!;
  const get = (url: string) =>
    handler(new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), { clientIp: "127.0.0.1", cspNonce: "b" });
  const leaf = g.leaves[Math.floor(g.leaves.length / 2)]!;
  const leafPage = `/reports/${leaf}?course=${course}`;
  const leafHeading = t.reports.titleFor(`Xã ${leaf}`);
  const page = async () => {
    const started = performance.now();
    const res = await get(leafPage);
    const body = await res.text();
    invariant(res.status === 200 && body.includes(leafHeading), `${leafPage} answered ${res.status} without its heading`);
    return performance.now() - started;
  };
  for (let i = 0; i < 5; i++) await page();
  const quiet: number[] = [];
  for (let i = 0; i < PAGE_RUNS; i++) quiet.push(await page());

  // 1 + 2. The CSV, read chunk by chunk, with the commune page requested meanwhile.
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const busy: number[] = [];
  let exporting = true;
  const pages = (async () => {
    while (exporting) {
      busy.push(await page());
      // Let the export's stream move. On SQLite a page is served without touching the event loop (the
      // queries are synchronous, renderToString too: decision 0052), so a loop of pages made of
      // promises alone would starve the CSV forever — the bench hung in quick mode and CI with it.
      // Through a socket, as in production, every request is its own turn of the loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const t0 = performance.now();
  const res = await get(`/reports/1/export.csv?course=${course}`);
  invariant(res.status === 200 && res.body !== null, `export.csv answered ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let firstByte = 0;
  let lines = 0;
  let header = "";
  let tail = "";
  let widthOk = true;
  let columns = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - t0;
    const text = tail + decoder.decode(value, { stream: true });
    const parts = text.split("\r\n");
    tail = parts.pop()!;
    for (const line of parts) {
      if (lines === 0) {
        header = line.replace(/^\uFEFF/, "");
        columns = header.split(",").length;
      } else if (!line.includes('"') && line.split(",").length !== columns) widthOk = false;
      lines++;
    }
  }
  const csvSeconds = (performance.now() - t0) / 1000;
  exporting = false;
  await pages;
  clearInterval(sampler);
  const grewMb = (peak - rss0) / 1024 / 1024;
  invariant(tail === "", "the CSV ends with a line break");
  invariant(header.startsWith(t.units.fullName), `the CSV's header row: ${header.slice(0, 40)}`);
  invariant(lines - 1 === active, `CSV rows ${lines - 1} ≠ active officials ${active}`);
  invariant(widthOk, "every CSV row as wide as its header");
  invariant(busy.length > 0, "no page was served while the export ran");
  console.log(
    `   CSV: ${(lines - 1).toLocaleString("vi-VN")} rows, first byte ${f1(firstByte)} ms, ${csvSeconds.toFixed(1)} s, +${grewMb.toFixed(0)} MB; ` +
      `${busy.length} commune pages meanwhile`,
  );

  // 3. The XLSX of the root.
  const x0 = performance.now();
  const xlsx = await get(`/reports/1/export.xlsx?course=${course}`);
  const bytes = new Uint8Array(await xlsx.arrayBuffer());
  const xlsxSeconds = (performance.now() - x0) / 1000;
  invariant(xlsx.status === 200 && bytes[0] === 0x50 && bytes[1] === 0x4b, "the XLSX is a zip file");
  if (scale !== NATIONAL) {
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const people = book.getWorksheet(t.exports.peopleSheet)!;
    invariant(people.rowCount - 1 === active, `XLSX people rows ${people.rowCount - 1} ≠ active officials ${active}`);
  }
  console.log(`   XLSX: ${(bytes.length / 1024 / 1024).toFixed(1)} MB in ${xlsxSeconds.toFixed(1)} s`);

  const national = scale === NATIONAL;
  return {
    remove,
    rows: [
      {
        figure: `CSV of the root, ${active.toLocaleString("vi-VN")} rows: first byte (ms)`,
        value: f1(firstByte),
        target: "≤ 1000",
        met: verdict(firstByte, 1000),
      },
      { figure: "CSV of the root: whole file (s)", value: csvSeconds.toFixed(1), target: "—", met: "—" },
      { figure: "memory growth of the process during the CSV (MB)", value: grewMb.toFixed(0), target: "≤ 150", met: verdict(grewMb, 150) },
      {
        figure: "a commune's report page while the CSV streams, p95 (ms)",
        value: f1(pct(busy, 95)),
        target: "≤ 100",
        met: verdict(pct(busy, 95), 100),
      },
      { figure: "baseline: the same page with no export, p95 (ms)", value: f1(pct(quiet, 95)), target: "—", met: "—" },
      {
        figure: "XLSX of the root (s)",
        value: xlsxSeconds.toFixed(1),
        target: national ? "—" : "≤ 5",
        met: national ? "—" : verdict(xlsxSeconds, 5),
      },
    ],
  };
}

ensureBuild();
const engine = childEngine();
if (!engine) {
  for (const name of scaleNames) {
    invariant(!!SCALES[name], `unknown scale ${name}`);
    const runs = runPerEngine<FigureRow[]>(
      "bench/exports.ts",
      { BENCH_SCALES: name, ...(QUICK ? { BENCH_QUICK: "1" } : {}) },
      enginesWanted(),
    );
    printFigures("bench:exports", name, runs);
    failIfAnyFailed(runs);
  }
} else {
  const scale = SCALES[scaleNames[0]!]!;
  const { rows: result, remove } = await run(engine, scale);
  if (!writeResult(result)) printFigures("bench:exports", scale.name, [{ engine, ok: true, result }]);
  await remove();
}
