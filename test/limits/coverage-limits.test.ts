import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { ClientClass } from "../../lib/classes";
import { ACCREDITED, LimitKind, limitsWorld } from "./fixture";

// This file's own fixture functions: loadFixture keys snapshots by function.
async function attached() {
  const w = await limitsWorld();
  await (await w.token.connect(w.actors.issuer).setLimits(w.aml, w.policy)).wait();
  return w;
}

async function capped() {
  const w = await attached();
  await (await w.aml.connect(w.regulator).setLimit(w.policy, w.token, ACCREDITED, LimitKind.Holding, 150n)).wait();
  return w;
}

describe("AML limits: edges of the holding cap and the headroom view", () => {
  it("a policy with no holding cap for the identity's classes lets every receipt through", async () => {
    const { token, aml, policy, traders, actors } = await loadFixture(attached);
    const [alice] = traders;
    expect(await aml.effectiveLimit(policy, token, ACCREDITED, LimitKind.Holding)).to.equal(0n);
    await expect(token.connect(actors.issuer).mint(alice.address, 10n ** 9n))
      .to.emit(token, "Transfer")
      .withArgs(ethers.ZeroAddress, alice.address, 10n ** 9n);
  });

  it("a single receipt above the cap into an identity holding nothing is refused with the whole cap as its room", async () => {
    const { token, aml, traders, identities, actors } = await loadFixture(capped);
    const [alice] = traders;
    expect(await token.balanceOf(alice)).to.equal(0n); // her FUNDS are in the venue
    await expect(token.connect(actors.issuer).mint(alice.address, 151n))
      .to.be.revertedWithCustomError(aml, "HoldingCapExceeded")
      .withArgs(identities[0], await token.getAddress(), 151n, 150n, 0);
    await expect(token.connect(actors.issuer).mint(alice.address, 150n)).to.emit(token, "Transfer");
  });

  it("headroom with no cap reads unlimited: everything fits now and nothing is to be released", async () => {
    const { aml, policy, exchange, identities, usd } = await loadFixture(limitsWorld);
    const [cap, used, allowedNow, nextRelease] = await aml.headroom(
      exchange,
      policy,
      0,
      identities[0],
      usd,
      LimitKind.DepositPerDay,
    );
    expect([cap, used, allowedNow, nextRelease]).to.deep.equal([0n, 0n, ethers.MaxUint256, 0n]);
  });

  it("an identity of several classes keeps its most permissive limit whatever the classes' bit order", async () => {
    const { aml, policy, regulator, usd } = await loadFixture(limitsWorld);
    const K = LimitKind.OrderNotional;
    const { INSTITUTIONAL } = ClientClass;
    // The lower bit's limit is the larger: the higher bit's smaller one does not lower it.
    await (await aml.connect(regulator).setLimit(policy, usd, INSTITUTIONAL, K, 300n)).wait();
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, K, 100n)).wait();
    expect(await aml.effectiveLimit(policy, usd, INSTITUTIONAL | ACCREDITED, K)).to.equal(300n);
    expect(await aml.effectiveLimit(policy, usd, ACCREDITED, K)).to.equal(100n);
  });
});
