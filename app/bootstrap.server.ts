// Everything the server does once before it accepts requests: migrate and bring content/ into the
// database (compiling only what changed). The server never seeds anything: the demo is made only by
// an explicit command (`npm run db:setup -- --demo`, which `npm start` runs), so a production start on
// an empty database has no accounts at all until `npm run admin:create` makes the first administrator.
import { syncContent } from "~/courses/sync.server";
import { runMigrations } from "~/db/client.server";
import { env } from "~/env.server";
import { hasAdministrator } from "~/people/first-admin.server";

let done: Promise<void> | undefined;

export function bootstrap(): Promise<void> {
  done ??= (async () => {
    runMigrations();
    const reports = await syncContent();
    const updated = reports.filter((r) => r.status === "updated").length;
    const broken = reports.filter((r) => r.status === "broken").length;
    console.log(`Nội dung: ${reports.length} khoá học, ${updated} được cập nhật, ${broken} có lỗi.`);
    if (!hasAdministrator()) {
      console.log(
        'Chưa có quản trị viên nào. Tạo người đầu tiên: npm run admin:create -- --username <tên> --unit "<đơn vị>" ' +
          "/ No administrator yet: create the first one with npm run admin:create.",
      );
    }
  })();
  return done;
}

/** In development, an edited lesson shows up on reload: re-hash content/ before serving it. */
export async function freshContent() {
  if (env().NODE_ENV === "development") await syncContent();
}
