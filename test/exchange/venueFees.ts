import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";
import {
  LOT,
  OrderType,
  Side,
  TICK,
  conservation,
  exchangeSeconds,
  setFeesNow,
  listPair,
  type ExchangeWorld,
} from "../helpers/exchange";

const BPS = 10_000n;
const up = (amount: bigint, bps: bigint) => (amount * bps + BPS - 1n) / BPS;
/** A fill's fee (issue 15.11b): rounded up, but never above the cap's rate of the amount, rounded down. */
const capped = (amount: bigint, bps: bigint, cap: bigint) => {
  const bound = (amount * cap) / BPS;
  return up(amount, bps) < bound ? up(amount, bps) : bound;
};

/** The maker and taker fees of every OrderFilled in the receipt of `tx`, summed. */
async function filledFees(f: ExchangeWorld, tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  let maker = 0n;
  let taker = 0n;
  let fills = 0;
  for (const log of receipt!.logs) {
    const parsed = f.exchange.interface.parseLog(log);
    if (parsed?.name !== "OrderFilled") continue;
    maker += parsed.args.makerFee;
    taker += parsed.args.takerFee;
    fills++;
  }
  return { maker, taker, fills };
}

/** `seller` rests an ask of `lots` at `tick` on `pairId`; `buyer` takes it whole. Returns the fees charged. */
async function trade(f: ExchangeWorld, pairId: bigint, seller: Signer, buyer: Signer, tick: bigint, lots: bigint) {
  const order = { pairId, tick, lots, expiry: 0, maxSteps: 5 };
  await (
    await f.exchange.connect(seller).placeOrder({ ...order, side: Side.Ask, orderType: OrderType.GoodTillCancel })
  ).wait();
  const fees = await filledFees(
    f,
    f.exchange.connect(buyer).placeOrder({ ...order, side: Side.Bid, orderType: OrderType.ImmediateOrCancel }),
  );
  expect(fees.fills).to.equal(1);
  return fees;
}

/** Mint `amount` of test token `t` to each of `wallets` and deposit it in the venue. */
async function fund(f: ExchangeWorld, t: Awaited<ReturnType<typeof newToken>>, wallets: Signer[], amount: bigint) {
  for (const w of wallets) {
    await (await t.mint(w, amount)).wait();
    await (await t.connect(w).approve(f.exchange, amount)).wait();
    await (await f.exchange.connect(w).deposit(t, amount)).wait();
  }
}

async function newToken(symbol: string) {
  const t = await ethers.deployContract("TestToken", [symbol, symbol]);
  await t.waitForDeployment();
  return t;
}

