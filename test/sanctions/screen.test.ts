import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { exchangeSeconds } from "../helpers/exchange";

// This file's own fixture function (loadFixture keys its snapshots by function).
const world = () => exchangeSeconds();

const why = ethers.encodeBytes32String("OFAC SDN 2026-12");

/** The tree's screening view as its consumers call it: two roots, either of which may list the party. */
describe("Sanctions: screening by two roots (issue 16)", () => {
  it("16: requireNotSanctioned screens both roots it is given, skips root 0, and names the listing root and its reason", async () => {
    const f = await loadFixture(world);
    const { tree, nodes, regulator, traders } = f;
    const registry = await f.registry.getAddress();
    const wallet = traders[2].address;
    await tree.connect(regulator).addSanction(nodes.r1, wallet, 0, why, registry);
    // Root 0 is "no root": nothing to screen.
    await tree.requireNotSanctioned(0, 0, wallet, 0);
    // R2 has not listed the wallet; R1, named second, has.
    await tree.requireNotSanctioned(nodes.r2, nodes.r2, wallet, 0);
    await expect(tree.requireNotSanctioned(nodes.r2, nodes.r1, wallet, 0))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r1, wallet, 0, why);
    await expect(tree.requireNotSanctioned(nodes.r1, 0, wallet, 0))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r1, wallet, 0, why);
  });
});
