import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { YEAR, nodeIdFrom } from "../helpers/fixtures";
import { sanctionsWorld } from "./fixture";

const ZERO = ethers.ZeroAddress;
const why = ethers.encodeBytes32String("OFAC SDN 2026-12");

// This file's own fixture function: loadFixture keys snapshots by function.
const world = () => sanctionsWorld();

describe("Sanctions: edges of the lists", () => {
  it("an identity listed under another root only passes this root's screen, and fails that root's", async () => {
    const { tree, nodes, actors, identities, registryAddress } = await loadFixture(world);
    await (
      await tree.connect(actors.regulator2).addSanction(nodes.r2, ZERO, identities[1], why, registryAddress)
    ).wait();
    await tree.requireNotSanctioned(nodes.r1, nodes.r1, ZERO, identities[1]);
    await expect(tree.requireNotSanctioned(nodes.r1, nodes.r2, ZERO, identities[1]))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r2, ZERO, identities[1], why);
  });

  it("a reporter registry answering to another tree is no client registry of this one (UnknownClientRegistry)", async () => {
    const { tree, nodes, governor, officer, traders } = await loadFixture(world);
    const otherTree = await ethers.deployContract("AuthorityTree", [governor.address, 1]);
    const foreign = await ethers.deployContract("IdentityRegistry", [await otherTree.getAddress(), 1]);
    await (await tree.connect(governor).setReporter(foreign, 1)).wait(); // a reporter here, all the same
    await expect(tree.connect(officer).addSanction(nodes.r1, traders[0], 0, why, foreign))
      .to.be.revertedWithCustomError(tree, "UnknownClientRegistry")
      .withArgs(await foreign.getAddress());
  });

  it("a party is listed under at most MAX_SANCTION_ROOTS roots (TooManySanctionRoots)", async () => {
    const { tree, nodes, governor, regulator, clock, traders, registryAddress, actors } = await loadFixture(world);
    const max = await tree.MAX_SANCTION_ROOTS();
    const party = traders[3].address;
    const expiry = (await clock.now()) + YEAR;
    const roots = [nodes.r1, nodes.r2];
    while (BigInt(roots.length) < max + 1n) {
      roots.push(
        await nodeIdFrom(tree, tree.connect(governor).createRoot(regulator.address, expiry, `Root ${roots.length}`)),
      );
    }
    const holderOf = (root: bigint) => (root === nodes.r2 ? actors.regulator2 : regulator);
    for (const root of roots.slice(0, Number(max))) {
      await (await tree.connect(holderOf(root)).addSanction(root, party, 0, why, registryAddress)).wait();
    }
    expect(await tree.sanctionRoots(party, 0)).to.have.length(Number(max));
    const last = roots[Number(max)];
    await expect(tree.connect(regulator).addSanction(last, party, 0, why, registryAddress))
      .to.be.revertedWithCustomError(tree, "TooManySanctionRoots")
      .withArgs(party, 0, max);
  });
});