describe("Exchange venue: fee rates on every book, fee lanes", () => {
  it("applies the operator's rates to every open book: setFees, a lowered cap, and a book opened later", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, usd, token, pairId } = f;
    const [alice, bob] = f.traders;
    const eur = await newToken("EUR");
    const eurUsd = await listPair(f, eur, usd);
    await fund(f, eur, [alice, bob], 10n ** 12n);

    // Opened with the venue's rates of the time: none.
    for (const p of [pairId, eurUsd]) {
      expect(await trade(f, p, alice, bob, 7n, 3n)).to.deep.include({ maker: 0n, taker: 0n });
    }

    // The maker (selling) is paid quote, the taker (buying) base; each fee rounded up on what it receives, within the
    // cap's rate (`cap`).
    const expected = (makerBps: bigint, takerBps: bigint, tick: bigint, lots: bigint, cap = 100n) => ({
      maker: capped(tick * TICK * lots, makerBps, cap),
      taker: capped(lots * LOT, takerBps, cap),
    });
    await setFeesNow(exchange, actors.exchangeOp, 5, 10);
    for (const p of [pairId, eurUsd]) {
      expect(await trade(f, p, alice, bob, 7n, 3n)).to.deep.include(expected(5n, 10n, 7n, 3n));
    }

    // Governance lowers the cap under the taker rate: every book follows at once.
    await expect(exchange.connect(actors.steward).setFeeCap(7)).to.emit(exchange, "FeesSet").withArgs(5, 7);
    for (const p of [pairId, eurUsd]) {
      expect(await trade(f, p, alice, bob, 9n, 4n)).to.deep.include(expected(5n, 7n, 9n, 4n, 7n));
    }

    // A book opened now starts with the current rates.
    const bondEur = await listPair(f, token, eur);
    expect(await trade(f, bondEur, alice, bob, 11n, 2n)).to.deep.include(expected(5n, 7n, 11n, 2n, 7n));

    // And back to zero everywhere.
    await setFeesNow(exchange, actors.exchangeOp, 0, 0);
    for (const p of [pairId, eurUsd, bondEur]) {
      expect(await trade(f, p, alice, bob, 7n, 3n)).to.deep.include({ maker: 0n, taker: 0n });
    }
  });

  it("keeps every fee when a book's 64-bit lanes spill into its fee slot, and collects them whole", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors } = f;
    const [alice, bob] = f.traders;
    const one = 10n ** 18n;
    const big = await newToken("BIG");
    const bq = await newToken("BQ");
    const tickSize = 10n ** 15n; // tick 1,000 is a price of one BQ per BIG
    const pairId = await listPair(f, big, bq, { tick: tickSize, lot: one, minLots: 1n });
    await fund(f, big, [alice, bob], 10n ** 26n);
    await fund(f, bq, [alice, bob], 10n ** 26n);
    await setFeesNow(exchange, actors.exchangeOp, 100, 100);

    // Base fees are the taker's (it buys), quote fees the maker's. A lane holds less than 18.45 * 10^18.
    let base = 0n;
    let quote = 0n;
    const step = async (tick: bigint, lots: bigint) => {
      const fees = await trade(f, pairId, alice, bob, tick, lots);
      expect(fees.taker).to.equal(up(lots * one, 100n));
      expect(fees.maker).to.equal(up(tick * tickSize * lots, 100n));
      base += fees.taker;
      quote += fees.maker;
      expect(await exchange.pairFees(pairId)).to.deep.equal([base, quote]);
    };
    await step(1_000n, 1n); // in the lanes
    await step(1_000n, 1_000n); // 10^19 each: still in the lanes (1.001 * 10^19)
    await step(1_000n, 1_000n); // 2.001 * 10^19: both spill
    await step(3_000n, 1n); // lanes again, on top of the slot
    await step(1n, 3_000n); // the base lane alone would pass 64 bits (3 * 10^16 of quote): both move
    await step(2_000n, 5n);

    for (const t of [big, bq]) {
      const { internal, held } = await conservation(f, t, [pairId]);
      expect(internal).to.equal(held);
    }
    await expect(exchange.collectFees(pairId)).to.emit(exchange, "FeesCollected").withArgs(pairId, base, quote);
    expect(await exchange.pairFees(pairId)).to.deep.equal([0n, 0n]);
    expect(await exchange.balanceOf(actors.exchangeOp, big)).to.deep.equal([base, 0n]);
    expect(await exchange.balanceOf(actors.exchangeOp, bq)).to.deep.equal([quote, 0n]);
    // Nothing left behind: a collection now moves nothing, and new fees start from zero.
    await expect(exchange.collectFees(pairId)).not.to.emit(exchange, "FeesCollected");
    [base, quote] = [0n, 0n];
    await step(1_000n, 2n);
    expect(await exchange.pairFees(pairId)).to.deep.equal([up(2n * one, 100n), up(2n * one, 100n)]);
  });

  it("opens at most MAX_BOOKS books at once; a delisted, empty book retires and frees its place", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, usd, pairs, actors, pairId } = f;
    const [alice, bob] = f.traders;
    const max = await exchange.MAX_BOOKS();
    expect(max).to.equal(256n);
    const eur = await newToken("EUR");
    const eurUsd = await listPair(f, eur, usd);
    expect(await exchange.books()).to.deep.equal([pairId, eurUsd]);

    // The list is slot 16 of the venue's layout (ExchangeStorage): its length is 2.
    const venue = await exchange.getAddress();
    const slot = 16n;
    expect(BigInt(await ethers.provider.getStorage(venue, slot))).to.equal(2n);
    // As if 256 books were open (the places after the second hold pair 0, never opened).
    await network.provider.send("hardhat_setStorageAt", [venue, ethers.toQuantity(slot), ethers.toBeHex(max, 32)]);
    const gbp = await newToken("GBP");
    await expect(listPair(f, gbp, usd))
      .to.be.revertedWithCustomError(exchange, "TooManyBooks")
      .withArgs(max);
    const gbpUsd = await pairs.pairCount(); // listed; its book could not open

    // Retiring: only an open book, of a delisted pair, once empty. Anyone may do it.
    await setFeesNow(exchange, actors.exchangeOp, 5, 10);
    await (await exchange.connect(alice).placeOrder(f.order(Side.Ask, 7, 3))).wait();
    await (await exchange.connect(bob).placeOrder(f.order(Side.Bid, 7, 2))).wait();
    await (await exchange.connect(bob).placeOrder(f.order(Side.Bid, 6, 2))).wait();
    await expect(exchange.retireBook(99)).to.be.revertedWithCustomError(exchange, "BookNotOpen").withArgs(99);
    await expect(exchange.retireBook(pairId)).to.be.revertedWithCustomError(exchange, "PairNotDelisted");
    await (await pairs.connect(actors.steward).delistPair(pairId, ethers.encodeBytes32String("gone"))).wait();
    await expect(exchange.retireBook(pairId)).to.be.revertedWithCustomError(exchange, "BookNotEmpty").withArgs(pairId);
    await (await exchange.clearDelisted(pairId, 10)).wait();
    const owed = await exchange.pairFees(pairId);
    expect(owed[0] + owed[1]).to.be.greaterThan(0n);
    await expect(exchange.connect(bob).retireBook(pairId))
      .to.emit(exchange, "BookRetired")
      .withArgs(pairId, bob.address);
    await expect(exchange.retireBook(pairId)).to.be.revertedWithCustomError(exchange, "BookNotOpen");

    // It cannot reopen (the pair is delisted for good).
    await expect(exchange.connect(actors.exchangeOp).openBook(pairId)).to.be.revertedWithCustomError(
      exchange,
      "PairNotTradable",
    );

    // Its place is free (the last place moved into it), so a new book opens.
    expect(BigInt(await ethers.provider.getStorage(venue, slot))).to.equal(max - 1n);
    expect((await exchange.books())[0]).to.equal(0n);
    await (await exchange.connect(actors.exchangeOp).openBook(gbpUsd)).wait();
    expect((await exchange.books()).at(-1)).to.equal(gbpUsd);
    // The retired book takes no order and cannot reopen; its fees stay collectable.
    expect((await exchange.bookConfig(pairId)).open).to.equal(false);
    await expect(exchange.connect(alice).placeOrder(f.order(Side.Ask, 7, 3)))
      .to.be.revertedWithCustomError(exchange, "BookNotOpen")
      .withArgs(pairId);
    await expect(exchange.collectFees(pairId)).to.emit(exchange, "FeesCollected").withArgs(pairId, owed[0], owed[1]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([5n, 10n]);
  });

  it("keeps each book's rates equal to the venue's, and a retired book's as they were", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, usd, pairs, actors, pairId } = f;
    const eur = await newToken("EUR");
    const eurUsd = await listPair(f, eur, usd);
    expect(await exchange.feeRates(pairId)).to.deep.equal([0n, 0n]);
    await setFeesNow(exchange, actors.exchangeOp, 5, 10);
    for (const p of [pairId, eurUsd]) expect(await exchange.feeRates(p)).to.deep.equal([5n, 10n]);
    await (await pairs.connect(actors.steward).delistPair(eurUsd, ethers.encodeBytes32String("gone"))).wait();
    await (await exchange.retireBook(eurUsd)).wait();
    expect(await exchange.books()).to.deep.equal([pairId]);
    // Setting the same rates again writes nothing but is still logged.
    await expect(exchange.connect(actors.exchangeOp).setFees(5, 10)).to.emit(exchange, "FeesSet").withArgs(5, 10); // no raise: at once
    await (await exchange.connect(actors.steward).setFeeCap(8)).wait();
    expect(await exchange.fees()).to.deep.equal([5n, 8n, 8n]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([5n, 8n]);
    expect(await exchange.feeRates(eurUsd)).to.deep.equal([5n, 10n]);
    expect(await exchange.feeRates(12345)).to.deep.equal([0n, 0n]);
  });
});

