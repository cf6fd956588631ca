// Issue 16 review (sanctions): regression tests for the outside auditor's findings, from its proofs of concept.
import { loadFixture } from "../helpers/world";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { expect } from "chai";
import { ethers } from "hardhat";
import { FUNDS, OrderType, Side, exchangeSeconds, listPair, newTrader } from "../helpers/exchange";
import { deployVenue } from "../../lib/venueDeploy";
import { rebuildSanctions, reconcileSanctions } from "../../lib/replay/sanctions";
import { Eligibility, Scope, YEAR, addWalletWithConsent, nodeIdFrom, rememberWallet } from "../helpers/fixtures";

const ZERO = ethers.ZeroAddress;
const why = ethers.encodeBytes32String("OFAC SDN 2026-12");

/** A bank (KYC, depth 1) under R2 and the fixture's venue (home R1). */
async function world() {
  const f = await exchangeSeconds();
  const funder = (await ethers.getSigners())[0];
  const bank2 = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
  await (await funder.sendTransaction({ to: bank2.address, value: ethers.parseEther("10") })).wait();
  const regulator2 = f.actors.regulator2;
  const bank2Node = await nodeIdFrom(
    f.tree,
    f.tree.connect(regulator2).grant(f.nodes.r2, bank2.address, Scope.KYC, (await f.clock.now()) + 2 * YEAR),
  );
  return { ...f, bank2, bank2Node, regulator2, registryAddress: await f.registry.getAddress() };
}

/** A client of R2's bank with USD (and EUR when given) deposited at the venue. */
async function r2Client(f: Awaited<ReturnType<typeof world>>, eur?: { mint(a: string, v: bigint): Promise<unknown> }) {
  const { wallet, identity } = await newTrader(f, { attester: { signer: f.bank2, node: f.bank2Node }, fund: false });
  for (const t of eur ? [f.usd, eur] : [f.usd]) {
    await (await (t as typeof f.usd).mint(wallet.address, FUNDS)).wait();
    await (await (t as typeof f.usd).connect(wallet).approve(f.exchange, FUNDS)).wait();
    await (await f.exchange.connect(wallet).deposit(t as typeof f.usd, FUNDS)).wait();
  }
  return { wallet, identity };
}

