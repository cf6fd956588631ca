import { setCode } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import {
  FUNDS,
  OrderType,
  Side,
  conservation,
  exchangeSeconds,
  newTrader,
  type ExchangeWorld,
} from "../helpers/exchange";
import { Scope, nodeIdFrom, rememberWallet } from "../helpers/fixtures";
import { auditWorld, rebuildWorld } from "../helpers/audit";
import { limitsWorld } from "../limits/fixture";

/** RemovalReason.Returned: an order returned to its owner while the venue winds down (issue 17). */
const RETURNED = 8;
const why = ethers.encodeBytes32String("operator key lost");
const State = { Trading: 0, WindingDown: 1, WoundDown: 2 } as const;

/** A funded random account granted EXCHANGE under R1 by the regulator (depth 1), or no node when `licensed` is false. */
async function newOperator(f: ExchangeWorld, licensed = true) {
  const funder = (await ethers.getSigners())[0];
  const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
  await (await funder.sendTransaction({ to: wallet.address, value: ethers.parseEther("10") })).wait();
  if (licensed) {
    await nodeIdFrom(f.tree, f.tree.connect(f.regulator).grant(f.nodes.r1, wallet.address, Scope.EXCHANGE, f.expiry));
  }
  return wallet;
}

/** The fixture venue with a resting bid of alice and a resting ask of bob (the book is not crossed). */
async function withRestingOrders() {
  const f = await loadFixture(exchangeSeconds);
  const [alice, bob] = f.traders;
  await (await f.exchange.connect(alice).placeOrder(f.order(Side.Bid, 40, 10))).wait();
  await (await f.exchange.connect(alice).placeOrder(f.order(Side.Bid, 39, 10))).wait();
  await (await f.exchange.connect(bob).placeOrder(f.order(Side.Ask, 60, 10))).wait();
  return f;
}

/** A second venue of the same stack, operated by exchangeOp, registered under R1 (a successor candidate). */
async function secondVenue(f: ExchangeWorld, register = true): Promise<IExchange> {
  const { actors, nodes } = f;
  const deployed = await deployVenue(ethers, actors.exchangeOp, {
    tree: await f.tree.getAddress(),
    eligibility: await f.registry.getAddress(),
    pairs: await f.pairs.getAddress(),
    venues: await f.venues.getAddress(),
    operator: actors.exchangeOp.address,
    roots: [nodes.r1],
    timeUnit: 1,
  });
  const venue = (await ethers.getContractAt("IExchange", deployed.venue)) as unknown as IExchange;
  if (register) await (await f.venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, Scope.EXCHANGE)).wait();
  return venue;
}

