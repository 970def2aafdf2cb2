// A unit's certificates as one ZIP of PDFs (issue 17 item 1, managers). archiver (already in the tree
// through exceljs, well kept, streams entries) writes the archive.
import type { Certificate } from "./certificates.server";
import { certificatePdf } from "./pdf.server";
import { t } from "~/i18n/vi";

export async function certificatesZip(list: Certificate[]): Promise<Buffer> {
  const { default: archiver } = await import("archiver"); // on first use (cold start, issue 22 item 5b)
  const zip = archiver("zip", { zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  zip.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.on("end", () => resolve(Buffer.concat(chunks)));
    zip.on("error", reject);
  });
  for (const c of list) zip.append(await certificatePdf(c), { name: t.certificates.fileName(c.number) });
  await zip.finalize();
  return done;
}
