import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  FUNDS,
  LOT,
  OrderType,
  Reason,
  Side,
  TICK,
  exchangeSeconds,
  listPair,
  newTrader,
  setFeesNow,
} from "../helpers/exchange";

/** RemovalReason.BelowMinimum (issue 15 item 11a): a partial fill left a maker below the pair's minimum. */
const BELOW_MINIMUM = 7;
const why = ethers.encodeBytes32String("test");

/** The Exchange's full error vocabulary (the book library's InvalidTick is not in IExchange). */
async function full(exchange: { getAddress(): Promise<string> }) {
  return ethers.getContractAt("Exchange", await exchange.getAddress());
}

describe("Exchange venue: the book's own defences (issue 15 item 11)", () => {
  it("15.11a: a taker's remainder below the pair's minimum is dropped and logged, never rested", async () => {
    const { exchange, order, traders, usd, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 3))).wait();
    // 4 lots against 3: the remainder of 1 is below the minimum of 2.
    const tx = exchange.connect(bob).placeOrder(order(Side.Bid, 100, 4));
    await expect(tx).to.emit(exchange, "OrderRemainderDropped").withArgs(pairId, 3n, Side.Bid, 100, 1n, 1); // DropReason.BelowMinimum
    await expect(tx).not.to.emit(exchange, "OrderPlaced");
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS - 100n * TICK * 3n, 0n]);
    // A remainder at the minimum still rests.
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 3))).wait();
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 100, 5))).to.emit(exchange, "OrderPlaced");
    expect(await exchange.bestPrices(pairId)).to.deep.equal([100n, 0n]);
  });

  it("15.11a: a maker's leftover below the minimum after a partial fill is cancelled and unlocked", async () => {
    const { exchange, order, traders, token, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 3))).wait();
    const [, ids] = await exchange.openOrders(alice);
    const ioc = { orderType: OrderType.ImmediateOrCancel };
    const tx = exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, ioc));
    await expect(tx).to.emit(exchange, "OrderFilled").withArgs(pairId, ids[0], 2n, 3n, 100, 2n, 0n, 0n);
    await expect(tx).to.emit(exchange, "OrderRemoved").withArgs(pairId, ids[0], 2n, 1n, BELOW_MINIMUM);
    expect((await exchange.getOrder(pairId, ids[0])).lots).to.equal(0n);
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS - 2n * LOT, 0n]);
    // A leftover at the minimum keeps resting.
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 4))).wait();
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, ioc))).not.to.emit(exchange, "OrderRemoved");
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS - 6n * LOT, 2n * LOT]);
  });

  it("15.11b: no fill pays more than the fee cap's rate, even at the smallest lot", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, usd } = f;
    const [alice, bob] = f.traders;
    const unit = await ethers.deployContract("TestToken", ["Unit", "UNIT"]);
    const tiny = await listPair(f, unit, usd, { tick: 1n, lot: 1n, minLots: 1n });
    for (const w of [alice, bob]) {
      await (await unit.mint(w, FUNDS)).wait();
      await (await unit.connect(w).approve(exchange, FUNDS)).wait();
      await (await exchange.connect(w).deposit(unit, FUNDS)).wait();
    }
    // Cap 100 bps (fixture); fees 1 bps: a fill of one unit rounded up would pay 100% of it.
    await setFeesNow(exchange, actors.exchangeOp, 1, 1);
    const ioc = { pairId: tiny, orderType: OrderType.ImmediateOrCancel };
    const fill = async (tick: bigint, lots: bigint) => {
      await (await exchange.connect(alice).placeOrder(f.order(Side.Ask, tick, lots, { pairId: tiny }))).wait();
      const rc = await (await exchange.connect(bob).placeOrder(f.order(Side.Bid, tick, lots, ioc))).wait();
      const log = rc!.logs.map((l) => exchange.interface.parseLog(l)).find((l) => l?.name === "OrderFilled")!;
      return { maker: log.args.makerFee as bigint, taker: log.args.takerFee as bigint };
    };
    // One lot at tick 1: one unit each way; the cap's rate of it is 0.01 unit, so nothing is charged.
    expect(await fill(1n, 1n)).to.deep.equal({ maker: 0n, taker: 0n });
    // 99 units: still under one unit at the cap's rate.
    expect(await fill(1n, 99n)).to.deep.equal({ maker: 0n, taker: 0n });
    // 100 units: the cap's rate is exactly one unit, and the fee rounds up to it (against the payer, within the cap).
    expect(await fill(1n, 100n)).to.deep.equal({ maker: 1n, taker: 1n });
    // 150 units: 1 bps is 0.015, rounded up to 1; the cap allows 1.5: 1.
    expect(await fill(1n, 150n)).to.deep.equal({ maker: 1n, taker: 1n });
    // 10,001 units: 1 bps is 1.0001, rounded up to 2 (the cap allows 100): rounding still goes against the payer.
    expect(await fill(1n, 10_001n)).to.deep.equal({ maker: 2n, taker: 2n });
  });

  it("15.11c: a good-till-cancel, good-till-date or post-only order at tick 0 is refused at admission", async () => {
    const { exchange, order, traders, clock, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    const venue = await full(exchange);
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 6))).wait();
    const expiry = (await clock.now()) + 1000;
    for (const o of [
      { orderType: OrderType.GoodTillCancel },
      { orderType: OrderType.GoodTillDate, expiry },
      { orderType: OrderType.PostOnly },
    ]) {
      // Fully filled, nothing would rest: refused all the same, before matching.
      await expect(exchange.connect(bob).placeOrder(order(Side.Ask, 0, 2, o)))
        .to.be.revertedWithCustomError(venue, "InvalidTick")
        .withArgs(0);
    }
    expect(await exchange.depth(pairId, Side.Bid, 1)).to.deep.equal([[100n], [6n], [1n]]);
    // An immediate-or-cancel (a market sell) or fill-or-kill at tick 0 is fine: nothing of it can rest.
    for (const orderType of [OrderType.ImmediateOrCancel, OrderType.FillOrKill]) {
      await expect(exchange.connect(bob).placeOrder(order(Side.Ask, 0, 2, { orderType }))).to.emit(
        exchange,
        "OrderFilled",
      );
    }
    expect(await exchange.depth(pairId, Side.Bid, 1)).to.deep.equal([[100n], [2n], [1n]]);
  });
});

