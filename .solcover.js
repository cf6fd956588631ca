// solidity-coverage: measure contracts/ only; test-only contracts are not part of the product.
// npm run coverage (scripts/coverage.js) runs it with smaller property-test campaigns and enforces the thresholds.
module.exports = {
  skipFiles: ["test/"],
  configureYulOptimizer: true,
  // json-summary: the totals scripts/coverage.js checks against the thresholds.
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
  mocha: {
    timeout: 600000,
    // Gas figures mean nothing on instrumented code, and the 1,000-level books cost a minute to build there.
    grep: "gas does not depend on the number of levels",
    invert: true,
  },
};
