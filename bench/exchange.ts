import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { FUNDS, OrderType, Side, deployExchange } from "../test/helpers/exchange";
import { rememberWallet } from "../test/helpers/fixtures";
import type { BenchModule } from "./recorder";

/**
 * The venue's scenarios on BOND (native, reserve attested) / USD, fees on (maker 5, taker 10 bps), every compliance
 * check on: at each call the venue reads the authority tree's restriction epoch and checks the taker's and each
 * maker's clearance on the pair against it (clients attested by the same bank at depth 2). Takers and makers are
 * distinct accounts that already hold internal balances of both tokens and have traded on the pair before, so their
 * clearances are recorded (steady state); `exchange.take.1.firstTrade` measures a taker's first order on the pair,
 * which checks live (tradability, eligibility, native legs) and records its clearance.
 */
export const exchange: BenchModule = {
  title: "Exchange venue",
  async run(record) {
    const f = await deployExchange(1, true);
    const { exchange: venue, order, token, usd, clients, actors } = f;
    const [alice, bob, carol, dave] = f.traders;

    // More clients: 10+ distinct makers for the take scenarios, ~33 accounts for a 1,000-level book (32 open
    // orders per account).
    const funder = (await ethers.getSigners())[0];
    const pool: Signer[] = [];
    for (let i = 0; i < 45; i++) {
      const w = rememberWallet(ethers.Wallet.createRandom().connect(ethers.provider));
      await (await funder.sendTransaction({ to: w.address, value: ethers.parseEther("10") })).wait();
      await clients.enrol(w.address);
      await (await token.connect(actors.issuer).mint(w.address, FUNDS)).wait();
      await (await usd.mint(w.address, FUNDS)).wait();
      await (await token.connect(w).approve(venue, FUNDS)).wait();
      await (await usd.connect(w).approve(venue, FUNDS)).wait();
      await (await venue.connect(w).deposit(token, FUNDS / 2n)).wait();
      await (await venue.connect(w).deposit(usd, FUNDS / 2n)).wait();
      pool.push(w);
    }
    const ioc = { orderType: OrderType.ImmediateOrCancel, maxSteps: 10 };

    await (await usd.mint(alice, 1_000_000n)).wait();
    await (await usd.connect(alice).approve(venue, 1_000_000n)).wait();
    await record("exchange.deposit", venue.connect(alice).deposit(usd, 1_000_000n));
    await record("exchange.withdraw", venue.connect(alice).withdraw(usd, 1_000_000n));

    // A taker's first order on the pair: live checks, clearance recorded.
    await (await venue.connect(pool[0]).placeOrder(order(Side.Ask, 300, 10))).wait();
    await record("exchange.take.1.firstTrade", venue.connect(bob).placeOrder(order(Side.Bid, 300, 10, ioc)));

    // exchange.take.1: one resting ask, filled entirely by a taker bid.
    await (await venue.connect(pool[0]).placeOrder(order(Side.Ask, 300, 10))).wait();
    await record("exchange.take.1", venue.connect(bob).placeOrder(order(Side.Bid, 300, 10, ioc)));

    // exchange.take.1.roundedFee: as take.1, at an amount whose maker fee does not come out whole (7 lots at tick
    // 301: 21,070 USD x 5 bps = 10.535, charged 11): the rate is below the cap and the amount at least 10,000 units,
    // so the fee is rounded up without reading the cap (issue 15 review M1).
    await (await venue.connect(pool[0]).placeOrder(order(Side.Ask, 301, 7))).wait();
    await record("exchange.take.1.roundedFee", venue.connect(bob).placeOrder(order(Side.Bid, 301, 7, ioc)));

    // exchange.take.1.afterForeignRestriction: as take.1, just after an authority under another root restricted
    // something of its own (one epoch per root: the clearances here rely on R1 only, so they still hold).
    const { governor, tree } = f;
    const outsider = ethers.Wallet.createRandom();
    await (await tree.connect(governor).createRoot(governor.address, (await f.clock.now()) + 86_400 * 30, "R2")).wait();
    const r2 = await tree.nodeCount();
    const r2Until = (await f.clock.now()) + 86_400;
    await (await tree.connect(governor).grant(r2, outsider.address, 1, r2Until)).wait();
    await (await venue.connect(pool[0]).placeOrder(order(Side.Ask, 300, 10))).wait();
    await (await tree.connect(governor).suspend(await tree.nodeCount(), ethers.ZeroHash)).wait();
    await record(
      "exchange.take.1.afterForeignRestriction",
      venue.connect(bob).placeOrder(order(Side.Bid, 300, 10, ioc)),
    );

    // exchange.take.10samePrice: ten makers at one price.
    for (let i = 0; i < 10; i++) await (await venue.connect(pool[i]).placeOrder(order(Side.Ask, 300, 10))).wait();
    await record("exchange.take.10samePrice", venue.connect(bob).placeOrder(order(Side.Bid, 300, 100, ioc)));

    // exchange.take.10levels: ten makers at ten prices.
    for (let i = 0; i < 10; i++) await (await venue.connect(pool[i]).placeOrder(order(Side.Ask, 300 + i, 10))).wait();
    await record("exchange.take.10levels", venue.connect(bob).placeOrder(order(Side.Bid, 309, 100, ioc)));

    // Placements by clients in steady state (they have placed before, so their open-order list slot is reused);
    // an account's very first order also writes a fresh list slot (reported: here it also opens a new level and leaf word).
    await record("exchange.place.firstOrder.newWord", venue.connect(alice).placeOrder(order(Side.Ask, 5000, 5)));
    const warm = async (who: Signer) => {
      await (await venue.connect(who).placeOrder(order(Side.Ask, 9000, 5))).wait();
      await (await venue.connect(who).cancelAll()).wait();
    };
    await warm(carol);
    await warm(dave);
    await record("exchange.place.existingPrice", venue.connect(carol).placeOrder(order(Side.Ask, 5000, 5)));
    await record("exchange.place.newPrice", venue.connect(dave).placeOrder(order(Side.Ask, 5002, 5)));
    const [, ids] = await venue.openOrders(dave);
    await record("exchange.cancel", venue.connect(dave).cancelOrder(f.pairId, ids[0]));

    // exchange.place.newPrice.depth1000: the same placement (dave, a new price behind the best, leaf word in use)
    // on a side holding 1,000 levels.
    let tick = 5004;
    for (const w of pool.slice(10)) {
      for (let i = 0; i < 32 && tick < 5004 + 2000; i++, tick += 2) {
        await (await venue.connect(w).placeOrder(order(Side.Ask, tick, 2))).wait();
      }
    }
    const [levels] = await venue.depth(f.pairId, Side.Ask, 2000);
    if (levels.length < 1000) throw new Error(`depth book has ${levels.length} levels`);
    await record("exchange.place.newPrice.depth1000", venue.connect(dave).placeOrder(order(Side.Ask, 5003, 5)));
  },
};
