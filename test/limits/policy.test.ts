import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { AmlLimits } from "../../typechain-types";
import { ClientClass } from "../../lib/classes";
import { deployAssets } from "../helpers/fixtures";
import { LimitKind } from "../../lib/limits";

const { INSTITUTIONAL, ACCREDITED, RETAIL } = ClientClass;

/** The asset world plus AmlLimits and a policy owned by the KYC sub-agent's node (depth 2, under the bank at depth 1), created by the sub-agent. */
async function policyWorld() {
  const f = await deployAssets(1);
  const aml = (await ethers.deployContract("AmlLimits", [
    await f.tree.getAddress(),
    await f.registry.getAddress(),
    1,
  ])) as unknown as AmlLimits;
  await (await aml.connect(f.subAgent).createPolicy(f.nodes.kycAgent)).wait();
  const token = await f.usd.getAddress();
  return { ...f, aml, policy: 1n, token };
}

describe("AML limits: policies and rank discipline (issue 16)", () => {
  it("16.limits: a lower rank may tighten but not loosen a higher rank's limit; a higher rank's lift binds it (cleared-by)", async () => {
    const { aml, policy, token, bank, subAgent, regulator } = await loadFixture(policyWorld);
    const K = LimitKind.DepositPerDay;
    await expect(aml.connect(bank).setLimit(policy, token, ACCREDITED, K, 1000n))
      .to.emit(aml, "LimitSet")
      .withArgs(policy, token, ACCREDITED, K, 1000n, bank.address, 1, false);
    // The sub-agent (depth 2) tightens; the limit keeps the bank's say.
    await expect(aml.connect(subAgent).setLimit(policy, token, ACCREDITED, K, 500n))
      .to.emit(aml, "LimitSet")
      .withArgs(policy, token, ACCREDITED, K, 500n, subAgent.address, 1, false);
    await expect(aml.connect(subAgent).setLimit(policy, token, ACCREDITED, K, 800n))
      .to.be.revertedWithCustomError(aml, "LimitSetByHigherAuthority")
      .withArgs(policy, token, ACCREDITED, K, 1, 2);
    await expect(aml.connect(subAgent).setLimit(policy, token, ACCREDITED, K, 0n))
      .to.be.revertedWithCustomError(aml, "LimitSetByHigherAuthority")
      .withArgs(policy, token, ACCREDITED, K, 1, 2);
    // The root loosens: the cleared-by mark at rank 0.
    await expect(aml.connect(regulator).setLimit(policy, token, ACCREDITED, K, 2000n))
      .to.emit(aml, "LimitSet")
      .withArgs(policy, token, ACCREDITED, K, 2000n, regulator.address, 0, true);
    await expect(aml.connect(bank).setLimit(policy, token, ACCREDITED, K, 1500n))
      .to.be.revertedWithCustomError(aml, "ClearedByHigherAuthority")
      .withArgs(policy, token, ACCREDITED, K, 0, 1);
    // The root restricts again: the mark is replaced; the bank may tighten further, not remove.
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, K, 1500n)).wait();
    await (await aml.connect(bank).setLimit(policy, token, ACCREDITED, K, 1200n)).wait();
    expect(await aml.limit(policy, token, ACCREDITED, K)).to.deep.equal([1200n, 0n, false, true]);
    await expect(aml.connect(bank).setLimit(policy, token, ACCREDITED, K, 0n))
      .to.be.revertedWithCustomError(aml, "LimitSetByHigherAuthority")
      .withArgs(policy, token, ACCREDITED, K, 0, 1);
    // A lift by the restrictor's own rank lets it restrict again.
    await (await aml.connect(bank).setLimit(policy, token, RETAIL, K, 10n)).wait();
    await (await aml.connect(bank).setLimit(policy, token, RETAIL, K, 0n)).wait();
    await (await aml.connect(bank).setLimit(policy, token, RETAIL, K, 10n)).wait();
  });

  it("16.limits: refusals: outsiders, unknown policies, bad classes, values beyond the window's counters", async () => {
    const { aml, policy, token, bank, outsider, tree, nodes } = await loadFixture(policyWorld);
    const K = LimitKind.Holding;
    await expect(aml.connect(outsider).setLimit(policy, token, ACCREDITED, K, 1n))
      .to.be.revertedWithCustomError(aml, "NotLimitsAuthority")
      .withArgs(policy, outsider.address);
    await expect(aml.connect(outsider).createPolicy(nodes.institution))
      .to.be.revertedWithCustomError(aml, "NotLimitsAuthority")
      .withArgs(0, outsider.address);
    await expect(aml.connect(bank).setLimit(9, token, ACCREDITED, K, 1n))
      .to.be.revertedWithCustomError(aml, "UnknownLimitsPolicy")
      .withArgs(9);
    for (const bad of [0, 3, 16]) {
      await expect(aml.connect(bank).setLimit(policy, token, bad, K, 1n))
        .to.be.revertedWithCustomError(aml, "InvalidClientClass")
        .withArgs(bad);
    }
    const max = (1n << 96n) - 1n;
    await expect(aml.connect(bank).setLimit(policy, token, ACCREDITED, K, max + 1n))
      .to.be.revertedWithCustomError(aml, "LimitTooLarge")
      .withArgs(max + 1n, max);
    expect(await aml.policyOwner(policy)).to.equal(nodes.kycAgent);
    expect(await aml.policyExists(2)).to.equal(false);
    expect(await tree.getAddress()).to.equal(await aml.TREE());
  });

  it("16.limits: an identity of several classes gets the most permissive of its classes' limits; a class without one is unlimited", async () => {
    const { aml, policy, token, bank } = await loadFixture(policyWorld);
    const K = LimitKind.OrderNotional;
    await (await aml.connect(bank).setLimit(policy, token, INSTITUTIONAL, K, 100n)).wait();
    await (await aml.connect(bank).setLimit(policy, token, ACCREDITED, K, 300n)).wait();
    expect(await aml.effectiveLimit(policy, token, INSTITUTIONAL, K)).to.equal(100n);
    expect(await aml.effectiveLimit(policy, token, INSTITUTIONAL | ACCREDITED, K)).to.equal(300n);
    expect(await aml.effectiveLimit(policy, token, INSTITUTIONAL | RETAIL, K)).to.equal(0n);
    expect(await aml.effectiveLimit(policy, token, 0, K)).to.equal(0n);
  });
});
