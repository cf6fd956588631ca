#!/usr/bin/env bash
# The forge part of CI (.ci/run starts it in the background, in its own process group): the invariant campaigns over
# the whole system, then an injected bug they must catch. Prints how long each took.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
echo "--- invariants: forge (from npm) over the real contracts, compiler from the npm solc package"
npm run test:invariant
echo "--- [forge campaigns: $((SECONDS - start)) s]"
start=$SECONDS
echo "--- the invariants catch an injected bug (a fee rounded once per call breaks token conservation)"
# At the depth it was sized at (the CI campaign above is smaller): a caught bug ends its campaign at once. CI needs the
# catch, not the shortest sequence: shrinking it (up to 5,000 replays) cost about 45 CPU-s, 100 replays about 2. And
# the mutant is built without the optimizer (the same semantics; its size limit lifted): 16 CPU-s instead of about 50
# for the optimized rebuild of everything that imports the patched file.
FOUNDRY_INVARIANT_SHRINK_RUN_LIMIT=100 FOUNDRY_OPTIMIZER=false FOUNDRY_DISABLE_CODE_SIZE_LIMIT=true \
  FOUNDRY_INVARIANT_RUNS=24 FOUNDRY_INVARIANT_DEPTH=500 npm run test:mutants -- fee-rounding
echo "--- [mutant check: $((SECONDS - start)) s]"
