import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import type { EventLog } from "ethers";
import { ethers } from "hardhat";
import {
  AssetKind,
  AttestationKind,
  DAY,
  ProductType,
  deployAssets,
  evidenceHash,
  kindMask,
} from "../helpers/fixtures";
import {
  attestationRow,
  barKey,
  rebuildAssets,
  type AssetRow,
  type AttestationRow,
  type PairRow,
} from "../../lib/replay/assets";
import { readPair, reconcileAssets, type Suite } from "../../lib/replay/reconcile";
import { auditWorld, rebuildWorld } from "../helpers/audit";
import { redeemNow } from "../monetary/helpers";

/**
 * Every stored field of assets, attestations and pairs must be derivable from events alone: a later tool rebuilds
 * them from logs. This test runs a busy history, folds the logs with the audit replayer's rebuilder
 * (lib/replay/assets.ts), and compares the result with every view.
 */

const EMPTY_ATTESTATION: AttestationRow = {
  id: 0n,
  auditorNode: 0n,
  issuedAt: 0n,
  expiry: 0n,
  asOf: 0n,
  amount: 0n,
  contentHash: ethers.ZeroHash,
  uri: "",
  redeemedSnapshot: 0n,
};

/** Logs of both registries in chain order. */
async function history(...contracts: { queryFilter(event: never): Promise<unknown[]> }[]): Promise<EventLog[]> {
  const logs: EventLog[] = [];
  for (const c of contracts) logs.push(...((await c.queryFilter("*" as never)) as EventLog[]));
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

async function busyHistory() {
  const f = await deployAssets(1);
  const { assets, pairs, clock, actors, nodes, auditor, usdAsset, registerToken, attestReserve } = f;
  const bond = await registerToken();
  const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
  await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, actors.dave.address, "e");
  await assets.connect(actors.steward2).registerAsset(eur, AssetKind.External, nodes.r2, ethers.ZeroAddress, "e2");
  const eurAsset = await assets.assetIdOf(eur, nodes.r1);
  await assets.connect(actors.lister).updateMetadata(usdAsset, "ipfs://usd-v2");
  await attestReserve(bond, 500n);
  await attestReserve(bond, 700n, 3 * DAY); // supersedes
  const now = await clock.now();
  await assets.connect(auditor).attest(bond, AttestationKind.AuditReport, now + DAY, "ar", evidenceHash("ar"));
  await assets.connect(auditor).attest(usdAsset, AttestationKind.Insurance, now + DAY, "in", evidenceHash("in"));
  await assets.connect(auditor).attest(usdAsset, AttestationKind.Disclosure, now + DAY, "di", evidenceHash("di"));
  await assets
    .connect(actors.auditFirm)
    .withdrawAttestation(usdAsset, AttestationKind.Disclosure, ethers.encodeBytes32String("x"));
  // A redemption, then a reserve that snapshots it; a wrong registration retired and registered again.
  await f.clients.enrol(actors.alice.address);
  await f.token.connect(actors.issuer).mint(actors.alice.address, 300n);
  await redeemNow(f.token, actors.alice, 120n, ethers.encodeBytes32String("r"));
  await attestReserve(bond, 580n, 3 * DAY);
  const gold = await ethers.deployContract("TestToken", ["Gold", "XAU"]);
  await assets.connect(actors.lister).registerAsset(gold, AssetKind.External, nodes.r1, ethers.ZeroAddress, "g");
  await assets.connect(actors.steward).retireAsset(await assets.assetIdOf(gold, nodes.r1), ethers.id("wrong"));
  await assets.connect(actors.steward2).registerAsset(gold, AssetKind.External, nodes.r2, ethers.ZeroAddress, "g2");

  const policy = { trustedRoots: [nodes.r1], allowedClasses: 0x0f, barredJurisdictions: [] };
  const terms = async (base: bigint, quote: bigint, o = {}) => ({
    baseAsset: base,
    quoteAsset: quote,
    productType: ProductType.Spot,
    tickSize: 5n,
    lotSize: 10n,
    minSize: 30n,
    baseAttestations: kindMask("AuditReport"),
    quoteAttestations: 0,
    proposalExpiry: (await clock.now()) + 2 * DAY,
    ...o,
  });
  const lister = pairs.connect(actors.lister);
  const steward = pairs.connect(actors.steward);
  const why = ethers.encodeBytes32String("why");
  await lister.proposePair(nodes.r1, await terms(bond, usdAsset), policy); // 1: listed, halted, resumed
  await steward.approvePair(1);
  await steward.haltPair(1, why);
  await steward.resumePair(1);
  await steward.haltPair(1, why);
  await pairs.connect(f.regulator).haltPair(1, why); // taken over: halted at rank 0
  await lister.proposePair(nodes.r1, await terms(eurAsset, usdAsset, { quoteAttestations: 0b1000 }), policy); // 2
  await steward.approvePair(2);
  await pairs.connect(f.regulator).delistPair(2, why); // delisted; its key barred at rank 0
  // Venues: one removed by the regulator (barred), one registered.
  const venue = await ethers.deployContract("TestVenue", [actors.exchangeOp.address]);
  const vault = await ethers.deployContract("TestVenue", [actors.custodian.address]);
  await f.venues.connect(actors.exchangeOp).registerVenue(venue, nodes.r1, 32 /* EXCHANGE */);
  await f.venues.connect(f.regulator).deregisterVenue(venue, nodes.r1);
  await f.venues.connect(actors.custodian).registerVenue(vault, nodes.r1, 64 /* CUSTODY */);
  await f.venues.connect(actors.custodian).deregisterVenue(vault, nodes.r1);
  await f.venues.connect(actors.custodian).registerVenue(vault, nodes.r1, 64 /* CUSTODY */);
  await lister.proposePair(nodes.r1, await terms(usdAsset, eurAsset), policy); // 3: withdrawn
  await lister.withdrawPair(3);
  await lister.proposePair(nodes.r1, await terms(eurAsset, bond), policy); // 4: expires, then replaced by 5
  await clock.advance(3 * DAY);
  await lister.proposePair(nodes.r1, await terms(eurAsset, bond, { tickSize: 1n }), policy); // 5
  // The retired gold registration cannot back a pair; a platinum token does.
  const plat = await ethers.deployContract("TestToken", ["Platinum", "XPT"]);
  await assets.connect(actors.lister).registerAsset(plat, AssetKind.External, nodes.r1, ethers.ZeroAddress, "p");
  const platAsset = await assets.assetIdOf(plat, nodes.r1);
  await lister.proposePair(nodes.r1, await terms(bond, platAsset), policy); // 6: still proposed
  return { ...f, venueContracts: [venue, vault] };
}

