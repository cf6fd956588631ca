// solidity-coverage: measure contracts/ only; test-only contracts are not part of the product.
// npm run coverage (tools/coverage.js) runs it with smaller randomised campaigns and enforces the thresholds.
const { PLAIN_PATTERN, OWN_NODE, SAFE } = require("./tools/test-split");

module.exports = {
  skipFiles: ["test/", "governance/GovernanceStack.sol"],
  configureYulOptimizer: true,
  // json-summary: the totals tools/coverage.js checks against the thresholds.
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
  mocha: {
    timeout: 600000,
    // Left out: the tests CI runs plain instead (tools/test-split.js): the depth tests (stateful property tests, audit
    // replays, the gas-independence test), which drive the functions the unit tests drive, many times over (together
    // they move the figures by about 0.2% of branches) and instrumented are the slowest tests, and the repeats
    // (millisecond-clock twins, the bitmap's exhaustive scan), which reach nothing the others do not. Gas figures mean
    // nothing on instrumented code. COVERAGE_FULL=1 (tools/coverage.js) leaves out only the gas test.
    grep:
      process.env.COVERAGE_FULL === "1"
        ? ["gas does not depend on the number of levels", ...OWN_NODE, ...SAFE].join("|")
        : PLAIN_PATTERN,
    invert: true,
  },
};
