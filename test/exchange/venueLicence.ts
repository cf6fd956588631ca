import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, OrderType, Side, exchangeSeconds, exchangeWithFees, type ExchangeWorld } from "../helpers/exchange";
import { DAY } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("licence test");
/** IEligibility.Eligibility values the venue reports for a deposit refused. */
const Eligibility = { IdentityRevoked: 3, Frozen: 4, Expired: 5 } as const;

describe("Exchange venue: who may bring funds in (issue 15)", () => {
  it("15.10: a deposit needs a wallet whose identity is valid now: frozen, revoked or expired are refused with the reason; withdrawals keep working", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, registry, subAgent, identities, traders, usd, clock } = f;
    const [alice, bob, carol] = traders;
    await (await usd.mint(alice, 3n)).wait();
    await (await usd.connect(alice).approve(exchange, 3n)).wait();
    await (await registry.connect(subAgent).freeze(identities[0], why)).wait();
    await expect(exchange.connect(alice).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(alice.address, Eligibility.Frozen);
    await exchange.connect(alice).withdraw(usd, 1n);
    await (await registry.connect(subAgent).unfreeze(identities[0])).wait();
    await exchange.connect(alice).deposit(usd, 1n);

    await (await registry.connect(subAgent).revoke(identities[1], why)).wait();
    await expect(exchange.connect(bob).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(bob.address, Eligibility.IdentityRevoked);
    await exchange.connect(bob).withdraw(usd, FUNDS);

    await (await registry.connect(subAgent).renew(identities[2], await clock.in(DAY))).wait();
    await clock.advance(2 * DAY);
    await expect(exchange.connect(carol).deposit(usd, 1n))
      .to.be.revertedWithCustomError(exchange, "IdentityNotValid")
      .withArgs(carol.address, Eligibility.Expired);
    await exchange.connect(carol).withdraw(usd, 5n);
  });
});

/**
 * A venue with fees whose book has traded (fees accrued, alice's bid resting partly filled, bob's ask resting) and
 * whose traders' clearances are all cached; then `lose` takes its licence away. Returns what the checks need.
 */
async function licenceLost(lose: (f: ExchangeWorld) => Promise<void>, before?: (f: ExchangeWorld) => Promise<void>) {
  const f = await loadFixture(exchangeWithFees);
  const { exchange, order, pairId } = f;
  const [alice, bob, carol] = f.traders;
  if (before) await before(f);
  await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 10))).wait();
  await (await exchange.connect(bob).placeOrder(order(Side.Ask, 120, 10))).wait();
  await (
    await exchange.connect(carol).placeOrder(order(Side.Ask, 100, 3, { orderType: OrderType.ImmediateOrCancel }))
  ).wait();
  await (
    await exchange.connect(carol).placeOrder(order(Side.Bid, 120, 2, { orderType: OrderType.ImmediateOrCancel }))
  ).wait();
  const fees = await exchange.pairFees(pairId);
  expect(fees[0] + fees[1]).to.be.greaterThan(0n);
  await lose(f);
  return { f, fees };
}

