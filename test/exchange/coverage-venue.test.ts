import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue, type VenueWiring } from "../../lib/venueDeploy";
import {
  FUNDS,
  LOT,
  OrderType,
  Reason,
  Side,
  conservation,
  exchangeSeconds,
  setFeesNow,
  listPair,
  venueWiring,
  type ExchangeWorld,
} from "../helpers/exchange";
import { Eligibility, Scope } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("venue rules");

/** A second authority tree, with a client registry and a venue registry of its own: another stack. */
async function otherStack(f: ExchangeWorld) {
  const tree = await ethers.deployContract("AuthorityTree", [f.governor.address, 1]);
  const registry = await ethers.deployContract("IdentityRegistry", [await tree.getAddress(), 1]);
  const venues = await ethers.deployContract("VenueRegistry", [await tree.getAddress()]);
  return { tree: await tree.getAddress(), registry: await registry.getAddress(), venues: await venues.getAddress() };
}

describe("Exchange venue: what it is built on", () => {
  it("refuses to be built with no roots (NoRoots)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const w = await venueWiring(f);
    const admin = await ethers.deployContract(
      "ExchangeAdmin",
      [w.tree, w.eligibility, w.pairs, w.venues, w.operator, f.nodes.r1, 1],
      f.actors.exchangeOp,
    );
    const factory = await ethers.getContractFactory("Exchange", f.actors.exchangeOp);
    await expect(
      factory.deploy(w.tree, w.eligibility, w.pairs, w.venues, w.operator, [], 1, await admin.getAddress()),
    ).to.be.revertedWithCustomError(factory, "NoRoots");
  });

  it("refuses a stack that is not one: each of the registries on another tree (InconsistentStack)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const w = await venueWiring(f);
    const other = await otherStack(f);
    const sameTree = await ethers.deployContract("IdentityRegistry", [w.tree, 1]);
    const factory = await ethers.getContractFactory("Exchange");
    const broken: [string, Partial<VenueWiring>][] = [
      ["the client registry answers to another tree", { tree: other.tree, venues: other.venues }],
      [
        "the pair registry answers to another tree",
        { tree: other.tree, eligibility: other.registry, venues: other.venues },
      ],
      ["the pair registry reads another client registry", { eligibility: await sameTree.getAddress() }],
      ["the venue registry answers to another tree", { venues: other.venues }],
    ];
    for (const [what, change] of broken) {
      await expect(deployVenue(ethers, f.actors.exchangeOp, { ...w, ...change }), what).to.be.revertedWithCustomError(
        factory,
        "InconsistentStack",
      );
    }
    await deployVenue(ethers, f.actors.exchangeOp, w); // the fixture's own stack
  });

  it("refuses an operator without EXCHANGE under the home root (NotOperator)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const w = await venueWiring(f);
    const factory = await ethers.getContractFactory("Exchange");
    for (const operator of [f.actors.alice, f.actors.custodian]) {
      await expect(deployVenue(ethers, operator, { ...w, operator: operator.address }))
        .to.be.revertedWithCustomError(factory, "NotOperator")
        .withArgs(operator.address, f.nodes.r1);
    }
  });

  it("refuses an admin module wired to another tree, client registry or pair registry (AdminMismatch)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const w = await venueWiring(f);
    const other = await otherStack(f);
    const factory = await ethers.getContractFactory("Exchange", f.actors.exchangeOp);
    const modules = [
      [other.tree, w.eligibility, w.pairs],
      [w.tree, other.registry, w.pairs],
      [w.tree, w.eligibility, other.venues], // any other address as the pair registry
    ];
    for (const [tree, eligibility, pairs] of modules) {
      const admin = await ethers.deployContract(
        "ExchangeAdmin",
        [tree, eligibility, pairs, w.venues, w.operator, f.nodes.r1, 1],
        f.actors.exchangeOp,
      );
      await expect(factory.deploy(w.tree, w.eligibility, w.pairs, w.venues, w.operator, w.roots, 1, admin))
        .to.be.revertedWithCustomError(factory, "AdminMismatch")
        .withArgs(await admin.getAddress());
    }
  });
});

describe("Exchange venue: placements", () => {
  it("refuses an order that spends more than the account has available (InsufficientBalance, with both figures)", async () => {
    const { exchange, traders, token, order } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    // Five lots rest on the book; selling every lot deposited needs five more than are available.
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 500, 5))).wait();
    const [available] = await exchange.balanceOf(alice, token);
    const [account] = await exchange.accountOf(alice);
    await expect(exchange.connect(alice).placeOrder(order(Side.Ask, 500, FUNDS / LOT)))
      .to.be.revertedWithCustomError(exchange, "InsufficientBalance")
      .withArgs(account, await exchange.tokenIndex(token), FUNDS, available);
    expect(available).to.equal(FUNDS - 5n * LOT);
  });
});

