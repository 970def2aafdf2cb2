// A node:test reporter for run-unit.mjs: each file's seconds (the sum of its top-level tests' and
// suites' durations: what it costs once its template is there, without the wait for it), as one JSON
// object. run-unit.mjs keeps them in tests/.tmp/unit-timings.json to order the next run (decision 0045).
export default async function* timingReporter(source) {
  const seconds = {};
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.nesting !== 0 || !event.data.file) continue;
    seconds[event.data.file] = (seconds[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000;
  }
  yield JSON.stringify(seconds) + "\n";
}
