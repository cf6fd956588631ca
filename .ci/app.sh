#!/usr/bin/env bash
# The web console's checks (issue 19); .ci/run runs `.ci/app.sh install` beside `npm ci` and the rest in the
# background after the compile (the console imports typechain-types/):
#   - `install`: Debian's Chromium installed when missing (no browser is ever downloaded by Playwright), nothing else;
#   - the app's typecheck (browser code and the Node stack), its Vitest tests, the production build;
#   - the end-to-end test in headless Chromium (app/e2e/investor.ts: its own node on 8660, indexer 8661, web 8662,
#     network "e2e"), timed with /usr/bin/time -v;
#   - the console's figures (bench/console.ts): the initial JavaScript, raw and gzipped, and the time from a fill to
#     the investor's screen that the browser test measured.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n===== [%dm%02ds] %s =====\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "app.sh: Chromium is not installed and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  step "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium > /dev/null || { apt-get update -qq && apt-get install -y -qq chromium > /dev/null; }
fi
[ "${1:-}" = install ] && exit 0
[ -d typechain-types ] || npx hardhat compile --quiet

step "app: typecheck"
npm run typecheck -w app

step "app: Vitest"
npm test -w app

step "app: production build"
npm run build -w app

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
step "app: the console's figures (initial JavaScript, fill -> screen)"
npm run bench:console --silent
step "app: done"