describe("Exchange venue: operator, wind-down, successor and lost wallets (issue 17)", () => {
  describe("operator in storage, two steps", () => {
    it("17 venue.1: the operator proposes a successor who accepts; the operator's account and the registration follow", async () => {
      const f = await withRestingOrders();
      const { exchange, actors, venues, nodes } = f;
      const next = await newOperator(f);
      await expect(exchange.connect(actors.exchangeOp).transferOperator(next.address))
        .to.emit(exchange, "OperatorTransferStarted")
        .withArgs(actors.exchangeOp.address, next.address);
      expect(await exchange.pendingOperator()).to.equal(next.address);
      expect(await exchange.OPERATOR()).to.equal(actors.exchangeOp.address); // not before acceptance
      await expect(exchange.connect(next).acceptOperator())
        .to.emit(exchange, "OperatorChanged")
        .withArgs(actors.exchangeOp.address, next.address, next.address, ethers.ZeroHash)
        .and.to.emit(venues, "VenueOperatorFollowed");
      expect(await exchange.OPERATOR()).to.equal(next.address);
      expect(await exchange.owner()).to.equal(next.address);
      expect(await exchange.pendingOperator()).to.equal(ethers.ZeroAddress);
      expect((await exchange.accountOf(next.address))[0]).to.equal(1n);
      expect((await exchange.accountOf(actors.exchangeOp.address))[0]).to.equal(0n);
      expect(await exchange.walletOf(1)).to.equal(next.address);
      expect(await venues.registeredOwner(exchange, nodes.r1)).to.equal(next.address);
      expect(await venues.isLicensed(exchange, nodes.r1)).to.equal(true);
      // The new operator acts; the old one no longer does.
      await expect(exchange.connect(actors.exchangeOp).setFees(0, 0))
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(actors.exchangeOp.address, nodes.r1);
      await (await exchange.connect(next).setFees(0, 0)).wait();
      // The venue trades on under the new operator's licence.
      const [, , carol] = f.traders;
      await (
        await exchange.connect(carol).placeOrder(f.order(Side.Ask, 40, 10, { orderType: OrderType.ImmediateOrCancel }))
      ).wait();
      expect((await exchange.bestPrices(f.pairId))[0]).to.equal(39n);
    });

    it("17 venue.1: acceptance by an account without EXCHANGE is refused (NotOperator)", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, nodes } = f;
      const unlicensed = await newOperator(f, false);
      await (await exchange.connect(actors.exchangeOp).transferOperator(unlicensed.address)).wait();
      await expect(exchange.connect(unlicensed).acceptOperator())
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(unlicensed.address, nodes.r1);
      expect(await exchange.OPERATOR()).to.equal(actors.exchangeOp.address);
    });

    it("17 venue.1: only the operator proposes, and only the proposed account accepts", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, nodes, outsider } = f;
      const next = await newOperator(f);
      await expect(exchange.connect(outsider).transferOperator(outsider.address))
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(outsider.address, nodes.r1);
      await (await exchange.connect(actors.exchangeOp).transferOperator(next.address)).wait();
      const other = await newOperator(f);
      await expect(exchange.connect(other).acceptOperator())
        .to.be.revertedWithCustomError(exchange, "NotPendingOperator")
        .withArgs(other.address, next.address);
      // A proposal withdrawn (zero) cannot be accepted.
      await (await exchange.connect(actors.exchangeOp).transferOperator(ethers.ZeroAddress)).wait();
      await expect(exchange.connect(next).acceptOperator())
        .to.be.revertedWithCustomError(exchange, "NotPendingOperator")
        .withArgs(next.address, ethers.ZeroAddress);
    });

    it("17 venue.1: an account that already has a venue account cannot become the operator (OperatorHasAccount)", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, traders } = f;
      const [alice] = traders;
      await (await f.tree.connect(f.regulator).grant(f.nodes.r1, alice.address, Scope.EXCHANGE, f.expiry)).wait();
      await (await exchange.connect(actors.exchangeOp).transferOperator(alice.address)).wait();
      const [account] = await exchange.accountOf(alice.address);
      await expect(exchange.connect(alice).acceptOperator())
        .to.be.revertedWithCustomError(exchange, "OperatorHasAccount")
        .withArgs(alice.address, account);
    });

    it("17 venue.1: a GOVERN holder ranked above the operator replaces it in one step with a reason; an equal rank cannot", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, regulator, outsider, token } = f;
      const next = await newOperator(f);
      // The steward holds GOVERN at the operator's own depth (1): no higher authority.
      await expect(exchange.connect(actors.steward).replaceOperator(next.address, why))
        .to.be.revertedWithCustomError(exchange, "OperatorNotOutranked")
        .withArgs(1, 1);
      await expect(exchange.connect(outsider).replaceOperator(next.address, why))
        .to.be.revertedWithCustomError(exchange, "NotGovernor")
        .withArgs(outsider.address);
      await expect(
        exchange.connect(regulator).replaceOperator(next.address, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(token, "MissingReason");
      const unlicensed = await newOperator(f, false);
      await expect(exchange.connect(regulator).replaceOperator(unlicensed.address, why))
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(unlicensed.address, f.nodes.r1);
      await expect(exchange.connect(regulator).replaceOperator(next.address, why))
        .to.emit(exchange, "OperatorChanged")
        .withArgs(actors.exchangeOp.address, next.address, regulator.address, why);
      expect(await exchange.OPERATOR()).to.equal(next.address);
      expect(await f.venues.isLicensed(exchange, f.nodes.r1)).to.equal(true);
    });
  });

  describe("wind-down", () => {
    it("17 venue.2: the operator winds the venue down: deposits, placements and new books are refused (VenueWindingDown)", async () => {
      const f = await withRestingOrders();
      const { exchange, actors, traders, token, usd, pairId } = f;
      const [alice, , carol] = traders;
      await expect(exchange.connect(actors.exchangeOp).windDown())
        .to.emit(exchange, "WindDownStarted")
        .withArgs(actors.exchangeOp.address, 1);
      expect(await exchange.windDownState()).to.deep.equal([BigInt(State.WindingDown), 1n, false]);
      const venue = await exchange.getAddress();
      await (await token.connect(alice).approve(exchange, 1)).wait();
      await expect(exchange.connect(alice).deposit(token, 1))
        .to.be.revertedWithCustomError(exchange, "VenueWindingDown")
        .withArgs(venue);
      // A placement that would cross (matching stops) and one that would rest.
      await expect(
        exchange.connect(carol).placeOrder(f.order(Side.Ask, 40, 10, { orderType: OrderType.ImmediateOrCancel })),
      )
        .to.be.revertedWithCustomError(exchange, "VenueWindingDown")
        .withArgs(venue);
      await expect(exchange.connect(carol).placeOrder(f.order(Side.Bid, 30, 10)))
        .to.be.revertedWithCustomError(exchange, "VenueWindingDown")
        .withArgs(venue);
      const other = await f.pairs.pairCount(); // no new book either (the fixture pair is open already)
      await expect(exchange.connect(actors.exchangeOp).openBook(other))
        .to.be.revertedWithCustomError(exchange, "VenueWindingDown")
        .withArgs(venue);
      // Cancels and withdrawals keep working.
      const [, ids] = await exchange.openOrders(alice);
      await (await exchange.connect(alice).cancelOrder(pairId, ids[0])).wait();
      await (await exchange.connect(carol).withdraw(usd, FUNDS)).wait();
      expect(await usd.balanceOf(carol)).to.equal(FUNDS);
    });

    it("17 venue.2: a stranger cannot wind the venue down, nor return orders of a trading venue", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, outsider, traders, nodes } = f;
      await expect(exchange.connect(outsider).windDown())
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(outsider.address, nodes.r1);
      await expect(exchange.connect(traders[0]).windDown())
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(traders[0].address, nodes.r1);
      await expect(exchange.connect(outsider).returnOrders(10))
        .to.be.revertedWithCustomError(exchange, "NotWindingDown")
        .withArgs(await exchange.getAddress());
      await expect(exchange.connect(outsider).resumeTrading())
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(outsider.address, nodes.r1);
    });

    it("17 venue.2: a wind-down set by the root binds lower ranks: neither the operator nor a GOVERN steward lifts it", async () => {
      const f = await withRestingOrders();
      const { exchange, actors, regulator, traders } = f;
      await expect(exchange.connect(regulator).windDown())
        .to.emit(exchange, "WindDownStarted")
        .withArgs(regulator.address, 0);
      for (const lower of [actors.exchangeOp, actors.steward]) {
        await expect(exchange.connect(lower).resumeTrading())
          .to.be.revertedWithCustomError(exchange, "WindDownSetByHigherAuthority")
          .withArgs(0, 1);
      }
      await expect(exchange.connect(regulator).resumeTrading())
        .to.emit(exchange, "WindDownLifted")
        .withArgs(regulator.address, 0);
      expect((await exchange.windDownState())[0]).to.equal(BigInt(State.Trading));
      // The books reopened: the venue trades again.
      await (
        await exchange
          .connect(traders[2])
          .placeOrder(f.order(Side.Ask, 40, 10, { orderType: OrderType.ImmediateOrCancel }))
      ).wait();
    });

    it("17 venue.2: a higher rank raises the operator's wind-down to its own bar; the operator lifts its own", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, regulator } = f;
      await (await exchange.connect(actors.exchangeOp).windDown()).wait();
      // The same rank again is no change.
      await expect(exchange.connect(actors.steward).windDown()).to.be.revertedWithCustomError(
        exchange,
        "VenueWindingDown",
      );
      await expect(exchange.connect(regulator).windDown())
        .to.emit(exchange, "WindDownStarted")
        .withArgs(regulator.address, 0);
      await expect(exchange.connect(actors.exchangeOp).resumeTrading())
        .to.be.revertedWithCustomError(exchange, "WindDownSetByHigherAuthority")
        .withArgs(0, 1);
      await (await exchange.connect(regulator).resumeTrading()).wait();
      await (await exchange.connect(actors.exchangeOp).windDown()).wait();
      await expect(exchange.connect(actors.exchangeOp).resumeTrading())
        .to.emit(exchange, "WindDownLifted")
        .withArgs(actors.exchangeOp.address, 1);
    });

    it("17 venue.2: anyone returns resting orders in bounded batches, funds unlocked; wound down, for good, when the operator finalizes", async () => {
      const f = await withRestingOrders();
      const { exchange, actors, outsider, traders, token, usd, pairId } = f;
      const [alice, bob] = traders;
      await (await exchange.connect(actors.exchangeOp).windDown()).wait();
      // The first batch returns the best bid only.
      const [, ids] = await exchange.openOrders(alice);
      await expect(exchange.connect(outsider).returnOrders(1))
        .to.emit(exchange, "OrderRemoved")
        .withArgs(pairId, ids[0], (await exchange.accountOf(alice))[0], 10, RETURNED);
      expect((await exchange.windDownState())[0]).to.equal(BigInt(State.WindingDown));
      expect(await exchange.returnOrders.staticCall(10)).to.equal(2n);
      await expect(exchange.connect(outsider).returnOrders(10)).to.not.emit(exchange, "VenueWoundDown");
      expect(await exchange.windDownState()).to.deep.equal([BigInt(State.WindingDown), 1n, true]);
      // Final only by the rank that set the wind-down (review H1).
      await expect(exchange.connect(actors.exchangeOp).finalizeWindDown())
        .to.emit(exchange, "VenueWoundDown")
        .withArgs(actors.exchangeOp.address);
      expect(await exchange.windDownState()).to.deep.equal([BigInt(State.WoundDown), 1n, true]);
      // Nothing locked: every client's funds are available and withdraw whole.
      for (const t of [alice, bob]) {
        expect(await exchange.balanceOf(t, usd)).to.deep.equal([FUNDS, 0n]);
        expect(await exchange.balanceOf(t, token)).to.deep.equal([FUNDS, 0n]);
        await (await exchange.connect(t).withdraw(usd, FUNDS)).wait();
        await (await exchange.connect(t).withdraw(token, FUNDS)).wait();
      }
      const { internal, held } = await conservation(f, usd, [pairId]);
      expect(internal).to.equal(held);
      // Final: nobody lifts a wound-down venue.
      await expect(exchange.connect(f.regulator).resumeTrading())
        .to.be.revertedWithCustomError(exchange, "WindDownFinal")
        .withArgs(await exchange.getAddress());
      await expect(exchange.connect(f.regulator).windDown()).to.be.revertedWithCustomError(
        exchange,
        "VenueWindingDown",
      );
    });
  });

  describe("wind-down and AML limits", () => {
    it("17 venue.2: attaching or syncing AML limits keeps the wind-down (they share the venue's limits slot)", async () => {
      const w = await limitsWorld();
      const { exchange, actors, regulator, venueLimits, aml, policy, usd, traders, nodes } = w;
      await (await exchange.connect(actors.exchangeOp).windDown()).wait();
      await (await venueLimits.connect(regulator).setLimits(aml, policy)).wait();
      await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
      const venue = await ethers.getContractAt("IVenueLimits", await exchange.getAddress());
      await (await venue.syncRootLimits()).wait();
      await (await venueLimits.connect(regulator).setLimits(ethers.ZeroAddress, 0)).wait();
      expect(await exchange.windDownState()).to.deep.equal([1n, 1n, true]);
      await (await usd.connect(traders[0]).approve(exchange, 1)).wait();
      await expect(exchange.connect(traders[0]).deposit(usd, 1)).to.be.revertedWithCustomError(
        exchange,
        "VenueWindingDown",
      );
      await (await exchange.connect(traders[0]).withdraw(usd, 1_000n)).wait(); // withdrawals still work
      // And the rank recorded survives: the operator lifts its own wind-down, and the books reopen.
      await (await exchange.connect(actors.exchangeOp).resumeTrading()).wait();
      expect((await exchange.bookConfig(w.pairId)).open).to.equal(true);
    });
  });

  describe("successor venue", () => {
    it("17 venue.3: the operator names a registered successor; an unregistered venue and a stranger are refused", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, outsider, nodes } = f;
      const unregistered = await secondVenue(f, false);
      await expect(exchange.connect(actors.exchangeOp).setSuccessor(unregistered))
        .to.be.revertedWithCustomError(exchange, "InvalidSuccessor")
        .withArgs(await unregistered.getAddress());
      await expect(exchange.connect(actors.exchangeOp).setSuccessor(exchange))
        .to.be.revertedWithCustomError(exchange, "InvalidSuccessor")
        .withArgs(await exchange.getAddress());
      const next = await secondVenue(f);
      await expect(exchange.connect(outsider).setSuccessor(next))
        .to.be.revertedWithCustomError(exchange, "NotOperator")
        .withArgs(outsider.address, nodes.r1);
      await expect(exchange.connect(actors.exchangeOp).setSuccessor(next))
        .to.emit(exchange, "SuccessorSet")
        .withArgs(await next.getAddress(), actors.exchangeOp.address, 1);
      expect(await exchange.successor()).to.equal(await next.getAddress());
    });

    it("17 venue.3: a successor named by the root binds the operator", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors, regulator } = f;
      const next = await secondVenue(f);
      const other = await secondVenue(f);
      await (await exchange.connect(regulator).setSuccessor(next)).wait();
      await expect(exchange.connect(actors.exchangeOp).setSuccessor(other))
        .to.be.revertedWithCustomError(exchange, "WindDownSetByHigherAuthority")
        .withArgs(0, 1);
      expect(await exchange.successor()).to.equal(await next.getAddress());
    });
  });

  describe("lost wallets", () => {
    /** The fixture with the client registry answering successorOf (WalletSuccessionMock in its place). */
    async function withSuccession() {
      const f = await withRestingOrders();
      const registry = await f.registry.getAddress();
      const copy = await ethers.deployContract("IdentityRegistry", [await f.tree.getAddress(), 1]);
      const mock = await ethers.deployContract("WalletSuccessionMock", [await copy.getAddress()]);
      await setCode(registry, await ethers.provider.getCode(await mock.getAddress()));
      const succession = await ethers.getContractAt("WalletSuccessionMock", registry);
      return { ...f, succession };
    }

    it("17 venue.4: a claim with no successor named is refused (NoWalletSuccessor)", async () => {
      const f = await withSuccession();
      const [alice] = f.traders;
      await expect(f.exchange.connect(f.outsider).claimWallet(alice))
        .to.be.revertedWithCustomError(f.exchange, "NoWalletSuccessor")
        .withArgs(alice.address);
    });

    it("17 venue.4: anyone moves a lost wallet's account, balances and resting orders, to its successor", async () => {
      const f = await withSuccession();
      const { exchange, succession, traders, identities, usd, token, outsider, pairId } = f;
      const [alice, , carol] = traders;
      const fresh = ethers.Wallet.createRandom().connect(ethers.provider);
      rememberWallet(fresh);
      await f.clients.addWallet(identities[0], fresh.address);
      await (
        await (await ethers.getSigners())[0].sendTransaction({ to: fresh.address, value: ethers.parseEther("1") })
      ).wait();
      await (await succession.setSuccessorOf(alice.address, fresh.address)).wait();
      const [account] = await exchange.accountOf(alice);
      const before = [await exchange.balanceOf(alice, usd), await exchange.balanceOf(alice, token)];
      const [orderPairs, orderIds] = await exchange.openOrders(alice);
      await expect(exchange.connect(outsider).claimWallet(alice))
        .to.emit(exchange, "WalletClaimed")
        .withArgs(account, alice.address, fresh.address, identities[0], outsider.address);
      expect(await exchange.accountOf(fresh)).to.deep.equal([account, identities[0]]);
      expect((await exchange.accountOf(alice))[0]).to.equal(0n);
      expect(await exchange.walletOf(account)).to.equal(fresh.address);
      expect([await exchange.balanceOf(fresh, usd), await exchange.balanceOf(fresh, token)]).to.deep.equal(before);
      expect(await exchange.openOrders(fresh)).to.deep.equal([orderPairs, orderIds]);
      // The lost wallet has nothing left: no withdrawal, no cancel, no order.
      await expect(exchange.connect(alice).withdraw(usd, 1)).to.be.revertedWithCustomError(exchange, "UnknownAccount");
      await expect(exchange.connect(alice).cancelOrder(pairId, orderIds[0])).to.be.revertedWithCustomError(
        exchange,
        "NotOrderOwner",
      );
      await expect(exchange.connect(alice).placeOrder(f.order(Side.Bid, 30, 10))).to.be.reverted;
      // Its resting bid now fills for the successor.
      await (
        await exchange.connect(carol).placeOrder(f.order(Side.Ask, 40, 10, { orderType: OrderType.ImmediateOrCancel }))
      ).wait();
      const [available] = await exchange.balanceOf(fresh, token);
      expect(available).to.equal(before[1][0] + 10n * 1000n);
      await (await exchange.connect(fresh).withdraw(usd, before[0][0])).wait();
      await expect(exchange.connect(outsider).claimWallet(alice)).to.be.revertedWithCustomError(
        exchange,
        "UnknownAccount",
      );
    });

    it("17 venue.4: a successor that already has a venue account is refused (SuccessorHasAccount)", async () => {
      const f = await withSuccession();
      const { exchange, succession, traders, identities } = f;
      const [alice] = traders;
      const { wallet } = await newTrader(f, { join: identities[0] });
      await (await succession.setSuccessorOf(alice.address, wallet.address)).wait();
      const [held] = await exchange.accountOf(wallet);
      await expect(exchange.claimWallet(alice))
        .to.be.revertedWithCustomError(exchange, "SuccessorHasAccount")
        .withArgs(wallet.address, held);
    });
  });

  describe("the fourth module", () => {
    it("17 venue: ExchangeSuccession is created by the venue and refuses every state-changing call made to it directly", async () => {
      const f = await loadFixture(exchangeSeconds);
      const { exchange, actors } = f;
      const address = await (
        await ethers.getContractAt("ExchangeSuccession", await exchange.getAddress())
      ).succession();
      expect(address).to.not.equal(ethers.ZeroAddress);
      const module = await ethers.getContractAt("ExchangeSuccession", address, actors.exchangeOp);
      const calls: [string, unknown[]][] = [
        ["transferOperator", [actors.exchangeOp.address]],
        ["acceptOperator", []],
        ["replaceOperator", [actors.exchangeOp.address, why]],
        ["windDown", []],
        ["resumeTrading", []],
        ["returnOrders", [1]],
        ["finalizeWindDown", []],
        ["setSuccessor", [address]],
        ["claimWallet", [actors.exchangeOp.address]],
      ];
      for (const [name, args] of calls) {
        await expect(module.getFunction(name).staticCall(...args), name).to.be.revertedWithCustomError(
          module,
          "DirectCall",
        );
      }
      // Its views read its own storage: no successor module, no wind-down.
      expect(await module.succession()).to.equal(ethers.ZeroAddress);
      expect((await module.windDownState())[0]).to.equal(0n);
    });
  });

  describe("audit replay (issue 17 item 6)", () => {
    it("17 venue.6: the replayer follows operator changes, the wind-down, returned orders, the successor and wallet claims", async () => {
      const f = await withRestingOrders();
      const { exchange, actors, regulator, traders, identities } = f;
      const next = await newOperator(f);
      await (await exchange.connect(actors.exchangeOp).transferOperator(next.address)).wait();
      expect((await auditWorld(f)).differences).to.deep.equal([]); // a pending proposal
      await (await exchange.connect(next).acceptOperator()).wait();
      await (await exchange.connect(regulator).replaceOperator(actors.exchangeOp.address, why)).wait();
      const successor = await secondVenue(f);
      await (await exchange.connect(actors.exchangeOp).setSuccessor(successor)).wait();
      // A lost wallet's account claimed by its successor, with its resting orders.
      const registry = await f.registry.getAddress();
      const copy = await ethers.deployContract("IdentityRegistry", [await f.tree.getAddress(), 1]);
      const mock = await ethers.deployContract("WalletSuccessionMock", [await copy.getAddress()]);
      await setCode(registry, await ethers.provider.getCode(await mock.getAddress()));
      const succession = await ethers.getContractAt("WalletSuccessionMock", registry);
      const fresh = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
      await f.clients.addWallet(identities[0], fresh.address);
      await (await succession.setSuccessorOf(traders[0].address, fresh.address)).wait();
      await (await exchange.claimWallet(traders[0])).wait();
      await (await exchange.connect(regulator).windDown()).wait();
      await (await exchange.returnOrders(1)).wait();
      expect((await auditWorld(f)).differences).to.deep.equal([]); // winding down, orders still resting
      await (await exchange.connect(regulator).resumeTrading()).wait();
      expect((await auditWorld(f)).differences).to.deep.equal([]); // books reopened
      await (await exchange.connect(actors.exchangeOp).windDown()).wait();
      await (await exchange.returnOrders(10)).wait();
      await (await exchange.connect(actors.exchangeOp).finalizeWindDown()).wait();
      const report = await auditWorld(f);
      expect(report.differences).to.deep.equal([]);
      const rebuilt = (await rebuildWorld(f)).rebuilt.exchanges.get(await exchange.getAddress())!;
      expect(rebuilt.windDown).to.deep.equal({ state: 2, rank: 1n });
      expect(rebuilt.operator).to.equal(actors.exchangeOp.address);
      expect(rebuilt.successor).to.equal(await successor.getAddress());
      expect(rebuilt.accounts.get((await exchange.accountOf(fresh))[0])?.wallet).to.equal(fresh.address);
      expect(rebuilt.anomalies).to.deep.equal([]);
    });
  });
});
