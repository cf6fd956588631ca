import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { IVenueLimits } from "../../typechain-types";
import { ACCREDITED, LimitKind, limitsWorld } from "../limits/fixture";
import { sanctionsWorld } from "../sanctions/fixture";
import { Side, setFeesNow } from "../helpers/exchange";

const why = ethers.encodeBytes32String("OFAC SDN 2026-12");

// This file's own fixture function: loadFixture keys snapshots by function.
const world = () => sanctionsWorld();

/** The limits world with fees (5 / 10 bps) and R1's policy capping USD withdrawals, named R1's root policy, synced. */
async function feesUnderWithdrawalCaps() {
  const w = await limitsWorld();
  const { aml, policy, regulator, usd, nodes, exchange, actors } = w;
  await setFeesNow(exchange, actors.exchangeOp, 5, 10);
  await (await aml.connect(regulator).setLimit(policy, usd, ACCREDITED, LimitKind.WithdrawPerDay, 10n ** 15n)).wait();
  await (await aml.connect(regulator).setRootPolicy(nodes.r1, policy)).wait();
  const venue = (await ethers.getContractAt("IVenueLimits", await exchange.getAddress())) as unknown as IVenueLimits;
  await (await venue.syncRootLimits()).wait();
  return { ...w, venue };
}

describe("Exchange venue: sanctions on a party with no identity", () => {
  it("the operator's wallet, listed by the home root, withdraws nothing from the venue (PartySanctioned)", async () => {
    const { tree, exchange, usd, nodes, officer, actors, registryAddress } = await loadFixture(world);
    const op = actors.exchangeOp;
    await (await tree.connect(officer).addSanction(nodes.r1, op.address, 0, why, registryAddress)).wait();
    await expect(exchange.connect(op).withdraw(usd, 1n))
      .to.be.revertedWithCustomError(tree, "PartySanctioned")
      .withArgs(nodes.r1, op.address, 0, why);
  });
});

describe("Exchange venue: the operator's account under withdrawal caps", () => {
  it("the operator's fee withdrawal counts against no identity's window: it has none", async () => {
    const { exchange, venue, aml, usd, traders, actors, order, pairId } = await loadFixture(feesUnderWithdrawalCaps);
    const [alice, bob] = traders;
    expect(await venue.rootLimitsApply()).to.equal(true);
    await (await exchange.connect(alice).placeOrder(order(Side.Ask, 500, 5))).wait();
    await (await exchange.connect(bob).placeOrder(order(Side.Bid, 500, 5))).wait();
    await (await exchange.collectFees(pairId)).wait();
    const op = actors.exchangeOp;
    const [fees] = await exchange.balanceOf(op.address, usd);
    expect(fees).to.be.greaterThan(0n);
    await expect(exchange.connect(op).withdraw(usd, fees))
      .to.emit(usd, "Transfer")
      .withArgs(await exchange.getAddress(), op.address, fees);
    expect((await aml.window(exchange, 0, usd, LimitKind.WithdrawPerDay)).used).to.equal(0n);
  });
});
