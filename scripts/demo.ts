/**
 * The main job, for now: a narrated walkthrough of the seed-authority tree on the in-process network (or any network
 * given with --network). It deploys a fresh AuthorityTree, builds a regulator's tree, exercises suspension, lease
 * expiry, revocation and re-authorisation, and checks each expected outcome on chain as it goes. The full lifecycle
 * demo (registry, assets, exchange) replaces it once those services exist.
 */
import { ethers, network } from "hardhat";
import type { AuthorityTree } from "../typechain-types";
import { Scope, scopeMask, scopeNames } from "./lib/scopes";
import { DAY, isoDate, timeUnitFor } from "./lib/time";
import { collectTree, renderTree } from "./lib/tree";

const checks: string[] = [];
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`demo check failed: ${what}`);
  checks.push(what);
}

function step(title: string): void {
  console.log(`\n== ${title}`);
}

async function idFromReceipt(tree: AuthorityTree, tx: Awaited<ReturnType<AuthorityTree["grant"]>>): Promise<bigint> {
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = tree.interface.parseLog(log);
    if (parsed?.name === "NodeGranted" || parsed?.name === "RootCreated") return parsed.args[0] as bigint;
  }
  throw new Error("no node id in receipt");
}

async function main(): Promise<void> {
  const unit = timeUnitFor(network.name);
  const [governor, regulator, bank, branch, operator, issuer, auditor] = await ethers.getSigners();
  const names = new Map(
    Object.entries({ governor, regulator, bank, branch, operator, issuer, auditor }).map(([name, s]) => [
      s.address.toLowerCase(),
      name === "regulator" ? "Regulator X" : name === "bank" ? "Bank Y" : name,
    ]),
  );

  step(`Deploy the authority tree on "${network.name}" (time unit ${unit === 1 ? "seconds" : "milliseconds"})`);
  const tree = (await ethers.deployContract("AuthorityTree", [governor.address, unit])) as unknown as AuthorityTree;
  await tree.waitForDeployment();
  console.log(`AuthorityTree at ${await tree.getAddress()}, governor ${governor.address}`);
  const now = Number(await tree.currentTime());
  console.log(`chain time ${isoDate(now)}`);

  step("The governor creates a seed root for the financial regulator's agent, Regulator X");
  const root = await idFromReceipt(
    tree,
    await tree.connect(governor).createRoot(regulator.address, now + 10 * 365 * DAY, "Regulator X"),
  );
  check(
    (await tree.effectiveScopes(root)) === BigInt(scopeMask(...(Object.keys(Scope) as (keyof typeof Scope)[]))),
    "a seed root holds every scope",
  );

  step("Regulator X authorises institutions for limited times");
  const bankNode = await idFromReceipt(
    tree,
    await tree.connect(regulator).grant(root, bank.address, scopeMask("KYC", "DELEGATE"), now + 365 * DAY),
  );
  const operatorNode = await idFromReceipt(
    tree,
    await tree.connect(regulator).grant(root, operator.address, Scope.EXCHANGE, now + 180 * DAY),
  );
  await tree.connect(regulator).grant(root, issuer.address, Scope.ISSUE, now + 180 * DAY);
  await tree.connect(regulator).grant(root, auditor.address, Scope.AUDIT, now + 90 * DAY);
  console.log("Bank Y: KYC + DELEGATE for 1 year; operator: EXCHANGE (DCE) 180 days; issuer: ISSUE (STO) 180 days;");
  console.log("auditor: AUDIT 90 days.");

  step("Bank Y passes a subset on to its branch (KYC only, 30 days)");
  const branchNode = await idFromReceipt(
    tree,
    await tree.connect(bank).grant(bankNode, branch.address, Scope.KYC, now + 30 * DAY),
  );
  let escalation = "";
  try {
    await tree.connect(bank).grant.staticCall(bankNode, operator.address, Scope.LIST, now + DAY);
  } catch (error) {
    escalation = tree.interface.parseError((error as { data: string }).data)?.name ?? "";
  }
  check(escalation === "ScopeEscalation", "a bank cannot grant a scope it does not hold (ScopeEscalation)");
  console.log("Bank Y tried to grant LIST, which it does not hold: refused with ScopeEscalation.");
  console.log(renderTree(await collectTree(tree, root), names));

  step("Regulator X suspends Bank Y: the branch is cut off with it, in one transaction");
  await tree.connect(regulator).suspend(bankNode, ethers.encodeBytes32String("inspection"));
  check(!(await tree.hasScope(branch.address, root, Scope.KYC)), "suspending a bank cuts off its branch");
  console.log(renderTree(await collectTree(tree, root), names));
  await tree.connect(regulator).resume(bankNode);
  check(await tree.hasScope(branch.address, root, Scope.KYC), "resuming the bank restores its branch");
  console.log("Resumed: the branch may attest clients again.");

  step("Thirty days pass: the branch's lease ends by itself");
  await ethers.provider.send("evm_increaseTime", [30 * DAY * unit]);
  await ethers.provider.send("evm_mine", []);
  check(!(await tree.isValid(branchNode)), "a lease ends by itself at its expiry");
  check(await tree.isValid(bankNode), "the bank's longer lease is unaffected");
  console.log(`branch valid: ${await tree.isValid(branchNode)}; bank valid: ${await tree.isValid(bankNode)}`);

  step("Regulator X revokes Bank Y for good, then re-authorises it: a new node, nothing old revives");
  const revokeTx = await tree.connect(regulator).revoke(bankNode, ethers.encodeBytes32String("licence withdrawn"));
  const revokeGas = (await revokeTx.wait())!.gasUsed;
  const t = Number(await tree.currentTime());
  const newBank = await idFromReceipt(
    tree,
    await tree.connect(regulator).grant(root, bank.address, Scope.KYC, t + 90 * DAY),
  );
  check(newBank !== bankNode && !(await tree.isValid(bankNode)), "a re-authorised account gets a new node");
  check(!(await tree.isValid(branchNode)), "nothing granted under a revoked node revives");
  check(await tree.isValid(operatorNode), "other institutions under the root are untouched");
  console.log(`revocation cost ${revokeGas} gas, whatever the size of the subtree`);
  console.log(renderTree(await collectTree(tree, root), names));

  step("Views other contracts use");
  console.log(`hasScope(Bank Y, root, KYC) = ${await tree.hasScope(bank.address, root, Scope.KYC)}`);
  console.log(`scopes of node #${newBank}: ${scopeNames(await tree.effectiveScopes(newBank)).join(" ")}`);
  console.log(`ancestry of #${newBank}: ${(await tree.ancestry(newBank)).join(" -> ")}`);

  step("Summary: checked on chain");
  for (const c of checks) console.log(`  ok  ${c}`);
  console.log(`\n${checks.length} checks passed.`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
