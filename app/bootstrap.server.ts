// Everything the server does once before it accepts requests: migrate, seed the demo when the
// database is empty, and bring content/ into the database (compiling only what changed).
import { runMigrations } from "~/db/client.server";
import { isEmpty, seedDemo } from "~/db/seed.server";
import { env } from "~/env.server";

let done: Promise<void> | undefined;

export function bootstrap(): Promise<void> {
  done ??= (async () => {
    runMigrations();
    if (env().SEED_DEMO === "true" && isEmpty()) {
      const result = await seedDemo();
      console.log(`Đã tạo dữ liệu mẫu: ${result.units} đơn vị, ${result.officials} cán bộ.`);
    }
  })();
  return done;
}
