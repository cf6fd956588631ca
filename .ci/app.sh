#!/usr/bin/env bash
# The web console's checks (issue 19), apart from .ci/run (not wired in: the lead decides; CI has about a minute of
# margin and this takes several). Run after `npm ci` and the compile (the console imports typechain-types/):
#   - Debian's Chromium installed when missing (no browser is ever downloaded by Playwright);
#   - the app's typecheck (browser code and the Node stack), its Vitest tests, the production build and the gzip size
#     of its initial JavaScript;
#   - the end-to-end test in headless Chromium (app/e2e/investor.ts: its own node on 8660, indexer 8661, web 8662),
#     timed with /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n===== [%dm%02ds] %s =====\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  step "installing Debian's chromium"
  apt-get install -y chromium > /dev/null || { apt-get update > /dev/null && apt-get install -y chromium > /dev/null; }
fi
[ -d typechain-types ] || npx hardhat compile --quiet

step "app: typecheck"
npm run typecheck -w app

step "app: Vitest"
npm test -w app

step "app: production build"
npm run build -w app
initial="$(ls app/dist/assets/index-*.js)"
printf 'initial JavaScript: %s bytes, %s bytes gzipped\n' "$(stat -c %s "$initial")" "$(gzip -9 -c "$initial" | wc -c)"

step "app: end to end in Chromium"
if [ -x /usr/bin/time ]; then
  timing="$(mktemp)"
  status=0
  /usr/bin/time -v -o "$timing" npm run test:e2e -w app || status=$?
  grep -E 'Elapsed|User time|System time|Maximum resident' "$timing" || true
  rm -f "$timing"
  [ "$status" -eq 0 ] || exit "$status"
else
  npm run test:e2e -w app
fi
step "app: done"
