// The tables of docs/benchmarks.md that `npm run bench:all` owns: each bench's last full run, between
// two markers, so no figure is copied by hand. Pure functions (tested in tests/unit/bench/).

/** The markdown tables in a bench's output: every block of consecutive lines that start with "|". */
export function tablesIn(output: string): string[] {
  const tables: string[] = [];
  let current: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith("|")) current.push(line.trimEnd());
    else if (current.length) {
      tables.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length) tables.push(current.join("\n"));
  // A table needs a header and its separator row; anything else that starts with "|" is not one.
  return tables.filter((t) => /^\|[-:| ]+\|$/m.test(t.split("\n")[1] ?? ""));
}

const begin = (name: string) => `<!-- bench:all ${name} begin -->`;
const end = (name: string) => `<!-- bench:all ${name} end -->`;

/**
 * `docs` with the section of bench `name` replaced by `body` (kept between its markers). Where the
 * markers are not there yet, the section is added under the bench's "## … `npm run <script>`"
 * heading, as "### Latest full run"; with no such heading, at the end.
 */
export function replaceSection(docs: string, name: string, script: string, body: string): string {
  const block = `${begin(name)}\n${body.trim()}\n${end(name)}`;
  const from = docs.indexOf(begin(name));
  const to = docs.indexOf(end(name));
  if (from !== -1 && to > from) return docs.slice(0, from) + block + docs.slice(to + end(name).length);
  const lines = docs.split("\n");
  const heading = lines.findIndex((l) => l.startsWith("## ") && l.includes(`npm run ${script}\``));
  const section = ["", "### Latest full run (`npm run bench:all`)", "", block, ""];
  if (heading === -1) return `${docs.trimEnd()}\n${section.join("\n")}`;
  // Under the heading's first paragraph: after the first blank line that follows text.
  let at = heading + 1;
  while (at < lines.length && lines[at]!.trim() === "") at++;
  while (at < lines.length && lines[at]!.trim() !== "" && !lines[at]!.startsWith("#")) at++;
  lines.splice(at, 0, ...section);
  return lines.join("\n");
}
