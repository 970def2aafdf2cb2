// npm run reorg:2025 [-- YYYY-MM-DD] — applies the 2025 reorganisation to the demo database.
import { closeDb, runMigrations } from "~/db/client.server";
import { vnToday } from "~/i18n/time";
import { apply2025 } from "~/demo/reorg-2025.server";
import { newChanges, ReorgError } from "~/units/reorganise.server";

const day = process.argv[2] ?? vnToday();
await runMigrations();
const changes = newChanges();
try {
  const steps = await apply2025(day, null, changes);
  if (steps.length === 0) console.log("Không có gì để làm: cơ sở dữ liệu đã được sắp xếp lại.");
  for (const s of steps) console.log(`✓ ${s} (hiệu lực ${day})`);
  for (const s of changes.scopesCarried) console.log(`  phạm vi quản lý của ${s.person}: ${s.from} → ${s.to}`);
  for (const s of changes.scopesFlagged)
    console.log(`  ! ${s.person} quản lý ${s.unit} (đã bỏ): cần quản trị viên chọn đơn vị quản lý mới (trang /admin)`);
} catch (error) {
  if (!(error instanceof ReorgError)) throw error;
  console.error(`Không thực hiện được: ${error.message}`);
  process.exitCode = 1;
}
await closeDb();
