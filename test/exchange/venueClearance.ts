import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { AttestationKind } from "../../lib/assets";
import { deployVenue } from "../../lib/venueDeploy";
import {
  FUNDS,
  OrderType,
  Reason,
  Side,
  exchangeMillis,
  exchangeSeconds,
  listPair,
  newTrader,
  secondBank,
  type ExchangeWorld,
} from "../helpers/exchange";
import { DAY, Scope, nodeIdFrom, rememberWallet } from "../helpers/fixtures";

const why = ethers.encodeBytes32String("clearance test");

/**
 * Cached clearances (IExchange "Compliance"): a positive answer is reused while the authority tree's restriction epoch
 * is unchanged and its end has not come. These tests take a clearance for the maker and the taker first, then make
 * one restriction, and check that the very next match sees it: every restriction must advance the epoch.
 */

/** A maker and a taker with clearances on the fixture pair: the maker's ask rests at tick 50; the taker has traded. */
async function cleared(f: ExchangeWorld, maker: Signer = f.traders[0]) {
  const { exchange, order, traders } = f;
  const taker = traders[1];
  await (await exchange.connect(taker).placeOrder(order(Side.Bid, 10, 2))).wait();
  await (await exchange.connect(taker).cancelAll()).wait();
  await (await exchange.connect(maker).placeOrder(order(Side.Ask, 50, 2))).wait();
  const epoch = await f.tree.restrictionEpoch(f.nodes.r1);
  const [makerEpoch] = await exchange.clearanceOf(maker, f.pairId);
  const [takerEpoch] = await exchange.clearanceOf(taker, f.pairId);
  expect([makerEpoch, takerEpoch]).to.deep.equal([epoch, epoch]);
  return { taker, maker, epoch };
}

/** The taker's immediate-or-cancel bid against the maker's ask at 50. */
function take(f: ExchangeWorld, taker: Signer) {
  return f.exchange.connect(taker).placeOrder(f.order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel }));
}

type Restriction = {
  name: string;
  /** Restrict (the maker is traders[0] unless `secondBank`); returns nothing. */
  act: (f: ExchangeWorld, maker: string, bankNode: bigint) => Promise<{ wait(): Promise<unknown> }>;
  /** How the next take ends: the maker's order removed for a reason, or the taker refused with an error. */
  outcome: { removed: number } | { refused: string };
  secondBank?: boolean;
};

const restrictions: Restriction[] = [
  {
    name: "the client registry freezes the maker's identity",
    act: (f) => f.registry.connect(f.subAgent).freeze(f.identities[0], why),
    outcome: { removed: Reason.Ineligible },
  },
  {
    name: "the client registry revokes the maker's identity",
    act: (f) => f.registry.connect(f.subAgent).revoke(f.identities[0], why),
    outcome: { removed: Reason.Ineligible },
  },
  {
    name: "the client registry unbinds the maker's wallet",
    act: async (f, maker) => {
      const other = rememberWallet(ethers.Wallet.createRandom());
      await f.clients.addWallet(f.identities[0], other.address);
      return f.registry.connect(f.subAgent).removeWallet(f.identities[0], maker);
    },
    outcome: { removed: Reason.Ineligible },
  },
  {
    name: "the authority tree suspends the maker's bank",
    act: (f, _maker, bankNode) => f.tree.connect(f.regulator).suspend(bankNode, why),
    outcome: { removed: Reason.Ineligible },
    secondBank: true,
  },
  {
    name: "the authority tree revokes the maker's bank",
    act: (f, _maker, bankNode) => f.tree.connect(f.regulator).revoke(bankNode, why),
    outcome: { removed: Reason.Ineligible },
    secondBank: true,
  },
  {
    name: "the native token freezes the maker's wallet",
    act: (f, maker) => f.token.connect(f.actors.issuer).freezeWallet(maker, why),
    outcome: { removed: Reason.Frozen },
  },
  {
    name: "the native token freezes the maker's identity",
    act: (f) => f.token.connect(f.actors.issuer).freezeIdentity(f.identities[0], why),
    outcome: { removed: Reason.Frozen },
  },
  {
    name: "the native token is paused",
    act: (f) => f.token.connect(f.actors.issuer).pause(),
    outcome: { refused: "NativeTokenPaused" },
  },
  {
    name: "the pair registry halts the pair",
    act: (f) => f.pairs.connect(f.actors.steward).haltPair(f.pairId, why),
    outcome: { refused: "PairNotTradable" },
  },
  {
    name: "the pair registry delists the pair",
    act: (f) => f.pairs.connect(f.actors.steward).delistPair(f.pairId, why),
    outcome: { refused: "PairNotTradable" },
  },
  {
    name: "the asset registry withdraws the base asset's reserve attestation",
    act: (f) => f.assets.connect(f.auditor).withdrawAttestation(f.bondAsset, AttestationKind.Reserve, why),
    outcome: { refused: "PairNotTradable" },
  },
  {
    name: "the governor suspends the pair's root",
    act: (f) => f.tree.connect(f.governor).suspend(f.nodes.r1, why),
    // R1 is also the venue's home root: the operator's licence lapses with it, and the venue checks it first.
    outcome: { refused: "VenueNotLicensed" },
  },
];

