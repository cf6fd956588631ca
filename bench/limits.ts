import { ethers } from "hardhat";
import type { AmlLimits, ILimitsAttachable } from "../typechain-types";
import { ClientClass } from "../lib/classes";
import { LimitKind } from "../lib/limits";
import { OrderType, Side, deployExchange } from "../test/helpers/exchange";
import type { BenchModule } from "./recorder";

/**
 * AML limits (issue 16) on the exchange bench's world (BOND/USD, fees on, clients ACCREDITED at depth 2): an
 * AmlLimits policy of root R1 attached to the venue by the root, with caps large enough never to bite, so that the
 * figures are the cost of the checks. Steady state as in the exchange module: the accounts have placed and deposited
 * before, and the deposit window already holds an amount in the current bucket.
 */
export const limits: BenchModule = {
  title: "AML limits",
  async run(record) {
    const f = await deployExchange(1, true);
    const { exchange: venue, order, token, usd, regulator, actors } = f;
    const [alice, bob, carol] = f.traders;
    const aml = (await ethers.deployContract("AmlLimits", [
      await f.tree.getAddress(),
      await f.registry.getAddress(),
      1,
    ])) as unknown as AmlLimits;
    await (await f.venues.connect(f.governor).setAmlLimits(aml)).wait();
    await (await aml.connect(regulator).createPolicy(f.nodes.r1)).wait();
    const policy = await aml.policyCount();
    const A = ClientClass.ACCREDITED;
    const big = 10n ** 20n;
    await (await aml.connect(regulator).setLimit(policy, usd, A, LimitKind.OrderNotional, big)).wait();
    await (await aml.connect(regulator).setLimit(policy, usd, A, LimitKind.DepositPerDay, big)).wait();
    await (await aml.connect(regulator).setLimit(policy, token, A, LimitKind.Holding, big)).wait();
    const attach = (await ethers.getContractAt("ILimitsAttachable", venue)) as unknown as ILimitsAttachable;
    await (await attach.connect(regulator).setLimits(aml, policy)).wait();

    // exchange.place.withNotionalCap: as exchange.place.existingPrice, with a notional cap on the quote asset.
    await (await venue.connect(alice).placeOrder(order(Side.Ask, 5000, 5))).wait();
    await (await venue.connect(carol).placeOrder(order(Side.Ask, 9000, 5))).wait();
    await (await venue.connect(carol).cancelAll()).wait();
    await record("exchange.place.withNotionalCap", venue.connect(carol).placeOrder(order(Side.Ask, 5000, 5)));

    // exchange.take.1.withNotionalCap (reported): as exchange.take.1, the taker's notional checked.
    await (await venue.connect(alice).placeOrder(order(Side.Ask, 300, 10))).wait();
    await (
      await venue.connect(bob).placeOrder(order(Side.Bid, 300, 10, { orderType: OrderType.ImmediateOrCancel }))
    ).wait();
    await (await venue.connect(alice).placeOrder(order(Side.Ask, 300, 10))).wait();
    await record(
      "exchange.take.1.withNotionalCap",
      venue.connect(bob).placeOrder(order(Side.Bid, 300, 10, { orderType: OrderType.ImmediateOrCancel })),
    );

    // exchange.deposit.capped: a deposit counted in the identity's rolling window (an amount already in its bucket).
    await (await usd.mint(alice, 2_000_000n)).wait();
    await (await usd.connect(alice).approve(venue, 2_000_000n)).wait();
    await (await venue.connect(alice).deposit(usd, 1_000_000n)).wait();
    await record("exchange.deposit.capped", venue.connect(alice).deposit(usd, 1_000_000n));

    // exchange.deposit.rootPolicy (reported; review M3): the same deposit under the root's policy alone, nothing
    // attached: the venue synced with its root, AmlLimits reads the root's policy slot and its limit.
    await (await aml.connect(regulator).setRootPolicy(f.nodes.r1, policy)).wait();
    await (await attach.connect(regulator).setLimits(ethers.ZeroAddress, 0)).wait();
    const rootLimits = await ethers.getContractAt("IVenueLimits", venue);
    await (await rootLimits.syncRootLimits()).wait();
    // As for exchange.deposit.capped: the allowance and the wallet's balance spent to zero.
    await (await usd.mint(alice, 1_000n)).wait();
    await (await usd.connect(alice).approve(venue, 1_000n)).wait();
    await record("exchange.deposit.rootPolicy", venue.connect(alice).deposit(usd, 1_000n));

    // token.transfer.holdingCap: as token.transfer (both holders at depth 2, both holding), the receiver's identity
    // under a holding cap: its wallets' balances summed (one wallet here).
    await (await token.connect(actors.issuer).setLimits(aml, policy)).wait();
    await (await venue.connect(alice).withdraw(token, 10_000n)).wait();
    await (await venue.connect(bob).withdraw(token, 10_000n)).wait();
    await record("token.transfer.holdingCap", token.connect(alice).transfer(bob.address, 1_000n));
  },
};
