import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Interface } from "ethers";
import type { IExchange, IVenueLimits } from "../../typechain-types";
import { Differences } from "../../lib/replay/differences";
import { fetchLogs } from "../../lib/replay/fetch";
import { auditLimits, rebuildLimits, reconcileLimits } from "../../lib/replay/limits";
import { deployVenue } from "../../lib/venueDeploy";
import { Scope } from "../helpers/fixtures";
import { Side } from "../helpers/exchange";
import { ACCREDITED, LimitKind, limitsWorld, rootPolicyWorld } from "./fixture";

/**
 * The outside audit of the review-M3 fix (a root's limits policy): its findings' regression tests. A venue applies one
 * root policy, its home root's: it opens no book of another root that names one, and a sync stops new business on a
 * book whose root names one later (M1); only the root's own account names a root policy (L3); the attached policy's
 * withdrawal caps stay out of play when only the root's policy brings withdrawals into it, and a redemption counts
 * against the root's cap (L4); the operator's own admin calls sync (L2); the own-withdrawals bit is a view (L5).
 */
describe("AML limits: the audit of the root policy (issue 16 review M3 audit)", () => {
  const CAP = 1000n;

  /** limitsWorld with R1's policy capping USD deposits at 1,000/day named R1's root policy, the venue synced. */
  const rooted = () => rootPolicyWorld(CAP, true);

  type World = Awaited<ReturnType<typeof limitsWorld>>;

  /** A second venue of the same operator, homed at R2 (R2 licenses the operator too) and trusting [R2, R1]. */
  async function r2Venue(w: World) {
    const { tree, actors, nodes, expiry } = w;
    const op = actors.exchangeOp;
    await (await tree.connect(actors.regulator2).grant(nodes.r2, op.address, Scope.EXCHANGE, expiry)).wait();
    const d = await deployVenue(ethers, op, {
      tree: await tree.getAddress(),
      eligibility: await w.registry.getAddress(),
      pairs: await w.pairs.getAddress(),
      venues: await w.venues.getAddress(),
      operator: op.address,
      roots: [nodes.r2, nodes.r1],
      timeUnit: 1,
    });
    const ex = (await ethers.getContractAt("IExchange", d.venue)) as unknown as IExchange;
    const v = (await ethers.getContractAt("IVenueLimits", d.venue)) as unknown as IVenueLimits;
    await (await w.venues.connect(op).registerVenue(ex, nodes.r2, Scope.EXCHANGE)).wait();
    return { ex, v, op };
  }

  it("16 review M3 audit M1: a venue homed at another root opens no book of a root that names a root policy", async () => {
    const w = await loadFixture(rooted);
    const { ex, v, op } = await r2Venue(w);
    await expect(ex.connect(op).openBook(w.pairId))
      .to.be.revertedWithCustomError(v, "ForeignRootPolicy")
      .withArgs(w.pairId, w.nodes.r1, w.policy);
    // The root clears its policy: the book opens (no root policy of R1 to escape).
    await (await w.aml.connect(w.regulator).setRootPolicy(w.nodes.r1, 0)).wait();
    await (await ex.connect(op).openBook(w.pairId)).wait();
  });

  it("16 review M3 audit M1: a root's policy named after the book opened: the sync (anyone) stops new business on the book; cancels and withdrawals work; the root's clearing and a sync reopen it", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, usd, nodes, traders } = w;
    const [alice] = traders;
    const { ex, v, op } = await r2Venue(w);
    await (await ex.connect(op).openBook(w.pairId)).wait();
    await (await usd.mint(alice, 10_000n)).wait();
    await (await usd.connect(alice).approve(ex, 10_000n)).wait();
    await (await ex.connect(alice).deposit(usd, 5_000n)).wait();
    const bid = w.order(Side.Bid, 50, 2);
    const [restingId] = await ex.connect(alice).placeOrder.staticCall(bid);
    await (await ex.connect(alice).placeOrder(bid)).wait();
    expect(await v.foreignRootPolicy(w.pairId)).to.equal(0n);
    // R1 names its policy now; a client syncs the R2 venue.
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, CAP)).wait();
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
    await expect(v.connect(traders[2]).syncRootLimits())
      .to.emit(v, "ForeignRootPolicySynced")
      .withArgs(w.pairId, nodes.r1, policy);
    expect(await v.foreignRootPolicy(w.pairId)).to.equal(policy);
    expect(await v.rootLimitsApply()).to.equal(false); // R2 names none
    await expect(ex.connect(alice).placeOrder(bid))
      .to.be.revertedWithCustomError(v, "ForeignRootPolicy")
      .withArgs(w.pairId, nodes.r1, policy);
    // Synced again: nothing changes, no event.
    await expect(v.syncRootLimits()).not.to.emit(v, "ForeignRootPolicySynced");
    // Cancels and withdrawals always work.
    await (await ex.connect(alice).cancelOrder(w.pairId, restingId)).wait();
    await (await ex.connect(alice).withdraw(usd, 5_000n)).wait();
    // R1 clears its policy; the sync reopens the book to new business.
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    await expect(v.syncRootLimits()).to.emit(v, "ForeignRootPolicySynced").withArgs(w.pairId, nodes.r1, 0);
    await (await ex.connect(alice).deposit(usd, 2_000n)).wait();
    await (await ex.connect(alice).placeOrder(bid)).wait();
  });

  it("16 review M3 audit M1: the replayer rebuilds which books another root's policy stops; a dropped ForeignRootPolicySynced is reported", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, nodes } = w;
    const { ex, v, op } = await r2Venue(w);
    await (await ex.connect(op).openBook(w.pairId)).wait();
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
    await (await v.syncRootLimits()).wait();
    const consumers = [await ex.getAddress()];
    const toBlock = await ethers.provider.getBlockNumber();
    const report = await auditLimits(ethers.provider, aml, consumers, { fromBlock: 0, toBlock });
    expect(report.differences.list).to.deep.equal([]);
    const amlLogs = await fetchLogs(ethers.provider, [await aml.getAddress()], 0, toBlock);
    const consumerLogs = await fetchLogs(ethers.provider, consumers, 0, toBlock);
    const call = async (to: string, data: string) =>
      (await ethers.provider.send("eth_call", [{ to, data }, "latest"])) as string;
    const marked = v.interface.getEvent("ForeignRootPolicySynced").topicHash;
    const d = new Differences();
    const without = consumerLogs.filter((l) => l.topics[0] !== marked);
    await reconcileLimits(
      aml,
      rebuildLimits(aml.interface as unknown as Interface, amlLogs, without),
      consumers,
      call,
      d,
    );
    expect(d.list.map((x) => `${x.entity}:${x.field}`)).to.deep.equal([
      `venue ${consumers[0]} book #${w.pairId}:stopped by another root's policy`,
    ]);
  });

  it("16 review M3 audit L2: the operator's own admin calls (setFees, collectFees) sync the venue with its home root's policy", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, nodes, exchange, actors } = w;
    const op = actors.exchangeOp;
    const venue = (await ethers.getContractAt("IVenueLimits", await exchange.getAddress())) as unknown as IVenueLimits;
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
    expect(await venue.rootLimitsApply()).to.equal(false); // named after the book opened, nobody synced
    await expect(exchange.connect(op).setFees(0, 0))
      .to.emit(venue, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), policy, true);
    expect(await venue.rootLimitsApply()).to.equal(true);
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    await expect(exchange.connect(op).collectFees(w.pairId))
      .to.emit(venue, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), 0, false);
  });

  it("16 review M3 audit L5: the venue tells whether its attached policy's withdrawal caps bind (ownWithdrawalLimitsApply)", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, nodes, exchange, actors, venueLimits } = w;
    const op = actors.exchangeOp;
    const venue = (await ethers.getContractAt("IVenueLimits", await exchange.getAddress())) as unknown as IVenueLimits;
    expect(await venue.ownWithdrawalLimitsApply()).to.equal(false); // nothing attached
    await (await aml.connect(op).createPolicy(nodes.exchangeOp)).wait();
    await (await venueLimits.connect(op).setLimits(aml, await aml.policyCount())).wait();
    expect(await venue.ownWithdrawalLimitsApply()).to.equal(false); // the operator's own policy: not its withdrawals
    await (await venueLimits.connect(regulator).setLimits(aml, policy)).wait();
    expect(await venue.ownWithdrawalLimitsApply()).to.equal(true); // owned by the root, above the operator
  });

  it("16 review M3 audit L3: only the root's own account names a root policy; a GOVERN holder below it may not, even unset", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, regulator, actors, nodes } = w;
    await (await aml.connect(regulator).createPolicy(nodes.r1)).wait();
    const strict = await aml.policyCount();
    await expect(aml.connect(actors.steward).setRootPolicy(nodes.r1, strict))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, actors.steward.address);
    // Clearing (naming none) stays open to a GOVERN holder, rank-disciplined.
    await (await aml.connect(actors.steward).setRootPolicy(nodes.r1, 0)).wait();
    await expect(aml.connect(regulator).setRootPolicy(nodes.r1, strict))
      .to.emit(aml, "RootPolicySet")
      .withArgs(nodes.r1, strict, regulator.address, 0);
    await expect(aml.connect(actors.steward).setRootPolicy(nodes.r1, 0))
      .to.be.revertedWithCustomError(aml, "RootPolicySetByHigherAuthority")
      .withArgs(nodes.r1, 0, 1);
  });

  it("16 review M3 audit L4a: an operator-owned policy's withdrawal cap does not bind when only the root's policy brings withdrawals into play", async () => {
    const w = await loadFixture(rooted);
    const { aml, venueLimits, exchange, token, alice, actors, nodes, regulator, policy } = w;
    const op = actors.exchangeOp;
    await (await aml.connect(op).createPolicy(nodes.exchangeOp)).wait();
    const own = await aml.policyCount();
    await (await aml.connect(op).setLimit(own, token, ACCREDITED, LimitKind.WithdrawPerDay, 1n)).wait();
    await (await venueLimits.connect(op).setLimits(aml, own)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.WithdrawPerDay, 500n)).wait();
    await (await exchange.connect(alice).withdraw(token, 400n)).wait(); // the root's 500 binds, not the operator's 1
    await expect(exchange.connect(alice).withdraw(token, 101n)).to.be.revertedWithCustomError(
      aml,
      "DailyWithdrawalCapExceeded",
    );
  });

  it("16 review M3 audit L4b: a redemption filed at the venue counts against the root's withdrawal cap", async () => {
    const w = await loadFixture(rooted);
    const { aml, exchange, token, alice, regulator, policy } = w;
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.WithdrawPerDay, 100n)).wait();
    await expect(exchange.connect(alice).requestRedemption(token, 101n, ethers.id("r"))).to.be.revertedWithCustomError(
      aml,
      "DailyWithdrawalCapExceeded",
    );
  });
});