for (const [label, fixture] of [
  ["seconds", exchangeSeconds],
  ["milliseconds (PlatON)", exchangeMillis],
] as const) {
  describe(`Exchange venue: cached clearances see every restriction at once (${label})`, () => {
    for (const r of restrictions) {
      it(`${r.name}: the epoch advances and the next match sees it`, async () => {
        const f = await loadFixture(fixture);
        const second = r.secondBank ? await secondBank(f, 400) : undefined;
        const makerSigner = second ? second.client.wallet : f.traders[0];
        const { taker, maker, epoch } = await cleared(f, makerSigner);
        const tx = await r.act(f, await maker.getAddress(), second?.node ?? 0n);
        await tx.wait();
        expect(await f.tree.restrictionEpoch(f.nodes.r1)).to.be.greaterThan(epoch);
        if ("removed" in r.outcome) {
          await expect(take(f, taker))
            .to.emit(f.exchange, "OrderRemoved")
            .withArgs(
              f.pairId,
              (v: bigint) => v > 0n,
              (v: bigint) => v > 0n,
              2n,
              r.outcome.removed,
            );
          // The removed ask's BOND is back in the maker's available balance.
          expect(await f.exchange.balanceOf(maker, f.token)).to.deep.equal([FUNDS, 0n]);
        } else {
          await expect(take(f, taker)).to.be.revertedWithCustomError(f.exchange, r.outcome.refused);
        }
      });
    }
  });
}