describe("Exchange venue: withdrawals", () => {
  it("refuses an unknown token (UnknownToken), a zero amount (ZeroAmount) and more than is available (InsufficientBalance, with both figures)", async () => {
    const { exchange, traders, usd, order } = await loadFixture(exchangeSeconds);
    const [alice] = traders;
    const stray = await ethers.deployContract("TestToken", ["Stray", "STR"]);
    await expect(exchange.connect(alice).withdraw(stray, 1n))
      .to.be.revertedWithCustomError(exchange, "UnknownToken")
      .withArgs(await stray.getAddress());
    await expect(exchange.connect(alice).withdraw(usd, 0n)).to.be.revertedWithCustomError(exchange, "ZeroAmount");
    // What a resting bid locks is not available.
    await (await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 5))).wait();
    const [available, locked] = await exchange.balanceOf(alice, usd);
    expect(locked).to.be.greaterThan(0n);
    const index = await exchange.tokenIndex(usd);
    await expect(exchange.connect(alice).withdraw(usd, available + 1n))
      .to.be.revertedWithCustomError(exchange, "InsufficientBalance")
      .withArgs(2n, index, available + 1n, available);
    await expect(exchange.connect(alice).withdraw(usd, available)).to.emit(exchange, "Withdrawn");
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([0n, locked]);
  });
});

describe("Exchange venue: orders", () => {
  it("answers all zeros for an order the book does not hold", async () => {
    const { exchange, pairId } = await loadFixture(exchangeSeconds);
    const none = await exchange.getOrder(pairId, 12_345n);
    expect([none.account, none.wallet, none.side, none.tick, none.lots, none.expiry]).to.deep.equal([
      0n,
      ethers.ZeroAddress,
      0n,
      0n,
      0n,
      0n,
    ]);
  });

  it("a crossing order needs at least one matching step (ZeroSteps); a resting one needs none", async () => {
    const { exchange, traders, order, pairId } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2))).wait();
    await expect(
      exchange.connect(bob).placeOrder(order(Side.Bid, 50, 2, { maxSteps: 0 })),
    ).to.be.revertedWithCustomError(exchange, "ZeroSteps");
    await expect(exchange.connect(bob).placeOrder(order(Side.Bid, 49, 2, { maxSteps: 0 }))).to.emit(
      exchange,
      "OrderPlaced",
    );
    expect(await exchange.bestPrices(pairId)).to.deep.equal([49n, 50n]);
  });

  it("refuses a taker whose identity the client registry revoked (NotEligible, with the registry's reason)", async () => {
    const { exchange, traders, order, clients, identities } = await loadFixture(exchangeSeconds);
    const [alice, bob] = traders;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2))).wait();
    await clients.revoke(identities[1]);
    for (const o of [order(Side.Bid, 50, 2), order(Side.Bid, 40, 2)]) {
      await expect(exchange.connect(bob).placeOrder(o))
        .to.be.revertedWithCustomError(exchange, "NotEligible")
        .withArgs(bob.address, Eligibility.IdentityRevoked);
    }
  });

  it("removes a maker's expired order met right after another of its orders filled (Expired), and matching goes on", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, traders, order, pairId, clock, token } = f;
    const [alice, bob, carol] = traders;
    const end = (await clock.now()) + 100;
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 2))).wait();
    await (
      await exchange
        .connect(alice)
        .placeOrder(order(Side.Ask, 51, 3, { orderType: OrderType.GoodTillDate, expiry: end }))
    ).wait();
    await (await exchange.connect(carol).placeOrder(order(Side.Ask, 52, 2))).wait();
    const [, [first, dated]] = await exchange.openOrders(alice);
    const [, [after]] = await exchange.openOrders(carol);
    await clock.advanceTo(end + 1);
    const tx = exchange.connect(bob).placeOrder(order(Side.Bid, 55, 4, { orderType: OrderType.ImmediateOrCancel }));
    await expect(tx).to.emit(exchange, "OrderFilled").withArgs(pairId, first, 2n, 3n, 50, 2n, 0n, 0n);
    await expect(tx).to.emit(exchange, "OrderRemoved").withArgs(pairId, dated, 2n, 3n, Reason.Expired);
    await expect(tx).to.emit(exchange, "OrderFilled").withArgs(pairId, after, 4n, 3n, 52, 2n, 0n, 0n);
    expect(await exchange.balanceOf(alice, token)).to.deep.equal([FUNDS - 2n * LOT, 0n]);
    expect(await exchange.balanceOf(bob, token)).to.deep.equal([FUNDS + 4n * LOT, 0n]);
  });
});

