import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  FUNDS,
  LOT,
  OrderType,
  Reason,
  Side,
  TICK,
  conservation,
  exchangeMillis,
  exchangeSeconds,
  newTrader,
  secondBank,
} from "../helpers/exchange";
import { DAY, rememberWallet } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("order 123");

describe("Exchange venue: native-token compliance (audit H1, H2, M1)", () => {
  it("records the native legs at openBook", async () => {
    const { exchange, pairId } = await loadFixture(exchangeSeconds);
    expect(await exchange.nativeLegs(pairId)).to.deep.equal([true, false]);
  });

  it("H1 PoC: a wallet frozen on BOND can no longer sell it on the venue (taker refused)", async () => {
    const { exchange, order, traders, token, usd, actors } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(bob).placeOrder(order(Side.Bid, 100, 5));
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    for (const t of [OrderType.ImmediateOrCancel, OrderType.GoodTillCancel, OrderType.PostOnly]) {
      await expect(
        exchange.connect(alice).placeOrder(order(Side.Ask, t === OrderType.PostOnly ? 200 : 100, 5, { orderType: t })),
      )
        .to.be.revertedWithCustomError(exchange, "NativeTokenFrozen")
        .withArgs(await token.getAddress(), alice.address);
    }
    // Nothing moved; the USD she already had stays withdrawable.
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS, 0n]);
    await exchange.connect(alice).withdraw(usd, 1n);
  });

  it("H1: a maker frozen on BOND (wallet or identity) is removed with reason Frozen and matching goes on", async () => {
    const { exchange, order, traders, token, usd, actors, identities, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob, carol, dave] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await exchange.connect(carol).placeOrder(order(Side.Ask, 51, 2));
    await exchange.connect(dave).placeOrder(order(Side.Ask, 52, 2));
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    await (await token.connect(actors.issuer).freezeIdentity(identities[2], why)).wait();
    const tx = exchange.connect(bob).placeOrder(order(Side.Bid, 60, 2, { orderType: OrderType.ImmediateOrCancel }));
    await expect(tx)
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 2n, 2n, Reason.Frozen);
    await expect(tx)
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 4n, 2n, Reason.Frozen);
    await expect(tx)
      .to.emit(exchange, "OrderFilled")
      .withArgs(pairId, (v: bigint) => v > 0n, 5n, 3n, 52n, 2n, 0n, 0n);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS, 0n]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS - 52n * TICK * 2n, 0n]);
  });

  it("H2: a paused native token stops orders and matching; cancels and withdrawals still work", async () => {
    const { exchange, order, traders, token, usd, actors, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await (await token.connect(actors.issuer).pause()).wait();
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2)))
      .to.be.revertedWithCustomError(exchange, "NativeTokenPaused")
      .withArgs(await token.getAddress());
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 40, 2))).to.be.revertedWithCustomError(
      exchange,
      "NativeTokenPaused",
    );
    await exchange.connect(alice).cancelAll();
    await exchange.connect(bob).withdraw(usd, 5n);
    await (await token.connect(actors.issuer).unpause()).wait();
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2))).to.emit(exchange, "OrderFilled");
    expect(await exchange.bestPrices(pairId)).to.deep.equal([0n, 0n]);
  });

  it("M1: the issuer recovers a frozen client's BOND to another client's venue account", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, token, usd, actors, pairId } = f;
    const [alice, , carol] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 4)); // locks 4 lots of BOND
    await exchange.connect(alice).placeOrder(order(Side.Bid, 40, 4)); // locks USD: untouched
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    const amount = FUNDS - 100n;
    const tx = exchange.connect(actors.issuer).recover(token, alice, carol, amount, why);
    await expect(tx)
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 2n, 4n, Reason.Recovered);
    await expect(tx)
      .to.emit(exchange, "Recovered")
      .withArgs(await token.getAddress(), 2n, carol.address, 4n, amount, why, actors.issuer.address);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([100n, 0n]);
    expect(await exchange.balanceOf(carol, token)).to.deep.equal([FUNDS + amount, 0n]);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - 40n * TICK * 4n, 40n * TICK * 4n]);
    expect((await exchange.openOrders(alice))[1].length).to.equal(1);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("M1: the regulator (a manager of the issuer node) recovers out of the venue to an eligible wallet", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, regulator, pairId } = f;
    const [alice] = traders;
    const { wallet: outside } = await newTrader(f, { fund: false });
    await expect(exchange.connect(regulator).recover(token, alice, outside, 1_000n, why))
      .to.emit(exchange, "Recovered")
      .withArgs(await token.getAddress(), 2n, outside.address, 0n, 1_000n, why, regulator.address);
    expect(await token.balanceOf(outside)).to.equal(1_000n);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("M1: refuses strangers, external tokens, short balances and a frozen internal recipient", async () => {
    const { exchange, traders, token, usd, actors } = await loadFixture(exchangeSeconds);
    const [alice, bob, carol] = traders;
    await expect(exchange.connect(bob).recover(token, alice, bob, 1n, why))
      .to.be.revertedWithCustomError(exchange, "NotTokenAuthority")
      .withArgs(await token.getAddress(), bob.address);
    await expect(exchange.connect(actors.issuer).recover(usd, alice, bob, 1n, why)).to.be.revertedWithCustomError(
      exchange,
      "NotNativeToken",
    );
    await expect(
      exchange.connect(actors.issuer).recover(token, alice, bob, FUNDS + 1n, why),
    ).to.be.revertedWithCustomError(exchange, "InsufficientBalance");
    await (await token.connect(actors.issuer).freezeWallet(carol, why)).wait();
    await expect(exchange.connect(actors.issuer).recover(token, alice, carol, 1n, why))
      .to.be.revertedWithCustomError(token, "WalletIsFrozen") // the token's forced-transfer rule (issue 22 item 1)
      .withArgs(carol.address);
    await expect(exchange.connect(actors.issuer).recover(token, alice, bob, 0n, why)).to.be.revertedWithCustomError(
      exchange,
      "ZeroAmount",
    );
  });
});

