import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Interface } from "ethers";
import { BUCKET_SECONDS } from "../../lib/limits";
import { Differences } from "../../lib/replay/differences";
import { fetchLogs } from "../../lib/replay/fetch";
import { rebuildLimits, reconcileLimits } from "../../lib/replay/limits";
import { rememberWallet } from "../helpers/fixtures";
import { ACCREDITED, LimitKind, limitsWorld } from "./fixture";

describe("AML limits: the outside review's findings (issue 16)", () => {
  it("16 review H1: the venue attaches only the stack's AmlLimits (named once by the governor), never an impostor", async () => {
    const w = await loadFixture(limitsWorld);
    const fake = await ethers.deployContract("FakeLimits", [await w.registry.getAddress()]);
    await expect(w.venueLimits.connect(w.actors.exchangeOp).setLimits(fake, 1))
      .to.be.revertedWithCustomError(w.venueLimits, "InvalidLimits")
      .withArgs(await fake.getAddress(), 1);
    await expect(w.venueLimits.connect(w.regulator).setLimits(fake, 1)).to.be.revertedWithCustomError(
      w.venueLimits,
      "InvalidLimits",
    );
    // Withdrawals still work; the real one attaches.
    await expect(w.exchange.connect(w.traders[0]).withdraw(w.usd, 1n)).to.emit(w.exchange, "Withdrawn");
    await expect(w.venueLimits.connect(w.actors.exchangeOp).setLimits(w.aml, w.policy)).to.emit(
      w.venueLimits,
      "LimitsAttached",
    );
  });

  it("16 review H1: only the governor names the AmlLimits, once, and only a contract", async () => {
    const w = await loadFixture(limitsWorld);
    const fake = await ethers.deployContract("FakeLimits", [await w.registry.getAddress()]);
    expect(await w.venues.amlLimits()).to.equal(await w.aml.getAddress());
    await expect(w.venues.connect(w.regulator).setAmlLimits(fake))
      .to.be.revertedWithCustomError(w.venues, "NotTreeGovernor")
      .withArgs(w.regulator.address, w.governor.address);
    await expect(w.venues.connect(w.governor).setAmlLimits(fake))
      .to.be.revertedWithCustomError(w.venues, "AmlLimitsAlreadySet")
      .withArgs(await w.aml.getAddress());
    const fresh = await ethers.deployContract("VenueRegistry", [await w.tree.getAddress()]);
    await expect(fresh.connect(w.governor).setAmlLimits(w.regulator.address)).to.be.revertedWithCustomError(
      fresh,
      "AmlLimitsAlreadySet",
    );
    await expect(fresh.connect(w.governor).setAmlLimits(fake))
      .to.emit(fresh, "AmlLimitsSet")
      .withArgs(await fake.getAddress(), w.governor.address);
  });

  it("16 review L4: a native token attaches only the stack's AmlLimits, never an impostor", async () => {
    const w = await loadFixture(limitsWorld);
    const fake = await ethers.deployContract("FakeLimits", [await w.registry.getAddress()]);
    await expect(w.token.connect(w.actors.issuer).setLimits(fake, 1))
      .to.be.revertedWithCustomError(w.token, "InvalidLimits")
      .withArgs(await fake.getAddress(), 1);
    await expect(w.token.connect(w.actors.issuer).setLimits(w.aml, w.policy)).to.emit(w.token, "LimitsAttached");
  });

  it("16 review M1: a cap lowered below the window's usage refuses with DailyDepositCapExceeded (allowedNow 0), and headroom() answers", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, exchange, usd, traders, identities } = w;
    await (await w.venueLimits.connect(regulator).setLimits(aml, policy)).wait();
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, 1000n)).wait();
    const alice = traders[0];
    await (await usd.mint(alice, 5000n)).wait();
    await (await usd.connect(alice).approve(exchange, 5000n)).wait();
    const start = Math.ceil(((await time.latest()) + 10) / BUCKET_SECONDS) * BUCKET_SECONDS + 100;
    await time.setNextBlockTimestamp(start);
    await (await exchange.connect(alice).deposit(usd, 400n)).wait();
    await time.setNextBlockTimestamp(start + BUCKET_SECONDS);
    await (await exchange.connect(alice).deposit(usd, 500n)).wait();
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, 100n)).wait();
    // Both deposits must leave the window before 50 fits under 100: when the 500 leaves (its bucket + 6).
    const bucket500 = Math.floor((start + BUCKET_SECONDS) / BUCKET_SECONDS);
    await expect(exchange.connect(alice).deposit(usd, 50n))
      .to.be.revertedWithCustomError(aml, "DailyDepositCapExceeded")
      .withArgs(identities[0], await usd.getAddress(), 50n, 0n, (bucket500 + 6) * BUCKET_SECONDS);
    const [cap, used, allowedNow] = await aml.headroom(
      exchange,
      policy,
      0,
      identities[0],
      usd,
      LimitKind.DepositPerDay,
    );
    expect([cap, used, allowedNow]).to.deep.equal([100n, 900n, 0n]);
  });
});

