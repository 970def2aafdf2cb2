// npm run check:lesson -- bai-1.mdx [bai-2.mdx …]
// Runs exactly the gate of the browser's lesson editor (app/mdx/gate-pool.server.ts: the same worker,
// rewriting and time budget) on each file, as if its text were pasted into the editor; images are the
// files beside it. Prints each problem as `file:line:column message`; exit 1 when any file is refused.
import fs from "node:fs";
import path from "node:path";
import { t } from "~/i18n/vi";
import { IMAGE_EXTENSIONS } from "~/mdx/check.server";
import { closeGatePool, runGate } from "~/mdx/gate-pool.server";

const files = process.argv.slice(2).filter((a) => a !== "--");
if (files.length === 0) {
  console.error(t.mdxGate.cliUsage);
  process.exit(2);
}

let refused = 0;
for (const file of files) {
  let source: string;
  let images: string[] = [];
  try {
    // As the editor receives it: line breaks \n, no byte-order mark.
    source = fs
      .readFileSync(file, "utf8")
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n");
    images = fs.readdirSync(path.dirname(path.resolve(file))).filter((f) => IMAGE_EXTENSIONS.includes(path.extname(f).toLowerCase()));
  } catch (error) {
    refused++;
    console.log(`${file}:1:1 ${t.mdxGate.cliUnreadable((error as NodeJS.ErrnoException).code ?? String(error))}`);
    continue;
  }
  const slug = path.basename(path.dirname(path.resolve(file)));
  const verdict = await runGate(source, { images, assetUrl: `/course-files/${slug}/` });
  if (verdict.problems.length === 0) {
    console.log(t.mdxGate.cliOk(file));
    continue;
  }
  refused++;
  for (const p of verdict.problems) console.log(`${file}:${p.line}:${p.column} ${p.message}`);
}
if (refused > 0) console.log(t.mdxGate.cliSummary(String(refused), String(files.length)));
await closeGatePool();
process.exit(refused > 0 ? 1 : 0);
