import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { moneyWorld as sharedMoneyWorld, requestRedemption } from "./helpers";

// This file's own fixture function (loadFixture keys its snapshots by function).
const moneyWorld = () => sharedMoneyWorld();

const ref = ethers.encodeBytes32String("wire");
const DAY = 86_400n;

/**
 * The desk's own refusals, each with the terms or the token it names: a registration is once per token and only
 * with terms the reserve rule can compute with; an unregistered address has no policy; the open requests are paged.
 */
describe("Monetary desk: registration and views refuse what they cannot serve (issue 16)", () => {
  it("16: a token registers its terms once; terms with no cap, no rate, no or too long a period, a fractional ratio or an overflowing cap are refused (InvalidTerms)", async () => {
    const { desk } = await loadFixture(moneyWorld);
    const [, , , , , , , , a, b] = await ethers.getSigners();
    const wired = {
      tree: ethers.ZeroAddress,
      assets: ethers.ZeroAddress,
      venues: ethers.ZeroAddress,
      issuer: a.address,
      issuerNode: 1n,
      root: 1n,
    };
    const good = { supplyCap: 1_000_000n, mintRate: 1_000n, mintPeriod: DAY, reserveRatioBps: 10_000n };
    const maxPeriod = await desk.MAX_MINT_PERIOD();
    for (const bad of [
      { ...good, supplyCap: 0n },
      { ...good, mintRate: 0n },
      { ...good, mintPeriod: 0n },
      { ...good, mintPeriod: maxPeriod + 1n },
      { ...good, reserveRatioBps: 9_999n },
      { ...good, supplyCap: ethers.MaxUint256 / 10_000n + 1n },
    ]) {
      await expect(desk.connect(b).register(bad, wired))
        .to.be.revertedWithCustomError(desk, "InvalidTerms")
        .withArgs(bad.supplyCap, bad.mintRate, bad.mintPeriod, bad.reserveRatioBps);
    }
    await desk.connect(a).register(good, wired);
    await expect(desk.connect(a).register(good, wired))
      .to.be.revertedWithCustomError(desk, "AlreadyRegistered")
      .withArgs(a.address);
  });

  it("16: an address that never registered has no policy (TokenNotRegistered), and the open requests are read in pages", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    await expect(desk.mintAllowance(alice.address))
      .to.be.revertedWithCustomError(desk, "TokenNotRegistered")
      .withArgs(alice.address);
    await money.connect(issuer).mint(alice.address, 300n);
    const ids = [];
    for (const amount of [100n, 100n, 100n]) ids.push(await requestRedemption(money, alice, amount, ref));
    expect(await desk.openRedemptions(money, 0, 2)).to.deep.equal(ids.slice(0, 2));
    expect(await desk.openRedemptions(money, 2, 2)).to.deep.equal(ids.slice(2));
    expect(await desk.openRedemptions(money, 5, 2)).to.deep.equal([]);
    await expect(desk.openRedemptions(money, 0, 101))
      .to.be.revertedWithCustomError(desk, "PageTooLong")
      .withArgs(101, 100);
  });
});
