// A node:test reporter for run-unit.mjs: counts the tests (not the suites) that ran and failed, and
// writes them as one JSON object to its destination, with each test's file and name (for
// tests/support/each-test-alone.mjs) and each file's seconds: the sum of its top-level tests' and
// suites' durations, which run-unit.mjs keeps to order the next run (decision 0045).
export default async function* countReporter(source) {
  let tests = 0;
  let failed = 0;
  const names = [];
  const seconds = {};
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.nesting === 0 && event.data.file)
      seconds[event.data.file] = (seconds[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000;
    if (event.data.details?.type === "suite") continue;
    if (event.data.skip || event.data.todo) continue;
    tests++;
    names.push({ file: event.data.file, name: event.data.name });
    if (event.type === "test:fail") failed++;
  }
  yield JSON.stringify({ tests, failed, names, seconds }) + "\n";
}
