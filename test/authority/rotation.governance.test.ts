/**
 * Issue 17, Keys: in production the governor is a TimelockController behind a Safe, so a root's lost key is replaced
 * by a governance action: two owners queue `replaceAccount(root, newKey, reason)`, the delay passes, two execute it.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { encodeBytes32String, id } from "ethers";
import hre, { deployments, ethers } from "hardhat";
import { deployed, deploymentAddress } from "../../lib/cli";
import {
  governanceFile,
  operation,
  operationId,
  packSignatures,
  safeTxOf,
  signSafeTx,
  type Stage,
  type TimelockOperation,
} from "../../lib/governance";
import type { AuthorityTree, SafeL2, TimelockController } from "../../typechain-types";
import { YEAR, nodeIdFrom, useClock } from "../helpers/fixtures";

const DELAY = 86_400n;
const ENV = ["GOVERNANCE", "GOVERNANCE_SAFE_OWNERS", "GOVERNANCE_SAFE_THRESHOLD", "GOVERNANCE_DELAY"] as const;

describe("17 keys: a root's key replaced through Safe -> timelock -> tree", function () {
  const saved = new Map<string, string | undefined>();
  after(function () {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("17 keys: the governor (a timelock behind a 2-of-3 Safe) replaces a root's lost key, not before the delay", async function () {
    await useClock(1);
    const signers = await ethers.getSigners();
    const [deployer, regulator] = signers;
    const owners = signers.slice(10, 13);
    const [outsider, newKey] = [signers[13], signers[14]];
    for (const k of ENV) saved.set(k, process.env[k]);
    process.env.GOVERNANCE = "safe-timelock";
    process.env.GOVERNANCE_SAFE_OWNERS = owners.map((o) => o.address).join(",");
    process.env.GOVERNANCE_SAFE_THRESHOLD = "2";
    process.env.GOVERNANCE_DELAY = DELAY.toString();
    await deployments.fixture(["Governance"]);
    const tree = await deployed<AuthorityTree>(hre, "AuthorityTree");
    const safe = (await ethers.getContractAt(
      "SafeL2",
      await deploymentAddress(hre, "GovernorSafe"),
    )) as unknown as SafeL2;
    const lock = (await ethers.getContractAt(
      "TimelockController",
      await deploymentAddress(hre, "GovernorTimelock"),
    )) as unknown as TimelockController;
    const { chainId } = await ethers.provider.getNetwork();
    const root = await nodeIdFrom(
      tree,
      tree.connect(deployer).createRoot(regulator.address, (await tree.currentTime()) + BigInt(YEAR), "X"),
    );

    /** Runs `stage` of `op` through the Safe, signed by `by`. */
    const through = async (op: TimelockOperation, stage: Stage, by: HardhatEthersSigner[]) => {
      const f = governanceFile({
        description: stage,
        chainId,
        safe: await safe.getAddress(),
        timelock: await lock.getAddress(),
        op,
        delay: DELAY,
        stage,
        nonce: await safe.nonce(),
      });
      const tx = safeTxOf(f);
      const sigs = await Promise.all(by.map((s) => signSafeTx(s, tx, chainId, f.safe)));
      return safe
        .connect(outsider)
        .execTransaction(
          tx.to,
          tx.value,
          tx.data,
          tx.operation,
          tx.safeTxGas,
          tx.baseGas,
          tx.gasPrice,
          tx.gasToken,
          tx.refundReceiver,
          packSignatures(sigs),
        );
    };
    const treeAddress = await tree.getAddress();
    // The timelock takes the governor role (deploy/009 proposed it).
    const accept = operation(treeAddress, tree.interface.encodeFunctionData("acceptOwnership"), id("accept"));
    await (await through(accept, "queue", [owners[0], owners[1]])).wait();
    await time.increase(DELAY);
    await (await through(accept, "execute", [owners[1], owners[2]])).wait();
    expect(await tree.governor()).to.equal(await lock.getAddress());
    // The deployer, no longer governor, cannot replace the root's key.
    const reason = encodeBytes32String("root key lost");
    await expect(tree.connect(deployer).replaceAccount(root, newKey.address, reason))
      .to.be.revertedWithCustomError(tree, "NotAncestor")
      .withArgs(deployer.address, root);

    const replace = operation(
      treeAddress,
      tree.interface.encodeFunctionData("replaceAccount", [root, newKey.address, reason]),
      id("replace"),
    );
    await (await through(replace, "queue", [owners[0], owners[2]])).wait();
    const readyAt = await lock.getTimestamp(operationId(replace));
    await time.setNextBlockTimestamp(readyAt - 1n);
    await expect(through(replace, "execute", [owners[0], owners[1]])).to.be.revertedWith("GS013"); // early
    await time.setNextBlockTimestamp(readyAt);
    await expect(through(replace, "execute", [owners[0], owners[1]]))
      .to.emit(tree, "NodeAccountRotated")
      .withArgs(root, regulator.address, newKey.address, await lock.getAddress(), 0, 0, reason);
    expect((await tree.node(root)).account).to.equal(newKey.address);
    expect(await tree.nodeOf(regulator.address, root)).to.equal(0n);
  });
});
