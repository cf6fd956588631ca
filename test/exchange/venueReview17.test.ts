import { setCode } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IExchange } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import { FUNDS, OrderType, Side, exchangeSeconds, newTrader, type ExchangeWorld } from "../helpers/exchange";
import { Scope, nodeIdFrom, rememberWallet } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("operator key lost");

async function funded() {
  const funder = (await ethers.getSigners())[0];
  const w = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  await (await funder.sendTransaction({ to: w.address, value: ethers.parseEther("10") })).wait();
  return w;
}

/** A GOVERN holder at depth 2 (below the operator, depth 1): regulator -> mid (DELEGATE|GOVERN) -> low (GOVERN). */
async function lowGovern(f: ExchangeWorld) {
  const mid = await funded();
  const low = await funded();
  const midNode = await nodeIdFrom(
    f.tree,
    f.tree.connect(f.regulator).grant(f.nodes.r1, mid.address, Scope.DELEGATE | Scope.GOVERN, f.expiry),
  );
  await nodeIdFrom(f.tree, f.tree.connect(mid).grant(midNode, low.address, Scope.GOVERN, f.expiry));
  return low;
}

/** A funded account granted EXCHANGE under R1 by the regulator (depth 1). */
async function licensed(f: ExchangeWorld) {
  const w = await funded();
  await nodeIdFrom(f.tree, f.tree.connect(f.regulator).grant(f.nodes.r1, w.address, Scope.EXCHANGE, f.expiry));
  return w;
}

/** The operator's key rotated in the real tree (proposeRotation/acceptRotation): returns the node's new key. */
async function rotateOperatorKey(f: ExchangeWorld) {
  const fresh = await funded();
  const node = await f.tree.nodeOf(f.actors.exchangeOp.address, f.nodes.r1);
  await (await f.tree.connect(f.actors.exchangeOp).proposeRotation(node, fresh.address)).wait();
  await (await f.tree.connect(fresh).acceptRotation(node)).wait();
  expect(await f.tree.nodeOf(f.actors.exchangeOp.address, f.nodes.r1)).to.equal(0n);
  return fresh;
}

async function withRestingOrders() {
  const f = await loadFixture(exchangeSeconds);
  const [alice, bob] = f.traders;
  await (await f.exchange.connect(alice).placeOrder(f.order(Side.Bid, 40, 10))).wait();
  await (await f.exchange.connect(bob).placeOrder(f.order(Side.Ask, 60, 10))).wait();
  return f;
}

async function secondVenue(f: ExchangeWorld): Promise<IExchange> {
  const d = await deployVenue(ethers, f.actors.exchangeOp, {
    tree: await f.tree.getAddress(),
    eligibility: await f.registry.getAddress(),
    pairs: await f.pairs.getAddress(),
    venues: await f.venues.getAddress(),
    operator: f.actors.exchangeOp.address,
    roots: [f.nodes.r1],
    timeUnit: 1,
  });
  await (await f.venues.connect(f.actors.exchangeOp).registerVenue(d.venue, f.nodes.r1, Scope.EXCHANGE)).wait();
  return (await ethers.getContractAt("IExchange", d.venue)) as unknown as IExchange;
}

async function withSuccession() {
  const f = await withRestingOrders();
  const registry = await f.registry.getAddress();
  const copy = await ethers.deployContract("IdentityRegistry", [await f.tree.getAddress(), 1]);
  const mock = await ethers.deployContract("WalletSuccessionMock", [await copy.getAddress()]);
  await setCode(registry, await ethers.provider.getCode(await mock.getAddress()));
  const succession = await ethers.getContractAt("WalletSuccessionMock", registry);
  return { ...f, succession };
}