describe("Exchange venue: the fee cap's rank (issue 15)", () => {
  it("15.4: a lower GOVERN holder cannot raise a cap a higher one lowered; that rank or above can, and lifts the bar", async () => {
    const f = await loadFixture(exchangeSeconds);
    const { exchange, actors, regulator } = f;
    // The fixture's steward (GOVERN, depth 1) set the cap to 100; the regulator (root, depth 0) lowers it to 10.
    await expect(exchange.connect(regulator).setFeeCap(10))
      .to.emit(exchange, "FeeCapSet")
      .withArgs(10, regulator.address, 0);
    await expect(exchange.connect(actors.steward).setFeeCap(50))
      .to.be.revertedWithCustomError(exchange, "FeeCapSetByHigherAuthority")
      .withArgs(0, 1);
    await exchange.connect(actors.steward).setFeeCap(5); // lowering is open to every rank
    await expect(exchange.connect(actors.steward).setFeeCap(10)).to.be.revertedWithCustomError(
      exchange,
      "FeeCapSetByHigherAuthority",
    );
    await exchange.connect(regulator).setFeeCap(50); // the bar's rank raises it, and lifts the bar
    await exchange.connect(actors.steward).setFeeCap(60);
    expect((await exchange.fees()).capBps).to.equal(60n);
  });
});
