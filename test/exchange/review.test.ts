import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { deployVenue } from "../../lib/venueDeploy";
import {
  OrderType,
  Side,
  exchangeMillis,
  exchangeSeconds,
  exchangeWithFees,
  setFeesNow,
  venueWiring,
} from "../helpers/exchange";

/** The outside review of the book work (issue 15 items 8 and 11): each finding's regression test. */

for (const [clock, fixture, unit] of [
  ["seconds", exchangeSeconds, 1],
  ["milliseconds (PlatON)", exchangeMillis, 1000],
] as const) {
  describe(`Exchange venue review: fee notice (${clock} clock)`, () => {
    it("15.8 review: a raise always waits FEE_NOTICE, even while nothing rests (no raise in front of a placement); a cut applies at once", async () => {
      const { exchange, actors, pairId } = await loadFixture(fixture);
      expect((await exchange.depth(pairId, Side.Bid, 1))[0]).to.deep.equal([]);
      expect((await exchange.depth(pairId, Side.Ask, 1))[0]).to.deep.equal([]);
      const t0 = Math.floor((await time.latest()) / unit) + 10;
      await time.setNextBlockTimestamp(t0 * unit);
      await expect(exchange.connect(actors.exchangeOp).setFees(100, 100))
        .to.emit(exchange, "FeesScheduled")
        .withArgs(100, 100, BigInt(t0) + 7n * 86_400n)
        .and.not.to.emit(exchange, "FeesSet");
      expect(await exchange.fees()).to.deep.equal([0n, 0n, 100n]);
      expect(await exchange.feeRates(pairId)).to.deep.equal([0n, 0n]);
      // Applied at its time; then a cut (both rates at or below) applies at once.
      await time.setNextBlockTimestamp((t0 + 7 * 86_400) * unit);
      await expect(exchange.applyFees()).to.emit(exchange, "FeesSet").withArgs(100, 100);
      await expect(exchange.connect(actors.exchangeOp).setFees(40, 100))
        .to.emit(exchange, "FeesSet")
        .withArgs(40, 100)
        .and.not.to.emit(exchange, "FeesScheduled");
      expect(await exchange.feeRates(pairId)).to.deep.equal([40n, 100n]);
    });

    it("15.8 review: the purge removes a good-till-date order from its exact expiry on, not a moment before", async () => {
      const { exchange, order, traders, pairId } = await loadFixture(fixture);
      const [alice] = traders;
      const expiry = Math.floor((await time.latest()) / unit) + 100;
      const gtd = { orderType: OrderType.GoodTillDate, expiry };
      await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 2, gtd))).wait();
      await time.setNextBlockTimestamp(expiry * unit - 1);
      await expect(exchange.purgeBook(pairId, Side.Bid, 5)).not.to.emit(exchange, "OrderRemoved");
      expect((await exchange.bestPrices(pairId))[0]).to.equal(100n);
      await time.setNextBlockTimestamp(expiry * unit);
      await expect(exchange.purgeBook(pairId, Side.Bid, 5)).to.emit(exchange, "OrderRemoved");
      expect((await exchange.bestPrices(pairId))[0]).to.equal(0n);
    });

    it("15.8 review: a scheduled raise not applied within FEE_NOTICE of its effective time lapses (FeesLapsed); an order placed long after never pays it", async () => {
      const { exchange, order, traders, actors, pairId } = await loadFixture(fixture);
      const [alice, bob, carol] = traders;
      const notice = 7 * 86_400;
      // An order rests, so that the raise is scheduled on any rule of notice.
      await (await exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2))).wait();
      const t0 = Math.floor((await time.latest()) / unit) + 10;
      await time.setNextBlockTimestamp(t0 * unit);
      await (await exchange.connect(actors.exchangeOp).setFees(100, 100)).wait();
      const effectiveAt = t0 + notice;
      // The last second of the window: still applicable (checked on a copy of the chain).
      const snapshot = await import("@nomicfoundation/hardhat-network-helpers").then((h) => h.takeSnapshot());
      await time.setNextBlockTimestamp((effectiveAt + notice - 1) * unit);
      await expect(exchange.applyFees()).to.emit(exchange, "FeesSet").withArgs(100, 100);
      await snapshot.restore();
      // A maker rests under the current fees (0), much later; the old raise can no longer land on it.
      await time.setNextBlockTimestamp((effectiveAt + notice - 1) * unit);
      await (await exchange.connect(carol).placeOrder(order(Side.Ask, 100, 20))).wait();
      await time.setNextBlockTimestamp((effectiveAt + notice) * unit);
      await expect(exchange.connect(bob).applyFees())
        .to.emit(exchange, "FeesLapsed")
        .withArgs(100, 100, effectiveAt)
        .and.not.to.emit(exchange, "FeesSet");
      expect(await exchange.pendingFees()).to.deep.equal([0n, 0n, 0n]);
      expect(await exchange.fees()).to.deep.equal([0n, 0n, 100n]);
      await expect(exchange.applyFees()).to.be.revertedWithCustomError(exchange, "NoPendingFees");
      const ioc = { orderType: OrderType.ImmediateOrCancel };
      const rc = await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 20, ioc))).wait();
      const fill = rc!.logs.map((l) => exchange.interface.parseLog(l)).find((l) => l?.name === "OrderFilled")!;
      expect([fill.args.makerFee, fill.args.takerFee]).to.deep.equal([0n, 0n]);
      expect(await exchange.feeRates(pairId)).to.deep.equal([0n, 0n]);
    });
  });
}