describe("Exchange venue: outside review of issue 17 (venue part)", () => {
  it("17 review H2: after the operator's key rotates (real tree), a GOVERN holder at or below the operator's node cannot replace it", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, regulator } = f;
    const low = await lowGovern(f);
    const rotated = await rotateOperatorKey(f);
    const thief = await licensed(f);
    await expect(exchange.connect(low).replaceOperator(thief.address, why))
      .to.be.revertedWithCustomError(exchange, "OperatorNotOutranked")
      .withArgs(1, 2);
    await expect(exchange.connect(actors.steward).replaceOperator(thief.address, why))
      .to.be.revertedWithCustomError(exchange, "OperatorNotOutranked")
      .withArgs(1, 1);
    // The rotated key takes the venue over itself; a higher rank still may replace it.
    await (await exchange.connect(rotated).acceptOperator()).wait();
    expect(await exchange.OPERATOR()).to.equal(rotated.address);
    await (await exchange.connect(regulator).replaceOperator(thief.address, why)).wait();
    expect(await exchange.OPERATOR()).to.equal(thief.address);
  });

  it("17 review H1: a GOVERN holder ranked below the operator cannot wind the venue down; the steward at its rank can", async () => {
    const f = await withRestingOrders();
    const { exchange, actors } = f;
    const low = await lowGovern(f);
    await expect(exchange.connect(low).windDown())
      .to.be.revertedWithCustomError(exchange, "OperatorOutranksCaller")
      .withArgs(1, 2);
    await (await exchange.connect(actors.steward).windDown()).wait();
    expect((await exchange.windDownState())[1]).to.equal(1n);
  });

  it("17 review H1: returning every order only empties; the final state needs an explicit finalize by the setting rank or higher", async () => {
    const f = await withRestingOrders();
    const { exchange, actors, outsider, regulator } = f;
    await (await exchange.connect(regulator).windDown()).wait();
    await expect(exchange.connect(regulator).finalizeWindDown())
      .to.be.revertedWithCustomError(exchange, "OrdersStillResting")
      .withArgs(await exchange.getAddress());
    await expect(exchange.connect(outsider).returnOrders(1000)).to.not.emit(exchange, "VenueWoundDown");
    expect((await exchange.windDownState())[0]).to.equal(1n);
    await expect(exchange.connect(outsider).finalizeWindDown()).to.be.revertedWithCustomError(exchange, "NotOperator");
    await expect(exchange.connect(actors.exchangeOp).finalizeWindDown())
      .to.be.revertedWithCustomError(exchange, "WindDownSetByHigherAuthority")
      .withArgs(0, 1);
    // Still liftable by the rank that set it.
    await (await exchange.connect(regulator).resumeTrading()).wait();
    await expect(exchange.connect(regulator).finalizeWindDown()).to.be.revertedWithCustomError(
      exchange,
      "NotWindingDown",
    );
    await (await exchange.connect(actors.exchangeOp).windDown()).wait();
    await expect(exchange.connect(actors.exchangeOp).finalizeWindDown())
      .to.emit(exchange, "VenueWoundDown")
      .withArgs(actors.exchangeOp.address);
    expect((await exchange.windDownState())[0]).to.equal(2n);
    await expect(exchange.connect(regulator).resumeTrading()).to.be.revertedWithCustomError(exchange, "WindDownFinal");
    await expect(exchange.connect(regulator).finalizeWindDown()).to.be.revertedWithCustomError(
      exchange,
      "WindDownFinal",
    );
  });

  it("17 review M1: claimWallet refuses a successor wallet in no identity or in another identity (SuccessorNotInIdentity)", async () => {
    const f = await withSuccession();
    const { exchange, succession, traders, identities, outsider } = f;
    const [alice] = traders;
    const stranger = await funded();
    await (await succession.setSuccessorOf(alice.address, stranger.address)).wait();
    await expect(exchange.connect(outsider).claimWallet(alice))
      .to.be.revertedWithCustomError(exchange, "SuccessorNotInIdentity")
      .withArgs(stranger.address, 0, identities[0]);
    const { wallet: other } = await newTrader(f, { join: identities[1], fund: false });
    await (await succession.setSuccessorOf(alice.address, other.address)).wait();
    await expect(exchange.connect(outsider).claimWallet(alice))
      .to.be.revertedWithCustomError(exchange, "SuccessorNotInIdentity")
      .withArgs(other.address, identities[1], identities[0]);
  });

  it("17 review M2: claimWallet drops the account's cached clearances: the successor's first order is checked live", async () => {
    const f = await withSuccession();
    const { exchange, succession, traders, identities, outsider, pairId } = f;
    const [alice] = traders;
    expect((await exchange.clearanceOf(alice, pairId))[1] > 0n).to.equal(true);
    const fresh = await funded();
    await f.clients.addWallet(identities[0], fresh.address);
    await (await succession.setSuccessorOf(alice.address, fresh.address)).wait();
    await (await exchange.connect(outsider).claimWallet(alice)).wait();
    expect(await exchange.clearanceOf(fresh, pairId)).to.deep.equal([0n, 0n, 0n]);
  });

  it("17 review M3: the previous operator's key keeps no cached clearance: it cannot trade the operator's account after a hand-over", async () => {
    const f = await withRestingOrders();
    const { exchange, actors, usd, pairId } = f;
    const op = actors.exchangeOp;
    await f.clients.enrol(op.address);
    await (await usd.mint(op.address, FUNDS)).wait();
    await (await usd.connect(op).approve(exchange, FUNDS)).wait();
    await (await exchange.connect(op).deposit(usd, FUNDS)).wait();
    await (await exchange.connect(op).placeOrder(f.order(Side.Bid, 30, 10))).wait(); // caches its wallet clearance
    expect((await exchange.accountOf(op))[0]).to.equal(1n);
    const rotated = await rotateOperatorKey(f);
    expect((await exchange.clearanceOf(op, pairId))[1] > 0n).to.equal(true);
    await (await exchange.connect(rotated).acceptOperator()).wait();
    await expect(exchange.connect(op).placeOrder(f.order(Side.Bid, 31, 10))).to.be.revertedWithCustomError(
      exchange,
      "UnknownAccount",
    );
    // The operator account's own cached clearances were the previous wallet's answer: gone too.
    expect(await exchange.clearanceOf(rotated, pairId)).to.deep.equal([0n, 0n, 0n]);
  });

  it("17 review L1: only the venue itself makes its registration follow its operator (FollowerNotVenue)", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { venues, exchange, outsider, nodes } = f;
    await expect(venues.connect(outsider).followOperator(exchange, nodes.r1))
      .to.be.revertedWithCustomError(venues, "FollowerNotVenue")
      .withArgs(outsider.address, await exchange.getAddress());
  });

  it("17 review M4: a GOVERN holder ranked below the operator cannot name a successor; a naming is withdrawn by its rank or a higher one", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, regulator } = f;
    const low = await lowGovern(f);
    const next = await secondVenue(f);
    await expect(exchange.connect(low).setSuccessor(next))
      .to.be.revertedWithCustomError(exchange, "OperatorOutranksCaller")
      .withArgs(1, 2);
    await (await exchange.connect(actors.exchangeOp).setSuccessor(next)).wait();
    await expect(exchange.connect(actors.steward).setSuccessor(ethers.ZeroAddress))
      .to.emit(exchange, "SuccessorSet")
      .withArgs(ethers.ZeroAddress, actors.steward.address, 1);
    expect(await exchange.successor()).to.equal(ethers.ZeroAddress);
    await (await exchange.connect(regulator).setSuccessor(next)).wait();
    await expect(exchange.connect(actors.exchangeOp).setSuccessor(ethers.ZeroAddress))
      .to.be.revertedWithCustomError(exchange, "WindDownSetByHigherAuthority")
      .withArgs(0, 1);
    await (await exchange.connect(regulator).setSuccessor(ethers.ZeroAddress)).wait();
    // Withdrawn: the bar goes with the naming.
    await (await exchange.connect(actors.exchangeOp).setSuccessor(next)).wait();
    expect(await exchange.successor()).to.equal(await next.getAddress());
  });
});

void OrderType;