describe("16 review: sanctions", () => {
  it("16 review H1: a KYC agent cannot revoke a root-listed identity and reclaim its wallet into a fresh identity (a listed identity keeps its wallets)", async () => {
    const f = await loadFixture(world);
    const { tree, registry, exchange, clients, nodes, regulator, traders, identities, usd } = f;
    const alice = traders[0];
    await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[0], why, f.registryAddress);
    await clients.revoke(identities[0]);
    await expect(clients.enrol(alice.address))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r1, ZERO, identities[0], why);
    expect(await registry.identityOf(alice)).to.equal(identities[0]);
    await exchange.connect(f.outsider).syncIdentity(alice);
    await expect(exchange.connect(alice).withdraw(usd, 1n)).to.be.revertedWithCustomError(tree, "PartySanctioned");
    // Lifted, the wallet may be reclaimed as before.
    await tree.connect(regulator).liftSanction(nodes.r1, ZERO, identities[0]);
    expect(await clients.enrol(alice.address)).to.not.equal(identities[0]);
  });

  it("16 review H1: a wallet listed by another root cannot be registered into a new identity either", async () => {
    const f = await loadFixture(world);
    const { tree, clients, nodes, regulator2 } = f;
    const w = rememberWallet(ethers.Wallet.createRandom()).address;
    await tree.connect(regulator2).addSanction(nodes.r2, w, 0, why, f.registryAddress);
    await expect(clients.enrol(w)).to.be.revertedWithCustomError(tree, "PartySanctioned").withArgs(nodes.r2, w, 0, why);
  });

  it("16 review H2: a listed wallet cannot be removed from its identity (whichever root listed it)", async () => {
    const f = await loadFixture(world);
    const { tree, registry, exchange, usd, nodes, regulator2, bank2 } = f;
    const { wallet, identity } = await r2Client(f);
    const second = rememberWallet(ethers.Wallet.createRandom()).address;
    await (await addWalletWithConsent(registry, bank2, identity, second)).wait();
    await tree.connect(regulator2).addSanction(nodes.r2, wallet, 0, why, f.registryAddress);
    await expect(registry.connect(bank2).removeWallet(identity, wallet))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r2, wallet.address, 0, why);
    await exchange.syncIdentity(wallet);
    await expect(exchange.connect(wallet).withdraw(usd, FUNDS)).to.be.revertedWithCustomError(tree, "PartySanctioned");
    // The other, unlisted wallet still leaves.
    await expect(registry.connect(bank2).removeWallet(identity, second)).to.emit(registry, "WalletRemoved");
  });

  it("16 review H3: a withdrawal screens the wallet's live identity too, not only the account's recorded one", async () => {
    const f = await loadFixture(world);
    const { tree, registry, exchange, clients, usd, nodes, regulator } = f;
    const { wallet, identity: first } = await newTrader(f); // deposits: the venue account records `first`
    await clients.addWallet(first, rememberWallet(ethers.Wallet.createRandom()).address);
    await (await registry.connect(f.subAgent).removeWallet(first, wallet)).wait();
    const second = await clients.enrol(wallet.address); // the client's identity now
    await tree.connect(regulator).addSanction(nodes.r1, ZERO, second, why, f.registryAddress);
    await expect(exchange.connect(wallet).deposit(usd, 1n)).to.be.revertedWithCustomError(tree, "PartySanctioned");
    await expect(exchange.connect(wallet).withdraw(usd, FUNDS))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r1, ZERO, second, why);
    await tree.connect(regulator).liftSanction(nodes.r1, ZERO, second);
    await expect(exchange.connect(wallet).withdraw(usd, FUNDS)).to.emit(exchange, "Withdrawn");
  });

  it("16 review M1: a listing by the venue's home root removes the party's resting order and refuses its new ones, on a pair whose policy trusts another root", async () => {
    const f = await loadFixture(world);
    const { tree, exchange, usd, nodes, regulator } = f;
    const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
    const pairId = await listPair(f, eur, usd, { trustedRoots: [nodes.r2] });
    const a = await r2Client(f, eur as never);
    const b = await r2Client(f, eur as never);
    const p = (side: number, tick: number, o = {}) => ({
      pairId,
      side,
      orderType: OrderType.GoodTillCancel,
      tick,
      lots: 2,
      expiry: 0,
      maxSteps: 5,
      ...o,
    });
    await exchange.connect(a.wallet).placeOrder(p(Side.Ask, 100));
    await tree.connect(regulator).addSanction(nodes.r1, a.wallet, 0, why, f.registryAddress);
    const [usdBefore] = await exchange.balanceOf(a.wallet, usd);
    await expect(exchange.connect(b.wallet).placeOrder(p(Side.Bid, 100, { orderType: OrderType.ImmediateOrCancel })))
      .to.emit(exchange, "OrderRemoved")
      .and.not.to.emit(exchange, "OrderFilled");
    const [usdAfter] = await exchange.balanceOf(a.wallet, usd);
    expect(usdAfter).to.equal(usdBefore);
    await expect(exchange.connect(a.wallet).placeOrder(p(Side.Ask, 101)))
      .to.be.revertedWithCustomError(exchange, "NotEligible")
      .withArgs(a.wallet.address, Eligibility.Sanctioned);
  });

  it("16 review M1: a listing by a root the venue trusts (not its home, not the party's) freezes deposits and withdrawals there", async () => {
    const f = await loadFixture(world);
    const { tree, usd, nodes, regulator2, traders } = f;
    const alice = traders[0]; // a client of R1, at a second venue homed on R1 that also trusts R2
    const deployed = await deployVenue(ethers, f.actors.exchangeOp, {
      tree: await tree.getAddress(),
      eligibility: f.registryAddress,
      pairs: await f.pairs.getAddress(),
      venues: await f.venues.getAddress(),
      operator: f.actors.exchangeOp.address,
      roots: [nodes.r1, nodes.r2],
      timeUnit: 1,
    });
    const exchange = (await ethers.getContractAt("IExchange", deployed.venue)) as unknown as typeof f.exchange;
    await (await f.venues.connect(f.actors.exchangeOp).registerVenue(exchange, nodes.r1, Scope.EXCHANGE)).wait();
    await (await exchange.connect(f.actors.exchangeOp).openBook(f.pairId)).wait();
    expect(await exchange.isTrustedRoot(nodes.r2)).to.equal(true);
    await (await usd.mint(alice, FUNDS)).wait();
    await (await usd.connect(alice).approve(exchange, FUNDS)).wait();
    await (await exchange.connect(alice).deposit(usd, FUNDS / 2n)).wait();
    await tree.connect(regulator2).addSanction(nodes.r2, alice, 0, why, f.registryAddress);
    await expect(exchange.connect(alice).withdraw(usd, 1n))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r2, alice.address, 0, why);
    await expect(exchange.connect(alice).deposit(usd, 1n))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r2, alice.address, 0, why);
  });

  it("16 review M2: recovery never hands a listed wallet's native tokens to another wallet of the same identity", async () => {
    const f = await loadFixture(world);
    const { tree, exchange, token, nodes, regulator, traders, identities, actors, clients } = f;
    const alice = traders[0];
    const alice2 = rememberWallet(ethers.Wallet.createRandom()).address;
    await clients.addWallet(identities[0], alice2);
    await token.connect(actors.issuer).mint(alice, 1_000n);
    await tree.connect(regulator).addSanction(nodes.r1, alice, 0, why, f.registryAddress);
    const court = ethers.encodeBytes32String("court order");
    await expect(token.connect(actors.issuer).forcedTransfer(alice, alice2, 1_000n, court))
      .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
      .withArgs(alice.address, alice2, identities[0]);
    await expect(exchange.connect(actors.issuer).recover(token, alice, alice2, 1_000n, court))
      .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
      .withArgs(alice.address, alice2, identities[0]);
    // To another party, recovery goes through.
    await expect(token.connect(actors.issuer).forcedTransfer(alice, traders[1], 1_000n, court)).to.emit(
      token,
      "ForcedTransfer",
    );
  });
});

