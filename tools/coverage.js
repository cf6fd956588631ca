#!/usr/bin/env node
/**
 * `npm run coverage`: solidity-coverage over contracts/ (contracts/test excluded, see .solcover.js), then a gate: exit
 * 1 when line or branch coverage is below COVERAGE_MIN_LINES (default 95) or COVERAGE_MIN_BRANCHES (default 95).
 *
 * Instrumented code runs the tests about ten times slower, and the stateful property tests dominate: the venue's
 * model test alone took 11 of 18 minutes (over a second per operation). They add depth, not coverage of contracts/
 * (they drive the functions the unit tests drive, many times over; leaving them and the audit replays out moves the
 * figures by about 0.2% of branches), so this leaves them out (the depth tests of tools/test-split.js, read by
 * .solcover.js; CI runs them plain) and runs the remaining randomised ones with small campaigns: about 2 minutes in all. Each
 * value below is a default an environment variable overrides; COVERAGE_FULL=1 runs every test at its `npm test` size.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const SMALL_CAMPAIGNS = {
  VENUE_FUZZ_RUNS: "1",
  VENUE_FUZZ_OPS: "15",
  BOOK_FUZZ_RUNS: "2",
  BITMAP_FUZZ_RUNS: "5",
  AUTHORITY_FUZZ_RUNS: "10",
  PROPERTY_RUNS: "6",
  ASSET_FUZZ_RUNS: "10",
  AUDIT_FUZZ_RUNS: "1",
  AUDIT_FUZZ_OPS: "40",
  // Fixed seeds where the suites take one, so that the figures barely move from run to run.
  FUZZ_SEED: "1",
  VENUE_FUZZ_SEED: "1",
};

const env = { ...process.env };
if (env.COVERAGE_FULL !== "1") {
  for (const [name, value] of Object.entries(SMALL_CAMPAIGNS)) env[name] ??= value;
}
const hardhat = path.join(ROOT, "node_modules", ".bin", "hardhat");
const run = spawnSync(hardhat, ["coverage", ...process.argv.slice(2)], { cwd: ROOT, env, stdio: "inherit" });
if (run.status !== 0) process.exit(run.status ?? 1);

const summary = path.join(ROOT, "coverage", "coverage-summary.json");
const { total } = JSON.parse(fs.readFileSync(summary, "utf8"));
const gates = [
  ["lines", total.lines.pct, Number(env.COVERAGE_MIN_LINES ?? 95)],
  ["branches", total.branches.pct, Number(env.COVERAGE_MIN_BRANCHES ?? 95)],
];
let failed = false;
for (const [what, pct, min] of gates) {
  const ok = pct >= min;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "FAIL"} ${what} coverage of contracts/ ${pct}% (minimum ${min}%)`);
}
process.exit(failed ? 1 : 0);