describe("Exchange venue: purging the top of a book (issue 15 item 8)", () => {
  it("15.8: anyone removes expired and ineligible orders from the top of a book, bounded, as a taker would", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, usd, token, registry, identities, subAgent, clock, pairId, actors } = f;
    const [alice, bob, carol, dave] = traders;
    const outsider = (await ethers.getSigners())[19];
    const now = await clock.now();
    // Best first: alice (expires), bob (frozen identity: ineligible), carol (frozen on BOND), dave (valid) behind.
    await (
      await exchange
        .connect(alice)
        .placeOrder(order(Side.Bid, 104, 2, { orderType: OrderType.GoodTillDate, expiry: now + 100 }))
    ).wait();
    await (await exchange.connect(bob).placeOrder(order(Side.Bid, 103, 2))).wait();
    await (await exchange.connect(carol).placeOrder(order(Side.Bid, 103, 3))).wait();
    await (await exchange.connect(dave).placeOrder(order(Side.Bid, 102, 2))).wait();
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 101, 2))).wait();
    const ids = async (w: { getAddress(): Promise<string> }) => (await exchange.openOrders(w))[1];
    const [aliceGtd, aliceLast] = await ids(alice);
    const [bobsBid] = await ids(bob);
    const [carolsBid] = await ids(carol);

    // Nothing to purge while the top is valid.
    expect(await exchange.purgeBook.staticCall(pairId, Side.Bid, 10)).to.equal(0n);
    await expect(exchange.connect(outsider).purgeBook(pairId, Side.Bid, 10)).not.to.emit(exchange, "OrderRemoved");

    await clock.advance(200);
    await (await registry.connect(subAgent).freeze(identities[1], why)).wait();
    await (await token.connect(actors.issuer).freezeWallet(carol.address, why)).wait();

    // Bounded: one at a time.
    await expect(exchange.connect(outsider).purgeBook(pairId, Side.Bid, 1))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, aliceGtd, 2n, 2n, Reason.Expired);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - 101n * TICK * 2n, 101n * TICK * 2n]);
    // Then the rest of the stale top, stopping at dave's valid order.
    const tx = exchange.connect(outsider).purgeBook(pairId, Side.Bid, 10);
    await expect(tx).to.emit(exchange, "OrderRemoved").withArgs(pairId, bobsBid, 3n, 2n, Reason.Ineligible);
    await expect(tx).to.emit(exchange, "OrderRemoved").withArgs(pairId, carolsBid, 4n, 3n, Reason.Frozen);
    expect(await exchange.bestPrices(pairId)).to.deep.equal([102n, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS, 0n]);
    expect(await exchange.balanceOf(carol, usd)).to.deep.equal([FUNDS, 0n]);
    expect((await exchange.getOrder(pairId, aliceLast)).lots).to.equal(2n);
    expect(await exchange.purgeBook.staticCall(pairId, Side.Bid, 10)).to.equal(0n);
    // An empty side, a book never opened: nothing to do.
    expect(await exchange.purgeBook.staticCall(pairId, Side.Ask, 10)).to.equal(0n);
    await expect(exchange.purgeBook(999, Side.Ask, 10)).to.be.revertedWithCustomError(exchange, "PairNotTradable"); // no such pair
  });

  it("15.8: the purge stops at a valid maker (by its clearance or live) and at a paused native leg, and removes a maker the token's policy bars", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, token, pairId, actors } = f;
    const [alice, bob] = traders;
    // alice trades once, so her clearance is recorded; the purge trusts it (no live check) and stops.
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 90, 2))).wait();
    await (await exchange.connect(bob).placeOrder(order(Side.Bid, 90, 2))).wait();
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 80, 2))).wait();
    expect((await exchange.clearanceOf(alice, pairId))[1]).to.be.greaterThan(0n);
    expect(await exchange.purgeBook.staticCall(pairId, Side.Bid, 5)).to.equal(0n);
    // A paused native leg stops the purge of makers it would check live (a pause is no maker's fault).
    const stranger = await newTrader(f);
    await (await exchange.connect(stranger.wallet).placeOrder(order(Side.Bid, 85, 2))).wait();
    await (await token.connect(actors.issuer).pause()).wait();
    expect(await exchange.purgeBook.staticCall(pairId, Side.Bid, 5)).to.equal(0n);
    await (await token.connect(actors.issuer).unpause()).wait();
    // The token's own policy now bars the stranger's jurisdiction (the pair's still admits it): removed as ineligible.
    const p = await f.registry.identity(stranger.identity);
    await (await f.registry.connect(f.subAgent).update(stranger.identity, p.classes, 999, ethers.id("moved"))).wait();
    const barred = await f.clients.createPolicy([f.nodes.r1], 0x0f, [999]);
    await (await token.connect(actors.issuer).setPolicy(barred)).wait();
    await expect(exchange.purgeBook(pairId, Side.Bid, 1))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, anyValue, anyValue, 2n, Reason.Ineligible);
  });
});

