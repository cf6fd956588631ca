import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Interface } from "ethers";
import { Differences } from "../../lib/replay/differences";
import { fetchLogs } from "../../lib/replay/fetch";
import { auditLimits, rebuildLimits, reconcileLimits } from "../../lib/replay/limits";
import type { IExchange, IVenueLimits } from "../../typechain-types";
import { deployVenue } from "../../lib/venueDeploy";
import { Scope } from "../helpers/fixtures";
import { Side } from "../helpers/exchange";
import { ACCREDITED, LimitKind, limitsWorld, rootPolicyWorld } from "./fixture";

/**
 * Review M3 (issue 16): a root's limits bind every venue whose home root it is, attached or not. The root (or a GOVERN
 * holder of it, to clear only) names a root policy in AmlLimits (`setRootPolicy`, rank-disciplined); a venue applies it from its
 * sync (`syncRootLimits`, anyone; `openBook` syncs too), and AmlLimits applies the root's current policy itself in
 * the calls the venue then makes. With a policy of its own attached too, the stricter of the two binds.
 */
describe("AML limits: a root's policy binds every venue of the root (issue 16 review M3)", () => {
  const ROOT_CAP = 1000n;

  /** limitsWorld with the root's policy (owned by R1) capping USD deposits at 1,000 and named the root's policy. */
  const rooted = () => rootPolicyWorld(ROOT_CAP, false);

  it("16 review M3: a root's policy binds a venue that never attached it", async () => {
    const w = await loadFixture(rooted);
    const { aml, policy, regulator, venue, exchange, usd, token, alice, identities, nodes, traders } = w;
    expect(await aml.rootPolicy(nodes.r1)).to.deep.equal([policy, 0n, true]);
    // Any account may sync a venue with its root: here a client.
    await expect(venue.connect(traders[1]).syncRootLimits())
      .to.emit(venue, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), policy, true);
    expect(await venue.rootLimitsApply()).to.equal(true);
    expect(await w.venueLimits.limitsAttachment()).to.deep.equal([ethers.ZeroAddress, 0n, 0n, false]);
    await (await exchange.connect(alice).deposit(usd, 600n)).wait();
    await expect(exchange.connect(alice).deposit(usd, 500n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 500n, 400n, (v: bigint) => v > 0n);
    // The root's later limits bind at once (AmlLimits reads the root's policy at every call): withdrawals (the root
    // ranks above the operator) and order notionals (the sync flagged the open books).
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.WithdrawPerDay, 100n)).wait();
    await expect(exchange.connect(alice).withdraw(token, 101n)).to.be.revertedWithCustomError(
      aml,
      "DailyWithdrawalCapExceeded",
    );
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.OrderNotional, 1n)).wait();
    await expect(exchange.connect(alice).placeOrder(w.order(Side.Ask, 50, 2))).to.be.revertedWithCustomError(
      aml,
      "OrderNotionalExceeded",
    );
  });

  it("16 review M3: a root's policy binds a second venue the operator opens", async () => {
    const w = await loadFixture(rooted);
    const { aml, policy, actors, nodes, usd, alice, pairId, identities } = w;
    const op = actors.exchangeOp;
    const second = await deployVenue(ethers, op, {
      tree: await w.tree.getAddress(),
      eligibility: await w.registry.getAddress(),
      pairs: await w.pairs.getAddress(),
      venues: await w.venues.getAddress(),
      operator: op.address,
      roots: [nodes.r1],
      timeUnit: 1,
    });
    const exchange2 = (await ethers.getContractAt("IExchange", second.venue)) as unknown as IExchange;
    const venue2 = (await ethers.getContractAt("IVenueLimits", second.venue)) as unknown as IVenueLimits;
    await (await w.venues.connect(op).registerVenue(exchange2, nodes.r1, Scope.EXCHANGE)).wait();
    // Opening its first book syncs it: the operator never attached anything.
    await expect(exchange2.connect(op).openBook(pairId))
      .to.emit(venue2, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), policy, true);
    expect(await venue2.rootLimitsApply()).to.equal(true);
    await (await usd.connect(alice).approve(exchange2, 100_000n)).wait();
    await (await exchange2.connect(alice).deposit(usd, ROOT_CAP)).wait();
    await expect(exchange2.connect(alice).deposit(usd, 1n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 1n, 0n, (v: bigint) => v > 0n);
  });

  it("16 review M3: the operator cannot detach or loosen the root's policy (its own looser policy, a detachment, a re-sync or naming another root policy change nothing)", async () => {
    const w = await loadFixture(rooted);
    const { aml, policy, venue, venueLimits, exchange, usd, alice, actors, nodes } = w;
    const op = actors.exchangeOp;
    await (await venue.syncRootLimits()).wait();
    // The operator attaches a looser policy of its own, then detaches it.
    await (await aml.connect(op).createPolicy(nodes.exchangeOp)).wait();
    const own = await aml.policyCount();
    await (await aml.connect(op).setLimit(own, usd, ACCREDITED, LimitKind.DepositPerDay, 10n * ROOT_CAP)).wait();
    await (await venueLimits.connect(op).setLimits(aml, own)).wait();
    await expect(exchange.connect(alice).deposit(usd, ROOT_CAP + 1n)).to.be.revertedWithCustomError(
      aml,
      "DailyDepositCapExceeded",
    );
    await (await venueLimits.connect(op).setLimits(ethers.ZeroAddress, 0)).wait();
    expect(await venue.rootLimitsApply()).to.equal(true);
    await expect(exchange.connect(alice).deposit(usd, ROOT_CAP + 1n)).to.be.revertedWithCustomError(
      aml,
      "DailyDepositCapExceeded",
    );
    // A re-sync keeps it; the operator (no GOVERN) names no root policy, nor clears it.
    await expect(venue.connect(op).syncRootLimits()).not.to.emit(venue, "RootLimitsSynced");
    expect(await venue.rootLimitsApply()).to.equal(true);
    await expect(aml.connect(op).setRootPolicy(nodes.r1, 0))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, op.address);
    await expect(aml.connect(op).setRootPolicy(nodes.r1, own))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, op.address);
    expect(await aml.rootPolicy(nodes.r1)).to.deep.equal([policy, 0n, true]);
    // Nor can it loosen the root policy's limits: they are the root's (the policy belongs to the root node).
    await expect(aml.connect(op).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, 0n))
      .to.be.revertedWithCustomError(aml, "NotLimitsAuthority")
      .withArgs(policy, op.address);
  });

  it("16 review M3: a lower rank cannot clear, swap or re-set the root's policy; a root policy belongs to the root node", async () => {
    const w = await loadFixture(rooted);
    const { aml, policy, regulator, actors, nodes } = w;
    const steward = actors.steward; // GOVERN at depth 1
    await (await aml.connect(regulator).createPolicy(nodes.r1)).wait();
    const other = await aml.policyCount();
    await expect(aml.connect(steward).setRootPolicy(nodes.r1, 0))
      .to.be.revertedWithCustomError(aml, "RootPolicySetByHigherAuthority")
      .withArgs(nodes.r1, 0, 1);
    // Below the root, naming is refused outright (review M3 audit L3).
    await expect(aml.connect(steward).setRootPolicy(nodes.r1, other))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, steward.address);
    // Cleared by the root: the lower rank may not name one again.
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    await expect(aml.connect(steward).setRootPolicy(nodes.r1, policy))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, steward.address);
    // Another root's GOVERN holder has no say here; a policy of a lower node, or none, is no root policy.
    await expect(aml.connect(actors.steward2).setRootPolicy(nodes.r1, policy))
      .to.be.revertedWithCustomError(aml, "NotRootPolicyAuthority")
      .withArgs(nodes.r1, actors.steward2.address);
    await (await aml.connect(actors.exchangeOp).createPolicy(nodes.exchangeOp)).wait();
    const low = await aml.policyCount();
    await expect(aml.connect(regulator).setRootPolicy(nodes.r1, low))
      .to.be.revertedWithCustomError(aml, "InvalidRootPolicy")
      .withArgs(nodes.r1, low);
    await expect(aml.connect(regulator).setRootPolicy(nodes.r1, 99))
      .to.be.revertedWithCustomError(aml, "InvalidRootPolicy")
      .withArgs(nodes.r1, 99);
  });

  it("16 review M3: the root (or a higher rank than the setter) can swap and clear the root's policy; a venue synced again stops applying it", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, actors, nodes, exchange, usd, traders } = w;
    const venue = (await ethers.getContractAt("IVenueLimits", await exchange.getAddress())) as unknown as IVenueLimits;
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.OrderNotional, 1n)).wait();
    // A GOVERN holder (depth 1) clears where none was named (it may not name one: review M3 audit L3); the root
    // names it, swaps it, then clears it.
    await expect(aml.connect(actors.steward).setRootPolicy(nodes.r1, 0))
      .to.emit(aml, "RootPolicySet")
      .withArgs(nodes.r1, 0, actors.steward.address, 1);
    await expect(aml.connect(regulator).setRootPolicy(nodes.r1, policy))
      .to.emit(aml, "RootPolicySet")
      .withArgs(nodes.r1, policy, regulator.address, 0);
    await (await venue.syncRootLimits()).wait();
    await expect(exchange.connect(traders[0]).placeOrder(w.order(Side.Ask, 50, 2))).to.be.revertedWithCustomError(
      aml,
      "OrderNotionalExceeded",
    );
    await (await aml.connect(regulator).createPolicy(nodes.r1)).wait();
    const other = await aml.policyCount();
    await expect(aml.connect(regulator).setRootPolicy(nodes.r1, other))
      .to.emit(aml, "RootPolicySet")
      .withArgs(nodes.r1, other, regulator.address, 0);
    // The swap binds at once, without a sync: the new policy has no notional limit.
    await (await exchange.connect(traders[0]).placeOrder(w.order(Side.Ask, 50, 2))).wait();
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    expect(await aml.rootPolicy(nodes.r1)).to.deep.equal([0n, 0n, true]);
    // Cleared, the root's policy binds nothing more at once; the venue, not yet synced, still calls AmlLimits.
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
    await expect(exchange.connect(traders[0]).placeOrder(w.order(Side.Ask, 50, 2))).to.be.revertedWithCustomError(
      aml,
      "OrderNotionalExceeded",
    );
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    expect(await venue.rootLimitsApply()).to.equal(true);
    await (await exchange.connect(traders[0]).placeOrder(w.order(Side.Ask, 50, 2))).wait();
    await expect(venue.syncRootLimits())
      .to.emit(venue, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), 0, false);
    expect(await venue.rootLimitsApply()).to.equal(false);
    await (await exchange.connect(traders[0]).placeOrder(w.order(Side.Ask, 50, 2))).wait();
  });

  it("16 review M3: with a policy of its own attached too, the stricter of the venue's and the root's binds, limit by limit", async () => {
    const w = await loadFixture(rooted);
    const { aml, policy, regulator, venue, venueLimits, exchange, usd, alice, identities, nodes } = w;
    await (await venue.syncRootLimits()).wait();
    await (await aml.connect(regulator).createPolicy(nodes.r1)).wait();
    const own = await aml.policyCount();
    await (await venueLimits.connect(regulator).setLimits(aml, own)).wait();
    // Own 500 < root 1,000: 500 binds.
    await (await aml.connect(regulator).setLimit(own, usd, ACCREDITED, LimitKind.DepositPerDay, 500n)).wait();
    expect((await aml.headroom(exchange, own, nodes.r1, identities[0], usd, LimitKind.DepositPerDay))[0]).to.equal(
      500n,
    );
    await expect(exchange.connect(alice).deposit(usd, 501n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 501n, 500n, 0); // above the cap itself, the window empty
    // Own 2,000 > root 1,000: the root's 1,000 binds.
    await (await aml.connect(regulator).setLimit(own, usd, ACCREDITED, LimitKind.DepositPerDay, 2000n)).wait();
    await expect(exchange.connect(alice).deposit(usd, 1001n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 1001n, 1000n, 0);
    // A limit only the venue's own policy sets binds too (the root's has no notional limit).
    await (await aml.connect(regulator).setLimit(own, usd, ACCREDITED, LimitKind.OrderNotional, 1n)).wait();
    await expect(exchange.connect(alice).placeOrder(w.order(Side.Ask, 50, 2))).to.be.revertedWithCustomError(
      aml,
      "OrderNotionalExceeded",
    );
    expect((await aml.headroom(exchange, policy, nodes.r1, identities[0], usd, LimitKind.DepositPerDay))[0]).to.equal(
      ROOT_CAP,
    );
    // The root's own policy attached as the venue's: one policy, counted once.
    await (await venueLimits.connect(regulator).setLimits(aml, policy)).wait();
    await expect(exchange.connect(alice).deposit(usd, ROOT_CAP + 1n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), ROOT_CAP + 1n, ROOT_CAP, 0);
    // The root clears its policy: once synced, the venue applies its own attachment alone (still called).
    await (await venueLimits.connect(regulator).setLimits(aml, own)).wait();
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, 0)).wait();
    await expect(venue.syncRootLimits())
      .to.emit(venue, "RootLimitsSynced")
      .withArgs(await aml.getAddress(), 0, false);
    expect(await venueLimits.limitsAttachment()).to.deep.equal([await aml.getAddress(), own, 0n, true]);
    await expect(exchange.connect(alice).deposit(usd, 2001n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 2001n, 2000n, 0);
    await expect(exchange.connect(alice).deposit(usd, 1001n)).to.emit(exchange, "Deposited");
  });

  it("16 review M3: the replayer rebuilds each root's policy and each venue's flag; dropped RootPolicySet or RootLimitsSynced events are reported", async () => {
    const w = await loadFixture(rooted);
    const { aml, venue, exchange, token, alice, usd, nodes, regulator } = w;
    await (await venue.syncRootLimits()).wait();
    await (await exchange.connect(alice).deposit(usd, 300n)).wait();
    await (await aml.connect(regulator).createPolicy(nodes.r1)).wait();
    await (await aml.connect(regulator).setRootPolicy(nodes.r1, await aml.policyCount())).wait();
    const consumers = [await exchange.getAddress(), await token.getAddress()];
    const toBlock = await ethers.provider.getBlockNumber();
    const report = await auditLimits(ethers.provider, aml, consumers, { fromBlock: 0, toBlock });
    expect(report.differences.list).to.deep.equal([]);
    expect([report.rootPolicies, report.windows]).to.deep.equal([1, 1]);
    const amlLogs = await fetchLogs(ethers.provider, [await aml.getAddress()], 0, toBlock);
    const consumerLogs = await fetchLogs(ethers.provider, consumers, 0, toBlock);
    const call = async (to: string, data: string) =>
      (await ethers.provider.send("eth_call", [{ to, data }, "latest"])) as string;
    const iface = aml.interface as unknown as Interface;
    // The last RootPolicySet dropped: the root's policy differs.
    const named = aml.interface.getEvent("RootPolicySet").topicHash;
    const last = amlLogs.map((l) => l.topics[0]).lastIndexOf(named);
    const d = new Differences();
    const without = amlLogs.filter((_, i) => i !== last);
    await reconcileLimits(aml, rebuildLimits(iface, without, consumerLogs), consumers, call, d);
    expect(d.list.map((x) => `${x.entity}:${x.field}`)).to.deep.equal([`root #${nodes.r1}'s limits policy:policyId`]);
    // The venue's RootLimitsSynced dropped: its flag differs.
    const synced = venue.interface.getEvent("RootLimitsSynced").topicHash;
    const d2 = new Differences();
    const noSync = consumerLogs.filter((l) => l.topics[0] !== synced);
    await reconcileLimits(aml, rebuildLimits(iface, amlLogs, noSync), consumers, call, d2);
    expect(d2.list.map((x) => x.field)).to.deep.equal(["applies its root's limits policy"]);
  });
});
