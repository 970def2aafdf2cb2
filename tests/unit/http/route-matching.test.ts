// Route matching on the server (docs/decisions/0048): scripts/patches/ keeps, in @remix-run/router's
// CommonJS build, each routes array's ranked branches and each pattern's compiled expression. These
// tests fail when `npm install` did not apply the patch, and check that matching with the kept work
// answers what matching afresh answers.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { test } from "node:test";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

// Resolved from the repository root: unit tests run as bundles in tests/.tmp (decision 0016).
const require = createRequire(path.resolve("package.json"));

test("npm install applied the router patch (postinstall: patch-package)", () => {
  const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
  assert.match(source, /Tập huấn patch \(docs\/decisions\/0048\)/);
  assert.match(source, /rankedBranches\.get\(routes\)/);
  assert.match(source, /compiledPaths\.get\(key\)/);
});

/** The shape Remix gives: a root layout, index routes, dynamic segments, a splat, a pathless layout. */
function tree(): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "routes/_index", index: true },
        { id: "routes/login", path: "login" },
        { id: "routes/reports._index", path: "reports", index: true },
        { id: "routes/reports.$unitId._index", path: "reports/:unitId", index: true },
        { id: "routes/reports.$unitId.officials._index", path: "reports/:unitId/officials", index: true },
        { id: "routes/reports.$unitId.officials.$officialId", path: "reports/:unitId/officials/:officialId" },
        { id: "routes/Courses", path: "COURSES/:slug", caseSensitive: true },
        { id: "routes/_admin", children: [{ id: "routes/_admin.people", path: "admin/people" }] },
        { id: "routes/$", path: "*" },
      ],
    },
  ];
}

/** The matched route ids, the last one with the params it was given. */
const ids = (found: ReturnType<typeof matchRoutes>) =>
  found?.map((m, i) => `${m.route.id}${i === found.length - 1 && Object.keys(m.params).length ? JSON.stringify(m.params) : ""}`) ?? null;

test("matching with kept work answers what a fresh tree answers, for every kind of path, again and again", () => {
  const kept = tree();
  const cases: [string, string[]][] = [
    ["/", ["root", "routes/_index"]],
    ["/login", ["root", "routes/login"]],
    ["/reports", ["root", "routes/reports._index"]],
    ["/reports/12", ["root", 'routes/reports.$unitId._index{"unitId":"12"}']],
    ["/reports/12/officials", ["root", 'routes/reports.$unitId.officials._index{"unitId":"12"}']],
    ["/reports/12/officials/7", ["root", 'routes/reports.$unitId.officials.$officialId{"unitId":"12","officialId":"7"}']],
    ["/admin/people", ["root", "routes/_admin", "routes/_admin.people"]],
    ["/COURSES/a", ["root", 'routes/Courses{"slug":"a"}']],
    ["/courses/a", ["root", 'routes/${"*":"courses/a"}']],
    ["/khong-co/trang-nay", ["root", 'routes/${"*":"khong-co/trang-nay"}']],
  ];
  for (let round = 0; round < 3; round++)
    for (const [path, want] of cases) {
      const fresh = ids(matchRoutes(tree(), path));
      assert.deepEqual(fresh, want, `fresh: ${path}`);
      assert.deepEqual(ids(matchRoutes(kept, path)), fresh, `kept, round ${round}: ${path}`);
    }
  // The matches point at the objects of the array asked about, not at those of an earlier one.
  const other = tree();
  assert.equal(matchRoutes(other, "/login")![1]!.route, other[0]!.children![1]);
});
