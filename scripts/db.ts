// npm run db:setup [-- --demo] | db:migrate | db:seed
//   setup          migrate (what a production deployment runs before starting the server)
//   setup --demo   migrate, then, on an empty database, the demo: units, officials, the five demo
//                  accounts, content and twelve weeks of simulated learning (what `npm start` runs)
//   migrate        apply the committed migrations in drizzle/
//   seed           the demo on an empty database (refuses one that already has units)
// The server itself never seeds: demo accounts with a published password exist only where someone
// asked for them by name.
// The demo and the content sync (mdx-bundler, esbuild: a second of module loading) are imported only
// when asked for, so the production `setup` (migrate only) starts in about half the time.
import { closeDb, runMigrations } from "~/db/client.server";
import { env } from "~/env.server";
import { t } from "~/i18n/vi";

/** The URL without its password, for the console. */
const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");

const command = process.argv[2] ?? "setup";
const demo = process.argv.includes("--demo") || command === "seed";

async function main() {
  if (!["setup", "migrate", "seed"].includes(command)) {
    console.error(`Lệnh không hợp lệ: ${command}. Dùng: setup [--demo] | migrate | seed`);
    process.exitCode = 2;
    return;
  }
  const e = env();
  const where = e.databaseUrl ? redactUrl(e.databaseUrl) : e.databaseFile;
  await runMigrations();
  console.log(`Đã cập nhật cấu trúc cơ sở dữ liệu: ${where}`);
  if (command === "migrate" || !demo) return;
  const { isDemoDatabase, isEmpty, seedDemo } = await import("~/demo/seed.server");
  const { hasProgress, seedDemoProgress } = await import("~/demo/progress.server");
  const { syncContent } = await import("~/courses/sync.server");
  if (await isEmpty()) {
    const result = await seedDemo();
    console.log(`Đã tạo dữ liệu mẫu: ${result.units} đơn vị, ${result.officials} cán bộ.`);
  } else if (command === "seed") {
    console.log("Cơ sở dữ liệu đã có dữ liệu; không tạo lại dữ liệu mẫu.");
  }
  // The demo's simulated learning needs the courses, so content is synced here (the server's own sync
  // at start then finds nothing changed). Once: only on the demo database, only while it has no progress.
  if ((await isDemoDatabase()) && !(await hasProgress())) {
    const reports = await syncContent();
    console.log(
      t.console.contentSynced(
        String(reports.length),
        String(reports.filter((r) => r.status === "updated").length),
        String(reports.filter((r) => r.status === "broken").length),
      ),
    );
    const progress = await seedDemoProgress();
    console.log(`Dữ liệu mẫu: ${progress.started} lượt học, ${progress.completed} lượt hoàn thành.`);
  }
}

main()
  .then(() => closeDb())
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
