import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IPairRegistry } from "../../typechain-types";
import {
  AssetKind,
  AttestationKind,
  DAY,
  PairStatus,
  ProductType,
  Scope,
  deployAssets,
  evidenceHash,
  kindMask,
  nodeIdFrom,
  setNextBlockTime,
} from "../helpers/fixtures";
import { exchangeMillis, exchangeSeconds } from "../helpers/exchange";
import type { EventLog } from "ethers";
import { rebuildAssets } from "../../lib/replay/assets";
import { readPair } from "../../lib/replay/reconcile";
import type { AssetRegistry, PairRegistry } from "../../typechain-types";

/** The audit replayer rebuilds pair `id` from the registries' logs exactly as the views report it. */
async function expectReplayed(assets: AssetRegistry, pairs: PairRegistry, id: bigint): Promise<void> {
  const logs: EventLog[] = [];
  for (const c of [assets, pairs]) logs.push(...((await c.queryFilter("*" as never)) as EventLog[]));
  logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const rebuilt = rebuildAssets(logs);
  expect(rebuilt.pairs.get(id), `pair ${id} rebuilt from logs`).to.deep.equal(await readPair(pairs, id));
}

const why = ethers.encodeBytes32String("market abuse");

/** R1 with BOND (native, reserve attested for 30 days) and USD (external); a helper to propose BOND/USD. */
async function pairWorld(unit: 1 | 1000) {
  const f = await deployAssets(unit);
  const { clock, pairs, actors, nodes, usdAsset, registerToken, attestReserve } = f;
  const bondAsset = await registerToken();
  await attestReserve(bondAsset, 1_000_000n);
  const policy: IPairRegistry.PolicyTermsStruct = {
    trustedRoots: [nodes.r1],
    allowedClasses: 0x0f,
    barredJurisdictions: [408],
  };
  const termsFor = async (o: Partial<IPairRegistry.PairTermsStruct> = {}): Promise<IPairRegistry.PairTermsStruct> => ({
    baseAsset: bondAsset,
    quoteAsset: usdAsset,
    productType: ProductType.Spot,
    tickSize: 1n,
    lotSize: 10n,
    minSize: 100n,
    baseAttestations: 0,
    quoteAttestations: 0,
    proposalExpiry: (await clock.now()) + 7 * DAY,
    ...o,
  });
  /** Propose (as the lister, under R1 unless told) and return the new pair id. */
  const propose = async (o: Partial<IPairRegistry.PairTermsStruct> = {}, by = actors.lister, root = nodes.r1) => {
    await (await pairs.connect(by).proposePair(root, await termsFor(o), policy)).wait();
    return pairs.pairCount();
  };
  /** Propose and approve BOND/USD; returns the pair id. */
  const listed = async (o: Partial<IPairRegistry.PairTermsStruct> = {}) => {
    const id = await propose(o);
    await (await pairs.connect(actors.steward).approvePair(id)).wait();
    return id;
  };
  return { ...f, bondAsset, policy, termsFor, propose, listed };
}

async function pairWorldSeconds() {
  return pairWorld(1);
}
async function pairWorldMillis() {
  return pairWorld(1000);
}

