import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { AssetKind } from "../../lib/assets";
import { exchangeSeconds as sharedExchange } from "../helpers/exchange";
import { issueNative } from "../helpers/fixtures";
import { TERMS, deskOf, moneyWorld as sharedMoney, redeemNow } from "./helpers";

// This file's own fixture function: loadFixture keys snapshots by function.
const moneyWorld = () => sharedMoney();
const exchangeSeconds = () => sharedExchange();

const DAY = 86_400;
const ref = ethers.encodeBytes32String("req-1");

describe("Monetary desk: edges of its rules", () => {
  it("a higher rank's further lowering of the mint rate binds the issuer's raise (MintRateSetByHigherAuthority)", async () => {
    const { money, desk, actors, regulator } = await loadFixture(moneyWorld);
    const token = await money.getAddress();
    await expect(desk.connect(actors.issuer).setMintRate(money, 800n))
      .to.emit(desk, "MintRateSet")
      .withArgs(token, 1_000n, 800n, actors.issuer.address, 1, 1, false);
    // Not at the ceiling, not cleared: only a higher rank's lowering moves the binding rank.
    await expect(desk.connect(regulator).setMintRate(money, 600n))
      .to.emit(desk, "MintRateSet")
      .withArgs(token, 800n, 600n, regulator.address, 0, 0, false);
    await expect(desk.connect(actors.issuer).setMintRate(money, 700n))
      .to.be.revertedWithCustomError(desk, "MintRateSetByHigherAuthority")
      .withArgs(token, 0, 1);
  });

  it("a token never registered with the desk reads an empty policy (no mint window)", async () => {
    const { desk } = await loadFixture(moneyWorld);
    const p = await desk.policy(ethers.Wallet.createRandom().address);
    expect([p.supplyCap, p.mintRate, p.mintPeriod, p.windowStart, p.mintedInWindow]).to.deep.equal([
      0n,
      0n,
      0n,
      0n,
      0n,
    ]);
  });

  it("once the period's rate is minted, the allowance reads nothing until the next window", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    await (await money.connect(actors.issuer).mint(actors.alice.address, TERMS.mintRate)).wait();
    const { windowStart } = await desk.policy(money);
    const [allowedNow, moreAt] = await desk.mintAllowance(money);
    expect([allowedNow, moreAt]).to.deep.equal([0n, windowStart + BigInt(DAY)]);
  });

  it("a redemption of nothing is refused (InvalidRedemption)", async () => {
    const { money, desk, actors } = await loadFixture(moneyWorld);
    await (await money.connect(actors.issuer).mint(actors.alice.address, 100n)).wait();
    await expect(desk.connect(actors.alice).requestRedemption(money, 0n, ref))
      .to.be.revertedWithCustomError(desk, "InvalidRedemption")
      .withArgs(await money.getAddress(), actors.alice.address, 0n, ref);
  });

  it("a native token cannot be registered as External: the desk's Native check is defence in depth", async () => {
    const { assets, actors, nodes, policyId } = await loadFixture(moneyWorld);
    const token = await issueNative(assets, actors.issuer, nodes.r1, "Mislabelled", "MIS", 6, policyId, TERMS);
    await expect(
      assets.connect(actors.lister).registerAsset(token, AssetKind.External, nodes.r1, ethers.ZeroAddress, ""),
    )
      .to.be.revertedWithCustomError(assets, "NativeTokenAsExternal")
      .withArgs(await token.getAddress());
  });

  it("a reserve too large to scale counts as the largest that scales: mints within the rate pass", async () => {
    const { money, asset, actors, attestReserve } = await loadFixture(moneyWorld);
    await attestReserve(asset, ethers.MaxUint256);
    await expect(money.connect(actors.issuer).mint(actors.alice.address, TERMS.mintRate))
      .to.emit(money, "Transfer")
      .withArgs(ethers.ZeroAddress, actors.alice.address, TERMS.mintRate);
  });

  it("redemptions since the attestation beyond the reserve it measured refuse every mint (ReserveExceeded)", async () => {
    const { money, desk, asset, actors, attestReserve } = await loadFixture(moneyWorld);
    await (await money.connect(actors.issuer).mint(actors.alice.address, 500n)).wait();
    await attestReserve(asset, 100n); // what backs the 500 now: 100, redeemed so far 0
    await (await redeemNow(money, actors.alice, 200n, ref)).wait(); // paid out of the reserve: 200 > 100
    await expect(money.connect(actors.issuer).mint(actors.alice.address, 1n))
      .to.be.revertedWithCustomError(desk, "ReserveExceeded")
      .withArgs(301n, 200n, 100n);
  });

  it("a venue registered for EXCHANGE but no longer licensed files no redemption for its clients (NotLicensedVenue)", async () => {
    const { exchange, token, tree, nodes, regulator, traders, venues } = await loadFixture(exchangeSeconds);
    await (await tree.connect(regulator).revoke(nodes.exchangeOp, ethers.encodeBytes32String("licence ended"))).wait();
    expect(await venues.isLicensed(exchange, nodes.r1)).to.equal(false);
    const desk = await deskOf(token);
    await expect(exchange.connect(traders[0]).requestRedemption(token, 1n, ref))
      .to.be.revertedWithCustomError(desk, "NotLicensedVenue")
      .withArgs(await token.getAddress(), await exchange.getAddress());
  });
});