describe("Exchange venue review: a venue's first rates", () => {
  it("15.8 review: a venue with no book open sets its rates at once (no order can rest or be on its way); once a book is open a raise waits", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { actors } = f;
    const { venue } = await deployVenue(ethers, actors.exchangeOp, await venueWiring(f));
    const fresh = await ethers.getContractAt("IExchange", venue);
    await (await fresh.connect(actors.steward).setFeeCap(100)).wait();
    await expect(fresh.connect(actors.exchangeOp).setFees(5, 10)).to.emit(fresh, "FeesSet").withArgs(5, 10);
    expect(await fresh.fees()).to.deep.equal([5n, 10n, 100n]);
    await (await fresh.connect(actors.exchangeOp).openBook(f.pairId)).wait();
    await expect(fresh.connect(actors.exchangeOp).setFees(6, 10)).to.emit(fresh, "FeesScheduled");
    expect(await fresh.feeRates(f.pairId)).to.deep.equal([5n, 10n]);
  });
});

describe("Exchange venue review: a rounded fee without the cap read", () => {
  it("15.11 review: a fee that rounds on 10,000 units or more is rounded up at a rate below the cap, and bounded once the cap comes down to that rate (the book's flags follow the cap)", async () => {
    const { exchange, order, traders, actors, pairId } = await loadFixture(exchangeWithFees); // 5 / 10 bps, cap 100
    const [alice, bob] = traders;
    const ioc = { orderType: OrderType.ImmediateOrCancel };
    const take = async () => {
      await (await exchange.connect(alice).placeOrder(order(Side.Bid, 301, 7))).wait();
      const rc = await (await exchange.connect(bob).placeOrder(order(Side.Ask, 301, 7, ioc))).wait();
      const log = rc!.logs.map((l) => exchange.interface.parseLog(l)).find((l) => l?.name === "OrderFilled")!;
      return [log.args.makerFee as bigint, log.args.takerFee as bigint];
    };
    // The taker receives 301 x 10 x 7 = 21,070 USD: 10 bps is 21.07, rounded up to 22 (below the cap's 210).
    // The maker receives 7,000 BOND: 5 bps is 3.5, rounded up to 4 (the cap read: under 10,000 units).
    expect(await take()).to.deep.equal([4n, 22n]);
    // The cap comes down to the taker's rate (nothing is lowered): the bound, floor(21,070 x 10 / 10,000) = 21.
    await (await exchange.connect(actors.steward).setFeeCap(10)).wait();
    expect(await exchange.feeRates(pairId)).to.deep.equal([5n, 10n]);
    expect(await take()).to.deep.equal([4n, 21n]);
    // Raised again: rounded up again.
    await (await exchange.connect(actors.steward).setFeeCap(100)).wait();
    expect(await take()).to.deep.equal([4n, 22n]);
  });
});

describe("Exchange venue review: the purge acts only where a taker could", () => {
  it("15.8 review: purgeBook refuses a pair that is not tradable (PairNotTradable) and an unlicensed venue (VenueNotLicensed), removing nothing", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, pairId, registry, identities, subAgent, pairs, venues, regulator, nodes } = f;
    const [alice] = traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 2))).wait();
    await (await registry.connect(subAgent).freeze(identities[0], ethers.encodeBytes32String("x"))).wait();
    // Halted: no taker can match, so no purge either.
    await (await pairs.connect(f.actors.steward).haltPair(pairId, ethers.encodeBytes32String("x"))).wait();
    await expect(exchange.purgeBook(pairId, Side.Bid, 5))
      .to.be.revertedWithCustomError(exchange, "PairNotTradable")
      .withArgs(pairId);
    await (await pairs.connect(f.actors.steward).resumePair(pairId)).wait();
    // Unlicensed: neither.
    await (await venues.connect(regulator).deregisterVenue(exchange, nodes.r1)).wait();
    await expect(exchange.purgeBook(pairId, Side.Bid, 5)).to.be.revertedWithCustomError(exchange, "VenueNotLicensed");
    expect((await exchange.bestPrices(pairId))[0]).to.equal(100n);
  });
});

describe("Exchange venue review: a cap cut keeps a scheduled change within it", () => {
  it("15.8 review: a cap lowered under the current rates keeps a scheduled change within the new cap (announced again) and drops one above it", async () => {
    const { exchange, actors } = await loadFixture(exchangeSeconds);
    await setFeesNow(exchange, actors.exchangeOp, 50, 10);
    // A cut of one rate and a raise of the other: scheduled whole.
    await (await exchange.connect(actors.exchangeOp).setFees(20, 30)).wait();
    const [, , effectiveAt] = await exchange.pendingFees();
    expect(effectiveAt).to.be.greaterThan(0n);
    await expect(exchange.connect(actors.steward).setFeeCap(40))
      .to.emit(exchange, "FeesSet")
      .withArgs(40, 10)
      .and.to.emit(exchange, "FeesScheduled")
      .withArgs(20, 30, effectiveAt);
    expect(await exchange.pendingFees()).to.deep.equal([20n, 30n, effectiveAt]);
    // Below the scheduled taker rate: dropped.
    await expect(exchange.connect(actors.steward).setFeeCap(25))
      .to.emit(exchange, "FeesSet")
      .withArgs(25, 10)
      .and.not.to.emit(exchange, "FeesScheduled");
    expect(await exchange.pendingFees()).to.deep.equal([0n, 0n, 0n]);
  });
});
