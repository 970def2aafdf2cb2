// npm run db:setup | db:migrate | db:seed
//   setup   migrate, then seed the demo when the database is empty (what `npm start` runs)
//   migrate apply the committed migrations in drizzle/
//   seed    seed the demo data (refuses a database that already has units)
import { closeDb, runMigrations } from "~/db/client.server";
import { isEmpty, seedDemo } from "~/db/seed.server";
import { env } from "~/env.server";

const command = process.argv[2] ?? "setup";

async function main() {
  const file = env().databaseFile;
  if (command === "migrate" || command === "setup" || command === "seed") {
    runMigrations();
    console.log(`Đã cập nhật cấu trúc cơ sở dữ liệu: ${file}`);
  }
  if (command === "setup" || command === "seed") {
    if (!isEmpty()) {
      if (command === "seed") console.log("Cơ sở dữ liệu đã có dữ liệu; không tạo lại dữ liệu mẫu.");
    } else if (command === "seed" || env().SEED_DEMO === "true") {
      const result = await seedDemo();
      console.log(`Đã tạo dữ liệu mẫu: ${result.units} đơn vị, ${result.officials} cán bộ.`);
    }
  }
  if (!["setup", "migrate", "seed"].includes(command)) {
    console.error(`Lệnh không hợp lệ: ${command}. Dùng: setup | migrate | seed`);
    process.exitCode = 2;
  }
  closeDb();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
