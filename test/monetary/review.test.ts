import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { exchangeSeconds as sharedExchange } from "../helpers/exchange";
import { deployAssets, issueNative } from "../helpers/fixtures";
import { AssetKind } from "../../lib/assets";
import { TERMS, moneyWorld, requestRedemption } from "./helpers";

// This file's own fixture function: loadFixture keys snapshots by function, and a snapshot of the shared one taken in
// an earlier file may have been reverted away since (hardhat-deploy's deployments.fixture() reverts to its own).
const exchangeSeconds = () => sharedExchange();

const ref = ethers.encodeBytes32String("req");
const why = ethers.encodeBytes32String("court order");
const payout = ethers.encodeBytes32String("wire");
const ZERO = ethers.ZeroHash;

// Regression tests for the outside auditor's findings on the monetary policy (issue 16 review).
describe("Monetary policy: the auditor's findings (issue 16 review)", () => {
  it("16 review H1: no forced transfer reaches the desk's escrow, in or out (EscrowProtected)", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    const { issuer, alice, bob } = actors;
    await money.connect(issuer).mint(alice.address, 1_000n);
    const a = await requestRedemption(money, alice, 400n, ref);
    const deskAddress = await desk.getAddress();
    await expect(money.connect(issuer).forcedTransfer(deskAddress, bob.address, 400n, why))
      .to.be.revertedWithCustomError(money, "EscrowProtected")
      .withArgs(deskAddress);
    await expect(money.connect(issuer).forcedTransfer(alice.address, deskAddress, 1n, why))
      .to.be.revertedWithCustomError(money, "EscrowProtected")
      .withArgs(deskAddress);
    await expect(money.forcedTransferCheck(deskAddress, bob.address, issuer.address, why))
      .to.be.revertedWithCustomError(money, "EscrowProtected")
      .withArgs(deskAddress);
    // The escrow still equals what is outstanding, and the request still closes.
    expect(await money.balanceOf(desk)).to.equal((await desk.policy(money)).outstanding);
    await desk.connect(issuer).confirmRedemption(money, a, payout);
    expect(await money.balanceOf(desk)).to.equal(0n);
  });

  it("16 review H2: with the issuer revoked, a higher rank rejects (tokens back) or confirms; the rank is logged", async () => {
    const { money, desk, actors, tree, regulator, outsider, nodes } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    const token = await money.getAddress();
    await money.connect(issuer).mint(alice.address, 1_000n);
    const a = await requestRedemption(money, alice, 400n, ref);
    const b = await requestRedemption(money, alice, 100n, ref);
    // The issuer, while valid, closes at its own rank (depth 1).
    const c = await requestRedemption(money, alice, 1n, ref);
    await expect(desk.connect(issuer).rejectRedemption(money, c, why))
      .to.emit(desk, "RedemptionRejected")
      .withArgs(token, c, issuer.address, why, 1);
    await tree.connect(regulator).revoke(nodes.issuer, why);
    for (const act of [
      () => desk.connect(issuer).rejectRedemption(money, a, why),
      () => desk.connect(outsider).rejectRedemption(money, a, why),
      () => desk.connect(issuer).confirmRedemption(money, a, payout),
    ]) {
      await expect(act()).to.be.revertedWithCustomError(desk, "NotMonetaryAuthority");
    }
    const wallet = await money.balanceOf(alice.address);
    await expect(desk.connect(regulator).rejectRedemption(money, a, why))
      .to.emit(desk, "RedemptionRejected")
      .withArgs(token, a, regulator.address, why, 0);
    expect(await money.balanceOf(alice.address)).to.equal(wallet + 400n);
    await expect(desk.connect(regulator).confirmRedemption(money, b, payout))
      .to.emit(desk, "RedemptionSettled")
      .withArgs(token, b, regulator.address, payout, 0);
    expect(await money.balanceOf(desk)).to.equal(0n);
    expect((await desk.policy(money)).outstanding).to.equal(0n);
  });

  it("16 review M1: the venue refuses a client who could not receive a withdrawal, and a token that is not native", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, token, traders, actors, clients, identities, usd } = f;
    const [alice, bob] = traders;
    // Frozen by identity: the identity's wallets are frozen on the token.
    await token.connect(actors.issuer).freezeIdentity(identities[0], why);
    await expect(exchange.connect(alice).requestRedemption(token, 1n, ref))
      .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
      .withArgs(alice.address, identities[0]);
    // Ineligible under the token's policy (its identity revoked): no withdrawal, so no redemption either.
    await clients.revoke(identities[1]);
    await expect(exchange.connect(bob).withdraw(token, 1n)).to.be.revertedWithCustomError(token, "NotEligible");
    await expect(exchange.connect(bob).requestRedemption(token, 1n, ref)).to.be.revertedWithCustomError(
      token,
      "NotEligible",
    );
    // A token the asset registry did not issue has no desk the venue may trust.
    await expect(exchange.connect(bob).requestRedemption(usd, 1n, ref))
      .to.be.revertedWithCustomError(exchange, "NotNativeToken")
      .withArgs(await usd.getAddress());
  });

  it("16 review M2: only a registered, licensed exchange contract files in another's name (a custodian's account does not)", async () => {
    const { money, desk, actors, outsider } = await loadFixture(moneyWorld);
    const { issuer, alice, custodian } = actors as typeof actors & { custodian: { address: string } };
    await money.connect(issuer).mint(alice.address, 500n);
    await money.connect(alice).transfer(custodian.address, 500n);
    const signer = await ethers.getSigner(custodian.address);
    await expect(desk.connect(signer).requestRedemptionFor(money, outsider.address, 500n, ref))
      .to.be.revertedWithCustomError(desk, "NotLicensedVenue")
      .withArgs(await money.getAddress(), custodian.address);
  });

  it("16 review L1: a partial raise by a higher rank binds: the lower rank cannot raise past it", async () => {
    const { money, desk, actors, regulator } = await loadFixture(moneyWorld);
    await desk.connect(actors.issuer).setMintRate(money, 800n);
    await desk.connect(regulator).setMintRate(money, 900n);
    await expect(desk.connect(actors.issuer).setMintRate(money, 1_000n))
      .to.be.revertedWithCustomError(desk, "MintRateSetByHigherAuthority")
      .withArgs(await money.getAddress(), 0, 1);
    expect((await desk.policy(money)).mintRate).to.equal(900n);
    await desk.connect(regulator).setMintRate(money, 1_000n);
  });

  it("16 review L2: a mint period is bounded (ten years), so window arithmetic cannot overflow", async () => {
    const { desk, assets, actors, nodes, policyId } = await loadFixture(moneyWorld);
    for (const mintPeriod of [2n ** 40n - 1n, 3650n * 86_400n + 1n]) {
      await expect(
        assets.connect(actors.issuer).issueNative(nodes.r1, "Money", "MNY", 6, policyId, { ...TERMS, mintPeriod }),
      ).to.be.revertedWithCustomError(desk, "InvalidTerms");
    }
  });

  it("16 review L3: the desk's refusals carry arguments; a cap whose ratio would overflow is refused at issuance", async () => {
    const { money, desk, actors, assets, nodes, policyId } = await loadFixture(moneyWorld);
    const { issuer, alice } = actors;
    const token = await money.getAddress();
    await expect(desk.connect(alice).requestRedemption(money, 0n, ref))
      .to.be.revertedWithCustomError(desk, "InvalidRedemption")
      .withArgs(token, alice.address, 0n, ref);
    await expect(desk.connect(alice).requestRedemption(money, 1n, ZERO))
      .to.be.revertedWithCustomError(desk, "InvalidRedemption")
      .withArgs(token, alice.address, 1n, ZERO);
    await money.connect(issuer).mint(alice.address, 10n);
    const id = await requestRedemption(money, alice, 1n, ref);
    await expect(desk.connect(issuer).confirmRedemption(money, id, ZERO))
      .to.be.revertedWithCustomError(desk, "MissingCloseReference")
      .withArgs(token, id);
    await expect(desk.connect(issuer).setMintRate(money, 1_000n))
      .to.be.revertedWithCustomError(desk, "MintRateRefused")
      .withArgs(token, 1_000n, 1_000n, 1_000n);
    await expect(desk.connect(issuer).setMintRate(money, 0n))
      .to.be.revertedWithCustomError(desk, "MintRateRefused")
      .withArgs(token, 0n, 1_000n, 1_000n);
    const huge = { ...TERMS, supplyCap: ethers.MaxUint256 };
    await expect(
      assets.connect(issuer).issueNative(nodes.r1, "Huge", "HGE", 6, policyId, huge),
    ).to.be.revertedWithCustomError(desk, "InvalidTerms");
  });
});

