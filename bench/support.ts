// Shared bench plumbing: start the built app on its own port and database, and measure with autocannon.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";

export const BENCH_DIR = path.resolve("bench/.tmp");

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

/** Starts `node server.mjs` on a fresh database (migrated, seeded, content synced). */
export async function startApp(dbFile: string): Promise<{ url: string; child: ChildProcess }> {
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NODE_ENV: "production", DATABASE_PATH: dbFile };
  const setup = spawnSync("npx", ["tsx", "scripts/db.ts", "setup", "--demo"], { env, stdio: "ignore" });
  if (setup.status !== 0) throw new Error("db setup failed");
  const child = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://localhost:${port}`;
  await waitFor(`${url}/login`);
  return { url, child };
}

export type Figures = { name: string; requestsPerSec: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

export async function load(
  name: string,
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<Figures> {
  const result = await autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers });
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

export function printTable(rows: Figures[]) {
  console.log("| what | requests/s | p50 ms | p99 ms | errors | non-2xx | requests |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.total} |`);
}
