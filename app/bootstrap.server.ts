// Everything the server does once before it accepts requests: migrate, seed the demo when the
// database is empty, and bring content/ into the database (compiling only what changed).
import { syncContent } from "~/courses/sync.server";
import { runMigrations } from "~/db/client.server";
import { hasProgress, seedDemoProgress } from "~/db/demo-progress.server";
import { isDemoDatabase, isEmpty, seedDemo } from "~/db/seed.server";
import { env } from "~/env.server";

let done: Promise<void> | undefined;

export function bootstrap(): Promise<void> {
  done ??= (async () => {
    runMigrations();
    if (env().SEED_DEMO === "true" && isEmpty()) {
      const result = await seedDemo();
      console.log(`Đã tạo dữ liệu mẫu: ${result.units} đơn vị, ${result.officials} cán bộ.`);
    }
    const reports = await syncContent();
    const updated = reports.filter((r) => r.status === "updated").length;
    const broken = reports.filter((r) => r.status === "broken").length;
    console.log(`Nội dung: ${reports.length} khoá học, ${updated} được cập nhật, ${broken} có lỗi.`);
    // The demo's simulated learning, once: only on a demo database (its accounts exist) with no progress yet.
    if (env().SEED_DEMO === "true" && isDemoDatabase() && !hasProgress()) {
      const progress = seedDemoProgress();
      console.log(`Dữ liệu mẫu: ${progress.started} lượt học, ${progress.completed} lượt hoàn thành.`);
    }
  })();
  return done;
}

/** In development, an edited lesson shows up on reload: re-hash content/ before serving it. */
export async function freshContent() {
  if (env().NODE_ENV === "development") await syncContent();
}
