// solidity-coverage: measure contracts/ only; test-only contracts are not part of the product.
module.exports = {
  skipFiles: ["test/"],
  configureYulOptimizer: true,
  mocha: { timeout: 600000 },
};
