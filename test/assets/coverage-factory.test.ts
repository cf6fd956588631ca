import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { TERMS, moneyWorld as sharedMoney } from "../monetary/helpers";

// This file's own fixture function: loadFixture keys snapshots by function.
const moneyWorld = () => sharedMoney();

describe("Token factory: what it accepts from its deployer", () => {
  it("a deployer handing back an address with no code is refused (TokenMiswired)", async () => {
    const { tree, eligibility, venues, desk, governor, actors, nodes, policyId } = await loadFixture(moneyWorld);
    const nothing = ethers.Wallet.createRandom().address;
    const rogue = await ethers.deployContract("RogueTokenDeployer", [desk, nothing]);
    const factory = await ethers.deployContract("TokenFactory", [tree, eligibility, venues, rogue]);
    const registry = await ethers.deployContract("AssetRegistry", [tree, factory, 1]);
    await (await factory.bindAssetRegistry(registry)).wait();
    await (await tree.connect(governor).setReporter(registry, 2)).wait(); // Enroller
    await expect(registry.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, policyId, TERMS))
      .to.be.revertedWithCustomError(factory, "TokenMiswired")
      .withArgs(nothing);
  });
});
