// ESLint 9 flat config. Formatting is Prettier's job (.prettierrc); this file checks code and the
// folder rules of the README map ("Map of the repository").
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// ---------------------------------------------------------------------------------------------
// Folder rules (the README map). app/ imports another room only through the `~/` alias and its own
// room through `./`, so the rules below read the import string and need no resolver:
//   - nothing in app/ climbs out with `../` (so nothing in app/ can reach tests/, scripts/, bench/);
//   - rooms (everything in app/ but routes/) never import from app/routes/;
//   - app/i18n/ imports nothing from app/ (it is the leaf everyone may use);
//   - app/db/ imports nothing from other rooms except env.server and i18n (a leaf, for its
//     Vietnamese start-up message);
//   - app/demo/ (seed, demo progress, demo data, the 2025 example) is imported only by scripts,
//     tests, bench and app's bootstrap/entry.
// ESLint does not merge the options of one rule across config objects, so each folder gets its
// complete list (built by `boundaries()`).
// ---------------------------------------------------------------------------------------------
const noClimbing = {
  regex: "^\\.\\./",
  message: "In app/, import another room as `~/room/…`, never with `../` (README, Map of the repository).",
};
const noRoutes = {
  regex: "^(~|\\.)/routes(/|$)",
  message: "Rooms do not import from app/routes/: routes depend on rooms, never the other way (README, Map).",
};
const noDemo = {
  regex: "^(~|\\.)/demo(/|$)",
  message: "app/demo/ is imported only by scripts, tests, bench and app's bootstrap/entry (README, Map).",
};
const noOutside = {
  regex: "(^|/)(tests|scripts|bench)(/|$)",
  message: "app/ imports nothing from tests/, scripts/ or bench/.",
};
const onlyLeaf = {
  regex: "^~/",
  message: "app/i18n/ imports nothing from app/: it is the leaf every room uses.",
};
const dbOnly = {
  regex: "^~/(?!db/|env\\.server$|i18n/)",
  message: "app/db/ imports only ~/env.server and ~/i18n/… besides itself: db/ depends on no room (README, Map).",
};

// Issue 19 item 4: zod stays on the server. A page module (or anything it imports) that imports zod ships
// the whole library to the browser — esbuild keeps it even when only the action uses it. Schemas live in
// *.server.ts modules; types may still be imported (`import type`).
const noZod = {
  group: ["zod"],
  allowTypeImports: true,
  message: "zod in a module the browser loads ships all of zod to every page that imports it: put the schema in a *.server.ts module.",
};
const serverOnly = ["app/**/*.server.ts", "app/**/*.server.tsx", "app/i18n/zod.ts", "app/entry.server.tsx"];

/** @param {object[]} patterns */
const boundaries = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

// The demo seed still lives in app/db/ on this branch; issue 12 item 5 moves it to app/demo/.
// Until then these files follow the demo's rules rather than db's. Delete this list after the move.
const demoFiles = ["app/demo/**"];
const demoImporters = ["app/bootstrap.server.ts", "app/bootstrap/**", "app/entry.client.tsx", "app/entry.server.tsx"];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      "data/",
      "drizzle/",
      "content/",
      "node_modules/",
      "tests/.tmp/",
      "tests/.e2e-reversed/",
      "bench/.tmp/",
      "test-results/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  // Not the type-checked presets: `tsc --noEmit` already runs in `npm test`, and type-aware linting
  // would double the time on a 2-core machine for little gain.
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Unused names are errors, except a leading underscore (`_req`, `[, _x]`) that says "on purpose".
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ...reactHooks.configs.flat["recommended-latest"],
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      // A missing dependency is a stale-value bug; with --max-warnings 0 a warning fails anyway.
      "react-hooks/exhaustive-deps": "error",
    },
  },
  // ---- folder rules -------------------------------------------------------------------------
  { files: ["app/**/*.{ts,tsx}"], rules: boundaries([noClimbing, noOutside, noRoutes, noDemo]) },
  { files: ["app/routes/**"], rules: boundaries([noClimbing, noOutside, noDemo]) },
  { files: demoImporters, rules: boundaries([noClimbing, noOutside, noRoutes]) },
  { files: demoFiles, rules: boundaries([noClimbing, noOutside, noRoutes]) },
  { files: ["app/i18n/**"], rules: boundaries([noClimbing, onlyLeaf]) },
  { files: ["app/db/**"], rules: boundaries([noClimbing, noOutside, noRoutes, noDemo, dbOnly]) },
  // Modules the browser may load (not *.server): no zod. Same boundaries as above plus noZod.
  { files: ["app/routes/**"], ignores: serverOnly, rules: boundaries([noClimbing, noOutside, noDemo, noZod]) },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: [...serverOnly, "app/routes/**", "app/i18n/**", "app/db/**", ...demoFiles, ...demoImporters],
    rules: boundaries([noClimbing, noOutside, noRoutes, noDemo, noZod]),
  },
  // ---- the async data layer (decision 0019) ---------------------------------------------------
  // A forgotten `await` on a write is a silent bug (the write may run after the transaction ended, or
  // never be waited for): these few type-aware rules catch it. Only these rules use type information.
  {
    files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "bench/**/*.ts", "tests/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's describe/test return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["describe", "test", "it", "suite", "before", "after", "beforeEach", "afterEach"],
            },
          ],
        },
      ],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  // drizzle's synchronous finishers exist only on SQLite: `await` the query builder instead.
  {
    files: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "bench/**/*.ts", "tests/**/*.ts"],
    // db:copy and its test read the SQLite file with better-sqlite3 itself, whose statements are synchronous.
    ignores: ["app/db/**", "scripts/db-copy.ts", "tests/processes/db-copy.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name=/^(get|all|run)$/]",
          message:
            "SQLite-only synchronous finisher: `await` the drizzle query (`const [row] = await db()…limit(1)`), or use rows/row/exec from ~/db/client.server (decision 0019).",
        },
      ],
    },
  },
  // Unit tests run as esbuild bundles in tests/.tmp (decision 0016): a path built from the module's own
  // location points into tests/.tmp, not beside the test. (Both selectors: a later block replaces the rule.)
  {
    files: ["tests/unit/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name=/^(get|all|run)$/]",
          message:
            "SQLite-only synchronous finisher: `await` the drizzle query (`const [row] = await db()…limit(1)`), or use rows/row/exec from ~/db/client.server (decision 0019).",
        },
        {
          selector: "MetaProperty",
          message:
            'Unit tests run as bundles in tests/.tmp (decision 0016): resolve files from the repository root, e.g. path.resolve("tests/fixtures/…").',
        },
      ],
    },
  },
);