describe("16 review: sanctions recovery of external tokens", () => {
  it("16 review M3: the listing root recovers a listed party's external token from the venue to another party, with a reason, measured", async () => {
    const f = await loadFixture(world);
    const { tree, exchange, usd, token, nodes, regulator, traders, identities, clients, order } = f;
    const alice = traders[0];
    const alice2 = rememberWallet(ethers.Wallet.createRandom()).address;
    await clients.addWallet(identities[0], alice2);
    await exchange.connect(alice).placeOrder(order(Side.Bid, 100, 2)); // locks USD
    await tree.connect(regulator).addSanction(nodes.r1, ZERO, identities[0], why, f.registryAddress);
    const court = ethers.encodeBytes32String("court order 42");
    const to = rememberWallet(ethers.Wallet.createRandom()).address; // e.g. a court's escrow, unregistered
    const [available, locked] = await exchange.balanceOf(alice, usd);
    expect(locked).to.be.greaterThan(0n);
    await expect(exchange.connect(traders[1]).recoverSanctioned(nodes.r1, usd, alice, to, 1n, court))
      .to.be.revertedWithCustomError(exchange, "NotSanctionsRecoverer")
      .withArgs(traders[1].address, nodes.r1);
    await expect(
      exchange.connect(regulator).recoverSanctioned(nodes.r1, usd, alice, to, 1n, ethers.ZeroHash),
    ).to.be.revertedWithCustomError(token, "MissingReason");
    await expect(exchange.connect(regulator).recoverSanctioned(nodes.r1, token, alice, to, 1n, court))
      .to.be.revertedWithCustomError(exchange, "NativeTokenRecoveredByIssuer")
      .withArgs(await token.getAddress());
    await expect(exchange.connect(regulator).recoverSanctioned(nodes.r1, usd, traders[1], to, 1n, court))
      .to.be.revertedWithCustomError(exchange, "NotListedBy")
      .withArgs(nodes.r1, traders[1].address, identities[1]);
    await expect(exchange.connect(regulator).recoverSanctioned(nodes.r1, usd, alice, alice2, 1n, court))
      .to.be.revertedWithCustomError(token, "RecipientInFrozenIdentity")
      .withArgs(alice.address, alice2, identities[0]);
    const all = available + locked;
    await expect(exchange.connect(regulator).recoverSanctioned(nodes.r1, usd, alice, to, all, court))
      .to.emit(exchange, "Recovered")
      .withArgs(await usd.getAddress(), anyValue, to, 0, all, court, regulator.address)
      .and.to.emit(exchange, "OrderRemoved");
    expect(await usd.balanceOf(to)).to.equal(all);
    expect(await exchange.balanceOf(alice, usd)).to.deep.equal([0n, 0n]);
  });
});

describe("16 review: a retired root's list", () => {
  it("16 review L1: the governor lifts the entries of a revoked root (nobody else can act for it), so its listed parties are not frozen for ever", async () => {
    const f = await loadFixture(world);
    const { tree, nodes, regulator2, governor, traders, exchange, usd } = f;
    const alice = traders[0];
    await tree.connect(regulator2).addSanction(nodes.r2, alice, 0, why, f.registryAddress);
    await (await tree.connect(governor).revoke(nodes.r2, ethers.encodeBytes32String("retired"))).wait();
    await expect(tree.connect(regulator2).liftSanction(nodes.r2, alice, 0)).to.be.revertedWithCustomError(
      tree,
      "NotSanctionsAuthority",
    );
    // The governor may lift, not add.
    await expect(tree.connect(governor).addSanction(nodes.r2, traders[1], 0, why, f.registryAddress))
      .to.be.revertedWithCustomError(tree, "NotSanctionsAuthority")
      .withArgs(governor.address, nodes.r2);
    await expect(tree.connect(governor).liftSanction(nodes.r2, alice, 0))
      .to.emit(tree, "SanctionLifted")
      .withArgs(nodes.r2, alice.address, 0, 0, 0);
    expect(await tree.sanctionRoots(alice, 0)).to.deep.equal([]);
    await expect(exchange.connect(alice).withdraw(usd, 1n)).to.emit(exchange, "Withdrawn");
    // The governor's lift replays like any other (node 0, rank 0).
    const logs = await ethers.provider.getLogs({ address: await tree.getAddress(), fromBlock: 0 });
    expect((await reconcileSanctions(tree, rebuildSanctions(tree.interface, logs))).list).to.deep.equal([]);
  });

  it("16 review L1: the governor cannot lift a live root's entries", async () => {
    const f = await loadFixture(world);
    const { tree, nodes, regulator, governor, traders } = f;
    await tree.connect(regulator).addSanction(nodes.r1, traders[0], 0, why, f.registryAddress);
    await expect(tree.connect(governor).liftSanction(nodes.r1, traders[0], 0)).to.be.revertedWithCustomError(
      tree,
      "NotSanctionsAuthority",
    );
  });
});