describe("asset service events", () => {
  it("rebuild every asset, attestation and pair exactly as the views report them", async () => {
    const { assets, pairs, venues, nodes, venueContracts } = await loadFixture(busyHistory);
    const rebuilt = rebuildAssets(await history(assets, pairs, venues));

    const assetCount = await assets.assetCount();
    expect(BigInt(rebuilt.assets.size)).to.equal(assetCount);
    for (let id = 1n; id <= assetCount; id++) {
      const v = await assets.asset(id);
      const view: AssetRow = {
        token: v.token,
        kind: v.kind,
        root: v.root,
        issuer: v.issuer,
        listerNode: v.listerNode,
        metadataURI: v.metadataURI,
        retired: v.retired,
      };
      expect(rebuilt.assets.get(id), `asset ${id}`).to.deep.equal(view);
      expect(await assets.assetIdOf(view.token, view.root)).to.equal(
        rebuilt.assetIdOf.get(`${view.token}/${view.root}`) ?? 0n,
      );
      const record = await assets.issuedToken(view.token);
      expect(rebuilt.issued.get(view.token) ?? { issuer: ethers.ZeroAddress, root: 0n, issuerNode: 0n }).to.deep.equal({
        issuer: record.issuer,
        root: record.root,
        issuerNode: record.issuerNode,
      });
      for (const kind of Object.values(AttestationKind)) {
        const x = await assets.attestation(id, kind);
        const viewAttestation = attestationRow(x);
        const [rankSet, rank] = await assets.attestationRank(id, kind);
        expect(rebuilt.ranks.get(`${id}/${kind}`), `rank ${id}/${kind}`).to.equal(rankSet ? rank : undefined);
        expect(
          rebuilt.attestations.get(`${id}/${kind}`) ?? EMPTY_ATTESTATION,
          `attestation ${id}/${kind}`,
        ).to.deep.equal(viewAttestation);
      }
    }

    const pairCount = await pairs.pairCount();
    expect(BigInt(rebuilt.pairs.size)).to.equal(pairCount);
    expect(pairCount).to.equal(6n);
    for (let id = 1n; id <= pairCount; id++) {
      const view: PairRow = await readPair(pairs, id);
      for (const [b, q] of [
        [view.baseAsset, view.quoteAsset],
        [view.quoteAsset, view.baseAsset],
      ]) {
        const [barred, depth] = await pairs.delistingBar(b, q, view.productType);
        expect(rebuilt.delistBars.get(barKey(b, q, view.productType)), `bar ${b}/${q}`).to.equal(
          barred ? depth : undefined,
        );
      }
      expect(rebuilt.pairs.get(id), `pair ${id}`).to.deep.equal(view);
      expect(await pairs.livePairOf(view.baseAsset, view.quoteAsset, view.productType)).to.equal(
        rebuilt.live.get(`${view.baseAsset}/${view.quoteAsset}/${view.productType}`) ?? 0n,
      );
    }
    expect([...rebuilt.pairs.values()].map((p) => Number(p.status))).to.deep.equal([3, 4, 5, 1, 1, 1]);
    expect(rebuilt.delistBars.size).to.equal(1);

    for (const v of venueContracts) {
      const at = `${await v.getAddress()}/${nodes.r1}`;
      const [operatorNode, scope] = await venues.registration(v, nodes.r1);
      const owner = await venues.registeredOwner(v, nodes.r1);
      expect(
        rebuilt.venues.get(at) ?? { operatorNode: 0n, scope: 0n, owner: ethers.ZeroAddress },
        `venue ${at}`,
      ).to.deep.equal({ operatorNode, scope, owner });
      // 22.2: both were registered once; the venue the regulator removed stays known.
      expect(rebuilt.venuesEver.has(at), `venue ever ${at}`).to.equal(await venues.wasRegistered(v, nodes.r1));
      expect(rebuilt.venuesEver.has(at)).to.equal(true);
      const [barred, depth] = await venues.deregistrationBar(v, nodes.r1);
      expect(rebuilt.venueBars.get(at), `venue bar ${at}`).to.equal(barred ? depth : undefined);
    }
    expect(rebuilt.venueBars.size).to.equal(1);
    // The audit replayer's reconciliation agrees: no difference on this busy history.
    expect((await reconcileAssets({ assets, pairs, venues } as unknown as Suite, rebuilt)).list).to.deep.equal([]);
  });
});

