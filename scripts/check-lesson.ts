// npm run check:lesson -- bai-1.mdx [bai-2.mdx …]
// The entry point; the command is scripts/cli/check-lesson.ts (tests run it in-process).
import { closeGatePool } from "~/mdx/gate-pool.server";
import { main } from "./cli/check-lesson";

const code = await main(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
await closeGatePool();
process.exit(code);
