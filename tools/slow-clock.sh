#!/usr/bin/env bash
# The slow-clock check (`npm run test:slow-clock`, `npm run test:slow-clock -- coverage`): runs the tests (or the
# coverage run) with the machine's clock running 1,000 times fast, under Debian's faketime, and every mocha timeout
# off (mocha reads the same faked clock). Hardhat's in-process chain would take its block times from that clock; a
# test that reads a block time and later expects it to hold fails at once here instead of once in a while in CI.
# Extra arguments go to `hardhat test` (e.g. a test file) or to the coverage runner.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime > /dev/null; then
  echo "faketime is missing: installing Debian's package"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y faketime || { $sudo apt-get update && $sudo apt-get install -y faketime; }
fi

what=test
if [ "${1:-}" = "coverage" ] || [ "${1:-}" = "test" ]; then
  what=$1
  shift
fi
export TEST_TIMEOUTS=off FAKETIME_DONT_FAKE_MONOTONIC=1
if [ "$what" = "coverage" ]; then
  exec faketime -f "+0 x1000" node tools/coverage.js "$@"
fi
exec faketime -f "+0 x1000" ./node_modules/.bin/hardhat test "$@"