describe("Exchange venue: a fee raise waits its notice (issue 15 item 8)", () => {
  it("15.8: a raise while orders rest applies only after FEE_NOTICE; an order placed before pays the old fee until then", async () => {
    const { exchange, order, traders, actors, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    const notice = await exchange.FEE_NOTICE();
    expect(notice).to.equal(7n * 86_400n);
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 100, 20))).wait();
    const t0 = (await time.latest()) + 10;
    await time.setNextBlockTimestamp(t0);
    await expect(exchange.connect(actors.exchangeOp).setFees(5, 10))
      .to.emit(exchange, "FeesScheduled")
      .withArgs(5, 10, BigInt(t0) + notice)
      .and.not.to.emit(exchange, "FeesSet");
    expect(await exchange.fees()).to.deep.equal([0n, 0n, 100n]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.pendingFees()).to.deep.equal([5n, 10n, BigInt(t0) + notice]);
    const ioc = { orderType: OrderType.ImmediateOrCancel };
    const last = t0 + Number(notice) - 1;
    // The last second before: the old fees, and applyFees refused.
    await time.setNextBlockTimestamp(last - 1);
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, ioc)))
      .to.emit(exchange, "OrderFilled")
      .withArgs(pairId, anyValue, 2n, 3n, 100, 2n, 0n, 0n);
    await time.setNextBlockTimestamp(last);
    await expect(exchange.applyFees())
      .to.be.revertedWithCustomError(exchange, "FeesNotYetEffective")
      .withArgs(BigInt(t0) + notice, last);
    // From the effective time on, anyone applies them; fills pay the new fees.
    await time.setNextBlockTimestamp(t0 + Number(notice));
    await expect(exchange.connect(bob).applyFees()).to.emit(exchange, "FeesSet").withArgs(5, 10);
    expect(await exchange.pendingFees()).to.deep.equal([0n, 0n, 0n]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([5n, 10n]);
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 100, 2, ioc)))
      .to.emit(exchange, "OrderFilled")
      .withArgs(pairId, anyValue, 2n, 3n, 100, 2n, 1n, 2n);
    await expect(exchange.applyFees()).to.be.revertedWithCustomError(exchange, "NoPendingFees");
  });

  it("15.8: a cut applies at once and drops a scheduled raise; a raise applied late is held to the cap of the time", async () => {
    const { exchange, order, traders, actors } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await setFeesNow(exchange, actors.exchangeOp, 20, 20); // a raise: after its notice
    expect(await exchange.fees()).to.deep.equal([20n, 20n, 100n]);
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 2))).wait(); // a bid rests (the other test: an ask)
    // A raise of one rate is a raise.
    await expect(exchange.connect(actors.exchangeOp).setFees(10, 30)).to.emit(exchange, "FeesScheduled");
    await expect(exchange.connect(actors.exchangeOp).setFees(10, 20))
      .to.emit(exchange, "FeesSet")
      .withArgs(10, 20)
      .and.not.to.emit(exchange, "FeesScheduled");
    expect(await exchange.pendingFees()).to.deep.equal([0n, 0n, 0n]);
    // Scheduled at 80 / 90, then the cap goes down to 50: applied at 50 / 50.
    await (await exchange.connect(actors.exchangeOp).setFees(80, 90)).wait();
    await (await exchange.connect(actors.steward).setFeeCap(50)).wait();
    expect(await exchange.pendingFees()).to.deep.include(80n);
    await time.increase(await exchange.FEE_NOTICE());
    await expect(exchange.applyFees()).to.emit(exchange, "FeesSet").withArgs(50, 50);
    expect(await exchange.fees()).to.deep.equal([50n, 50n, 50n]);
  });
});