describe("Exchange venue: fees", () => {
  it("a quote fee too large for its 64-bit lane alone moves both lanes to the fee slot: every fee is kept and collected whole", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors } = f;
    const [alice, bob] = f.traders;
    const one = 10n ** 18n;
    const base = await ethers.deployContract("TestToken", ["Base", "BSE"]);
    const quote = await ethers.deployContract("TestToken", ["Quote", "QTE"]);
    const pairId = await listPair(f, base, quote, { tick: 10n ** 15n, lot: one, minLots: 1n });
    for (const [t, w] of [
      [base, alice],
      [quote, bob],
    ] as const) {
      await (await t.mint(w, 10n ** 24n)).wait();
      await (await t.connect(w).approve(exchange, 10n ** 24n)).wait();
      await (await exchange.connect(w).deposit(t, 10n ** 24n)).wait();
    }
    await setFeesNow(exchange, actors.exchangeOp, 100, 100);
    const o = { pairId, tick: 2_000_000, lots: 1, expiry: 0, maxSteps: 2 }; // 2,000 QTE for one BSE
    await (
      await exchange.connect(alice).placeOrder({ ...o, side: Side.Ask, orderType: OrderType.GoodTillCancel })
    ).wait();
    await (
      await exchange.connect(bob).placeOrder({ ...o, side: Side.Bid, orderType: OrderType.ImmediateOrCancel })
    ).wait();
    const makerFee = (2_000n * one) / 100n; // 2 * 10^19 of quote: above a lane's 1.8 * 10^19
    const takerFee = one / 100n; // 10^16 of base: within its lane
    expect(await exchange.pairFees(pairId)).to.deep.equal([takerFee, makerFee]);
    for (const t of [base, quote]) {
      const c = await conservation(f, t, [pairId]);
      expect(c.internal).to.equal(c.held);
    }
    await expect(exchange.collectFees(pairId)).to.emit(exchange, "FeesCollected").withArgs(pairId, takerFee, makerFee);
    expect(await exchange.balanceOf(actors.exchangeOp, quote)).to.deep.equal([makerFee, 0n]);
    expect(await exchange.balanceOf(actors.exchangeOp, base)).to.deep.equal([takerFee, 0n]);
  });

  it("collecting a book that accrued fees in one token only credits the operator that token alone", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, traders, order, pairId, token, usd } = f;
    const [alice, bob] = traders;
    await setFeesNow(exchange, actors.exchangeOp, 0, 10); // the taker's fee only: bob buys BOND
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 50, 30))).wait();
    await (
      await exchange.connect(bob).placeOrder(order(Side.Bid, 50, 30, { orderType: OrderType.ImmediateOrCancel }))
    ).wait();
    const takerFee = (30n * LOT * 10n) / 10_000n;
    expect(await exchange.pairFees(pairId)).to.deep.equal([takerFee, 0n]);
    await expect(exchange.collectFees(pairId)).to.emit(exchange, "FeesCollected").withArgs(pairId, takerFee, 0n);
    expect(await exchange.balanceOf(actors.exchangeOp, token)).to.deep.equal([takerFee, 0n]);
    expect(await exchange.balanceOf(actors.exchangeOp, usd)).to.deep.equal([0n, 0n]);
  });
});

describe("Exchange venue: the operator's licence", () => {
  it("a venue registered under its home root as a custodian, not an exchange, is not licensed: no deposit (VenueNotLicensed)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { tree, regulator, nodes, expiry, venues, usd, pairId } = f;
    const operator = f.provider; // holds nothing yet: granted EXCHANGE and CUSTODY under R1 here
    await (
      await tree.connect(regulator).grant(nodes.r1, operator.address, Scope.EXCHANGE | Scope.CUSTODY, expiry)
    ).wait();
    const { venue } = await deployVenue(ethers, operator, { ...(await venueWiring(f)), operator: operator.address });
    const other = (await ethers.getContractAt("IExchange", venue)) as unknown as IExchange;
    await (await venues.connect(operator).registerVenue(venue, nodes.r1, Scope.CUSTODY)).wait();
    await (await other.connect(operator).openBook(pairId)).wait();
    const [alice] = f.traders;
    await (await usd.mint(alice, 10n)).wait();
    await (await usd.connect(alice).approve(venue, 10n)).wait();
    await expect(other.connect(alice).deposit(usd, 10n))
      .to.be.revertedWithCustomError(other, "VenueNotLicensed")
      .withArgs(venue);
    // The fixture's venue, registered as an exchange by its operator, takes the same deposit.
    await (await usd.connect(alice).approve(f.exchange, 10n)).wait();
    await expect(f.exchange.connect(alice).deposit(usd, 10n)).to.emit(f.exchange, "Deposited");
  });

  it("an operator whose EXCHANGE node is suspended can neither set fees nor open a book (NotOperator), until resumed", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, tree, regulator, nodes, actors, usd } = f;
    const op = actors.exchangeOp;
    await (await tree.connect(regulator).suspend(nodes.exchangeOp, why)).wait();
    await expect(exchange.connect(op).setFees(1, 1))
      .to.be.revertedWithCustomError(exchange, "NotOperator")
      .withArgs(op.address, nodes.r1);
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    await expect(listPair(f, eur, usd))
      .to.be.revertedWithCustomError(exchange, "NotOperator")
      .withArgs(op.address, nodes.r1);
    await (await tree.connect(regulator).resume(nodes.exchangeOp)).wait();
    await expect(exchange.connect(op).setFees(1, 1)).to.emit(exchange, "FeesScheduled"); // a raise: its notice (15.8)
  });
});
