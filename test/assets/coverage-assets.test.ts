import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { OPEN_TERMS } from "../../lib/monetary";
import { exchangeSeconds, type ExchangeWorld } from "../helpers/exchange";
import { AssetKind, DAY, ProductType, kindMask } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("coverage");
const NONE = "0x0000000000000000000000000000000000000000";

/** Fresh BOND in `wallet`'s own hands (the fixture's traders hold theirs in the venue). */
async function bondIn(f: ExchangeWorld, wallet: string, amount: bigint) {
  await (await f.token.connect(f.actors.issuer).mint(wallet, amount)).wait();
}

describe("CompliantToken: an identity freeze alone binds every party", function () {
  it("a spender whose identity is frozen cannot move another holder's tokens with its allowance, while no wallet is frozen", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { token, actors, identities } = f;
    const [alice, bob, carol] = f.traders;
    await bondIn(f, alice.address, 1_000n);
    await (await token.connect(alice).approve(carol, 1_000n)).wait();
    await (await token.connect(actors.issuer).freezeIdentity(identities[2], why)).wait();
    expect(await token.isWalletFrozen(carol)).to.equal(false);
    await expect(token.connect(carol).transferFrom(alice, bob, 10n))
      .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
      .withArgs(carol.address, identities[2]);
    await (await token.connect(actors.issuer).unfreezeIdentity(identities[2])).wait();
    await expect(token.connect(carol).transferFrom(alice, bob, 10n)).to.changeTokenBalances(
      token,
      [alice, bob],
      [-10n, 10n],
    );
  });

  it("a forced transfer cannot deliver to a wallet whose identity is frozen, while no wallet is frozen", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { token, actors, identities, regulator } = f;
    const [alice, bob, carol] = f.traders;
    await bondIn(f, alice.address, 1_000n);
    await (await token.connect(actors.issuer).freezeIdentity(identities[2], why)).wait();
    for (const who of [actors.issuer, regulator]) {
      await expect(token.connect(who).forcedTransfer(alice, carol, 10n, why))
        .to.be.revertedWithCustomError(token, "IdentityIsFrozen")
        .withArgs(carol.address, identities[2]);
    }
    await expect(token.connect(actors.issuer).forcedTransfer(alice, bob, 10n, why)).to.changeTokenBalances(
      token,
      [alice, bob],
      [-10n, 10n],
    );
  });
});

describe("CompliantToken: a token the asset registry did not issue", function () {
  it("moves no root's restriction epoch when it freezes (it is no venue's native leg) and mints nothing (AssetNotRegistered)", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { tree, registry, venues, assets, nodes, policyId, actors, token, desk } = f;
    const [alice] = f.traders;
    const stray = await ethers.deployContract("CompliantToken", [
      "Stray bond",
      "SBOND",
      6,
      actors.issuer.address,
      {
        tree: await tree.getAddress(),
        eligibility: await registry.getAddress(),
        venues: await venues.getAddress(),
        assets: await assets.getAddress(),
        root: nodes.r1,
        policyId,
        timeUnit: 1,
        desk: await desk.getAddress(),
        terms: OPEN_TERMS,
      },
    ]);
    expect(await tree.reporterRole(stray)).to.equal(0n);
    const epoch = await tree.restrictionEpoch(nodes.r1);
    await expect(stray.connect(actors.issuer).freezeWallet(alice, why)).to.emit(stray, "WalletFrozen");
    expect(await tree.restrictionEpoch(nodes.r1)).to.equal(epoch);
    // The issued token's freeze, by contrast, reports.
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    expect(await tree.restrictionEpoch(nodes.r1)).to.equal(epoch + 1n);
    await expect(stray.connect(actors.issuer).mint(f.traders[1], 1n))
      .to.be.revertedWithCustomError(stray, "AssetNotRegistered")
      .withArgs(await stray.getAddress(), nodes.r1);
  });
});

describe("Asset requirements and pair tradability", function () {
  /** BOND/EUR under R1, requiring BOND's reserve attestation (the fixture attested one for 365 days). */
  async function reservePair(f: ExchangeWorld) {
    const { pairs, assets, actors, nodes, clock, bondAsset } = f;
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    await (
      await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, NONE, "ipfs://eur")
    ).wait();
    const terms = {
      baseAsset: bondAsset,
      quoteAsset: await assets.assetIdOf(eur, nodes.r1),
      productType: ProductType.Spot,
      tickSize: 10n,
      lotSize: 1_000n,
      minSize: 1_000n,
      baseAttestations: kindMask("Reserve"),
      quoteAttestations: 0,
      proposalExpiry: (await clock.now()) + 7 * DAY,
    };
    const policy = { trustedRoots: [nodes.r1], allowedClasses: 0x0f, barredJurisdictions: [] as number[] };
    await (await pairs.connect(actors.lister).proposePair(nodes.r1, terms, policy)).wait();
    const pairId = await pairs.pairCount();
    await (await pairs.connect(actors.steward).approvePair(pairId)).wait();
    return pairId;
  }

  it("a required attestation counts only while its auditor's node holds AUDIT: suspended, it meets nothing", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { assets, pairs, tree, regulator, nodes, bondAsset, usdAsset, clock } = f;
    const pairId = await reservePair(f);
    const reserve = kindMask("Reserve");
    const met = await assets.requirementsUntil(bondAsset, reserve, usdAsset, 0);
    expect(met).to.be.greaterThan(BigInt(await clock.now()));
    expect(await pairs.tradableUntil(pairId)).to.equal(met);
    await (await tree.connect(regulator).suspend(nodes.auditor, why)).wait();
    expect(await assets.requirementsUntil(bondAsset, reserve, usdAsset, 0)).to.equal(0n);
    expect(await pairs.tradableUntil(pairId)).to.equal(0n);
    expect(await pairs.isTradable(pairId)).to.equal(false);
    await (await tree.connect(regulator).resume(nodes.auditor)).wait();
    expect(await pairs.tradableUntil(pairId)).to.equal(met);
  });

  it("a pair trades until the earlier of its root's lease and its attestations' ends, and not at all under a suspended root", async function () {
    const f = await loadFixture(exchangeSeconds);
    const { pairs, tree, governor, nodes, clock, pairId: plain } = f;
    const pairId = await reservePair(f);
    const attested = await pairs.tradableUntil(pairId); // the reserve's end: well before the root's ten-year lease
    const shorter = (await clock.now()) + 30 * DAY;
    expect(BigInt(shorter)).to.be.lessThan(attested);
    await (await tree.connect(governor).renew(nodes.r1, shorter)).wait();
    expect(await pairs.tradableUntil(pairId)).to.equal(BigInt(shorter));
    expect(await pairs.tradableUntil(plain)).to.equal(BigInt(shorter));
    await (await tree.connect(governor).suspend(nodes.r1, why)).wait();
    for (const p of [pairId, plain]) {
      expect(await pairs.tradableUntil(p)).to.equal(0n);
      expect(await pairs.isTradable(p)).to.equal(false);
    }
  });
});
