#!/usr/bin/env node
/**
 * Proves that the whole-system invariants (test/invariant/SystemInvariants.t.sol) catch real bugs: each mutant below
 * is a deliberate, plausible bug injected into a copy of the contracts (in a temporary directory; the working tree is
 * never touched), and forge must then fail the invariant named beside it and print the shrunk call sequence.
 *
 *   node tools/invariant-mutants.js              every mutant
 *   node tools/invariant-mutants.js fee-rounding one (or several) by name
 *   FOUNDRY_FUZZ_SEED=42 node tools/invariant-mutants.js   with a chosen seed
 *
 * Exits 1 if a mutant survives (its invariant passed) or no longer applies (the code it edits changed: update the
 * `find` text here).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");

const MUTANTS = [
  {
    name: "fee-rounding",
    what: "the taker's fee is rounded once on its whole proceeds while the pair accrues each fill's rounded-up fee",
    file: "contracts/exchange/Exchange.sol",
    find: "_credit(m.account, getToken, m.received - m.takerFees);",
    replace: "_credit(m.account, getToken, m.received - (m.received * m.takerBps + 9_999) / 10_000);",
    invariant: "invariant_tokensConserved",
  },
  {
    name: "maker-eligibility",
    what: "matching no longer removes a maker who has become ineligible",
    file: "contracts/exchange/Exchange.sol",
    find: "if (e != IEligibility.Eligibility.Eligible) return RemovalReason.Ineligible;",
    replace: "",
    invariant: "invariant_fillsCompliant",
  },
  {
    name: "token-policy",
    what: "the venue forgets the native token's own holder policy (issue 15 item 3)",
    file: "contracts/exchange/ExchangeStorage.sol",
    find: "if (e != IEligibility.Eligibility.Eligible) return (NATIVE_POLICY, token, 0);",
    replace: "",
    invariant: "invariant_nativeReceiversEligible",
  },
  {
    name: "unlicensed-fill",
    what: "a taker's live check forgets the venue's licence, so an unlicensed venue keeps trading (issue 15 item 2)",
    file: "contracts/exchange/Exchange.sol",
    find: "if (licence == 0) revert VenueNotLicensed(address(this));",
    replace: "",
    invariant: "invariant_noFillWhileUnlicensed",
  },
  {
    name: "lower-rank-regrant",
    what: "a grant ignores the bar a higher rank's restriction left on the account's dead node (issue 15 item 1)",
    file: "contracts/authority/AuthorityTree.sol",
    find: "if (parent.depth > bar) revert BarredByHigherAuthority(account, rootId, bar, parent.depth);",
    replace: "",
    invariant: "invariant_noLowerRankRegrant",
  },
  {
    name: "recover-no-debit",
    what: "a recovery pays out of the venue's pool without debiting the wallet it recovers from",
    file: "contracts/exchange/ExchangeAdmin.sol",
    find: "_available[key] = available - amount;",
    replace: "",
    invariant: "invariant_venueHoldsWhatItOwes",
  },
  {
    name: "venue-pool",
    what: "the token's forced transfer may take from a venue's pool, which backs its ledger (issue 22 item 2)",
    file: "contracts/assets/CompliantToken.sol",
    find: "if (!_walletFreezes[from].frozen && _isVenue(from)) revert VenueHoldingsProtected(from);",
    replace: "",
    invariant: "invariant_venueHoldsWhatItOwes",
  },
  {
    name: "recover-unchecked",
    what: "a recovery inside the venue skips the token's forced-transfer rules (issue 22 item 1)",
    file: "contracts/exchange/ExchangeAdmin.sol",
    find: "ICompliantToken(token).forcedTransferCheck(wallet, to, msg.sender, reason);",
    replace: "",
    invariant: "invariant_clientFundsNeverLost",
  },
  {
    name: "reserve-same-second",
    what: "a reserve dated the second of the last redemption is accepted, counting it twice (issue 22 item 3)",
    file: "contracts/assets/AssetRegistry.sol",
    find: "state.asOf <= lastRedeemed",
    replace: "state.asOf < lastRedeemed",
    invariant: "invariant_supplyWithinDatedReserve",
  },
  {
    name: "reserve-cap",
    what: "the mint cap forgets the redemptions made since the reserve attestation",
    file: "contracts/assets/MonetaryDesk.sol",
    find: "if (redeemedSince > reserve || supply * ratio > (reserve - redeemedSince) * MIN_RESERVE_RATIO_BPS)",
    replace: "if (supply * ratio > reserve * MIN_RESERVE_RATIO_BPS)",
    invariant: "invariant_mintsWithinReserve",
  },
  {
    name: "reserve-off-by-one",
    what: "the mint cap lets the supply exceed the reserve by one unit",
    file: "contracts/assets/MonetaryDesk.sol",
    find: "if (redeemedSince > reserve || supply * ratio > (reserve - redeemedSince) * MIN_RESERVE_RATIO_BPS)",
    replace: "if (redeemedSince > reserve || supply * ratio > (reserve - redeemedSince + 1) * MIN_RESERVE_RATIO_BPS)",
    invariant: "invariant_mintsWithinReserve",
  },
  {
    name: "resume-revoked",
    what: "resume lifts a revocation as if it were a suspension",
    file: "contracts/authority/AuthorityTree.sol",
    find: "if (s.status != NodeStatus.Suspended) revert InvalidNodeStatus(nodeId, s.status);",
    replace: "if (s.status == NodeStatus.Active) revert InvalidNodeStatus(nodeId, s.status);",
    invariant: "invariant_deadNodesStayInvalid",
  },
  {
    name: "sanctioned-withdrawal",
    what: "the venue pays out a sanctioned wallet's withdrawal (issue 16)",
    file: "contracts/exchange/Exchange.sol",
    find: "_requireUnsanctioned(msg.sender, identity);",
    replace: "if (identity == type(uint64).max) _requireUnsanctioned(msg.sender, identity);",
    contract: "SanctionsInvariants",
    invariant: "invariant_sanctionedBalancesFrozen",
  },
  {
    name: "return-no-unlock",
    what: "the wind-down takes resting orders off the book without unlocking their funds (issue 17)",
    file: "contracts/exchange/ExchangeSuccession.sol",
    find: "_removeOrder(pairId, _configs[pairId], f.id, RemovalReason.Returned, address(0));",
    replace: "_books[pairId].remove(f.id);",
    contract: "WindDownInvariants",
    invariant: "invariant_windDownReturnsEverything",
  },
  {
    name: "limits-window",
    what: "the AML deposit window lets 300 units more than its cap through (issue 16)",
    file: "contracts/compliance/AmlLimits.sol",
    find: "if (used + amount > cap) {",
    replace: "if (used + amount > cap + 300) {",
    invariant: "invariant_neverMoreThanTheCapIn24Hours",
    contract: "AmlLimitsInvariants",
  },
  {
    name: "rotation-sheds-bar",
    what: "a key rotation leaves the old account no bar, so a node can be rotated back to it (issue 17)",
    file: "contracts/authority/AuthorityTree.sol",
    find: "_rotatedOut[previous][rootId] = bar + 1;",
    replace: "",
    invariant: "invariant_oneLiveNodePerAccountAndRoot",
    contract: "AuthorityTreeInvariants",
  },
];

function copy(from, to) {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
}

/** Runs `mutant` in a scratch copy of the project; returns whether forge failed the expected invariant. */
function run(mutant) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mutant-${mutant.name}-`));
  try {
    for (const part of ["contracts", "test/invariant", "foundry.toml", "forge-cache", "forge-out"]) {
      copy(path.join(ROOT, part), path.join(dir, part));
    }
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules")), path.join(dir, "node_modules"));
    const file = path.join(dir, mutant.file);
    const source = fs.readFileSync(file, "utf8");
    if (source.split(mutant.find).length !== 2) {
      console.log(`✗ ${mutant.name}: no longer applies (its text is not found once in ${mutant.file})`);
      return false;
    }
    fs.writeFileSync(file, source.replace(mutant.find, mutant.replace));

    console.log(`\n=== mutant ${mutant.name}: ${mutant.what}\n    expected to fail: ${mutant.invariant}`);
    const started = Date.now();
    const forge = spawnSync(
      process.execPath,
      [
        path.join(__dirname, "forge.js"),
        "test",
        "--match-contract",
        mutant.contract ?? "SystemInvariants",
        "--match-test",
        mutant.invariant,
      ],
      { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const output = `${forge.stdout}${forge.stderr}`;
    const failure = output.slice(output.indexOf("Failing tests:"));
    // Caught by the invariant itself: its check failed ("reverts: 0"), not a handler that reverted (a handler bug).
    const verdict = new RegExp(`${mutant.invariant}\\(\\) \\(runs: (\\d+), calls: \\d+, reverts: 0\\)`).exec(failure);
    const caught = forge.status !== 0 && verdict !== null && failure.includes("[Sequence]");
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (caught) {
      console.log(failure.split("\n").slice(0, 40).join("\n"));
      console.log(`✓ ${mutant.name}: caught by ${mutant.invariant} in run ${Number(verdict[1]) + 1} (${seconds} s)`);
    } else {
      console.log(output.split("\n").slice(-40).join("\n"));
      console.log(`✗ ${mutant.name}: SURVIVED (forge exit ${forge.status}, ${seconds} s)`);
    }
    return caught;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !MUTANTS.some((m) => m.name === name));
if (unknown.length > 0) {
  console.error(`unknown mutant(s): ${unknown.join(", ")}; known: ${MUTANTS.map((m) => m.name).join(", ")}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? MUTANTS : MUTANTS.filter((m) => wanted.includes(m.name));
const survivors = selected.filter((m) => !run(m)).map((m) => m.name);
if (survivors.length > 0) {
  console.error(`\n${survivors.length} mutant(s) not caught: ${survivors.join(", ")}`);
  process.exit(1);
}
console.log(`\nall ${selected.length} mutant(s) caught`);