describe("Exchange venue: live identities for self-trade prevention (audit M2)", () => {
  it("a wallet re-bound to the taker's identity is a self-trade; re-bound away it is a counterparty", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, registry, subAgent, identities, clients, pairId } = f;
    const [alice] = traders;
    // w opened its account as its own identity, then joins alice's identity.
    const { wallet: w, identity: wIdentity } = await newTrader(f);
    await exchange.connect(w).placeOrder(order(Side.Ask, 50, 2));
    const second = rememberWallet(ethers.Wallet.createRandom());
    await clients.addWallet(wIdentity, second.address); // so that w is not its identity's last wallet
    await (await registry.connect(subAgent).removeWallet(wIdentity, w.address)).wait();
    await clients.addWallet(identities[0], w.address);
    expect((await exchange.accountOf(w))[1]).to.equal(wIdentity); // the stale record
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2)))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 6n, 2n, Reason.SelfTrade);
    // Re-bound away from alice: now a counterparty although the venue record still says alice's identity.
    await exchange.connect(alice).cancelAll();
    await exchange.connect(w).placeOrder(order(Side.Ask, 50, 2));
    await (await exchange.syncIdentity(w)).wait();
    expect((await exchange.accountOf(w))[1]).to.equal(identities[0]);
    await (await registry.connect(subAgent).removeWallet(identities[0], w.address)).wait();
    await clients.addWallet(wIdentity, w.address);
    await expect(
      exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.FillOrKill })),
    ).to.emit(exchange, "OrderFilled");
  });
});

describe("Exchange venue: makers losing eligibility through the authority tree", () => {
  it("removes a maker whose bank's node was revoked", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, tree, regulator, pairId } = f;
    const [alice] = traders;
    const bank = await secondBank(f, 400);
    await exchange.connect(bank.client.wallet).placeOrder(order(Side.Ask, 50, 2));
    await (await tree.connect(regulator).revoke(bank.node, why)).wait();
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 6n, 2n, Reason.Ineligible);
    expect(await exchange.balanceOf(bank.client.wallet, f.token)).to.deep.equal([FUNDS, 0n]);
  });

  it("removes a maker whose bank's lease lapsed (shortened after the client was attested)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, tree, regulator, clock, pairId } = f;
    const [alice] = traders;
    const bank = await secondBank(f, 2 * 365);
    await exchange.connect(bank.client.wallet).placeOrder(order(Side.Ask, 50, 2));
    await (await tree.connect(regulator).renew(bank.node, await clock.in(10 * DAY))).wait();
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 40, 2))).to.emit(exchange, "OrderPlaced");
    await clock.advance(11 * DAY);
    await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 6n, 2n, Reason.Ineligible);
  });
});

