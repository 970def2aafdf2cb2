#!/usr/bin/env bash
# Runs the browser specs in REVERSE file order, one worker: a spec that passes only because another ran
# before it (or fails because one did) shows here. Playwright orders spec files by path whatever the
# command line says, so the specs are copied, numbered in reverse, into tests/.e2e-reversed/ (beside tests/e2e/, so their relative imports hold; with
# the fixtures they import) and run with playwright.config.ts pointed there. Needs `npm run build`.
#   bash tests/support/e2e-reversed.sh [playwright options…]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=tests/.e2e-reversed
rm -rf "$dir"
mkdir -p "$dir"
cp tests/e2e/fixtures.ts tests/e2e/*.mjs "$dir"/
i=0
for spec in $(ls tests/e2e/*.spec.ts | sort -r); do
  i=$((i + 1))
  cp "$spec" "$dir/$(printf '%02d' "$i")-$(basename "$spec")"
done
ls "$dir"
E2E_TEST_DIR="$dir" exec npx playwright test --workers=1 "$@"