describe("AML limits: the outside review's findings, withdrawals (issue 16)", () => {
  it("16 review M2: a withdrawal cap binds at a venue only from a policy owned by a node ranked above the operator (the operator's own policy cannot freeze withdrawals)", async () => {
    const w = await loadFixture(limitsWorld);
    const op = w.actors.exchangeOp;
    await (await w.aml.connect(op).createPolicy(w.nodes.exchangeOp)).wait();
    const own = await w.aml.policyCount();
    for (const c of [1, 2, 4, 8])
      for (const t of [w.usd, w.token]) {
        await (await w.aml.connect(op).setLimit(own, t, c, LimitKind.WithdrawPerDay, 1n)).wait();
        await (await w.aml.connect(op).setLimit(own, t, c, LimitKind.DepositPerDay, 1n)).wait();
      }
    await (await w.venueLimits.connect(op).setLimits(w.aml, own)).wait();
    await expect(w.exchange.connect(w.traders[0]).withdraw(w.usd, 2n)).to.emit(w.exchange, "Withdrawn");
    // Its deposit caps still bind (a deposit refused leaves the client's funds with the client).
    await (await w.usd.mint(w.traders[0], 2n)).wait();
    await (await w.usd.connect(w.traders[0]).approve(w.exchange, 2n)).wait();
    await expect(w.exchange.connect(w.traders[0]).deposit(w.usd, 2n)).to.be.revertedWithCustomError(
      w.aml,
      "DailyDepositCapExceeded",
    );
    // The root's policy (rank 0, above the operator) binds withdrawals.
    await (await w.aml.connect(w.regulator).setLimit(w.policy, w.usd, ACCREDITED, LimitKind.WithdrawPerDay, 1n)).wait();
    await (await w.venueLimits.connect(w.regulator).setLimits(w.aml, w.policy)).wait();
    await expect(w.exchange.connect(w.traders[0]).withdraw(w.usd, 2n)).to.be.revertedWithCustomError(
      w.aml,
      "DailyWithdrawalCapExceeded",
    );
  });
});

describe("AML limits: the outside review's findings, the audit (issue 16)", () => {
  it("16 review L3: the replayer enumerates policies, limits and windows from the chain's side: dropped LimitSet and WindowConsumed events are reported", async () => {
    const w = await loadFixture(limitsWorld);
    const { aml, policy, regulator, exchange, token, traders, venueLimits } = w;
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.WithdrawPerDay, 900n)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.Holding, 10n ** 15n)).wait();
    await (await venueLimits.connect(regulator).setLimits(aml, policy)).wait();
    await (await exchange.connect(traders[1]).withdraw(token, 300n)).wait();
    const to = await ethers.provider.getBlockNumber();
    const amlLogs = await fetchLogs(ethers.provider, [await aml.getAddress()], 0, to);
    const consumers = [await exchange.getAddress()];
    const consumerLogs = await fetchLogs(ethers.provider, consumers, 0, to);
    const call = async (t: string, data: string) =>
      (await ethers.provider.send("eth_call", [{ to: t, data }, "latest"])) as string;
    const iface = aml.interface as unknown as Interface;
    const clean = new Differences();
    await reconcileLimits(aml, rebuildLimits(iface, amlLogs, consumerLogs), consumers, call, clean);
    expect(clean.list).to.deep.equal([]);
    const consumed = aml.interface.getEvent("WindowConsumed").topicHash;
    const limitSet = aml.interface.getEvent("LimitSet").topicHash;
    // Keep only the first LimitSet (WithdrawPerDay); drop the Holding one and every WindowConsumed.
    let seen = 0;
    const tampered = amlLogs.filter((l) => l.topics[0] !== consumed && (l.topics[0] !== limitSet || seen++ === 0));
    expect(tampered.length).to.equal(amlLogs.length - 2);
    const d = new Differences();
    await reconcileLimits(aml, rebuildLimits(iface, tampered, consumerLogs), consumers, call, d);
    const text = JSON.stringify(d.list, (_, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(text).to.contain("Holding");
    expect(text).to.contain("window WithdrawPerDay");
  });
});

describe("AML limits: the outside review's findings, the holding cap (issue 16)", () => {
  it("16 review L5: an identity above its holding cap (the cap lowered) still moves between its own wallets and receives zero; receipts from others stay refused", async () => {
    const w = await loadFixture(limitsWorld);
    const { token, aml, exchange, traders, identities, clients, actors, policy, regulator } = w;
    await (await token.connect(actors.issuer).setLimits(aml, policy)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.Holding, 150n)).wait();
    const [alice, bob] = traders;
    await (await exchange.connect(alice).withdraw(token, 150n)).wait();
    const second = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
    await (await alice.sendTransaction({ to: second.address, value: ethers.parseEther("1") })).wait();
    await clients.addWallet(identities[0], second.address);
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.Holding, 100n)).wait();
    await expect(token.connect(alice).transfer(second.address, 60n)).to.emit(token, "Transfer");
    await expect(token.connect(second).transfer(alice.address, 10n)).to.emit(token, "Transfer");
    await expect(token.connect(bob).transfer(alice.address, 0n)).to.emit(token, "Transfer");
    await (await exchange.connect(bob).withdraw(token, 10n)).wait();
    await expect(token.connect(bob).transfer(alice.address, 1n))
      .to.be.revertedWithCustomError(aml, "HoldingCapExceeded")
      .withArgs(identities[0], await token.getAddress(), 1n, 0n, 0);
  });
});
