import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, OrderType, Reason, Side, TICK, exchangeSeconds } from "../helpers/exchange";
import { auditWorld } from "../helpers/audit";

describe("Exchange venue: order types and pair lifecycle", () => {
  it("fill-or-kill reverts unless fully filled; post-only reverts if it would cross", async () => {
    const { exchange, order, traders } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 3));
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 4, { orderType: OrderType.FillOrKill })))
      .to.be.revertedWithCustomError(exchange, "FillOrKillNotFilled")
      .withArgs(4n, 3n);
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.PostOnly })))
      .to.be.revertedWithCustomError(exchange, "PostOnlyWouldCross")
      .withArgs(50n, 50n);
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 3, { orderType: OrderType.FillOrKill }))).to.emit(
      exchange,
      "OrderFilled",
    );
  });

  it("immediate-or-cancel drops its remainder; a limit order rests it", async () => {
    const { exchange, order, traders, pairId, usd } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 3));
    await exchange.connect(bob).placeOrder(order(Side.Bid, 55, 5, { orderType: OrderType.ImmediateOrCancel }));
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS - 50n * TICK * 3n, 0n]);
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 3));
    await exchange.connect(bob).placeOrder(order(Side.Bid, 55, 5));
    expect(await exchange.bestPrices(pairId)).to.deep.equal([55n, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([
      FUNDS - 2n * 50n * TICK * 3n - 55n * TICK * 2n,
      55n * TICK * 2n,
    ]);
  });

  it("removes an expired good-till-date maker and refuses a past expiry", async () => {
    const { exchange, order, traders, clock, usd } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    const now = await clock.now();
    await expect(
      exchange.connect(alice).placeOrder(order(Side.Bid, 50, 3, { orderType: OrderType.GoodTillDate, expiry: now })),
    ).to.be.revertedWithCustomError(exchange, "InvalidExpiry");
    await exchange
      .connect(alice)
      .placeOrder(order(Side.Bid, 50, 3, { orderType: OrderType.GoodTillDate, expiry: now + 100 }));
    await clock.advance(200);
    await expect(exchange.connect(bob).placeOrder(order(Side.Ask, 50, 3, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(anyPair(), anyId(), 2n, 3n, Reason.Expired);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
  });

  it("enforces the minimum size and the open-order cap", async () => {
    const { exchange, order, traders } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 50, 1)))
      .to.be.revertedWithCustomError(exchange, "BelowMinimumSize")
      .withArgs(1n, 2n);
    for (let i = 0; i < 32; i++) await exchange.connect(alice).placeOrder(order(Side.Bid, 10 + i, 2));
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 60, 2)))
      .to.be.revertedWithCustomError(exchange, "TooManyOpenOrders")
      .withArgs(2n);
    expect(await exchange.connect(alice).cancelAll.staticCall()).to.equal(32n);
  });

  it("a filled maker's open-order slot is stale: views skip it, and a placement reclaims it when all are taken", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, usd, pairId } = f;
    const [alice, bob] = traders;
    for (let i = 0; i < 32; i++) await exchange.connect(alice).placeOrder(order(Side.Bid, 10 + i, 2));
    // Bob fills alice's two best bids entirely (ticks 41 and 40): their slots stay set but name no order.
    await exchange.connect(bob).placeOrder(order(Side.Ask, 40, 4, { orderType: OrderType.ImmediateOrCancel }));
    const [, ids] = await exchange.openOrders(alice);
    expect(ids.length).to.equal(30);
    let locked = 0n;
    for (let i = 0; i < 30; i++) locked += BigInt(10 + i) * TICK * 2n;
    expect((await exchange.balanceOf(alice, usd))[1]).to.equal(locked);
    // All 32 bits are set: the next placement frees the two stale ones and takes the lowest.
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 5, 2))).to.emit(exchange, "OrderPlaced");
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 6, 2))).to.emit(exchange, "OrderPlaced");
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 7, 2)))
      .to.be.revertedWithCustomError(exchange, "TooManyOpenOrders")
      .withArgs(2n);
    // Cancel-all skips nothing live and trips on nothing stale.
    expect(await exchange.connect(alice).cancelAll.staticCall()).to.equal(32n);
    await (
      await exchange.connect(bob).placeOrder(order(Side.Ask, 36, 2, { orderType: OrderType.ImmediateOrCancel }))
    ).wait();
    expect(await exchange.connect(alice).cancelAll.staticCall()).to.equal(31n);
    await (await exchange.connect(alice).cancelAll()).wait();
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - (41n + 40n + 39n) * TICK * 2n, 0n]);
    const report = await auditWorld(f);
    expect(report.differences).to.deep.equal([]);
    expect(pairId).to.be.greaterThan(0n);
  });

  it("a delisted pair matches nothing; anyone clears its book back to the owners", async () => {
    const { exchange, order, traders, pairs, pairId, actors, usd, token } = await loadFixture(exchangeSeconds);
    const [alice, bob, carol] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Bid, 50, 3));
    await exchange.connect(bob).placeOrder(order(Side.Ask, 60, 3));
    await expect(exchange.clearDelisted(pairId, 10)).to.be.revertedWithCustomError(exchange, "PairNotDelisted");
    await pairs.connect(actors.steward).delistPair(pairId, ethers.encodeBytes32String("gone"));
    await expect(exchange.connect(carol).placeOrder(order(Side.Ask, 50, 3))).to.be.revertedWithCustomError(
      exchange,
      "PairNotTradable",
    );
    await exchange.connect(carol).clearDelisted(pairId, 1);
    await exchange.connect(carol).clearDelisted(pairId, 10);
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
    expect(await exchange.balanceOf(bob, token)).to.deep.equal([FUNDS, 0n]);
    expect((await exchange.openOrders(alice))[1]).to.deep.equal([]);
  });

  it("replace cancels and places in one call", async () => {
    const { exchange, order, traders, pairId } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Bid, 50, 3));
    const [, [id]] = await exchange.openOrders(alice);
    await expect(exchange.connect(alice).replaceOrder(pairId, id, order(Side.Bid, 52, 4)))
      .to.emit(exchange, "OrderRemoved")
      .and.to.emit(exchange, "OrderPlaced");
    expect(await exchange.bestPrices(pairId)).to.deep.equal([52n, 0n]);
    const view = await exchange.getOrder(pairId, (await exchange.openOrders(alice))[1][0]);
    expect(view.lots).to.equal(4n);
    expect(view.wallet).to.equal(alice.address);
  });
});

function anyPair() {
  return (v: unknown) => typeof v === "bigint";
}
function anyId() {
  return (v: unknown) => typeof v === "bigint";
}
