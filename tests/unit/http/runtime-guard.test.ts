// Decision 0049: a page ships no JavaScript unless one of its routes exports `handle = RUNTIME`. A hook
// or an event handler in a page without the runtime would silently do nothing, so this reads every
// page route and the app modules it imports (not .server modules, which never reach a browser) and
// fails when code that only runs in a browser is there without RUNTIME — or when RUNTIME is asked
// for by a page that has none (it would send ~150 KB for nothing).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const APP = path.resolve("app");
const CLIENT_ONLY =
  /\b(useEffect|useLayoutEffect|useState|useReducer|useRef|useFetcher|useFetchers|useSubmit|useNavigation|useRevalidator|useSyncExternalStore|useBlocker|useBeforeUnload)\s*[(<]|\son[A-Z][A-Za-z]*=\{/;

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("~/") ? path.join(APP, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

/** The file and every app module it imports, transitively, that can reach a browser (not *.server.*). */
function clientModules(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || /\.server\.tsx?$/.test(file) || !/\.tsx?$/.test(file)) return seen;
  seen.add(file);
  const source = fs.readFileSync(file, "utf8");
  for (const m of source.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/g)) {
    if (/^import\s+type\b/.test(m[0])) continue;
    const target = resolve(file, m[1]!);
    if (target) clientModules(target, seen);
  }
  return seen;
}

/** The source with its loader, action and headers cut out is not needed: hooks cannot run there anyway. */
function clientCode(file: string): string | null {
  const source = fs.readFileSync(file, "utf8").replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "");
  const found = CLIENT_ONLY.exec(source);
  return found ? `${path.relative(APP, file)}: ${found[0].trim()}` : null;
}

test("a page ships the runtime exactly when code of it needs a browser's React", () => {
  const routes = fs
    .readdirSync(path.join(APP, "routes"))
    .filter((f) => f.endsWith(".tsx"))
    .map((f) => path.join(APP, "routes", f))
    .filter((f) => /export default/.test(fs.readFileSync(f, "utf8")));
  assert.ok(routes.length > 40, `page routes found: ${routes.length}`);
  const missing: string[] = [];
  const needless: string[] = [];
  for (const route of routes) {
    const asks = /export const handle = RUNTIME\b/.test(fs.readFileSync(route, "utf8"));
    const reasons = [...clientModules(route)].map(clientCode).filter((r): r is string => r !== null);
    if (reasons.length > 0 && !asks) missing.push(`${path.basename(route)} (${reasons.join("; ")})`);
    if (reasons.length === 0 && asks) needless.push(path.basename(route));
  }
  assert.deepEqual(missing, [], "these pages run browser code but ship no runtime: export `handle = RUNTIME` or make the code plain HTML");
  assert.deepEqual(needless, [], "these pages ask for the runtime but have no browser code: drop `handle = RUNTIME`");
});

test("the detector sees what it must", () => {
  for (const code of ["const [a, b] = useState(0)", "useEffect(() => {})", "onClick={() => 1}", "useFetcher<T>()"])
    assert.ok(CLIENT_ONLY.test(` ${code}`), code);
  for (const code of ["useLoaderData()", "useActionData()", "useSearchParams()", "onclick", "const user = 1"])
    assert.ok(!CLIENT_ONLY.test(` ${code}`), code);
});
