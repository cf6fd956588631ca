/**
 * How CI runs every mocha test exactly once: the tests below plain, through the README's test command
 * (`npm test -- --grep <PLAIN_PATTERN>`), every other one instrumented, in the coverage step (.solcover.js leaves
 * these out). `npm test` alone still runs everything. Four kinds of tests run plain:
 *
 * - depth tests: stateful property tests against models, the audit replays over random histories, and the
 *   gas-independence test (gas means nothing on instrumented code). They drive the functions the unit tests drive,
 *   many times over, and instrumented they were the slowest tests by far;
 * - the tests on a development node of their own (OWN_NODE below), which CI runs in a job of their own;
 * - repeats: the millisecond-clock (PlatON) twins of suites that run on both clocks, and the bitmap's exhaustive scan
 *   of every bit position. Instrumented, they reached no line, statement, function or branch of contracts/ that the
 *   other tests do not (compared one by one between coverage runs with and without them), at ten times their plain
 *   cost. One twin stays instrumented: the venue's cached clearances on the millisecond clock are the only tests that
 *   reached the maker's clearance ending no later than the taker's (Exchange._makerProblem): a unit test does now.
 *
 * - reach-nothing-new: suites that drive the contracts through another layer (the CLI's tasks,
 *   the refusal decoder, the deploy scripts, the replayers) or through a model (the monetary desk's lifecycle model, the
 *   limits' exact-window reference), and the remaining millisecond-clock twins. Measured on 7 December 2026
 *   (coverage.json compared arm by arm): without them the run missed 6 arms of the full run (an allowance used up, the
 *   AML window view, a taker short of funds, a maker's clearance ending before the taker's); each now has a unit test
 *   of its own (test/exchange/coverage-venue.test.ts, venueClearance.ts, test/limits/window.property.test.ts,
 *   test/monetary/monetary.test.ts), and the run reaches every arm the full run reached (99.91% of lines, 95.55% of
 *   branches) in 334 CPU-s instead of 511.
 *
 * A new test runs instrumented unless it is named here.
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

/**
 * The tests that run on a development node of their own (test/cli/devNode.ts): the CLI against a node, the README's
 * quick starts, and the read side's (indexer/test: the demo on a node, indexed, compared with the chain). They all
 * use deployments/devnode, which each clears at start and stop, so they run one after another in one mocha run,
 * beside the plain tests (they mostly wait on their node and the indexer's polling). Instrumenting the in-process
 * chain would measure nothing of theirs.
 */
const OWN_NODE = [
  "^CLI against a node",
  "^README's quick starts run as written",
  "^indexer: the database equals the chain",
  "^indexer: AML monitor on a planted scenario",
];

/**
 * Of OWN_NODE, the suite CI runs on Debian's PostgreSQL only (.ci/postgres.sh), not on PGlite as well: on PGlite the
 * AML monitor's suite compares the database with the chain's views too (after its random scenario), and the second
 * run of the demo, indexed, cost about 50 CPU-s of CI's budget. `npm test` runs it on PGlite.
 */
const ON_POSTGRES = ["^indexer: the database equals the chain"];

/**
 * Regular expressions over full titles: the millisecond-clock twins (the venue's cached clearances excepted, see
 * above), and the bitmap's exhaustive scan.
 */
const REPEATS = [
  "time unit 1000",
  "millisecond clock \\(PlatON\\)",
  "find a single bit at every position of a word, on every level",
];

/** Regular expressions over full titles: the suites that reach nothing of contracts/ the unit tests do not. */
const NOTHING_NEW = [
  "^CLI(?! against a node)",
  "refusals in the user's language",
  "^Deployment scripts",
  "^Sanctions replay",
  "^Monetary desk replay",
  "^Monetary desk: stateful model",
  "exact rolling 24-hour reference",
  "^Monetary policy on a milliseconds chain",
  "\\(milliseconds \\(PlatON\\)",
  "^error catalogue",
  "^test tooling",
  // Issue 17's suites that drive the contracts through the CLI's tasks, the governance demo and the networks'
  // governance configuration: added by kind (the tasks call the functions the unit tests call), not yet measured arm
  // by arm; the gate's thresholds still hold every run.
  "^17 keys: CLI key rotation",
  "^17: governance tasks",
  "^17: the governance demo",
  "^17: which networks put the governor",
  "^venue tasks: wind-down, successor, migration, operator",
  "^registry tasks: identity:replace-wallet",
];

/**
 * The suites that deploy the governance stack's third-party contracts (the Safe, the TimelockController), which the
 * coverage build leaves out (hardhat.config.ts, GOVERNANCE_STACK): they drive the tree's governor functions that the
 * authority tree's own tests drive with a plain account.
 */
const SAFE = [
  "^17: the governor behind a Safe",
  "^17: the governor's timelock on PlatON's millisecond clock",
  "^17 keys: a root's key replaced through Safe",
];

/** One regular expression over full test titles matching every test CI runs plain (mocha's --grep). */
const PLAIN_PATTERN = [...DEPTH_TESTS, ...OWN_NODE, ...REPEATS, ...NOTHING_NEW, ...SAFE].join("|");

module.exports = { DEPTH_TESTS, OWN_NODE, ON_POSTGRES, REPEATS, NOTHING_NEW, SAFE, PLAIN_PATTERN };

/** The plain tests but those on a node of their own, which CI runs beside them. */
const PLAIN_CORE_PATTERN = [...DEPTH_TESTS, ...REPEATS, ...NOTHING_NEW, ...SAFE].join("|");

module.exports.PLAIN_CORE_PATTERN = PLAIN_CORE_PATTERN;

// `node tools/test-split.js`: the plain pattern; `core`: without the tests on a node of their own; `own-node`: those;
// `own-node-ci`: those but the ones CI runs on PostgreSQL only.
if (require.main === module) {
  const patterns = {
    core: PLAIN_CORE_PATTERN,
    "own-node": OWN_NODE.join("|"),
    "own-node-ci": OWN_NODE.filter((p) => !ON_POSTGRES.includes(p)).join("|"),
  };
  console.log(patterns[process.argv[2]] ?? PLAIN_PATTERN);
}