for (const unit of [1, 1000] as const) {
  describe(`PairRegistry (time unit ${unit})`, () => {
    const world = unit === 1 ? pairWorldSeconds : pairWorldMillis;
    const xworld = unit === 1 ? exchangeSeconds : exchangeMillis;

    describe("proposals", () => {
      it("records a proposal with its terms, tokens, policy and required attestations, and emits them", async () => {
        const { pairs, token, usd, actors, nodes, bondAsset, usdAsset, termsFor, policy, eligibility } =
          await loadFixture(world);
        const terms = await termsFor({ quoteAttestations: kindMask("Insurance") });
        const policyId = await eligibility.createPolicy.staticCall([nodes.r1], 0x0f, []);
        await expect(pairs.connect(actors.lister).proposePair(nodes.r1, terms, policy))
          .to.emit(pairs, "PairProposed")
          .withArgs(
            1,
            nodes.r1,
            nodes.lister,
            [bondAsset, usdAsset, ProductType.Spot, 1n, 10n, 100n, 0, kindMask("Insurance"), terms.proposalExpiry],
            policyId,
            await token.getAddress(),
            await usd.getAddress(),
            kindMask("Reserve"),
            kindMask("Insurance"),
          );
        expect(await eligibility.policyExists(policyId)).to.equal(true);
        const p = await pairs.pair(1);
        expect(p.baseToken).to.equal(await token.getAddress());
        expect(p.quoteToken).to.equal(await usd.getAddress());
        expect([p.tickSize, p.lotSize, p.minSize]).to.deep.equal([1n, 10n, 100n]);
        expect(p.policyId).to.equal(policyId);
        expect(p.root).to.equal(nodes.r1);
        expect(p.status).to.equal(PairStatus.Proposed);
        expect([p.baseAsset, p.quoteAsset, p.productType]).to.deep.equal([
          bondAsset,
          usdAsset,
          BigInt(ProductType.Spot),
        ]);
        expect([p.baseAttestations, p.quoteAttestations]).to.deep.equal([
          BigInt(kindMask("Reserve")),
          BigInt(kindMask("Insurance")),
        ]);
        expect(p.proposalExpiry).to.equal(terms.proposalExpiry);
        expect(p.proposerNode).to.equal(nodes.lister);
        expect(await pairs.pairStatus(1)).to.equal(PairStatus.Proposed);
        expect(await pairs.pairCount()).to.equal(1);
        expect(await pairs.livePairOf(bondAsset, usdAsset, ProductType.Spot)).to.equal(1);
        expect(await pairs.isTradable(1)).to.equal(false);
      });

      it("creates the pair's eligibility policy in the client registry from the proposal's terms", async () => {
        const { pairs, eligibility, actors, nodes, termsFor } = await loadFixture(world);
        const policy = { trustedRoots: [nodes.r2, nodes.r1], allowedClasses: 0b0011, barredJurisdictions: [840, 408] };
        await pairs.connect(actors.lister).proposePair(nodes.r1, await termsFor(), policy);
        const stored = await eligibility.policy((await pairs.pair(1)).policyId);
        expect(stored.trustedRoots).to.deep.equal([nodes.r2, nodes.r1]);
        expect(stored.allowedClasses).to.equal(0b0011);
        expect(stored.barredJurisdictions).to.deep.equal([408n, 840n]);
        // Invalid policy terms are the client registry's to refuse; the proposal fails with its error.
        await pairs.connect(actors.lister).withdrawPair(1);
        const terms = await termsFor({
          baseAsset: (await pairs.pair(1)).quoteAsset,
          quoteAsset: (await pairs.pair(1)).baseAsset,
        });
        await expect(pairs.connect(actors.lister).proposePair(nodes.r1, terms, { ...policy, trustedRoots: [] }))
          .to.be.revertedWithCustomError(eligibility, "InvalidTrustedRootCount")
          .withArgs(0, await eligibility.MAX_TRUSTED_ROOTS());
        await expect(
          pairs.connect(actors.lister).proposePair(nodes.r1, terms, { ...policy, trustedRoots: [nodes.lister] }),
        )
          .to.be.revertedWithCustomError(eligibility, "NotARoot")
          .withArgs(nodes.lister);
        expect(await pairs.pairCount()).to.equal(1);
      });

      it("accepts proposals only from valid LIST holders of the root", async () => {
        const { pairs, actors, nodes, termsFor, policy, tree, regulator } = await loadFixture(world);
        const terms = await termsFor();
        for (const who of [actors.steward, actors.issuer, actors.alice]) {
          await expect(pairs.connect(who).proposePair(nodes.r1, terms, policy))
            .to.be.revertedWithCustomError(pairs, "MissingScope")
            .withArgs(who.address, nodes.r1, Scope.LIST);
        }
        await tree.connect(regulator).revoke(nodes.lister, why);
        await expect(pairs.connect(actors.lister).proposePair(nodes.r1, terms, policy))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.lister.address, nodes.r1, Scope.LIST);
      });

      it("lists only spot: futures and options are reserved", async () => {
        const { pairs, propose } = await loadFixture(world);
        for (const productType of [ProductType.Futures, ProductType.Options]) {
          await expect(propose({ productType }))
            .to.be.revertedWithCustomError(pairs, "ProductTypeNotSupported")
            .withArgs(productType);
        }
      });

      it("validates assets, sizes, masks and the proposal expiry", async () => {
        const { pairs, assets, clock, propose, bondAsset, usd, actors, nodes } = await loadFixture(world);
        await expect(propose({ quoteAsset: bondAsset }))
          .to.be.revertedWithCustomError(pairs, "SameAsset")
          .withArgs(bondAsset);
        await expect(propose({ quoteAsset: 99 }))
          .to.be.revertedWithCustomError(assets, "UnknownAsset")
          .withArgs(99);
        for (const [tick, lot, min] of [
          [0n, 10n, 100n],
          [1n, 0n, 100n],
          [1n, 10n, 0n],
          [1n, 10n, 105n],
        ]) {
          await expect(propose({ tickSize: tick, lotSize: lot, minSize: min }))
            .to.be.revertedWithCustomError(pairs, "InvalidSizes")
            .withArgs(tick, lot, min);
        }
        await expect(propose({ baseAttestations: 0x10 }))
          .to.be.revertedWithCustomError(pairs, "InvalidKindMask")
          .withArgs(0x10);
        await expect(propose({ quoteAttestations: 0x80 }))
          .to.be.revertedWithCustomError(pairs, "InvalidKindMask")
          .withArgs(0x80);
        const now = await clock.now();
        const ttl = 90 * DAY;
        await setNextBlockTime(clock, now + 5);
        await expect(propose({ proposalExpiry: now + 5 }))
          .to.be.revertedWithCustomError(pairs, "InvalidProposalExpiry")
          .withArgs(now + 5, now + 5, now + 5 + ttl);
        await setNextBlockTime(clock, now + 10);
        await expect(propose({ proposalExpiry: now + 11 + ttl }))
          .to.be.revertedWithCustomError(pairs, "InvalidProposalExpiry")
          .withArgs(now + 11 + ttl, now + 10, now + 10 + ttl);
        // Both assets must be registered under the pair's root.
        await assets.connect(actors.steward2).registerAsset(usd, AssetKind.External, nodes.r2, ethers.ZeroAddress, "");
        const usdInR2 = await assets.assetIdOf(usd, nodes.r2);
        await expect(propose({ quoteAsset: usdInR2 }))
          .to.be.revertedWithCustomError(pairs, "AssetRootMismatch")
          .withArgs(usdInR2, nodes.r2, nodes.r1);
      });

      it("keeps one live pair per (base, quote, product); an expired, withdrawn or delisted one frees it", async () => {
        const { pairs, clock, propose, actors, bondAsset, usdAsset } = await loadFixture(world);
        const first = await propose();
        await expect(propose()).to.be.revertedWithCustomError(pairs, "PairAlreadyLive").withArgs(first);
        // L5: the reverse pair is the same market: refused while the first is live.
        await expect(propose({ baseAsset: usdAsset, quoteAsset: bondAsset }))
          .to.be.revertedWithCustomError(pairs, "PairAlreadyLive")
          .withArgs(first);
        // An expired proposal no longer blocks.
        await clock.advanceTo(Number((await pairs.pair(first)).proposalExpiry));
        const second = await propose();
        expect(second).to.equal(2);
        expect(await pairs.livePairOf(bondAsset, usdAsset, ProductType.Spot)).to.equal(second);
        // Withdrawing the stale one does not free the key the new one holds.
        await pairs.connect(actors.lister).withdrawPair(first);
        expect(await pairs.livePairOf(bondAsset, usdAsset, ProductType.Spot)).to.equal(second);
        await expect(propose()).to.be.revertedWithCustomError(pairs, "PairAlreadyLive").withArgs(second);
        await pairs.connect(actors.lister).withdrawPair(second);
        expect(await pairs.livePairOf(bondAsset, usdAsset, ProductType.Spot)).to.equal(0);
        const third = await propose();
        await pairs.connect(actors.steward).approvePair(third);
        await expect(propose()).to.be.revertedWithCustomError(pairs, "PairAlreadyLive").withArgs(third);
        await expect(propose({ baseAsset: usdAsset, quoteAsset: bondAsset }))
          .to.be.revertedWithCustomError(pairs, "PairAlreadyLive")
          .withArgs(third);
        await pairs.connect(actors.steward).delistPair(third, why);
        expect(await propose()).to.equal(4);
      });

      it("can be withdrawn by its proposer or a GOVERN holder, and then never approved", async () => {
        const { pairs, propose, actors, outsider, regulator } = await loadFixture(world);
        const id = await propose();
        for (const who of [outsider, actors.steward2, actors.issuer]) {
          await expect(pairs.connect(who).withdrawPair(id))
            .to.be.revertedWithCustomError(pairs, "NotProposerOrGovernor")
            .withArgs(who.address, id);
        }
        await expect(pairs.connect(actors.lister).withdrawPair(id))
          .to.emit(pairs, "PairWithdrawn")
          .withArgs(id, actors.lister.address);
        expect(await pairs.pairStatus(id)).to.equal(PairStatus.Withdrawn);
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Withdrawn);
        await expect(pairs.connect(actors.lister).withdrawPair(id))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Withdrawn);
        const other = await propose();
        await expect(pairs.connect(regulator).withdrawPair(other))
          .to.emit(pairs, "PairWithdrawn")
          .withArgs(other, regulator.address);
      });
    });

    describe("governance", () => {
      it("is listed when a GOVERN holder of the same root approves", async () => {
        const { pairs, propose, actors, nodes } = await loadFixture(world);
        const id = await propose();
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.emit(pairs, "PairApproved")
          .withArgs(id, nodes.steward, 1);
        expect(await pairs.pairStatus(id)).to.equal(PairStatus.Listed);
        expect(await pairs.isTradable(id)).to.equal(true);
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Listed);
      });

      it("refuses approval by a GOVERN holder of another root, by a LIST holder, or by a lapsed steward", async () => {
        const { pairs, tree, regulator, propose, actors, nodes } = await loadFixture(world);
        const id = await propose();
        await expect(pairs.connect(actors.steward2).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.steward2.address, nodes.r1, Scope.GOVERN);
        await expect(pairs.connect(actors.lister).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.lister.address, nodes.r1, Scope.GOVERN);
        await tree.connect(regulator).suspend(nodes.steward, why);
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.steward.address, nodes.r1, Scope.GOVERN);
        // The root itself holds GOVERN.
        await pairs.connect(regulator).approvePair(id);
      });

      it("cannot approve a stale proposal at or after its expiry", async () => {
        const { pairs, assets, clock, propose, actors, nodes, usdAsset } = await loadFixture(world);
        const a = await propose();
        const expiry = Number((await pairs.pair(a)).proposalExpiry);
        const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
        await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, ethers.ZeroAddress, "");
        const eurAsset = await assets.assetIdOf(eur, nodes.r1);
        const b = await propose({ baseAsset: eurAsset, quoteAsset: usdAsset, proposalExpiry: expiry });
        await setNextBlockTime(clock, expiry - 1);
        await pairs.connect(actors.steward).approvePair(a);
        await setNextBlockTime(clock, expiry);
        await expect(pairs.connect(actors.steward).approvePair(b))
          .to.be.revertedWithCustomError(pairs, "ProposalExpired")
          .withArgs(b, expiry, expiry);
      });

      it("halts and resumes a listed pair", async () => {
        const { pairs, listed, actors, nodes, outsider } = await loadFixture(world);
        const id = await listed();
        await expect(pairs.connect(outsider).haltPair(id, why))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(outsider.address, nodes.r1, Scope.GOVERN);
        await expect(pairs.connect(actors.steward).resumePair(id))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Listed);
        await expect(pairs.connect(actors.steward).haltPair(id, why))
          .to.emit(pairs, "PairHalted")
          .withArgs(id, nodes.steward, 1, why);
        expect(await pairs.isTradable(id)).to.equal(false);
        await expect(pairs.connect(actors.steward).haltPair(id, why))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Halted);
        await expect(pairs.connect(actors.steward2).resumePair(id))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.steward2.address, nodes.r1, Scope.GOVERN);
        await expect(pairs.connect(actors.steward).resumePair(id))
          .to.emit(pairs, "PairResumed")
          .withArgs(id, nodes.steward, 1);
        expect(await pairs.isTradable(id)).to.equal(true);
      });

      it("delists for good, from listed or halted, never from proposed", async () => {
        const { pairs, listed, propose, actors, nodes, usdAsset, bondAsset } = await loadFixture(world);
        const id = await listed();
        await expect(pairs.connect(actors.steward).delistPair(id, why))
          .to.emit(pairs, "PairDelisted")
          .withArgs(id, nodes.steward, 1, why);
        expect(await pairs.pairStatus(id)).to.equal(PairStatus.Delisted);
        expect(await pairs.isTradable(id)).to.equal(false);
        const s = pairs.connect(actors.steward);
        // One at a time: sending them together leaves rejections unhandled while the first is awaited.
        for (const call of [
          () => s.approvePair(id),
          () => s.resumePair(id),
          () => s.haltPair(id, why),
          () => s.delistPair(id, why),
        ]) {
          await expect(call())
            .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
            .withArgs(id, PairStatus.Delisted);
        }
        await expect(pairs.connect(actors.lister).withdrawPair(id))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Delisted);
        // Delisting from halted.
        const again = await propose({ baseAsset: usdAsset, quoteAsset: bondAsset });
        await s.approvePair(again);
        await s.haltPair(again, why);
        await expect(s.delistPair(again, why)).to.emit(pairs, "PairDelisted");
        const proposed = await propose();
        await expect(s.delistPair(proposed, why))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(proposed, PairStatus.Proposed);
      });

      it("H4: a steward cannot resume the regulator's halt; the regulator takes over a steward's halt", async () => {
        const { pairs, listed, actors, nodes, regulator } = await loadFixture(world);
        const id = await listed();
        // A steward's halt, taken over by the regulator.
        await pairs.connect(actors.steward).haltPair(id, why);
        expect(await pairs.haltRank(id)).to.equal(1);
        await expect(pairs.connect(regulator).haltPair(id, why))
          .to.emit(pairs, "PairHalted")
          .withArgs(id, nodes.r1, 0, why);
        expect(await pairs.haltRank(id)).to.equal(0);
        // The audit's PoC: the regulator halts, the steward resumes.
        await expect(pairs.connect(actors.steward).resumePair(id))
          .to.be.revertedWithCustomError(pairs, "HaltedByHigherAuthority")
          .withArgs(id, 0, 1);
        await expect(pairs.connect(actors.steward).haltPair(id, why))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(id, PairStatus.Halted);
        await expect(pairs.connect(regulator).resumePair(id)).to.emit(pairs, "PairResumed").withArgs(id, nodes.r1, 0);
        expect(await pairs.isTradable(id)).to.equal(true);
        // 15.8: nor may the steward re-halt at once what the regulator resumed; the regulator may halt again.
        await expect(pairs.connect(actors.steward).haltPair(id, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(id, 0, 1);
        await expect(pairs.connect(regulator).haltPair(id, why))
          .to.emit(pairs, "PairHalted")
          .withArgs(id, nodes.r1, 0, why);
        expect(await pairs.haltRank(id)).to.equal(0);
      });

      it("a steward delisting a pair the regulator halted bars it at the regulator's rank", async () => {
        const { pairs, listed, propose, actors, nodes, regulator, bondAsset, usdAsset } = await loadFixture(world);
        const id = await listed();
        await pairs.connect(regulator).haltPair(id, why);
        // The steward cannot resume it, and delisting must not hand it the relisting.
        await expect(pairs.connect(actors.steward).delistPair(id, why))
          .to.emit(pairs, "PairDelisted")
          .withArgs(id, nodes.steward, 0, why);
        expect(await pairs.delistingBar(bondAsset, usdAsset, ProductType.Spot)).to.deep.equal([true, 0n]);
        const again = await propose();
        await expect(pairs.connect(actors.steward).approvePair(again))
          .to.be.revertedWithCustomError(pairs, "DelistedByHigherAuthority")
          .withArgs(again, 0, 1);
      });

      it("H4: a key the regulator delisted is re-listed only by the regulator, which lifts the bar", async () => {
        const { pairs, assets, listed, propose, actors, nodes, regulator, bondAsset, usdAsset } =
          await loadFixture(world);
        const id = await listed();
        await expect(pairs.connect(regulator).delistPair(id, why))
          .to.emit(pairs, "PairDelisted")
          .withArgs(id, nodes.r1, 0, why);
        expect(await pairs.delistingBar(bondAsset, usdAsset, ProductType.Spot)).to.deep.equal([true, 0n]);
        // The audit's PoC: the lister re-proposes the same key and the steward approves.
        const again = await propose();
        await expect(pairs.connect(actors.steward).approvePair(again))
          .to.be.revertedWithCustomError(pairs, "DelistedByHigherAuthority")
          .withArgs(again, 0, 1);
        // The market is barred in either order: (USD, BOND) is the same market.
        expect(await pairs.delistingBar(usdAsset, bondAsset, ProductType.Spot)).to.deep.equal([true, 0n]);
        await pairs.connect(actors.lister).withdrawPair(again);
        const reversed = await propose({ baseAsset: usdAsset, quoteAsset: bondAsset });
        await expect(pairs.connect(actors.steward).approvePair(reversed))
          .to.be.revertedWithCustomError(pairs, "DelistedByHigherAuthority")
          .withArgs(reversed, 0, 1);
        await pairs.connect(actors.lister).withdrawPair(reversed);
        const again2 = await propose();
        await pairs.connect(regulator).approvePair(again2);
        expect(await pairs.delistingBar(bondAsset, usdAsset, ProductType.Spot)).to.deep.equal([false, 0n]);
        // 15.8: the re-listing is cleared at the regulator's rank: the steward may not delist it at once.
        await expect(pairs.connect(actors.steward).delistPair(again2, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(again2, 0, 1);
        // A steward's own delisting bars only at its rank: the steward may re-list (another market).
        const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
        await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, ethers.ZeroAddress, "");
        const eurAsset = await assets.assetIdOf(eur, nodes.r1);
        const eurUsd = await propose({ baseAsset: eurAsset, quoteAsset: usdAsset });
        await pairs.connect(actors.steward).approvePair(eurUsd);
        await pairs.connect(actors.steward).delistPair(eurUsd, why);
        expect(await pairs.delistingBar(eurAsset, usdAsset, ProductType.Spot)).to.deep.equal([true, 1n]);
        const third = await propose({ baseAsset: eurAsset, quoteAsset: usdAsset });
        await expect(pairs.connect(actors.steward).approvePair(third)).to.emit(pairs, "PairApproved");
      });

      it("L2: refuses self-approval and a proposal whose proposer lost its LIST node", async () => {
        const { pairs, tree, propose, actors, nodes, regulator } = await loadFixture(world);
        // The root holds LIST and GOVERN: it may propose, but not approve its own proposal.
        const own = await propose({}, regulator);
        await expect(pairs.connect(regulator).approvePair(own))
          .to.be.revertedWithCustomError(pairs, "SelfApproval")
          .withArgs(own, nodes.r1);
        await pairs.connect(regulator).withdrawPair(own);
        const id = await propose();
        await tree.connect(regulator).suspend(nodes.lister, why);
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "ProposerNotValid")
          .withArgs(id, nodes.lister);
        await tree.connect(regulator).resume(nodes.lister);
        await pairs.connect(actors.steward).approvePair(id);
      });

      it("L5: caps tick, lot and minimum sizes at MAX_SIZE", async () => {
        const { pairs, propose } = await loadFixture(world);
        const max = await pairs.MAX_SIZE();
        expect(max).to.equal(2n ** 96n);
        await expect(propose({ tickSize: max + 1n }))
          .to.be.revertedWithCustomError(pairs, "InvalidSizes")
          .withArgs(max + 1n, 10n, 100n);
        await expect(propose({ lotSize: max * 2n, minSize: max * 2n }))
          .to.be.revertedWithCustomError(pairs, "InvalidSizes")
          .withArgs(1n, max * 2n, max * 2n);
        await propose({ tickSize: max, lotSize: max, minSize: max });
      });

      it("refuses a retired asset in a new proposal", async () => {
        const { pairs, assets, propose, actors, usdAsset } = await loadFixture(world);
        await assets.connect(actors.steward).retireAsset(usdAsset, why);
        await expect(propose()).to.be.revertedWithCustomError(pairs, "AssetRetired").withArgs(usdAsset);
      });

      it("knows nothing of unknown pairs", async () => {
        const { pairs, actors } = await loadFixture(world);
        expect(await pairs.isTradable(0)).to.equal(false);
        expect(await pairs.isTradable(7)).to.equal(false);
        expect(await pairs.pairStatus(7)).to.equal(PairStatus.None);
        await expect(pairs.pair(7)).to.be.revertedWithCustomError(pairs, "UnknownPair").withArgs(7);
        await expect(pairs.connect(actors.steward).approvePair(7))
          .to.be.revertedWithCustomError(pairs, "UnknownPair")
          .withArgs(7);
        await expect(pairs.connect(actors.lister).withdrawPair(0))
          .to.be.revertedWithCustomError(pairs, "UnknownPair")
          .withArgs(0);
      });
    });

    describe("issue 22 item 6 and issue 15: listings obey their own rules", () => {
      it("22.6a: a pair proposed before one of its assets was retired is never approved, at any rank", async () => {
        const { pairs, assets, propose, actors, nodes, regulator, usdAsset, bondAsset } = await loadFixture(world);
        const id = await propose();
        await assets.connect(actors.steward).retireAsset(usdAsset, why);
        for (const who of [actors.steward, regulator]) {
          await expect(pairs.connect(who).approvePair(id))
            .to.be.revertedWithCustomError(pairs, "AssetRetired")
            .withArgs(usdAsset);
        }
        // The base side too.
        await pairs.connect(actors.lister).withdrawPair(id);
        const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
        await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, ethers.ZeroAddress, "");
        const other = await propose({ quoteAsset: await assets.assetIdOf(eur, nodes.r1) });
        await assets.connect(actors.steward).retireAsset(bondAsset, why);
        await expect(pairs.connect(regulator).approvePair(other))
          .to.be.revertedWithCustomError(pairs, "AssetRetired")
          .withArgs(bondAsset);
        expect(await pairs.pairStatus(other)).to.equal(PairStatus.Proposed);
      });

      it("22.6c: a proposer cannot approve its own pair through a node it holds or manages", async () => {
        const { pairs, tree, regulator, propose, actors, expiry, nodes } = await loadFixture(world);
        // The review's PoC: a LIST+GOVERN+DELEGATE holder grants a GOVERN node to a second key and approves with it.
        const [desk, deskKey] = (await ethers.getSigners()).slice(17);
        const deskNode = await nodeIdFrom(
          tree,
          tree.connect(regulator).grant(nodes.r1, desk.address, Scope.LIST | Scope.GOVERN | Scope.DELEGATE, expiry),
        );
        const keyNode = await nodeIdFrom(
          tree,
          tree.connect(desk).grant(deskNode, deskKey.address, Scope.GOVERN, expiry),
        );
        const id = await propose({}, desk);
        await expect(pairs.connect(deskKey).approvePair(id))
          .to.be.revertedWithCustomError(pairs, "ProposerControlsApprover")
          .withArgs(id, desk.address, keyNode);
        // An independent GOVERN holder may approve it.
        await expect(pairs.connect(actors.steward).approvePair(id))
          .to.emit(pairs, "PairApproved")
          .withArgs(id, nodes.steward, 1);
      });

      it("22.6b: a pair whose root was revoked is delisted by anyone, so that its venue book is cleared and retired", async () => {
        const f = await loadFixture(xworld);
        const { pairs, exchange, tree, governor, actors, nodes, outsider, pairId, order } = f;
        await (await exchange.connect(actors.alice).placeOrder(order(0, 100, 2))).wait();
        await expect(pairs.connect(outsider).delistUnderDeadRoot(pairId))
          .to.be.revertedWithCustomError(pairs, "RootStillLive")
          .withArgs(pairId, nodes.r1);
        // Suspension is reversible: not dead.
        await tree.connect(governor).suspend(nodes.r1, why);
        await expect(pairs.connect(outsider).delistUnderDeadRoot(pairId))
          .to.be.revertedWithCustomError(pairs, "RootStillLive")
          .withArgs(pairId, nodes.r1);
        await tree.connect(governor).revoke(nodes.r1, why);
        // No GOVERN node of the root is valid any more: governance cannot act.
        await expect(pairs.connect(actors.steward).delistPair(pairId, why))
          .to.be.revertedWithCustomError(pairs, "MissingScope")
          .withArgs(actors.steward.address, nodes.r1, Scope.GOVERN);
        await expect(pairs.connect(outsider).delistUnderDeadRoot(pairId))
          .to.emit(pairs, "PairDelistedUnderDeadRoot")
          .withArgs(pairId, nodes.r1, outsider.address);
        expect(await pairs.pairStatus(pairId)).to.equal(PairStatus.Delisted);
        await expect(pairs.connect(outsider).delistUnderDeadRoot(pairId))
          .to.be.revertedWithCustomError(pairs, "InvalidPairStatus")
          .withArgs(pairId, PairStatus.Delisted);
        // The venue clears and retires the book as for any delisted pair.
        await (await exchange.connect(outsider).clearDelisted(pairId, 10)).wait();
        await expect(exchange.connect(outsider).retireBook(pairId))
          .to.emit(exchange, "BookRetired")
          .withArgs(pairId, outsider.address);
      });

      it("22.6b: a halted pair whose root's lease ended is delisted by anyone, from the lease end on", async () => {
        const { pairs, assets, tree, clock, listed, actors, nodes, outsider, bondAsset, usdAsset } =
          await loadFixture(world);
        const id = await listed();
        await pairs.connect(actors.steward).haltPair(id, why);
        const end = Number((await tree.node(nodes.r1)).expiry);
        await clock.advanceTo(end - 2);
        await setNextBlockTime(clock, end - 1);
        await expect(pairs.connect(outsider).delistUnderDeadRoot(id))
          .to.be.revertedWithCustomError(pairs, "RootStillLive")
          .withArgs(id, nodes.r1);
        await setNextBlockTime(clock, end);
        await expect(pairs.connect(outsider).delistUnderDeadRoot(id))
          .to.emit(pairs, "PairDelistedUnderDeadRoot")
          .withArgs(id, nodes.r1, outsider.address);
        expect(await pairs.pairStatus(id)).to.equal(PairStatus.Delisted);
        expect(await pairs.livePairOf(bondAsset, usdAsset, ProductType.Spot)).to.equal(0);
        await expectReplayed(assets, pairs, id);
      });

      it("15.5: a pair registry refuses an asset or client registry answering to another authority tree", async () => {
        const { tree, assets, eligibility } = await loadFixture(world);
        const otherTree = await ethers.deployContract("AuthorityTree", [await tree.getAddress(), unit]);
        const otherRegistry = await ethers.deployContract("IdentityRegistry", [otherTree, unit]);
        const deployer = await ethers.getContractFactory("PairRegistry");
        await expect(deployer.deploy(otherTree, assets, eligibility, unit))
          .to.be.revertedWithCustomError(deployer, "TreeMismatch")
          .withArgs(await assets.getAddress(), await tree.getAddress());
        await expect(deployer.deploy(tree, assets, otherRegistry, unit))
          .to.be.revertedWithCustomError(deployer, "TreeMismatch")
          .withArgs(await otherRegistry.getAddress(), await otherTree.getAddress());
      });

      it("15.5: a pair registry refuses a client registry other than the one its native tokens read", async () => {
        // Two client registries on one tree: the pairs' policies would read one set of identities, the tokens' holder
        // checks another (a wallet frozen in one keeps trading in the other).
        const { tree, assets, eligibility } = await loadFixture(world);
        const second = await ethers.deployContract("IdentityRegistry", [await tree.getAddress(), unit]);
        const deployer = await ethers.getContractFactory("PairRegistry");
        await expect(deployer.deploy(tree, assets, second, unit))
          .to.be.revertedWithCustomError(deployer, "EligibilityMismatch")
          .withArgs(await eligibility.getAddress(), await second.getAddress());
      });

      it("15.8: a lower rank cannot re-halt or delist at once what a higher rank resumed; that rank or above can", async () => {
        const { pairs, assets, listed, actors, nodes, regulator } = await loadFixture(world);
        const id = await listed();
        expect(await pairs.clearedRank(id)).to.deep.equal([false, 0n]);
        await pairs.connect(actors.steward).haltPair(id, why);
        await expect(pairs.connect(regulator).resumePair(id)).to.emit(pairs, "PairResumed").withArgs(id, nodes.r1, 0);
        expect(await pairs.clearedRank(id)).to.deep.equal([true, 0n]);
        await expectReplayed(assets, pairs, id);
        await expect(pairs.connect(actors.steward).haltPair(id, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(id, 0, 1);
        await expect(pairs.connect(actors.steward).delistPair(id, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(id, 0, 1);
        // The clearing rank may restrict again, which replaces the mark with its halt.
        await expect(pairs.connect(regulator).haltPair(id, why))
          .to.emit(pairs, "PairHalted")
          .withArgs(id, nodes.r1, 0, why);
        expect(await pairs.clearedRank(id)).to.deep.equal([false, 0n]);
        expect(await pairs.haltRank(id)).to.equal(0);
        await expectReplayed(assets, pairs, id);
      });

      it("15.8: a re-listing that lifts a higher rank's delisting bar is cleared at that rank", async () => {
        const { pairs, assets, listed, propose, actors, nodes, regulator } = await loadFixture(world);
        const first = await listed();
        await pairs.connect(regulator).delistPair(first, why);
        const again = await propose();
        await expect(pairs.connect(regulator).approvePair(again))
          .to.emit(pairs, "PairApproved")
          .withArgs(again, nodes.r1, 0);
        expect(await pairs.clearedRank(again)).to.deep.equal([true, 0n]);
        await expect(pairs.connect(actors.steward).haltPair(again, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(again, 0, 1);
        await expect(pairs.connect(actors.steward).delistPair(again, why))
          .to.be.revertedWithCustomError(pairs, "ClearedByHigherAuthority")
          .withArgs(again, 0, 1);
        await expectReplayed(assets, pairs, again);
        // An approval that lifts no bar leaves no mark.
        expect(await pairs.clearedRank(first)).to.deep.equal([false, 0n]);
      });

      it("15.8: a steward that lifts its own halt may halt again", async () => {
        const { pairs, listed, actors, nodes } = await loadFixture(world);
        const id = await listed();
        await pairs.connect(actors.steward).haltPair(id, why);
        await expect(pairs.connect(actors.steward).resumePair(id))
          .to.emit(pairs, "PairResumed")
          .withArgs(id, nodes.steward, 1);
        expect(await pairs.clearedRank(id)).to.deep.equal([true, 1n]);
        await expect(pairs.connect(actors.steward).haltPair(id, why)).to.emit(pairs, "PairHalted");
        await pairs.connect(actors.steward).resumePair(id);
        await expect(pairs.connect(actors.steward).delistPair(id, why)).to.emit(pairs, "PairDelisted");
      });
    });

    describe("isTradable", () => {
      it("turns false when the reserve attestation lapses, and true again after a fresh one", async () => {
        const { pairs, assets, clock, listed, bondAsset, attestReserve } = await loadFixture(world);
        const id = await listed();
        expect(await pairs.isTradable(id)).to.equal(true);
        const { expiry } = await assets.attestation(bondAsset, AttestationKind.Reserve);
        await clock.advanceTo(Number(expiry) - 1);
        expect(await pairs.isTradable(id)).to.equal(true);
        await clock.advanceTo(Number(expiry));
        expect(await pairs.isTradable(id)).to.equal(false);
        expect(await pairs.pairStatus(id)).to.equal(PairStatus.Listed); // it stopped by itself, not by governance
        await attestReserve(bondAsset, 1_000_000n);
        expect(await pairs.isTradable(id)).to.equal(true);
      });

      it("turns false when the auditor's authority lapses anywhere up its ancestry", async () => {
        const { pairs, tree, regulator, listed, nodes, actors } = await loadFixture(world);
        const id = await listed();
        await tree.connect(regulator).suspend(nodes.auditFirm, why);
        expect(await pairs.isTradable(id)).to.equal(false);
        await tree.connect(regulator).resume(nodes.auditFirm);
        expect(await pairs.isTradable(id)).to.equal(true);
        await tree.connect(actors.auditFirm).revoke(nodes.auditor, why);
        expect(await pairs.isTradable(id)).to.equal(false);
      });

      it("turns false when the reserve attestation is withdrawn", async () => {
        const { pairs, assets, listed, bondAsset, auditor } = await loadFixture(world);
        const id = await listed();
        await assets.connect(auditor).withdrawAttestation(bondAsset, AttestationKind.Reserve, why);
        expect(await pairs.isTradable(id)).to.equal(false);
      });

      it("requires the attestations the listing names, of either asset", async () => {
        const { pairs, assets, clock, listed, usdAsset, auditor } = await loadFixture(world);
        const id = await listed({ quoteAttestations: kindMask("Insurance", "Disclosure") });
        expect(await pairs.isTradable(id)).to.equal(false);
        const exp = (await clock.now()) + DAY;
        await assets.connect(auditor).attest(usdAsset, AttestationKind.Insurance, exp, "u", evidenceHash("i"));
        expect(await pairs.isTradable(id)).to.equal(false);
        await assets.connect(auditor).attest(usdAsset, AttestationKind.Disclosure, exp, "u", evidenceHash("d"));
        expect(await pairs.isTradable(id)).to.equal(true);
        await clock.advanceTo(exp);
        expect(await pairs.isTradable(id)).to.equal(false);
      });

      it("needs no attestation for a pair of external assets unless the listing requires one", async () => {
        const { pairs, assets, actors, nodes, propose, usdAsset } = await loadFixture(world);
        const eur = await ethers.deployContract("TestToken", ["Euro", "EUR"]);
        await assets.connect(actors.lister).registerAsset(eur, AssetKind.External, nodes.r1, ethers.ZeroAddress, "");
        const eurAsset = await assets.assetIdOf(eur, nodes.r1);
        const id = await propose({ baseAsset: eurAsset, quoteAsset: usdAsset });
        expect((await pairs.pair(id)).baseAttestations).to.equal(0);
        await pairs.connect(actors.steward).approvePair(id);
        expect(await pairs.isTradable(id)).to.equal(true);
      });
    });
  });
}
