/**
 * Issue 17's demo step: the governor behind a 2-of-3 Safe and a timelock, driven through the governance tasks as the
 * owners would (tasks/governance.ts), on a development chain:
 *
 *   1. deploy/ builds the suite with the governance stack (deploy/009_governance.ts) and proposes the timelock as the
 *      tree's governor;
 *   2. the Safe's owners sign (EIP-712) the timelock's acceptance of the role: one signature is refused, two queue it;
 *      its execution is refused before the delay and goes through after it; the old governor has lost its power;
 *   3. a real root creation, by the same path: proposed, signed, queued, shown pending, executed after the delay.
 *
 * Every outcome is checked on chain (lib/demo.ts's Narrator). Time moves only on the development chain.
 *
 *   npx hardhat run scripts/governance-demo.ts                          # in-process network
 *   CHAIN_TIME_UNIT=1000 npx hardhat run scripts/governance-demo.ts     # on a simulated PlatON (millisecond) clock
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AuthorityTree, SafeL2, TimelockController } from "../typechain-types";
import { deploymentAddress, requireDevelopmentChain } from "../lib/cli";
import { Narrator } from "../lib/demo";
import { OperationState, duration, readGovernanceFile, type PendingOperation } from "../lib/governance";
import { timeUnitOf } from "../lib/networks";

/** Run the demo on `hre`; returns how many checks passed. */
export async function governanceDemo(hre: HardhatRuntimeEnvironment): Promise<number> {
  const { ethers } = hre;
  const n = new Narrator(hre);
  requireDevelopmentChain((await ethers.provider.getNetwork()).chainId, hre.network.name, "The governance demo");
  const signers = await ethers.getSigners();
  const [deployer, regulator] = signers;
  const owners = signers.slice(10, 13);
  const unit = BigInt(timeUnitOf(hre.network.name));
  const run = (name: string, args: object) => hre.run(name, args);
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "",
      (e: Error) => e.message,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "governance-demo-"));

  n.step("deploy/ puts the governor behind a 2-of-3 Safe and a timelock");
  process.env.GOVERNANCE = "safe-timelock";
  process.env.GOVERNANCE_SAFE_OWNERS ||= owners.map((o) => o.address).join(",");
  if (hre.network.name === "hardhat" && unit === 1000n) {
    // A simulated PlatON: the chain on a millisecond clock before anything is deployed (as scripts/demo.ts does).
    const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
    if (latest < 1e11) await ethers.provider.send("evm_setNextBlockTimestamp", [latest * 1000]);
    await ethers.provider.send("evm_mine", []);
  }
  if (hre.network.name === "hardhat") await hre.deployments.fixture(["Governance", "suite"]);
  else await hre.run("deploy", { tags: "Governance" });
  const at = async <T>(artifact: string, name: string) =>
    (await ethers.getContractAt(artifact, await deploymentAddress(hre, name))) as unknown as T;
  const tree = await at<AuthorityTree>("AuthorityTree", "AuthorityTree");
  const safe = await at<SafeL2>("SafeL2", "GovernorSafe");
  const lock = await at<TimelockController>("TimelockController", "GovernorTimelock");
  const lockAddress = await lock.getAddress();
  const delay = await lock.getMinDelay();
  n.note(`Safe ${await safe.getAddress()}: ${await safe.getThreshold()} of ${(await safe.getOwners()).length} owners`);
  n.note(`timelock ${lockAddress}: delay ${duration(delay / unit)}`);
  n.check((await safe.getThreshold()) === 2n && (await safe.getOwners()).length === 3, "the Safe is 2-of-3");
  n.check(
    (await lock.hasRole(await lock.PROPOSER_ROLE(), await safe.getAddress())) &&
      (await lock.hasRole(await lock.EXECUTOR_ROLE(), await safe.getAddress())) &&
      !(await lock.hasRole(await lock.DEFAULT_ADMIN_ROLE(), deployer.address)),
    "the Safe alone proposes and executes on the timelock, which has no outside admin",
  );
  n.check((await tree.pendingOwner()) === lockAddress, "the tree's governor has proposed the timelock (step one)");

  /** Propose, sign, queue, wait and execute one action through the tasks; returns the file. */
  const govern = async (file: string, description: string, call: string, args: unknown[], early = false) => {
    await run("gov:propose", { out: file, description, contract: "AuthorityTree", call, args: JSON.stringify(args) });
    await run("gov:sign", { file, from: "10" });
    if (early) {
      const words = await refusal(run("gov:queue", { file }));
      console.log(`   refused: ${words}`);
      n.check(/1 of the 2 owner signatures needed/.test(words), "one owner's signature does not queue an action");
    }
    await run("gov:sign", { file, from: "12" });
    await run("gov:queue", { file });
    const pending: PendingOperation[] = await run("gov:pending", {});
    n.check(
      pending.some((p) => p.id === readGovernanceFile(file).id && p.state === OperationState.Waiting),
      `"${description}" is queued and waiting`,
    );
    await run("gov:sign", { file, from: "11" });
    await run("gov:sign", { file, from: "12" });
    if (early) {
      const words = await refusal(run("gov:execute", { file }));
      console.log(`   refused: ${words}`);
      n.check(/cannot run yet: executable from/.test(words), "the execution is refused before the delay");
    }
    const readyAt = await lock.getTimestamp(readGovernanceFile(file).id);
    await ethers.provider.send("evm_setNextBlockTimestamp", [Number(readyAt)]);
    await ethers.provider.send("evm_mine", []);
    n.note(`the delay has passed (${duration(delay / unit)})`);
    await run("gov:execute", { file });
  };

  n.step("the Safe's owners accept the governor role for the timelock (step two, itself a governance action)");
  await govern(path.join(dir, "accept.json"), "the timelock accepts the governor role", "acceptOwnership", [], true);
  n.check((await tree.governor()) === lockAddress, "the timelock is the tree's governor");
  await n.refused(
    "the old governor can no longer create a root",
    () => tree.connect(deployer).createRoot(regulator.address, 2n ** 39n, "too late"),
    "OwnableUnauthorizedAccount",
  );
  await n.refused(
    "no owner alone queues on the timelock",
    () => lock.connect(owners[0]).schedule(tree, 0, "0x", ethers.ZeroHash, ethers.ZeroHash, delay),
    "AccessControlUnauthorizedAccount",
  );

  n.step("a root is created through Safe -> timelock -> tree");
  const expiry = (await tree.currentTime()) + delay / unit + 10n * 365n * 86_400n; // seconds, as the tree counts
  await govern(path.join(dir, "root.json"), "root for Regulator X", "createRoot", [
    regulator.address,
    expiry.toString(),
    "Regulator X",
  ]);
  const rootId = await tree.rootCount();
  const root = await tree.node(rootId);
  n.check(root.account === regulator.address && (await tree.isValid(rootId)), `root #${rootId} is Regulator X's`);
  fs.rmSync(dir, { recursive: true, force: true });
  return n.summary();
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  governanceDemo(require("hardhat")).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
