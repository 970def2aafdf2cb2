// npm run import:roster -- <file.csv|file.xlsx> [--apply] [--unit MÃ_ĐƠN_VỊ] [--encoding auto|utf-8|…]
//                          [--map "Tên cột=trường"]… [--deactivate-missing]
// The entry point; the command is scripts/cli/import-roster.ts (tests run it in-process).
import { closeDb } from "~/db/client.server";
import { main } from "./cli/import-roster";

const code = await main(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
await closeDb();
process.exit(code);
