import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { FUNDS, LOT, OrderType, Reason, Side, TICK, conservation, exchangeSeconds } from "../helpers/exchange";
import { Eligibility, rememberWallet } from "../helpers/fixtures";
import type { ExchangeWorld } from "../helpers/exchange";

const why = ethers.encodeBytes32String("accounts");

/** `who` places a good-till-cancel order on the fixture's book; returns its order id. */
async function rest(f: ExchangeWorld, who: Signer, side: number, tick: number, lots: number): Promise<bigint> {
  const [id] = await f.exchange.connect(who).placeOrder.staticCall(f.order(side, tick, lots));
  await (await f.exchange.connect(who).placeOrder(f.order(side, tick, lots))).wait();
  return id;
}

/** The OrderRemoved events of a transaction: [orderId, account, lots, reason] each. */
async function removals(f: ExchangeWorld, tx: Promise<{ wait(): Promise<unknown> }>) {
  const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[]; data: string }[] };
  const out: [bigint, bigint, bigint, bigint][] = [];
  for (const log of receipt.logs) {
    const parsed = f.exchange.interface.parseLog(log);
    if (parsed?.name === "OrderRemoved") out.push([parsed.args[1], parsed.args[2], parsed.args[3], parsed.args[4]]);
  }
  return out;
}

describe("Exchange admin: deposits need a known token, an amount and a valid identity", () => {
  it("refuses a token no open book trades (UnknownToken) and a zero amount (ZeroAmount); nothing moves", async () => {
    const { exchange, traders, usd } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    const stray = await ethers.deployContract("TestToken", ["Stray", "STR"]);
    await (await stray.mint(alice, 100n)).wait();
    await (await stray.connect(alice).approve(exchange, 100n)).wait();
    await expect(exchange.connect(alice).deposit(stray, 100n))
      .to.be.revertedWithCustomError(exchange, "UnknownToken")
      .withArgs(await stray.getAddress());
    await expect(exchange.connect(alice).deposit(usd, 0n)).to.be.revertedWithCustomError(exchange, "ZeroAmount");
    expect(await stray.balanceOf(alice)).to.equal(100n);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
  });

  it("refuses a wallet with no identity in the client registry (NoIdentity), and opens no account for it", async () => {
    const { exchange, usd } = await loadFixture(exchangeSeconds);
    const funder = (await ethers.getSigners())[0];
    const stranger = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await (await funder.sendTransaction({ to: stranger.address, value: ethers.parseEther("1") })).wait();
    await (await usd.mint(stranger.address, 100n)).wait();
    await (await usd.connect(stranger).approve(exchange, 100n)).wait();
    const accounts = await exchange.accountCount();
    await expect(exchange.connect(stranger).deposit(usd, 100n))
      .to.be.revertedWithCustomError(exchange, "NoIdentity")
      .withArgs(stranger.address);
    expect(await exchange.accountCount()).to.equal(accounts);
    expect(await exchange.accountOf(stranger.address)).to.deep.equal([0n, 0n]);
  });

  it("refuses a deposit while the identity's attesting KYC node is suspended (IdentityNotValid AttesterInvalid), and takes it once resumed", async () => {
    const { exchange, traders, usd, tree, regulator, nodes } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await (await usd.mint(alice, 10n)).wait();
    await (await usd.connect(alice).approve(exchange, 10n)).wait();
    await (await tree.connect(regulator).suspend(nodes.kycAgent, why)).wait();
    await expect(exchange.connect(alice).deposit(usd, 10n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(alice.address, Eligibility.AttesterInvalid);
    // Withdrawals are not a deposit: they keep working.
    await expect(exchange.connect(alice).withdraw(usd, 1n)).to.emit(exchange, "Withdrawn");
    await (await tree.connect(regulator).resume(nodes.kycAgent)).wait();
    await expect(exchange.connect(alice).deposit(usd, 10n)).to.emit(exchange, "Deposited").withArgs(2n, usd, 10n);
  });
});

describe("Exchange admin: accounts", () => {
  it("syncIdentity needs an account (UnknownAccount) and records the wallet's identity in it", async () => {
    const { exchange, traders, identities, outsider } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    await expect(exchange.syncIdentity(outsider))
      .to.be.revertedWithCustomError(exchange, "UnknownAccount")
      .withArgs(outsider.address);
    await expect(exchange.connect(outsider).syncIdentity(alice))
      .to.emit(exchange, "AccountIdentitySynced")
      .withArgs(2n, identities[0]);
    expect(await exchange.accountOf(alice)).to.deep.equal([2n, identities[0]]);
  });

  it("cancelAll cancels every resting order of the caller, past a slot freed by an earlier cancel, and returns how many", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, usd, token, pairId } = f;
    const [alice] = f.traders;
    const a = await rest(f, alice, Side.Bid, 40, 2);
    const b = await rest(f, alice, Side.Bid, 41, 3);
    const c = await rest(f, alice, Side.Ask, 90, 4);
    await (await exchange.connect(alice).cancelOrder(pairId, b)).wait(); // slot 1 is free, slots 0 and 2 hold orders
    expect(await exchange.connect(alice).cancelAll.staticCall()).to.equal(2n);
    expect(await removals(f, exchange.connect(alice).cancelAll())).to.deep.equal([
      [a, 2n, 2n, BigInt(Reason.Cancelled)],
      [c, 2n, 4n, BigInt(Reason.Cancelled)],
    ]);
    expect((await exchange.openOrders(alice))[1]).to.deep.equal([]);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS, 0n]);
    expect(await exchange.connect(alice).cancelAll.staticCall()).to.equal(0n);
  });
});

