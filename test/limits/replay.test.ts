import { time } from "@nomicfoundation/hardhat-network-helpers";
import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Interface } from "ethers";
import { Differences } from "../../lib/replay/differences";
import { fetchLogs } from "../../lib/replay/fetch";
import { auditLimits, rebuildLimits, reconcileLimits } from "../../lib/replay/limits";
import { ACCREDITED, LimitKind, limitsWorld } from "./fixture";

describe("AML limits: the audit replayer (issue 16)", () => {
  async function history() {
    const w = await limitsWorld();
    const { aml, policy, regulator, exchange, token, usd, traders, actors, venueLimits } = w;
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, 5000n)).wait();
    await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.DepositPerDay, 6000n)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.WithdrawPerDay, 900n)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, ACCREDITED, LimitKind.Holding, 10n ** 15n)).wait();
    await (await venueLimits.connect(actors.exchangeOp).setLimits(aml, policy)).wait();
    await (await token.connect(actors.issuer).setLimits(aml, policy)).wait();
    const [alice, bob] = traders;
    await (await usd.mint(alice, 10_000n)).wait();
    await (await usd.connect(alice).approve(exchange, 10_000n)).wait();
    for (const [dt, amount] of [
      [1, 1000n],
      [3600, 2000n],
      [20_000, 1500n],
      [70_000, 1000n],
    ] as const) {
      await time.increase(dt);
      await (await exchange.connect(alice).deposit(usd, amount)).wait();
    }
    await (await exchange.connect(bob).withdraw(token, 300n)).wait();
    await (await exchange.connect(bob).withdraw(token, 400n)).wait();
    return w;
  }

  it("16.limits: policies, limits, windows and attachments rebuilt from events equal the views; a tampered log is caught", async () => {
    const { aml, exchange, token } = await loadFixture(history);
    const consumers = [await exchange.getAddress(), await token.getAddress()];
    const range = { fromBlock: 0, toBlock: await ethers.provider.getBlockNumber() };
    const report = await auditLimits(ethers.provider, aml, consumers, range);
    expect(report.differences.list).to.deep.equal([]);
    expect([report.policies, report.limits, report.windows, report.attachments]).to.deep.equal([1, 3, 2, 2]);

    // Tampering: one WindowConsumed amount changed in the log the audit reads.
    const amlLogs = await fetchLogs(ethers.provider, [await aml.getAddress()], 0, range.toBlock);
    const consumed = aml.interface.getEvent("WindowConsumed").topicHash;
    // The last one, still in its window.
    const i = amlLogs.map((l) => l.topics[0]).lastIndexOf(consumed);
    const parsed = aml.interface.parseLog(amlLogs[i])!;
    const data = aml.interface.encodeEventLog(aml.interface.getEvent("WindowConsumed"), [
      parsed.args.venue,
      parsed.args.identityId,
      parsed.args.token,
      parsed.args.kind,
      (parsed.args.amount as bigint) - 1n,
      parsed.args.consumedAt,
    ]).data;
    const tampered = amlLogs.map((l, j) => (j === i ? { ...l, data } : l));
    const consumerLogs = await fetchLogs(ethers.provider, consumers, 0, range.toBlock);
    const d = new Differences();
    const call = async (to: string, calldata: string) =>
      (await ethers.provider.send("eth_call", [{ to, data: calldata }, "latest"])) as string;
    await reconcileLimits(
      aml,
      rebuildLimits(aml.interface as unknown as Interface, tampered, consumerLogs),
      consumers,
      call,
      d,
    );
    expect(d.list.map((x) => x.field)).to.include("used");

    // A dropped attachment event is caught too.
    const d2 = new Differences();
    await reconcileLimits(
      aml,
      rebuildLimits(aml.interface as unknown as Interface, amlLogs, consumerLogs.slice(0, 0)),
      consumers,
      call,
      d2,
    );
    expect(d2.list.length).to.equal(2);
  });
});
