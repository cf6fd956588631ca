import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { OPEN_TERMS } from "../../lib/monetary";
import { setNextBlockTime } from "../helpers/fixtures";
import { exchangeSeconds as sharedExchange } from "../helpers/exchange";
import { deskOf, moneyWorld, requestRedemption } from "./helpers";

// This file's own fixture function: loadFixture keys snapshots by function, and a snapshot of the shared one taken in
// an earlier file may have been reverted away since (hardhat-deploy's deployments.fixture() reverts to its own).
const exchangeSeconds = () => sharedExchange();

const DAY = 86_400;
const ref = ethers.encodeBytes32String("req-1");
const payout = ethers.encodeBytes32String("wire-1");
const why = ethers.encodeBytes32String("kyc mismatch");

describe("Monetary policy of a native token (issue 16)", () => {
  it("16.1: the supply cap is fixed at creation and only lowered, never below the supply (locked included)", async () => {
    const { money, desk, actors, regulator, outsider, clock } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    expect((await desk.policy(money)).supplyCap).to.equal(10_000n);
    await expect(desk.connect(outsider).lowerSupplyCap(money, 5_000n))
      .to.be.revertedWithCustomError(desk, "NotMonetaryAuthority")
      .withArgs(await money.getAddress(), outsider.address);
    await expect(desk.connect(issuer).lowerSupplyCap(money, 10_000n))
      .to.be.revertedWithCustomError(desk, "CapNotLowered")
      .withArgs(await money.getAddress(), 10_000n, 10_000n);
    await money.connect(issuer).mint(alice.address, 900n);
    await requestRedemption(money, alice, 300n, ref); // locked: still in the supply
    await expect(desk.connect(regulator).lowerSupplyCap(money, 899n))
      .to.be.revertedWithCustomError(desk, "CapBelowSupply")
      .withArgs(await money.getAddress(), 899n, 900n);
    await expect(desk.connect(regulator).lowerSupplyCap(money, 1_200n))
      .to.emit(desk, "SupplyCapLowered")
      .withArgs(await money.getAddress(), 10_000n, 1_200n, regulator.address, 0);
    // The next day's window would allow 1,000, the cap only 300: the error names what is allowed now.
    await clock.advance(DAY);
    await expect(money.connect(issuer).mint(alice.address, 301n))
      .to.be.revertedWithCustomError(desk, "SupplyCapExceeded")
      .withArgs(await money.getAddress(), 1_201n, 1_200n, 300n);
    await money.connect(issuer).mint(alice.address, 300n);
    expect((await desk.mintAllowance(money))[0]).to.equal(0n);
  });

  it("16.2: at most the rate per period; the refusal names the amount allowed now and when more comes", async () => {
    const { money, desk, actors, clock } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    const start = (await desk.policy(money)).windowStart;
    await money.connect(issuer).mint(alice.address, 600n);
    const [allowed, moreAt] = await desk.mintAllowance(money);
    expect([allowed, moreAt]).to.deep.equal([400n, start + BigInt(DAY)]);
    await expect(money.connect(issuer).mint(alice.address, 401n))
      .to.be.revertedWithCustomError(desk, "MintRateExceeded")
      .withArgs(await money.getAddress(), 401n, 1_000n, 400n, start + BigInt(DAY));
    await money.connect(issuer).mint(alice.address, 400n);
    // The whole rate is used: nothing more until the window ends.
    await expect(money.connect(issuer).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(desk, "MintRateExceeded")
      .withArgs(await money.getAddress(), 1n, 1_000n, 0n, start + BigInt(DAY));
    // At the next window's start the full rate is available again.
    await setNextBlockTime(clock, Number(moreAt));
    await expect(money.connect(issuer).mint(alice.address, 1_000n))
      .to.emit(desk, "MintCounted")
      .withArgs(await money.getAddress(), 1_000n, moreAt, 1_000n);
  });

  it("16.3: a lowered rate is raised only at the lowering rank or above; cleared-by rank bars a lower re-lowering", async () => {
    const { money, desk, actors, regulator } = await loadFixture(moneyWorld);
    const { issuer } = actors;
    const token = await money.getAddress();
    await expect(desk.connect(regulator).setMintRate(money, 500n))
      .to.emit(desk, "MintRateSet")
      .withArgs(token, 1_000n, 500n, regulator.address, 0, 0, false);
    // The issuer (rank 1) may tighten further, but the regulator's lowering still binds a raise.
    await desk.connect(issuer).setMintRate(money, 400n);
    await expect(desk.connect(issuer).setMintRate(money, 450n))
      .to.be.revertedWithCustomError(desk, "MintRateSetByHigherAuthority")
      .withArgs(token, 0, 1);
    await expect(desk.connect(regulator).setMintRate(money, 1_001n))
      .to.be.revertedWithCustomError(desk, "MintRateRefused")
      .withArgs(token, 1_001n, 400n, 1_000n);
    await expect(desk.connect(regulator).setMintRate(money, 800n))
      .to.emit(desk, "MintRateSet")
      .withArgs(token, 400n, 800n, regulator.address, 0, 0, true);
    await expect(desk.connect(issuer).setMintRate(money, 700n))
      .to.be.revertedWithCustomError(desk, "MintRateClearedByHigherAuthority")
      .withArgs(token, 0, 1);
    await desk.connect(regulator).setMintRate(money, 700n); // the regulator may restrict again
    expect((await desk.policy(money)).mintRate).to.equal(700n);
  });

  it("16.4: the reserve ratio demands backing: supply x ratio <= reserve x 10,000, and never below 100%", async () => {
    const { money, desk, assets, actors, nodes, policyId, asset, attestReserve, clock } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    await attestReserve(asset, 1_250n); // at 125%, backs 1,000
    await money.connect(issuer).mint(alice.address, 1_000n);
    await clock.advance(DAY); // the rate allows more: the reserve is what refuses
    await expect(money.connect(issuer).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(money, "ReserveExceeded")
      .withArgs(1_001n, 0n, 1_250n);
    const fractional = { ...OPEN_TERMS, reserveRatioBps: 9_999 };
    await expect(assets.connect(issuer).issueNative(nodes.r1, "Frac", "FRC", 6, policyId, fractional))
      .to.be.revertedWithCustomError(desk, "InvalidTerms")
      .withArgs(fractional.supplyCap, fractional.mintRate, fractional.mintPeriod, 9_999);
  });

  it("16.5: a redemption locks the tokens in escrow (in supply, not movable); settled burns, rejected returns", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    const { issuer, alice, bob } = actors;
    const token = await money.getAddress();
    await money.connect(issuer).mint(alice.address, 1_000n);
    await expect(desk.connect(alice).requestRedemption(money, 400n, ref))
      .to.emit(desk, "RedemptionRequested")
      .withArgs(token, 1n, alice.address, alice.address, 400n, ref);
    await requestRedemption(money, alice, 100n, ref);
    expect(await money.balanceOf(desk)).to.equal(500n);
    expect(await money.totalSupply()).to.equal(1_000n);
    // The escrow can be neither sent from nor sent to: the desk is no eligible holder.
    await expect(money.connect(alice).transfer(desk, 1n)).to.be.revertedWithCustomError(money, "NotEligible");
    await expect(money.connect(alice).lockForRedemption(alice.address, alice.address, 1n))
      .to.be.revertedWithCustomError(money, "NotDesk")
      .withArgs(alice.address);
    expect((await desk.policy(money)).outstanding).to.equal(500n);
    expect(await desk.openRedemptions(money, 0, 10)).to.deep.equal([1n, 2n]);
    await expect(desk.connect(bob).confirmRedemption(money, 1n, payout))
      .to.be.revertedWithCustomError(desk, "NotMonetaryAuthority")
      .withArgs(token, bob.address);
    await expect(desk.connect(issuer).confirmRedemption(money, 1n, payout))
      .to.emit(money, "Redeemed")
      .withArgs(alice.address, 400n, payout)
      .and.to.emit(desk, "RedemptionSettled")
      .withArgs(token, 1n, issuer.address, payout, 1);
    await expect(desk.connect(issuer).rejectRedemption(money, 2n, why))
      .to.emit(desk, "RedemptionRejected")
      .withArgs(token, 2n, issuer.address, why, 1);
    expect(await money.balanceOf(alice.address)).to.equal(600n);
    expect(await money.totalSupply()).to.equal(600n);
    expect(await money.totalRedeemed()).to.equal(400n);
    expect(await money.balanceOf(desk)).to.equal(0n);
    const p = await desk.policy(money);
    expect([p.openCount, p.outstanding, p.redemptionCount]).to.deep.equal([0n, 0n, 2n]);
  });

  it("16.6: a request is settled at most once, and never lost", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    const token = await money.getAddress();
    await money.connect(issuer).mint(alice.address, 1_000n);
    const id = await requestRedemption(money, alice, 250n, ref);
    await desk.connect(issuer).confirmRedemption(money, id, payout);
    await expect(desk.connect(issuer).confirmRedemption(money, id, payout))
      .to.be.revertedWithCustomError(desk, "RedemptionNotOpen")
      .withArgs(token, id, 2);
    await expect(desk.connect(issuer).rejectRedemption(money, id, why))
      .to.be.revertedWithCustomError(desk, "RedemptionNotOpen")
      .withArgs(token, id, 2);
    await expect(desk.connect(issuer).confirmRedemption(money, 99n, payout))
      .to.be.revertedWithCustomError(desk, "RedemptionNotOpen")
      .withArgs(token, 99n, 0);
    const r = await desk.redemption(money, id);
    expect([r.holder, r.status, r.amount, r.closeRef]).to.deep.equal([alice.address, 2n, 250n, payout]);
    expect(await money.totalRedeemed()).to.equal(250n);
    await expect(desk.openRedemptions(money, 0, 101)).to.be.revertedWithCustomError(desk, "PageTooLong");
  });

  it("16.7: a holder frozen meanwhile gets a rejected redemption back, frozen in place", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    const { issuer, alice, bob } = actors;
    await money.connect(issuer).mint(alice.address, 1_000n);
    const id = await requestRedemption(money, alice, 300n, ref);
    await money.connect(issuer).freezeWallet(alice.address, why);
    await desk.connect(issuer).rejectRedemption(money, id, why);
    expect(await money.balanceOf(alice.address)).to.equal(1_000n);
    await expect(money.connect(alice).transfer(bob.address, 1n))
      .to.be.revertedWithCustomError(money, "WalletIsFrozen")
      .withArgs(alice.address);
    // A frozen holder cannot file a new request either.
    await expect(desk.connect(alice).requestRedemption(money, 1n, ref))
      .to.be.revertedWithCustomError(money, "WalletIsFrozen")
      .withArgs(alice.address);
  });

  it("16.8: a venue files a redemption in its client's name, debiting the client's available balance", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, token, traders, actors, outsider } = f;
    const [alice] = traders;
    const desk = await deskOf(token);
    const [before] = await exchange.balanceOf(alice.address, token);
    const held = await token.balanceOf(exchange);
    await expect(exchange.connect(alice).requestRedemption(token, 100n, ref))
      .to.emit(desk, "RedemptionRequested")
      .withArgs(await token.getAddress(), 1n, alice.address, await exchange.getAddress(), 100n, ref);
    expect((await exchange.balanceOf(alice.address, token))[0]).to.equal(before - 100n);
    expect(await token.balanceOf(exchange)).to.equal(held - 100n);
    await expect(exchange.connect(alice).requestRedemption(token, before, ref)).to.be.revertedWithCustomError(
      exchange,
      "InsufficientBalance",
    );
    // Only a licensed venue files in another's name; a rejection pays the client's wallet, not the venue.
    await expect(desk.connect(outsider).requestRedemptionFor(token, alice.address, 1n, ref))
      .to.be.revertedWithCustomError(desk, "NotLicensedVenue")
      .withArgs(await token.getAddress(), outsider.address);
    const wallet = await token.balanceOf(alice.address);
    await desk.connect(actors.issuer).rejectRedemption(token, 1n, why);
    expect(await token.balanceOf(alice.address)).to.equal(wallet + 100n);
    // A client frozen on the token cannot move its holding out through the venue's redemption either.
    await token.connect(actors.issuer).freezeWallet(alice.address, why);
    await expect(exchange.connect(alice).requestRedemption(token, 1n, ref))
      .to.be.revertedWithCustomError(token, "WalletIsFrozen")
      .withArgs(alice.address);
  });
});