/** The rule of issue 15 item 2, checked on a venue that just lost its licence. */
async function expectStopped(f: ExchangeWorld, fees: [bigint, bigint] | bigint[]) {
  const { exchange, order, pairId, usd, actors } = f;
  const [alice, bob, carol, dave] = f.traders;
  const venue = await exchange.getAddress();
  // No deposit.
  await (await usd.mint(dave, 5n)).wait();
  await (await usd.connect(dave).approve(exchange, 5n)).wait();
  await expect(exchange.connect(dave).deposit(usd, 5n))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  // No order, resting or crossing, from a wallet with or without a cached clearance.
  await expect(exchange.connect(dave).placeOrder(order(Side.Bid, 90, 2)))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  await expect(exchange.connect(alice).placeOrder(order(Side.Bid, 90, 2)))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  // No match: the taker whose clearance was cached is refused, and the makers stay as they were.
  await expect(exchange.connect(carol).placeOrder(order(Side.Ask, 100, 2, { orderType: OrderType.ImmediateOrCancel })))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  await expect(exchange.connect(carol).placeOrder(order(Side.Bid, 120, 2, { orderType: OrderType.ImmediateOrCancel })))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  expect((await exchange.bestPrices(pairId)).map(Number)).to.deep.equal([100, 120]);
  // No fee to the operator: the accrued fees stay counted in the venue.
  await expect(exchange.connect(actors.exchangeOp).collectFees(pairId))
    .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
    .withArgs(venue);
  expect(await exchange.pairFees(pairId)).to.deep.equal(fees);
  // Cancels, cancel-all and withdrawals (of an external token) keep working.
  const [, bids] = await exchange.openOrders(alice);
  await expect(exchange.connect(alice).cancelOrder(pairId, bids[0])).to.emit(exchange, "OrderRemoved");
  await expect(exchange.connect(bob).cancelAll()).to.emit(exchange, "OrderRemoved");
  expect((await exchange.bestPrices(pairId)).map(Number)).to.deep.equal([0, 0]);
  await expect(exchange.connect(alice).withdraw(usd, FUNDS / 2n)).to.emit(exchange, "Withdrawn");
  await expect(exchange.connect(carol).withdraw(usd, 7n)).to.emit(exchange, "Withdrawn");
}

describe("Exchange venue: an unlicensed venue stops (issue 15 item 2)", () => {
  it("15.2: a venue whose operator's EXCHANGE node is revoked takes no deposit or order, matches nothing and pays no fee; cancels and withdrawals work", async () => {
    const { f, fees } = await licenceLost(async ({ tree, regulator, nodes }) => {
      await (await tree.connect(regulator).revoke(nodes.exchangeOp, why)).wait();
    });
    await expectStopped(f, fees);
  });

  it("15.2: a venue whose operator's node is suspended stops likewise, and pays the fees it kept once resumed", async () => {
    const { f, fees } = await licenceLost(async ({ tree, regulator, nodes }) => {
      await (await tree.connect(regulator).suspend(nodes.exchangeOp, why)).wait();
    });
    await expectStopped(f, fees);
    const { tree, regulator, nodes, exchange, pairId } = f;
    await (await tree.connect(regulator).resume(nodes.exchangeOp)).wait();
    await expect(exchange.collectFees(pairId)).to.emit(exchange, "FeesCollected").withArgs(pairId, fees[0], fees[1]);
  });

  it("15.2: a venue whose operator's lease ran out stops likewise (its clearances end with the lease)", async () => {
    const { f, fees } = await licenceLost(
      async ({ clock }) => {
        await clock.advance(2 * DAY);
      },
      async ({ tree, regulator, nodes, clock }) => {
        // The lease is cut before the trading: the cached clearances must end with it, with no epoch to move.
        await (await tree.connect(regulator).renew(nodes.exchangeOp, await clock.in(DAY))).wait();
      },
    );
    await expectStopped(f, fees);
  });

  it("15.2: a revoked operator cannot withdraw the fees it collected before: the operator's account pays out only while the venue is licensed", async () => {
    const { f, fees } = await licenceLost(async ({ exchange, pairId, tree, regulator, nodes }) => {
      await (await exchange.collectFees(pairId)).wait();
      await (await tree.connect(regulator).revoke(nodes.exchangeOp, why)).wait();
    });
    const { exchange, usd, actors } = f;
    expect(fees[1]).to.be.greaterThan(0n);
    await expect(exchange.connect(actors.exchangeOp).withdraw(usd, fees[1]))
      .to.be.revertedWithCustomError(exchange, "VenueNotLicensed")
      .withArgs(await exchange.getAddress());
    // Clients' withdrawals keep working.
    await expect(exchange.connect(f.traders[0]).withdraw(usd, 1n)).to.emit(exchange, "Withdrawn");
  });

  it("15.2: a venue deregistered from the venue registry stops likewise", async () => {
    const { f, fees } = await licenceLost(async ({ venues, regulator, nodes, exchange }) => {
      await (await venues.connect(regulator).deregisterVenue(exchange, nodes.r1)).wait();
    });
    await expectStopped(f, fees);
  });
});
