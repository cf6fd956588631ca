/**
 * How CI runs every mocha test exactly once. The tests below add depth, not coverage of contracts/: stateful
 * property tests against models, the audit replays, and the gas-independence test (gas means nothing on
 * instrumented code). CI runs them plain, through the README's test command (`npm test -- --grep <DEPTH_PATTERN>`),
 * and every other test instrumented, in the coverage step (.solcover.js leaves these out). `npm test` alone still
 * runs everything.
 */
"use strict";

/** Titles (or parts of titles, of a test or of its describe blocks) of the depth tests. */
const DEPTH_TESTS = [
  "gas does not depend on the number of levels",
  "stateful property",
  "matches a model under random changes",
  "asset service properties",
  "audit replay",
  "CLI: audit:replay",
];

/** One regular expression over full test titles matching every depth test (mocha's --grep). */
const DEPTH_PATTERN = DEPTH_TESTS.join("|");

module.exports = { DEPTH_TESTS, DEPTH_PATTERN };

if (require.main === module) console.log(DEPTH_PATTERN);
