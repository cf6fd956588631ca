import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, LOT, OrderType, Reason, Side, TICK, exchangeSeconds, exchangeWithFees } from "../helpers/exchange";

describe("Exchange venue", () => {
  it("rests a bid, locks its quote, and a taker ask settles both legs", async () => {
    const { exchange, order, traders, token, usd, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 100, 5))).to.emit(exchange, "OrderPlaced");
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - 100n * TICK * 5n, 100n * TICK * 5n]);
    expect(await exchange.bestPrices(pairId)).to.deep.equal([100n, 0n]);
    await expect(exchange.connect(bob).placeOrder(order(Side.Ask, 90, 3))).to.emit(exchange, "OrderFilled");
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - 100n * TICK * 5n, 100n * TICK * 2n]);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS + 3n * LOT, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS + 100n * TICK * 3n, 0n]);
    expect(await exchange.balanceOf(bob, token)).to.deep.equal([FUNDS - 3n * LOT, 0n]);
  });

  it("charges fees rounded up against the payer and credits them to the operator", async () => {
    const { exchange, order, traders, token, usd, pairId, actors } = await loadFixture(exchangeWithFees);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 7, 3));
    await exchange.connect(bob).placeOrder(order(Side.Bid, 7, 3, { orderType: OrderType.ImmediateOrCancel }));
    const quote = 7n * TICK * 3n; // 210
    const makerFee = (quote * 5n + 9999n) / 10000n; // 1 (rounded up)
    const takerFee = (3n * LOT * 10n + 9999n) / 10000n; // 3
    expect(await exchange.pairFees(pairId)).to.deep.equal([takerFee, makerFee]);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS + quote - makerFee, 0n]);
    expect(await exchange.balanceOf(bob, token)).to.deep.equal([FUNDS + 3n * LOT - takerFee, 0n]);
    await exchange.collectFees(pairId);
    expect(await exchange.balanceOf(actors.exchangeOp, usd)).to.deep.equal([makerFee, 0n]);
    await expect(exchange.connect(actors.exchangeOp).setFees(101, 0)).to.be.revertedWithCustomError(
      exchange,
      "FeeAboveCap",
    );
    await expect(exchange.connect(alice).setFees(1, 1)).to.be.revertedWithCustomError(exchange, "NotOperator");
    await expect(exchange.connect(alice).setFeeCap(1)).to.be.revertedWithCustomError(exchange, "NotGovernor");
  });

  it("cancels, and refuses another owner's cancel", async () => {
    const { exchange, order, traders, usd, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 5));
    const [, ids] = await exchange.openOrders(alice);
    await expect(exchange.connect(bob).cancelOrder(pairId, ids[0])).to.be.revertedWithCustomError(
      exchange,
      "NotOrderOwner",
    );
    await expect(exchange.connect(alice).cancelOrder(pairId, ids[0]))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, ids[0], 2n, 5n, Reason.Cancelled);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
    expect((await exchange.openOrders(alice))[1]).to.deep.equal([]);
  });

  it("removes an ineligible maker mid-match and keeps matching", async () => {
    const { exchange, order, traders, usd, registry, identities, subAgent } = await loadFixture(exchangeSeconds);
    const [alice, bob, carol] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await exchange.connect(carol).placeOrder(order(Side.Ask, 51, 2));
    await (await registry.connect(subAgent).freeze(identities[0], ethers.encodeBytes32String("x"))).wait();
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 60, 2)))
      .to.emit(exchange, "OrderRemoved")
      .and.to.emit(exchange, "OrderFilled");
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS - 51n * TICK * 2n, 0n]);
  });

  it("prevents self-trade by cancelling the resting order", async () => {
    const { exchange, order, traders } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2)))
      .to.emit(exchange, "OrderRemoved")
      .and.to.emit(exchange, "OrderPlaced");
  });

  it("refuses orders on a halted pair but cancels and withdrawals work", async () => {
    const { exchange, order, traders, pairs, pairId, actors, usd } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 5));
    await pairs.connect(actors.steward).haltPair(pairId, ethers.encodeBytes32String("halt"));
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 100, 5))).to.be.revertedWithCustomError(
      exchange,
      "PairNotTradable",
    );
    await exchange.connect(alice).cancelAll();
    await exchange.connect(alice).withdraw(usd, FUNDS);
    expect(await usd.balanceOf(alice)).to.equal(FUNDS);
  });
});