describe("Exchange admin: recovery of a native token", () => {
  it("refuses a token no book trades (UnknownToken)", async () => {
    const { exchange, traders, actors } = await loadFixture(exchangeSeconds);
    const [alice, , carol] = traders;
    const stray = await ethers.deployContract("TestToken", ["Stray", "STR"]);
    await expect(exchange.connect(actors.issuer).recover(stray, alice, carol, 1n, why))
      .to.be.revertedWithCustomError(exchange, "UnknownToken")
      .withArgs(await stray.getAddress());
  });

  it("cancels only the wallet's live orders locking the recovered token: not its bids, not a freed slot, not an order a fill completed", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, token, usd, actors, pairId, order } = f;
    const [alice, bob, carol] = f.traders;
    const filled = await rest(f, alice, Side.Ask, 50, 2); // slot 0: taken whole below, its bit goes stale
    const bid = await rest(f, alice, Side.Bid, 10, 3); // slot 1: locks USD, stays
    const freed = await rest(f, alice, Side.Ask, 60, 2); // slot 2: cancelled by alice, bit cleared
    const locking = await rest(f, alice, Side.Ask, 70, 4); // slot 3: locks BOND, recovered
    await (await exchange.connect(alice).cancelOrder(pairId, freed)).wait();
    await (
      await exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel }))
    ).wait();
    expect((await exchange.getOrder(pairId, filled)).lots).to.equal(0n);

    // All of alice's BOND: only available once the order locking 4 lots of it is cancelled.
    const all = FUNDS - 2n * LOT;
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([all - 4n * LOT, 4n * LOT]);
    const tx = exchange.connect(actors.issuer).recover(token, alice, carol, all, why);
    expect(await removals(f, tx)).to.deep.equal([[locking, 2n, 4n, BigInt(Reason.Recovered)]]);
    await expect(tx)
      .to.emit(exchange, "Recovered")
      .withArgs(await token.getAddress(), 2n, carol.address, 4n, all, why, actors.issuer.address);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(carol, token)).to.deep.equal([FUNDS + all, 0n]);
    // The bid, which locks USD, still rests whole.
    expect((await exchange.getOrder(pairId, bid)).lots).to.equal(3n);
    expect(await exchange.bestPrices(pairId)).to.deep.equal([10n, 0n]);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([
      FUNDS + 50n * TICK * 2n - 10n * TICK * 3n,
      10n * TICK * 3n,
    ]);
    const held = await conservation(f, token, [pairId]);
    expect(held.internal).to.equal(held.held);
  });
});