/** A token history exercising every compliance record: ranked freezes and takeovers, pause, policy, redemptions. */
async function tokenHistory() {
  const f = await deployAssets(1);
  const { token, tree, regulator, actors, clients, registerToken, attestReserve, eligibility, subAgent } = f;
  const { alice, bob, carol, issuer } = actors;
  const why = ethers.encodeBytes32String("why");
  const alice2 = (await ethers.getSigners())[19];
  const bond = await registerToken();
  await attestReserve(bond, 10_000n);
  const ids = { alice: await clients.enrol(alice.address), bob: await clients.enrol(bob.address) };
  await clients.enrol(carol.address);
  await clients.addWallet(ids.alice, alice2.address);
  for (const w of [alice, bob, carol]) await token.connect(issuer).mint(w.address, 1_000n);
  await redeemNow(token, alice, 100n, why);
  await token.connect(issuer).freezeWallet(alice.address, why);
  await token.connect(regulator).freezeWallet(alice.address, why); // taken over at rank 0
  await token.connect(issuer).freezeWallet(bob.address, why);
  await token.connect(issuer).unfreezeWallet(bob.address); // cleared at rank 1
  await token.connect(issuer).freezeWallet(carol.address, why);
  await token.connect(regulator).unfreezeWallet(carol.address); // cleared at rank 0 (15.8)
  await token.connect(issuer).freezeIdentity(ids.alice, why); // records alice and alice2 (serial 1)
  await eligibility.connect(subAgent).removeWallet(ids.alice, alice2.address);
  await token.connect(regulator).forcedTransfer(alice.address, carol.address, 300n, why);
  await token.connect(issuer).unfreezeIdentity(ids.alice);
  await token.connect(issuer).freezeIdentity(ids.alice, why); // serial 2: alice only; alice2's record lapsed (22.4a)
  await token.connect(issuer).freezeIdentity(ids.bob, why);
  await token.connect(issuer).unfreezeIdentity(ids.bob);
  await token.connect(issuer).pause();
  await token.connect(regulator).pause(); // taken over
  await token.connect(regulator).unpause(); // cleared at rank 0: the issuer may not pause again (15.8)
  await token.connect(regulator).pause(); // paused again, at the regulator's rank: the mark is replaced
  await token.connect(regulator).setPolicy(await clients.createPolicy([f.nodes.r1], 0x0f, [840]));
  return { ...f, tree, wallets: [alice.address, alice2.address, bob.address, carol.address], ids };
}

describe("compliant token events", () => {
  it("rebuild freezes, ranks, pause, policy, redemptions and balances exactly as the views report them", async () => {
    const f = await loadFixture(tokenHistory);
    const { wallets, ids } = f;
    // The audit replayer's token rebuilder (lib/replay/token.ts) over the whole suite's logs, reconciled with
    // every view: balances, freezes and their ranks, the records of identity freezes, pause, policy, redemptions.
    expect((await auditWorld(f)).differences).to.deep.equal([]);
    const rebuilt = (await rebuildWorld(f)).rebuilt.tokens.get(await f.token.getAddress())!;
    expect(rebuilt.walletFreezes.get(wallets[1])?.frozenIdentity).to.equal(ids.alice); // kept after removeWallet
    expect(rebuilt.walletFreezes.get(wallets[1])?.identitySerial).to.equal(1n); // but of the lifted freeze
    expect(await f.token.isFrozen(wallets[1])).to.equal(false);
    expect(rebuilt.identityFreezes.get(ids.alice)?.serial).to.equal(2n);
    expect(rebuilt.walletFreezes.get(wallets[3])).to.deep.include({ frozen: false, cleared: true, clearedRank: 0n });
    expect([rebuilt.paused, rebuilt.pauseRank, rebuilt.totalRedeemed]).to.deep.equal([true, 0n, 100n]);
    expect([rebuilt.pauseCleared, rebuilt.pauseClearedRank]).to.deep.equal([false, 0n]);
  });
});
