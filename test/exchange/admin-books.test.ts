import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import { LOT, Reason, Side, exchangeSeconds, listPair, venueWiring, type ExchangeWorld } from "../helpers/exchange";
import { Scope } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("books");

/**
 * A second venue of the fixture's operator whose only trusted (and home) root is R2 (the operator holds EXCHANGE
 * under R1 and, granted here, under R2): the fixture's pair, listed under R1, is not a market it may open.
 */
async function venueTrustingR2(f: ExchangeWorld): Promise<IExchange> {
  const { tree, actors, nodes, expiry } = f;
  await (
    await tree.connect(actors.regulator2).grant(nodes.r2, actors.exchangeOp.address, Scope.EXCHANGE, expiry)
  ).wait();
  const { venue } = await deployVenue(ethers, actors.exchangeOp, { ...(await venueWiring(f)), roots: [nodes.r2] });
  return (await ethers.getContractAt("IExchange", venue)) as unknown as IExchange;
}

describe("Exchange admin: which books a venue opens", () => {
  it("opens a book only under a root the venue trusts, even for an operator licensed under the pair's root (RootNotTrusted)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { actors, nodes, pairId } = f;
    const other = await venueTrustingR2(f);
    expect(await other.isTrustedRoot(nodes.r1)).to.equal(false);
    await expect(other.connect(actors.exchangeOp).openBook(pairId))
      .to.be.revertedWithCustomError(other, "RootNotTrusted")
      .withArgs(pairId, nodes.r1);
    expect(await other.books()).to.deep.equal([]);
    expect((await other.bookConfig(pairId)).open).to.equal(false);
  });

  it("opens a book once: a second openBook of an open book is refused and changes nothing (BookAlreadyOpen)", async () => {
    const { exchange, actors, pairId } = await loadFixture(exchangeSeconds);
    const before = await exchange.bookConfig(pairId);
    await expect(exchange.connect(actors.exchangeOp).openBook(pairId))
      .to.be.revertedWithCustomError(exchange, "BookAlreadyOpen")
      .withArgs(pairId);
    expect(await exchange.bookConfig(pairId)).to.deep.equal(before);
    expect(await exchange.books()).to.deep.equal([pairId]);
  });

  it("refuses a book whose sizes do not fit its packed parameters (tick or lot above 64 bits, minimum above 2^32 lots) rather than truncating them (UnsupportedSizes)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, usd, pairs } = f;
    const big = 2n ** 64n; // one more than a 64-bit field holds; the pair registry accepts up to 2^96
    const cases = [
      { symbol: "TCK", sizes: { tick: big, lot: LOT, minLots: 1n } },
      { symbol: "LOT", sizes: { tick: 10n, lot: big, minLots: 1n } },
      { symbol: "MIN", sizes: { tick: 10n, lot: 1n, minLots: 2n ** 32n } },
    ];
    for (const { symbol, sizes } of cases) {
      const t = await ethers.deployContract("TestToken", [symbol, symbol]);
      await expect(listPair(f, t, usd, sizes), symbol).to.be.revertedWithCustomError(exchange, "UnsupportedSizes");
      const listed = await pairs.pairCount(); // the registry listed it; only the venue's book refused to open
      await expect(exchange.connect(f.actors.exchangeOp).openBook(listed))
        .to.be.revertedWithCustomError(exchange, "UnsupportedSizes")
        .withArgs(listed);
      expect((await exchange.bookConfig(listed)).open).to.equal(false);
    }
    // At the edge the sizes fit: a 64-bit tick and lot, 2^32 - 1 lots.
    const edge = await listPair(f, await ethers.deployContract("TestToken", ["Edge", "EDG"]), usd, {
      tick: big - 1n,
      lot: 1n,
      minLots: 2n ** 32n - 1n,
    });
    const c = await exchange.bookConfig(edge);
    expect([c.tickSize, c.lotSize, c.minLots]).to.deep.equal([big - 1n, 1n, 2n ** 32n - 1n]);
  });

  it("records which legs are native tokens: base only, quote only, or neither", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, token, usd, pairId } = f;
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    const eurBond = await listPair(f, eur, token);
    const eurUsd = await listPair(f, eur, usd);
    expect(await exchange.nativeLegs(pairId)).to.deep.equal([true, false]);
    expect(await exchange.nativeLegs(eurBond)).to.deep.equal([false, true]);
    expect(await exchange.nativeLegs(eurUsd)).to.deep.equal([false, false]);
    // The native leg is the quote: the venue enforces BOND's freeze on a buyer, who locks BOND.
    const [alice] = f.traders;
    await (await token.connect(f.actors.issuer).freezeWallet(alice, why)).wait();
    await expect(
      exchange.connect(alice).placeOrder(f.order(Side.Bid, 10, 2, { pairId: eurBond })),
    ).to.be.revertedWithCustomError(exchange, "NativeTokenFrozen");
  });
});

describe("Exchange admin: retiring a book", () => {
  it("a delisted book with asks only is not empty: it retires once cleared (BookNotEmpty, then BookRetired)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, pairs, actors, pairId, order } = f;
    const [alice] = f.traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 70, 3))).wait();
    await (await pairs.connect(actors.steward).delistPair(pairId, why)).wait();
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 70n]);
    await expect(exchange.retireBook(pairId)).to.be.revertedWithCustomError(exchange, "BookNotEmpty").withArgs(pairId);
    const [, ids] = await exchange.openOrders(alice);
    await expect(exchange.clearDelisted(pairId, 5))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, ids[0], 2n, 3n, Reason.Delisted);
    await expect(exchange.retireBook(pairId)).to.emit(exchange, "BookRetired").withArgs(pairId, f.governor.address);
    expect(await exchange.books()).to.deep.equal([]);
  });
});