describe("Exchange venue: expiry and dropped remainders", () => {
  it("expires a good-till-date maker on PlatON's millisecond clock", async () => {
    const { exchange, order, traders, clock, usd, pairId, unit } = await loadFixture(exchangeMillis);
    expect(unit).to.equal(1000);
    const [alice, bob] = traders;
    const expiry = (await clock.now()) + 100;
    await exchange.connect(alice).placeOrder(order(Side.Bid, 50, 4, { orderType: OrderType.GoodTillDate, expiry }));
    expect((await exchange.getOrder(pairId, (await exchange.openOrders(alice))[1][0])).expiry).to.equal(BigInt(expiry));
    await clock.advance(50); // 50 s = 50,000 ms: still live
    await expect(
      exchange.connect(bob).placeOrder(order(Side.Ask, 50, 2, { orderType: OrderType.ImmediateOrCancel })),
    ).to.emit(exchange, "OrderFilled");
    await clock.advance(60);
    await expect(exchange.connect(bob).placeOrder(order(Side.Ask, 50, 2, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(pairId, (v: bigint) => v > 0n, 2n, 2n, Reason.Expired);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([FUNDS - 50n * TICK * 2n, 0n]);
  });

  it("L2: logs a good-till-cancel remainder dropped because maxSteps ran out while still crossing", async () => {
    const { exchange, order, traders, usd, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2));
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 51, 5, { maxSteps: 1 })))
      .to.emit(exchange, "OrderRemainderDropped")
      .withArgs(pairId, 3n, Side.Bid, 51n, 3n, 0); // DropReason.MaxSteps
    expect((await exchange.openOrders(bob))[1]).to.deep.equal([]);
    expect(await exchange.balanceOf(bob, usd)).to.deep.equal([FUNDS - 50n * TICK * 2n, 0n]);
    // Not crossing any more: the remainder rests and nothing is dropped.
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 51, 5, { maxSteps: 1 }))).to.not.emit(
      exchange,
      "OrderRemainderDropped",
    );
    expect(LOT).to.be.greaterThan(0n);
  });
});

describe("Exchange venue: a native token's own holder policy binds its book (issue 15)", () => {
  it("15.3: a party that would receive the native token must be eligible under the token's policy; setPolicy advances the epoch", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, order, traders, token, registry, subAgent, identities, actors, tree, nodes, pairId } = f;
    const [alice, bob, , dave] = traders;
    // Bob and Dave move to jurisdiction 999: the pair's policy still admits them.
    for (const i of [1, 3]) {
      const p = await registry.identity(identities[i]);
      await (await registry.connect(subAgent).update(identities[i], p.classes, 999, ethers.id("moved"))).wait();
    }
    // Clearances taken under the token's current policy: Dave's bid rests, Bob trades.
    await (await exchange.connect(dave).placeOrder(order(Side.Bid, 40, 2))).wait();
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2))).wait();
    await (
      await exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel }))
    ).wait();
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2))).wait();
    // The issuer bars jurisdiction 999 from holding BOND.
    const barred = await f.clients.createPolicy([nodes.r1], 0x0f, [999]);
    const epoch = await tree.restrictionEpoch(nodes.r1);
    await (await token.connect(actors.issuer).setPolicy(barred)).wait();
    expect(await tree.restrictionEpoch(nodes.r1)).to.be.greaterThan(epoch);
    // Bob would receive BOND: refused, by name.
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel })))
      .to.be.revertedWithCustomError(exchange, "NativeTokenPolicyRefused")
      .withArgs(await token.getAddress(), bob.address);
    // Dave's resting bid would receive BOND: removed as ineligible when Alice sells into it.
    await exchange.connect(alice).cancelAll();
    await expect(exchange.connect(alice).placeOrder(order(Side.Ask, 40, 2, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(
        pairId,
        (v: bigint) => v > 0n,
        (v: bigint) => v > 0n,
        2n,
        Reason.Ineligible,
      );
  });
});
