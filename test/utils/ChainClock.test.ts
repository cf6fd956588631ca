import { expect } from "chai";
import { ethers } from "hardhat";
import { OPEN_TERMS } from "../../lib/monetary";

/**
 * Every contract that depends on another one of the suite refuses a dependency running on another clock. Real
 * deployments cannot produce that mismatch (each ChainClock checks its unit against the chain), so a stub stands in
 * for the dependency.
 */
describe("ChainClock: dependencies must share the clock", function () {
  async function stubOn(unit: number) {
    return ethers.deployContract("ClockUnitStub", [unit]);
  }

  it("IdentityRegistry refuses an authority tree on another clock", async function () {
    const stub = await stubOn(1000);
    const factory = await ethers.getContractFactory("IdentityRegistry");
    await expect(factory.deploy(await stub.getAddress(), 1))
      .to.be.revertedWithCustomError(factory, "ClockMismatch")
      .withArgs(await stub.getAddress(), 1, 1000);
  });

  it("AssetRegistry refuses an authority tree on another clock", async function () {
    const stub = await stubOn(1000);
    const factory = await ethers.getContractFactory("AssetRegistry");
    await expect(factory.deploy(await stub.getAddress(), ethers.ZeroAddress, 1))
      .to.be.revertedWithCustomError(factory, "ClockMismatch")
      .withArgs(await stub.getAddress(), 1, 1000);
  });

  it("PairRegistry refuses an asset registry on another clock", async function () {
    const stub = await stubOn(1000);
    const factory = await ethers.getContractFactory("PairRegistry");
    await expect(factory.deploy(ethers.ZeroAddress, await stub.getAddress(), ethers.ZeroAddress, 1))
      .to.be.revertedWithCustomError(factory, "ClockMismatch")
      .withArgs(await stub.getAddress(), 1, 1000);
  });

  it("CompliantToken refuses an asset registry on another clock", async function () {
    const stub = await stubOn(1000);
    const factory = await ethers.getContractFactory("CompliantToken");
    const d = {
      tree: ethers.ZeroAddress,
      eligibility: ethers.ZeroAddress,
      venues: ethers.ZeroAddress,
      assets: await stub.getAddress(),
      root: 1,
      policyId: 1,
      timeUnit: 1,
      desk: ethers.ZeroAddress,
      terms: OPEN_TERMS,
    };
    await expect(factory.deploy("X", "X", 6, ethers.ZeroAddress, d))
      .to.be.revertedWithCustomError(factory, "ClockMismatch")
      .withArgs(await stub.getAddress(), 1, 1000);
  });
});
