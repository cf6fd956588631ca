import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  FUNDS,
  OrderType,
  Side,
  conservation,
  exchangeSeconds,
  exchangeWithFees,
  newTrader,
  type ExchangeWorld,
} from "../helpers/exchange";
import { Scope } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("court order 22");

/** alice2: a second wallet of alice's identity, with its own venue account holding FUNDS of both tokens. */
async function withSecondWallet(f: ExchangeWorld) {
  const { wallet } = await newTrader(f, { join: f.identities[0] });
  return wallet;
}

/** A BOND fill with fees, collected: the operator's account then holds BOND fees. Returns what it holds. */
async function operatorHoldsFees(f: ExchangeWorld) {
  const { exchange, order, traders, token, actors, pairId } = f;
  const [alice, bob] = traders;
  await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 200))).wait();
  await (
    await exchange.connect(bob).placeOrder(order(Side.Bid, 50, 200, { orderType: OrderType.ImmediateOrCancel }))
  ).wait();
  await (await exchange.collectFees(pairId)).wait();
  const [available] = await exchange.balanceOf(actors.exchangeOp, token);
  expect(available).to.be.greaterThan(0n);
  return available;
}

describe("Exchange venue: recovery obeys the token's forced-transfer rules (issue 22)", () => {
  it("22.1: the issuer cannot recover out of a wallet the regulator froze, to any recipient", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors, regulator } = f;
    const [alice, , carol] = traders;
    const alice2 = await withSecondWallet(f);
    await (await token.connect(regulator).freezeWallet(alice, why)).wait();
    for (const to of [alice2, carol]) {
      await expect(exchange.connect(actors.issuer).recover(token, alice, to, FUNDS, why))
        .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
        .withArgs(alice.address, 0, 1);
    }
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS, 0n]);
  });

  it("22.1: nobody recovers a frozen wallet's balance into another wallet of its identity", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors, regulator, identities } = f;
    const [alice] = traders;
    const alice2 = await withSecondWallet(f);
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    for (const who of [actors.issuer, regulator]) {
      await expect(exchange.connect(who).recover(token, alice, alice2, FUNDS, why))
        .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
        .withArgs(alice.address, alice2.address, identities[0]);
    }
    // An identity freeze covers every wallet of the identity the same way.
    await (await token.connect(regulator).freezeIdentity(identities[0], why)).wait();
    await expect(exchange.connect(actors.issuer).recover(token, alice2, traders[1], 1n, why))
      .to.be.revertedWithCustomError(token, "IdentityFrozenByHigherAuthority")
      .withArgs(identities[0], 0, 1);
  });

  it("22.1: the regulator's pause stops the issuer's recovery, not the regulator's own", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors, regulator, pairId } = f;
    const [alice, , carol] = traders;
    await (await token.connect(regulator).pause()).wait();
    await expect(exchange.connect(actors.issuer).recover(token, alice, carol, 1_000n, why))
      .to.be.revertedWithCustomError(token, "PausedByHigherAuthority")
      .withArgs(0, 1);
    await expect(exchange.connect(regulator).recover(token, alice, carol, 1_000n, why)).to.emit(exchange, "Recovered");
    expect(await exchange.balanceOf(carol, token)).to.deep.equal([FUNDS + 1_000n, 0n]);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("22.1: recovery needs a non-zero legal reason", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors } = f;
    const [alice, , carol] = traders;
    await expect(
      exchange.connect(actors.issuer).recover(token, alice, carol, 1n, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(token, "MissingReason");
  });

  it("22.1: recovery never takes from the operator's account (its collected fees), licensed or not", async () => {
    const f = await loadFixture(exchangeWithFees);
    const { exchange, traders, token, actors, regulator, tree, nodes, pairId } = f;
    const carol = traders[2];
    const fees = await operatorHoldsFees(f);
    for (const who of [actors.issuer, regulator]) {
      await expect(exchange.connect(who).recover(token, actors.exchangeOp, carol, fees, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(actors.exchangeOp.address);
    }
    await (await tree.connect(regulator).suspend(nodes.exchangeOp, why)).wait();
    await expect(exchange.connect(regulator).recover(token, actors.exchangeOp, carol, 1n, why))
      .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
      .withArgs(actors.exchangeOp.address);
    expect(await exchange.balanceOf(actors.exchangeOp, token)).to.deep.equal([fees, 0n]);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("22.1, 22.7: recovery never credits the venue's own address (tokens no account would own)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors, pairId } = f;
    await expect(exchange.connect(actors.issuer).recover(token, traders[0], exchange, 1_000n, why))
      .to.be.revertedWithCustomError(token, "VenueCreditRefused")
      .withArgs(await exchange.getAddress());
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("22.1: the token's forcedTransferCheck is the venue's rule: it names the rank or the refusal", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, actors, regulator } = f;
    const [alice, , carol] = traders;
    await (await token.connect(regulator).freezeWallet(alice, why)).wait();
    await expect(token.forcedTransferCheck(alice, carol, actors.issuer, why))
      .to.be.revertedWithCustomError(token, "WalletFrozenByHigherAuthority")
      .withArgs(alice.address, 0, 1);
    await expect(token.forcedTransferCheck(alice, carol, traders[1], why))
      .to.be.revertedWithCustomError(token, "NotComplianceAuthority")
      .withArgs(traders[1].address);
    expect(await token.forcedTransferCheck(alice, carol, regulator, why)).to.equal(0n);
    // The regulator, at the freeze's rank, recovers to another identity's venue account; the freeze stays.
    await expect(exchange.connect(regulator).recover(token, alice, carol, 1_000n, why))
      .to.emit(exchange, "Recovered")
      .withArgs(await token.getAddress(), 2n, carol.address, 4n, 1_000n, why, regulator.address);
    expect(await token.isWalletFrozen(alice)).to.equal(true);
  });
});

describe("Exchange venue: a deregistered venue winds down (issue 22 item 2, issue 15 item 2)", () => {
  it("22.2: after the regulator deregisters the venue, an eligible client withdraws BOND to its wallet", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, usd, venues, regulator, nodes, pairId } = f;
    const [alice] = traders;
    await (await venues.connect(regulator).deregisterVenue(exchange, nodes.r1)).wait();
    await expect(exchange.connect(alice).withdraw(token, 1_000n)).to.changeTokenBalances(
      token,
      [exchange, alice],
      [-1_000n, 1_000n],
    );
    await exchange.connect(alice).withdraw(usd, 1_000n);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("22.2: the pool of a deregistered venue cannot be forced out, nor during a self-deregistration", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, venues, regulator, actors, nodes, pairId } = f;
    const carol = traders[2];
    const held = await token.balanceOf(exchange);
    // The operator deregisters its own venue (a voluntary wind-down) and re-registers it at once.
    await (await venues.connect(actors.exchangeOp).deregisterVenue(exchange, nodes.r1)).wait();
    for (const who of [actors.issuer, regulator]) {
      await expect(token.connect(who).forcedTransfer(exchange, carol, held, why))
        .to.be.revertedWithCustomError(token, "VenueHoldingsProtected")
        .withArgs(await exchange.getAddress());
    }
    await (await venues.connect(actors.exchangeOp).registerVenue(exchange, nodes.r1, Scope.EXCHANGE)).wait();
    // Removed by the regulator: still protected; every client withdraws in full.
    await (await venues.connect(regulator).deregisterVenue(exchange, nodes.r1)).wait();
    await expect(token.connect(regulator).forcedTransfer(exchange, carol, 1n, why)).to.be.revertedWithCustomError(
      token,
      "VenueHoldingsProtected",
    );
    for (const t of traders) await (await exchange.connect(t).withdraw(token, FUNDS)).wait();
    expect(await token.balanceOf(exchange)).to.equal(0n);
    const c = await conservation(f, token, [pairId]);
    expect(c.internal).to.equal(c.held);
  });

  it("22.2: in the wind-down a frozen or ineligible client's BOND stays in the venue, still theirs", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, token, venues, regulator, actors, nodes, clients, identities } = f;
    const [alice, bob] = traders;
    await (await venues.connect(regulator).deregisterVenue(exchange, nodes.r1)).wait();
    await (await token.connect(actors.issuer).freezeWallet(alice, why)).wait();
    await expect(exchange.connect(alice).withdraw(token, 1n))
      .to.be.revertedWithCustomError(token, "WalletIsFrozen")
      .withArgs(alice.address);
    await clients.revoke(identities[1]);
    await expect(exchange.connect(bob).withdraw(token, 1n)).to.be.revertedWithCustomError(token, "NotEligible");
    expect(await exchange.balanceOf(bob, token)).to.deep.equal([FUNDS, 0n]);
  });
});
