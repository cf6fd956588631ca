import { expect } from "chai";
import { ethers } from "hardhat";
import { rebuildTree } from "../../lib/replay/authority";
import { reconcileTree } from "../../lib/replay/reconcile";
import type { AuthorityTree } from "../../typechain-types";
import { deployAuthority } from "../helpers/fixtures";

/** Rebuild the tree from its logs alone, as audit:replay does. */
async function rebuilt(tree: AuthorityTree) {
  const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0, toBlock: "latest" });
  const times = new Map<number, bigint>();
  for (const l of logs) times.set(l.blockNumber, BigInt((await ethers.provider.getBlock(l.blockNumber))!.timestamp));
  return rebuildTree(tree.interface, logs, (l) => times.get(l.blockNumber)!);
}

const differences = async (tree: AuthorityTree) =>
  (await reconcileTree(tree, await rebuilt(tree))).list.map((d) => `${d.entity}.${d.field}`);

describe("17: the audit replayer follows the governor", function () {
  it("17: rebuilds the governor and its pending successor through proposal, withdrawal, acceptance and renunciation", async function () {
    const { tree, governor, outsider, bank } = await deployAuthority(1);
    let r = await rebuilt(tree);
    expect(r.governor).to.equal(governor.address);
    expect(r.pendingGovernor).to.equal(ethers.ZeroAddress);
    expect(await differences(tree)).to.deep.equal([]);

    await tree.connect(governor).transferOwnership(bank.address);
    r = await rebuilt(tree);
    expect([r.governor, r.pendingGovernor]).to.deep.equal([governor.address, bank.address]);
    expect(await differences(tree)).to.deep.equal([]);

    await tree.connect(governor).transferOwnership(ethers.ZeroAddress); // withdrawn
    await tree.connect(governor).transferOwnership(outsider.address);
    await tree.connect(outsider).acceptOwnership();
    r = await rebuilt(tree);
    expect([r.governor, r.pendingGovernor]).to.deep.equal([outsider.address, ethers.ZeroAddress]);
    expect(await differences(tree)).to.deep.equal([]);

    await tree.connect(outsider).transferOwnership(bank.address);
    await tree.connect(outsider).renounceGovernor(await tree.getAddress());
    r = await rebuilt(tree);
    expect([r.governor, r.pendingGovernor]).to.deep.equal([ethers.ZeroAddress, ethers.ZeroAddress]);
    expect(r.governorRenounced).to.equal(true);
    expect(await differences(tree)).to.deep.equal([]);
  });

  it("17: reports a rebuilt governor or pending governor that differs from the tree's views", async function () {
    const { tree, governor, bank, outsider } = await deployAuthority(1);
    await tree.connect(governor).transferOwnership(bank.address);
    const r = await rebuilt(tree);
    r.governor = outsider.address;
    r.pendingGovernor = ethers.ZeroAddress;
    const found = (await reconcileTree(tree, r)).list.map((d) => `${d.entity}.${d.field}`);
    expect(found).to.include.members(["tree.governor", "tree.pendingGovernor"]);
  });
});
