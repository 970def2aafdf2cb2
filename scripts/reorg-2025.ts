// npm run reorg:2025 [-- YYYY-MM-DD] — applies the 2025 reorganisation to the demo database.
import { closeDb, runMigrations } from "~/db/client.server";
import { apply2025 } from "~/units/reorg-2025.server";

const day = process.argv[2] ?? new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
runMigrations();
const steps = apply2025(day, null);
if (steps.length === 0) console.log("Không có gì để làm: cơ sở dữ liệu đã được sắp xếp lại.");
for (const s of steps) console.log(`✓ ${s} (hiệu lực ${day})`);
closeDb();