describe("Exchange venue: clearance ends and reuse", () => {
  it("records the earliest end it relied on: the identity's expiry or the reserve attestation's", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, registry, assets, traders, identities, bondAsset } = f;
    const { maker, epoch } = await cleared(f);
    const identity = await registry.identity(identities[0]);
    const reserve = await assets.attestation(bondAsset, AttestationKind.Reserve);
    const end = identity.expiry < reserve.expiry ? identity.expiry : reserve.expiry;
    expect(await exchange.clearanceOf(maker, f.pairId)).to.deep.equal([epoch, end, identities[0]]);
    expect(await exchange.clearanceOf(traders[2], f.pairId)).to.deep.equal([0n, 0n, 0n]);
  });

  it("a reserve superseded by one ending sooner advances the epoch; once it ends the pair stops", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { taker, epoch } = await cleared(f);
    await f.attestReserve(f.bondAsset, 10n ** 15n, 2 * DAY);
    expect(await f.tree.restrictionEpoch(f.nodes.r1)).to.be.greaterThan(epoch);
    await expect(take(f, taker)).to.emit(f.exchange, "OrderFilled");
    await f.clock.advance(3 * DAY);
    await expect(take(f, taker)).to.be.revertedWithCustomError(f.exchange, "PairNotTradable");
  });

  it("a KYC expiry shortened by the registry ends the clearance when it passes", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, registry, subAgent, identities, clock, pairId } = f;
    const { taker } = await cleared(f);
    const expiry = await clock.in(2 * DAY);
    await (await registry.connect(subAgent).renew(identities[0], expiry)).wait();
    await clock.advance(3 * DAY);
    expect(await clock.now()).to.be.greaterThan(expiry);
    await expect(take(f, taker))
      .to.emit(exchange, "OrderRemoved")
      .withArgs(
        pairId,
        (v: bigint) => v > 0n,
        (v: bigint) => v > 0n,
        2n,
        Reason.Ineligible,
      );
  });

  it("changes that only grant leave the epoch alone: unfreeze, resume, grant, register", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { tree, registry, token, subAgent, regulator, identities, actors, nodes, clock } = f;
    await (await registry.connect(subAgent).freeze(identities[2], why)).wait();
    await (await token.connect(actors.issuer).freezeWallet(f.traders[3], why)).wait();
    await (await tree.connect(regulator).suspend(nodes.lister, why)).wait();
    const epoch = await tree.restrictionEpoch(f.nodes.r1);
    await (await registry.connect(subAgent).unfreeze(identities[2])).wait();
    await (await token.connect(actors.issuer).unfreezeWallet(f.traders[3])).wait();
    await (await tree.connect(regulator).resume(nodes.lister)).wait();
    await (
      await tree
        .connect(regulator)
        .grant(nodes.r1, ethers.Wallet.createRandom().address, Scope.LIST, await clock.in(DAY))
    ).wait();
    await newTrader(f);
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch);
  });

  it("a profile update reports only when it can restrict; a takeover of a restriction reports nothing", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { tree, registry, pairs, subAgent, bank, regulator, identities, actors, pairId } = f;
    const id = identities[2];
    const p = await registry.identity(id);
    const epoch = await tree.restrictionEpoch(f.nodes.r1);
    await (await registry.connect(subAgent).update(id, p.classes, p.jurisdiction, ethers.id("new evidence"))).wait();
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch);
    await (await registry.connect(subAgent).update(id, p.classes, p.jurisdiction + 1n, ethers.id("moved"))).wait();
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch + 1n);
    await (await registry.connect(subAgent).freeze(id, why)).wait();
    await (await registry.connect(bank).freeze(id, why)).wait(); // a higher rank takes the freeze over
    await (await pairs.connect(actors.steward).haltPair(pairId, why)).wait();
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch + 3n);
    await (await tree.connect(regulator).suspend(f.nodes.kycAgent, why)).wait();
    await (await tree.connect(f.governor).suspend(f.nodes.r1, why)).wait();
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch + 5n);
    expect(regulator.address).to.not.equal(bank.address);
  });

  it("refuses to run on registries of another stack", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { tree, registry, pairs, actors, nodes } = f;
    const otherRegistry = await ethers.deployContract("IdentityRegistry", [await tree.getAddress(), 1]);
    const factory = await ethers.getContractFactory("Exchange", actors.exchangeOp);
    const wiring = (eligibility: string) => ({
      tree: tree.target as string,
      eligibility,
      pairs: pairs.target as string,
      venues: f.venues.target as string,
      operator: actors.exchangeOp.address,
      roots: [nodes.r1],
      timeUnit: 1,
    });
    await expect(
      deployVenue(ethers, actors.exchangeOp, wiring(await otherRegistry.getAddress())),
    ).to.be.revertedWithCustomError(factory, "InconsistentStack");
    await deployVenue(ethers, actors.exchangeOp, wiring(await registry.getAddress()));
  });

  it("refuses an admin module wired to anything else than the venue (AdminMismatch), and the module refuses direct calls", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { tree, registry, pairs, actors, nodes } = f;
    const wiring = [tree.target, registry.target, pairs.target, f.venues.target, actors.exchangeOp.address] as const;
    const adminFactory = await ethers.getContractFactory("ExchangeAdmin", actors.exchangeOp);
    const factory = await ethers.getContractFactory("Exchange", actors.exchangeOp);
    const venueArgs = (admin: string, unit = 1) => [...wiring, [nodes.r1] as bigint[], unit, admin] as const;
    // Another operator, another home root, another venue registry: each refused.
    const others = [
      await adminFactory.deploy(
        tree.target,
        registry.target,
        pairs.target,
        f.venues.target,
        actors.alice.address,
        nodes.r1,
        1,
      ),
      await adminFactory.deploy(...wiring, nodes.r1 + 1n, 1),
      await adminFactory.deploy(
        tree.target,
        registry.target,
        pairs.target,
        await ethers.deployContract("VenueRegistry", [tree.target]),
        actors.exchangeOp.address,
        nodes.r1,
        1,
      ),
    ];
    for (const other of others) {
      await expect(factory.deploy(...venueArgs(await other.getAddress()))).to.be.revertedWithCustomError(
        factory,
        "AdminMismatch",
      );
    }
    // Not a contract at all.
    await expect(factory.deploy(...venueArgs(actors.alice.address))).to.be.revertedWithCustomError(
      factory,
      "AdminMismatch",
    );
    const admin = await adminFactory.deploy(...wiring, nodes.r1, 1);
    await expect(admin.connect(actors.steward).setFeeCap(10)).to.be.revertedWithCustomError(admin, "DirectCall");
    const venue = await factory.deploy(...venueArgs(await admin.getAddress()));
    await expect(venue.deploymentTransaction())
      .to.emit(venue, "VenueCreated")
      .withArgs(
        actors.exchangeOp.address,
        [nodes.r1],
        await admin.getAddress(),
        tree.target,
        registry.target,
        pairs.target,
      );
    expect(await venue.ADMIN()).to.equal(await admin.getAddress());
    expect(await venue.VENUES()).to.equal(f.venues.target);
  });

  it("15.7: a restriction under another root leaves every clearance here alone: the next take re-checks nothing", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, tree, governor, clock, pairId } = f;
    const { taker, maker, epoch } = await cleared(f);
    const outsider = ethers.Wallet.createRandom();
    const r2 = await nodeIdFrom(
      tree,
      tree.connect(governor).createRoot(governor.address, await clock.in(DAY * 30), "R2"),
    );
    const child = await nodeIdFrom(
      tree,
      tree.connect(governor).grant(r2, outsider.address, Scope.KYC, await clock.in(DAY)),
    );
    await expect(tree.connect(governor).suspend(child, why))
      .to.emit(tree, "RestrictionReported")
      .withArgs(r2, 2n, await tree.getAddress());
    expect(await tree.restrictionEpoch(f.nodes.r1)).to.equal(epoch);
    await expect(take(f, taker)).to.emit(exchange, "OrderFilled").and.not.to.emit(exchange, "ClearanceRecorded");
    expect((await exchange.clearanceOf(maker, pairId))[0]).to.equal(epoch);
  });

  it("15.7: a client of another root is stamped with its own root's epoch: a restriction there reaches its clearance at once", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, tree, registry, nodes, traders } = f;
    const { regulator2 } = f.actors;
    const [alice] = traders;
    const base = await ethers.deployContract("TestToken", ["Gold", "GLD"]);
    const quote = await ethers.deployContract("TestToken", ["Franc", "CHF"]);
    const pairId = await listPair(f, base, quote, { trustedRoots: [nodes.r1, nodes.r2] });
    const { wallet: eve, identity: eveId } = await newTrader(f, {
      attester: { signer: regulator2, node: nodes.r2 },
      fund: false,
    });
    for (const [who, t] of [
      [eve, base],
      [alice, quote],
    ] as const) {
      await (await t.mint(who, 10n ** 9n)).wait();
      await (await t.connect(who).approve(exchange, 10n ** 9n)).wait();
      await (await exchange.connect(who).deposit(t, 10n ** 9n)).wait();
    }
    const ask = () => exchange.connect(eve).placeOrder({ ...f.order(Side.Ask, 50, 2), pairId });
    const bid = () =>
      exchange
        .connect(alice)
        .placeOrder({ ...f.order(Side.Bid, 50, 2, { orderType: OrderType.ImmediateOrCancel }), pairId });
    await (await ask()).wait();
    await (await bid()).wait();
    const stamp = (await tree.restrictionEpoch(nodes.r1)) + (await tree.restrictionEpoch(nodes.r2));
    expect((await exchange.clearanceOf(eve, pairId))[0]).to.equal(stamp);
    expect((await exchange.clearanceOf(alice, pairId))[0]).to.equal(await tree.restrictionEpoch(nodes.r1));
    // Both clearances hold: the next fill re-checks nothing.
    await (await ask()).wait();
    await expect(bid()).to.emit(exchange, "OrderFilled").and.not.to.emit(exchange, "ClearanceRecorded");
    // R2 freezes Eve: only R2's epoch moves, and the maker's clearance (stamped with R2's) sees it at once.
    await (await ask()).wait();
    await (await registry.connect(regulator2).freeze(eveId, why)).wait();
    await expect(bid())
      .to.emit(exchange, "OrderRemoved")
      .withArgs(
        pairId,
        (v: bigint) => v > 0n,
        (v: bigint) => v > 0n,
        2n,
        Reason.Ineligible,
      );
  });

  it("re-checks live after a restriction elsewhere, and takes a new clearance at the new epoch", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, tree, regulator, nodes, pairId } = f;
    const { taker, maker } = await cleared(f);
    // A restriction that concerns neither party: clearances are re-taken, and trading goes on.
    await (await tree.connect(regulator).suspend(nodes.lister, why)).wait();
    const epoch = await tree.restrictionEpoch(f.nodes.r1);
    await expect(take(f, taker))
      .to.emit(exchange, "ClearanceRecorded")
      .withArgs(
        await exchange.accountOf(taker).then((a) => a[0]),
        pairId,
        epoch,
        (v: bigint) => v > 0n,
        f.identities[1],
      )
      .and.to.emit(exchange, "OrderFilled");
    expect((await exchange.clearanceOf(maker, pairId))[0]).to.equal(epoch);
  });

  it("a maker re-checked live keeps its own clearance end when it ends before the taker's", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, tree, regulator, nodes, pairId } = f;
    // The maker's KYC ends in two days, long before anything of the taker's.
    const kycExpiry = await f.clock.in(2 * DAY);
    const { wallet } = await newTrader(f, { kycExpiry });
    const { taker, maker } = await cleared(f, wallet);
    await (await tree.connect(regulator).suspend(nodes.lister, why)).wait();
    await expect(take(f, taker)).to.emit(exchange, "OrderFilled");
    const [, makerUntil] = await exchange.clearanceOf(maker, pairId);
    const [, takerUntil] = await exchange.clearanceOf(taker, pairId);
    expect(makerUntil).to.equal(BigInt(kycExpiry));
    expect(makerUntil < takerUntil, `maker until ${makerUntil}, taker until ${takerUntil}`).to.equal(true);
  });
});
