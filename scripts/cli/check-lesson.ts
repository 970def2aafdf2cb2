// npm run check:lesson -- bai-1.mdx [bai-2.mdx …]
// Runs exactly the gate of the browser's lesson editor (app/mdx/gate-pool.server.ts: the same worker,
// rewriting and time budget) on each file, as if its text were pasted into the editor; images are the
// files beside it. Prints each problem as `file:line:column message`; exit 1 when any file is refused.
import fs from "node:fs";
import path from "node:path";
import { t } from "~/i18n/vi";
import { IMAGE_EXTENSIONS } from "~/mdx/check.server";
import { runGate } from "~/mdx/gate-pool.server";

/** Where the command writes: the console, or a test's buffers. */
export type Io = { out: (line: string) => void; err: (line: string) => void };

/** The command, in-process: returns its exit code (0 every file passes, 1 one is refused, 2 no file). */
export async function main(args: string[], io: Io): Promise<number> {
  const { out, err } = io;
  const files = args.filter((a) => a !== "--");
  if (files.length === 0) {
    err(t.mdxGate.cliUsage);
    return 2;
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
      out(`${file}:1:1 ${t.mdxGate.cliUnreadable((error as NodeJS.ErrnoException).code ?? String(error))}`);
      continue;
    }
    const slug = path.basename(path.dirname(path.resolve(file)));
    const verdict = await runGate(source, { images, assetUrl: `/course-files/${slug}/` });
    if (verdict.problems.length === 0) {
      out(t.mdxGate.cliOk(file));
      continue;
    }
    refused++;
    for (const p of verdict.problems) out(`${file}:${p.line}:${p.column} ${p.message}`);
  }
  if (refused > 0) out(t.mdxGate.cliSummary(String(refused), String(files.length)));
  return refused > 0 ? 1 : 0;
}
