import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { ethers } from "hardhat";
import { LOT, OrderType, Side, TICK, conservation, exchangeSeconds, listPair } from "../helpers/exchange";

/** Hostile and odd tokens as the base of a book beside the fixture's USD quote. */
describe("Exchange venue: odd and hostile tokens", () => {
  it("credits what a fee-on-transfer token delivered, and conserves it through trading", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice, bob] = traders;
    const fee = await ethers.deployContract("FeeOnTransferToken", [100]); // 1%
    const pairId = await listPair(f, fee, usd);
    await fee.mint(alice, 1_000_000n);
    await fee.connect(alice).approve(exchange, 1_000_000n);
    await expect(exchange.connect(alice).deposit(fee, 1_000_000n))
      .to.emit(exchange, "Deposited")
      .withArgs(2n, await fee.getAddress(), 990_000n);
    expect(await exchange.balanceOf(alice, fee)).to.deep.equal([990_000n, 0n]);
    await exchange.connect(alice).placeOrder({
      pairId,
      side: Side.Ask,
      orderType: OrderType.GoodTillCancel,
      tick: 10,
      lots: 100,
      expiry: 0,
      maxSteps: 5,
    });
    await exchange.connect(bob).placeOrder({
      pairId,
      side: Side.Bid,
      orderType: OrderType.ImmediateOrCancel,
      tick: 10,
      lots: 60,
      expiry: 0,
      maxSteps: 5,
    });
    expect(await exchange.balanceOf(bob, fee)).to.deep.equal([60n * LOT, 0n]);
    await exchange.connect(bob).withdraw(fee, 60n * LOT); // bob receives 1% less: the token's doing, not the venue's
    expect(await fee.balanceOf(bob)).to.equal((60n * LOT * 99n) / 100n);
    const c = await conservation(f, fee, [pairId]);
    expect(c.internal).to.equal(c.held);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([10n ** 12n - 10n * TICK * 60n, 0n]);
  });

  it("refuses a token that misreports: false returns, silent no-ops, a balance that shrinks on arrival", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice] = traders;
    const liar = await ethers.deployContract("MisreportingToken");
    const pairId = await listPair(f, liar, usd);
    await liar.mint(alice, 10_000n);
    await liar.connect(alice).approve(exchange, 10_000n);
    await exchange.connect(alice).deposit(liar, 5_000n); // honest
    await liar.setMode(1, 0);
    const full = await ethers.getContractAt("Exchange", await exchange.getAddress());
    await expect(exchange.connect(alice).deposit(liar, 100n)).to.be.revertedWithCustomError(
      full,
      "SafeERC20FailedOperation",
    );
    await expect(exchange.connect(alice).withdraw(liar, 100n)).to.be.revertedWithCustomError(
      full,
      "SafeERC20FailedOperation",
    );
    await liar.setMode(2, 0);
    await expect(exchange.connect(alice).deposit(liar, 100n))
      .to.be.revertedWithCustomError(exchange, "NothingReceived")
      .withArgs(await liar.getAddress());
    await liar.setMode(3, 0);
    await expect(exchange.connect(alice).deposit(liar, 100n))
      .to.be.revertedWithCustomError(exchange, "NothingReceived")
      .withArgs(await liar.getAddress());
    await liar.setMode(0, 0);
    expect(await exchange.balanceOf(alice, liar)).to.deep.equal([5_000n, 0n]);
    const c = await conservation(f, liar, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("refuses a token re-entering the venue during deposit and withdraw; balances stay conserved", async () => {
    // deposit, withdraw and cancel-all (which move tokens or many orders) are guarded; placing an order is not (it
    // calls no token and changes no other contract), so a re-entering token meets its ordinary checks instead.
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice] = traders;
    const re = await ethers.deployContract("ReentrantToken");
    const pairId = await listPair(f, re, usd);
    await re.mint(alice, 10_000n);
    await re.connect(alice).approve(exchange, 10_000n);
    const full = await ethers.getContractAt("Exchange", await exchange.getAddress());
    const guard = full.interface.getError("ReentrancyGuardReentrantCall")!.selector;
    const unknown = full.interface.getError("UnknownAccount")!.selector;
    const payloads: [string, string][] = [
      [exchange.interface.encodeFunctionData("withdraw", [await re.getAddress(), 1n]), guard],
      [exchange.interface.encodeFunctionData("deposit", [await re.getAddress(), 1n]), guard],
      [exchange.interface.encodeFunctionData("cancelAll"), guard],
      [
        exchange.interface.encodeFunctionData("placeOrder", [
          { pairId, side: Side.Ask, orderType: OrderType.GoodTillCancel, tick: 5, lots: 2, expiry: 0, maxSteps: 1 },
        ]),
        unknown,
      ],
    ];
    for (const [payload, error] of payloads) {
      await re.arm(exchange, payload);
      await exchange.connect(alice).deposit(re, 1_000n);
      expect(await re.lastReentryOk()).to.equal(false);
      expect((await re.lastReentryError()).slice(0, 10)).to.equal(error);
      await exchange.connect(alice).withdraw(re, 400n);
      expect(await re.lastReentryOk()).to.equal(false);
      expect((await re.lastReentryError()).slice(0, 10)).to.equal(error);
    }
    expect(await exchange.balanceOf(alice, re)).to.deep.equal([4n * 600n, 0n]);
    const c = await conservation(f, re, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("15.9: a withdrawal measures what left the venue: a token charging the sender on top is refused, by name", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice, bob] = traders;
    const sfee = await ethers.deployContract("SenderFeeToken", [100]); // the sender pays 1% on top
    const pairId = await listPair(f, sfee, usd);
    for (const t of [alice, bob]) {
      await sfee.mint(t, 2_000_000n);
      await sfee.connect(t).approve(exchange, 1_000_000n);
      await expect(exchange.connect(t).deposit(sfee, 1_000_000n))
        .to.emit(exchange, "Deposited")
        .withArgs(anyValue, await sfee.getAddress(), 1_000_000n);
    }
    // The venue would lose 1,010,000 for a debit of 1,000,000: one client's money would pay another's token fee.
    await expect(exchange.connect(alice).withdraw(sfee, 1_000_000n))
      .to.be.revertedWithCustomError(exchange, "WithdrawalMismatch")
      .withArgs(await sfee.getAddress(), 1_000_000n, 1_010_000n);
    expect(await exchange.balanceOf(alice, sfee)).to.deep.equal([1_000_000n, 0n]);
    expect(await sfee.balanceOf(exchange)).to.equal(2_000_000n);
    const c = await conservation(f, sfee, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("15.9: a no-return token whose transfer silently moves nothing cannot debit a withdrawer for nothing", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice] = traders;
    const silent = await ethers.deployContract("SilentToken");
    const pairId = await listPair(f, silent, usd);
    await silent.mint(alice, 10_000n);
    await silent.connect(alice).approve(exchange, 10_000n);
    await exchange.connect(alice).deposit(silent, 10_000n);
    await exchange.connect(alice).withdraw(silent, 1_000n); // honest while not silent
    expect(await silent.balanceOf(alice)).to.equal(1_000n);
    await silent.setSilent(true);
    await expect(exchange.connect(alice).withdraw(silent, 1_000n))
      .to.be.revertedWithCustomError(exchange, "WithdrawalMismatch")
      .withArgs(await silent.getAddress(), 1_000n, 0n);
    expect(await exchange.balanceOf(alice, silent)).to.deep.equal([9_000n, 0n]);
    const c = await conservation(f, silent, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("15.9: a token moving the wrong way is refused by name, not by an arithmetic panic (withdrawal and deposit)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice, bob] = traders;
    const token = await ethers.deployContract("SilentToken");
    const pairId = await listPair(f, token, usd);
    for (const t of [alice, bob]) {
      await token.mint(t, 10_000n);
      await token.connect(t).approve(exchange, 10_000n);
      await exchange.connect(t).deposit(token, 10_000n);
    }
    await token.mint(alice, 1_000n);
    await token.setInverted(true);
    // The venue's holding would grow by 1,000: nothing left it.
    await expect(exchange.connect(alice).withdraw(token, 1_000n))
      .to.be.revertedWithCustomError(exchange, "WithdrawalMismatch")
      .withArgs(await token.getAddress(), 1_000n, 0n);
    // A deposit that takes from the venue credits nothing.
    await expect(exchange.connect(alice).deposit(token, 1_000n))
      .to.be.revertedWithCustomError(exchange, "NothingReceived")
      .withArgs(await token.getAddress());
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([10_000n, 0n]);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("L1: refuses a deposit that would take the venue's balance of a token above 2^127 - 1", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, usd } = f;
    const [alice, bob] = traders;
    const big = await ethers.deployContract("TestToken", ["Big", "BIG"]);
    await listPair(f, big, usd);
    const max = 2n ** 127n - 1n;
    await big.mint(alice, max);
    await big.mint(bob, 10n);
    await big.connect(alice).approve(exchange, ethers.MaxUint256);
    await big.connect(bob).approve(exchange, ethers.MaxUint256);
    await exchange.connect(alice).deposit(big, max - 1n);
    await expect(exchange.connect(bob).deposit(big, 2n))
      .to.be.revertedWithCustomError(exchange, "VenueBalanceTooLarge")
      .withArgs(await big.getAddress(), max + 1n);
    await exchange.connect(bob).deposit(big, 1n);
    expect(await exchange.balanceOf(alice, big)).to.deep.equal([max - 1n, 0n]);
    expect(await big.balanceOf(exchange)).to.equal(max);
  });
});
