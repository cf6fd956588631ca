// solidity-coverage: measure contracts/ only; test-only contracts are not part of the product.
// npm run coverage (tools/coverage.js) runs it with smaller property-test campaigns and enforces the thresholds.
module.exports = {
  skipFiles: ["test/"],
  configureYulOptimizer: true,
  // json-summary: the totals tools/coverage.js checks against the thresholds.
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
  mocha: {
    timeout: 600000,
    // Left out (tools/coverage.js sets COVERAGE_SKIP; COVERAGE_FULL=1 leaves nothing out but the gas test):
    // - gas figures mean nothing on instrumented code, and the 1,000-level books cost a minute to build there;
    // - the stateful property tests and the audit replays add depth, not coverage of contracts/ (they drive the same
    //   functions as the unit tests, many times over), and instrumented they are the slowest tests.
    grep: ["gas does not depend on the number of levels", process.env.COVERAGE_SKIP].filter(Boolean).join("|"),
    invert: true,
  },
};