describe("Monetary policy: the factory checks its deployer's output (issue 16 review)", () => {
  it("16 review L4: a token not wired to the calling registry, issuer, root and desk is refused (TokenMiswired)", async () => {
    const { tree, eligibility, venues, desk, money, governor, actors, nodes, policyId } = await loadFixture(moneyWorld);
    const rogue = await ethers.deployContract("RogueTokenDeployer", [desk, money]);
    const f2 = await ethers.deployContract("TokenFactory", [tree, eligibility, venues, rogue]);
    const a2 = await ethers.deployContract("AssetRegistry", [tree, f2, 1]);
    await f2.bindAssetRegistry(a2);
    await tree.connect(governor).setReporter(a2, 2); // Enroller
    await expect(a2.connect(actors.issuer).issueNative(nodes.r1, "X", "X", 6, policyId, TERMS))
      .to.be.revertedWithCustomError(f2, "TokenMiswired")
      .withArgs(await money.getAddress());
  });
});

describe("Monetary policy: redeeming through a venue from the CLI (issue 16 review, info)", () => {
  it("16 review info: venue:redeem files a redemption out of the caller's venue balance; a refusal is explained", async () => {
    const hre = await import("hardhat");
    const f = await loadFixture(exchangeSeconds);
    const { exchange, token, traders, actors } = f;
    const [alice] = traders;
    const quiet = console.log;
    console.log = () => {};
    try {
      const args = { token: await token.getAddress(), ref: "wire-1", venue: await exchange.getAddress() };
      const [before] = await exchange.balanceOf(alice.address, token);
      const id: bigint = await hre.run("venue:redeem", { ...args, amount: "1", from: alice.address });
      const r = await (await ethers.getContractAt("MonetaryDesk", await token.DESK())).redemption(token, id);
      expect([r.holder, r.payer, r.status]).to.deep.equal([alice.address, await exchange.getAddress(), 1n]);
      expect((await exchange.balanceOf(alice.address, token))[0]).to.equal(before - r.amount);
      await token.connect(actors.issuer).freezeWallet(alice.address, why);
      const refused = await hre.run("venue:redeem", { ...args, amount: "1", from: alice.address }).then(
        () => "",
        (e: Error) => e.message,
      );
      expect(refused).to.include("WalletIsFrozen");
    } finally {
      console.log = quiet;
    }
  });
});

