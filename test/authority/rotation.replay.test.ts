/**
 * Issue 17, Keys: the audit replayer follows key rotations. Rebuilt from the tree's events alone, every node's holder,
 * each account's node per root (the rotated-out ones' empty), their bars and the pending rotations equal the views.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { rebuildTree } from "../../lib/replay/authority";
import { reconcileTree } from "../../lib/replay/reconcile";
import type { AuthorityTree } from "../../typechain-types";
import { DAY, YEAR, deployAuthority, nodeIdFrom, scopeMask } from "../helpers/fixtures";

const REASON = ethers.encodeBytes32String("key lost");

async function replayDifferences(tree: AuthorityTree) {
  const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0, toBlock: "latest" });
  const times = new Map<number, bigint>();
  for (const n of new Set(logs.map((l) => l.blockNumber))) {
    times.set(n, BigInt((await ethers.provider.getBlock(n))!.timestamp));
  }
  const rebuilt = rebuildTree(tree.interface, logs, (log) => times.get(log.blockNumber)!);
  return { rebuilt, differences: (await reconcileTree(tree, rebuilt)).list };
}

describe("17 keys: the audit replayer follows key rotations", function () {
  it("17 keys: a rotation by the holder, a forced replacement, a root's, pending and cancelled proposals and a re-grant replay to the views", async function () {
    const { tree, clock, governor, regulator, bank, subAgent, provider, outsider, rest } = await deployAuthority(1);
    const [k1, k2, k3, k4, k5] = rest;
    const root = await nodeIdFrom(
      tree,
      tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "X"),
    );
    const bankNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, bank.address, scopeMask("DELEGATE", "KYC"), await clock.in(200 * DAY)),
    );
    const subNode = await nodeIdFrom(
      tree,
      tree.connect(bank).grant(bankNode, subAgent.address, scopeMask("KYC"), await clock.in(100 * DAY)),
    );
    const otherNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, provider.address, scopeMask("KYC"), await clock.in(100 * DAY)),
    );
    // The holder rotates in two steps (after a replaced proposal).
    await tree.connect(bank).proposeRotation(bankNode, k5.address);
    await tree.connect(bank).proposeRotation(bankNode, k1.address);
    await tree.connect(k1).acceptRotation(bankNode);
    // A forced replacement by the (new) parent key, over a pending proposal.
    await tree.connect(subAgent).proposeRotation(subNode, k5.address);
    await tree.connect(k1).replaceAccount(subNode, k2.address, REASON);
    // The governor replaces the root's key; the root's new key replaces another node's.
    await tree.connect(governor).replaceAccount(root, k3.address, REASON);
    await tree.connect(k3).replaceAccount(otherNode, k4.address, REASON);
    // A proposal left pending, one cancelled.
    await tree.connect(k2).proposeRotation(subNode, outsider.address);
    await tree.connect(k4).proposeRotation(otherNode, k5.address);
    await tree.connect(k4).proposeRotation(otherNode, ethers.ZeroAddress);
    // A rotated-out key granted again, as a new node (from the rank that replaced it).
    await tree.connect(k3).grant(root, subAgent.address, scopeMask("KYC"), await clock.in(50 * DAY));

    const { rebuilt, differences } = await replayDifferences(tree);
    expect(differences).to.deep.equal([]);
    expect(rebuilt.nodes.get(bankNode)!.account).to.equal(k1.address);
    expect(rebuilt.nodeOf.get(`${bank.address.toLowerCase()}:${root}`)).to.equal(undefined);
    expect(rebuilt.bars.get(`${regulator.address.toLowerCase()}:${root}`)).to.equal(0n);
    expect(rebuilt.bars.get(`${provider.address.toLowerCase()}:${root}`)).to.equal(0n);
    expect(rebuilt.bars.get(`${bank.address.toLowerCase()}:${root}`)).to.equal(0n); // its lease was set at the root
    expect(rebuilt.pendingRotations.get(subNode)).to.equal(outsider.address);
    expect(rebuilt.pendingRotations.has(otherNode)).to.equal(false);
  });

  it("17 review L1: a pending rotation cleared by a suspension or a revocation replays to the views", async function () {
    const { tree, clock, governor, regulator, bank, provider, rest } = await deployAuthority(1);
    const [k1, k2] = rest;
    const root = await nodeIdFrom(
      tree,
      tree.connect(governor).createRoot(regulator.address, await clock.in(YEAR), "X"),
    );
    const bankNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, bank.address, scopeMask("DELEGATE", "KYC"), await clock.in(200 * DAY)),
    );
    const otherNode = await nodeIdFrom(
      tree,
      tree.connect(regulator).grant(root, provider.address, scopeMask("KYC"), await clock.in(100 * DAY)),
    );
    await tree.connect(bank).proposeRotation(bankNode, k1.address);
    await tree.connect(regulator).suspend(bankNode, REASON);
    await tree.connect(regulator).resume(bankNode);
    await tree.connect(provider).proposeRotation(otherNode, k2.address);
    await tree.connect(regulator).revoke(otherNode, REASON);
    const { rebuilt, differences } = await replayDifferences(tree);
    expect(differences).to.deep.equal([]);
    expect(rebuilt.pendingRotations.size).to.equal(0);
  });
});