describe("Exchange venue: the book maintenance and fee application are guarded (issue 15 item 8)", () => {
  it("refuses a token re-entering the venue into purgeBook, applyFees, clearDelisted or retireBook", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice] = traders;
    const re = await ethers.deployContract("ReentrantToken");
    const pairId = await listPair(f, re, usd);
    await (await re.mint(alice, 10_000n)).wait();
    await (await re.connect(alice).approve(exchange, 10_000n)).wait();
    const guard = (await full(exchange)).interface.getError("ReentrancyGuardReentrantCall")!.selector;
    const payloads = [
      exchange.interface.encodeFunctionData("purgeBook", [pairId, Side.Bid, 5n]),
      exchange.interface.encodeFunctionData("applyFees"),
      exchange.interface.encodeFunctionData("clearDelisted", [pairId, 5n]),
      exchange.interface.encodeFunctionData("retireBook", [pairId]),
    ];
    for (const payload of payloads) {
      await (await re.arm(exchange, payload)).wait();
      await (await exchange.connect(alice).deposit(re, 1_000n)).wait();
      expect(await re.lastReentryOk()).to.equal(false);
      expect((await re.lastReentryError()).slice(0, 10)).to.equal(guard);
    }
    expect(await exchange.balanceOf(alice, re)).to.deep.equal([4_000n, 0n]);
  });
});