describe("Monetary policy on a milliseconds chain (issue 16 review)", () => {
  it("16 review L5: on PlatON (milliseconds) the mint window and the request times are in seconds", async () => {
    const f = await deployAssets(1000);
    const { assets, actors, nodes, policyId, clients, attestReserve, clock } = f;
    const token = await issueNative(assets, actors.issuer, nodes.r1, "Money", "MNY", 6, policyId, TERMS);
    await (
      await assets.connect(actors.lister).registerAsset(token, AssetKind.Native, nodes.r1, actors.issuer, "")
    ).wait();
    await clients.enrol(actors.alice.address);
    await attestReserve(await assets.assetIdOf(token, nodes.r1), 20_000n);
    const desk = await ethers.getContractAt("MonetaryDesk", await token.DESK());
    const start = (await desk.policy(token)).windowStart;
    expect(start).to.be.closeTo(BigInt(await clock.now()), 5n);
    await token.connect(actors.issuer).mint(actors.alice.address, 1_000n);
    const mint = () => token.connect(actors.issuer).mint(actors.alice.address, 1n);
    await expect(mint()).to.be.revertedWithCustomError(desk, "MintRateExceeded");
    await clock.advance(86_399 - Number(BigInt(await clock.now()) - start));
    await expect(mint()).to.be.revertedWithCustomError(desk, "MintRateExceeded");
    await clock.advance(1);
    await token.connect(actors.issuer).mint(actors.alice.address, 1_000n);
    const id = await requestRedemption(token, actors.alice, 10n, ref);
    expect((await desk.redemption(token, id)).requestedAt).to.be.closeTo(BigInt(await clock.now()), 5n);
  });
});
