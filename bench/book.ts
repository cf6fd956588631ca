import { ethers } from "hardhat";
import type { BookHarness } from "../typechain-types";
import { MAX_TICK, Side } from "../lib/book";
import type { BenchModule, Record } from "./recorder";

/**
 * The order book's share of each trading scenario, measured through BookHarness: every figure is a receipt gasUsed
 * (21,000 base included) of one harness call doing only the book's work, so the venue's compliance checks and
 * settlement come on top. `book.baseline` is a harness call that does nothing, for subtracting the harness's own
 * overhead (base, calldata, dispatch).
 */

async function deploy(): Promise<BookHarness> {
  const book = (await ethers.deployContract("BookHarness")) as unknown as BookHarness;
  await book.waitForDeployment();
  return book;
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

/** Rest an order and return its id. */
async function rest(book: BookHarness, side: Side, tick: number, lots: bigint, maker = 1n): Promise<bigint> {
  const id = await book.insert.staticCall(side, tick, maker, lots, 0, 0);
  await send(book.insert(side, tick, maker, lots, 0, 0));
  return id;
}

/** Seed `n` single-order levels on `side` from `first`, `step` ticks apart, in batches that fit in a block. */
async function seed(book: BookHarness, side: Side, first: number, step: number, n: number): Promise<void> {
  for (let done = 0; done < n; done += 200) {
    await send(book.insertMany(side, first + done * step, step, Math.min(200, n - done), 9n, 10n));
  }
}

/** A taker buying `lots` up to `limit`, measured with the trace off. */
function buy(book: BookHarness, limit: number, lots: bigint, maxSteps = 50) {
  return book.matchOrders(Side.Bid, limit, lots, maxSteps, 0n, 0n, false);
}

async function insertScenarios(record: Record): Promise<void> {
  // Ten bid levels (two orders at each) and ten ask levels around 100,000; bids at 99,990..100,010 share a leaf word.
  const book = await deploy();
  for (let i = 0; i < 10; i++) {
    await rest(book, Side.Bid, 100_000 + i, 10n);
    await rest(book, Side.Bid, 100_000 + i, 10n);
    await rest(book, Side.Ask, 100_100 + i, 10n);
  }
  await record("book.baseline", book.noop(Side.Bid, 99_995, 1n, 10n, 0, 0));
  await record("book.insert.existingPrice", book.insert(Side.Bid, 100_005, 1n, 10n, 0, 0));
  await record("book.insert.newPrice", book.insert(Side.Bid, 99_995, 1n, 10n, 0, 0));
  await record("book.insert.newPrice.best", book.insert(Side.Bid, 100_010, 1n, 10n, 0, 0));
  // A tick whose leaf word is still empty: the word's first bit costs a fresh slot.
  await record("book.insert.newPrice.newWord", book.insert(Side.Bid, 90_000, 1n, 10n, 0, 0));

  // The same placement (a new price behind the best, in a non-empty leaf word) with 1 level and with 1,000.
  const one = await deploy();
  await rest(one, Side.Bid, 12_000, 10n);
  await rest(one, Side.Ask, 20_000, 10n);
  await record("book.insert.newPrice.depth1", one.insert(Side.Bid, 11_990, 1n, 10n, 0, 0));
  const deep = await deploy();
  await seed(deep, Side.Bid, 10_000, 2, 1_000); // 10,000, 10,002, ..., 11,998: four leaf words
  await rest(deep, Side.Ask, 20_000, 10n);
  await record("book.insert.newPrice.depth1000", deep.insert(Side.Bid, 11_991, 1n, 10n, 0, 0));
}

async function removeScenarios(record: Record): Promise<void> {
  const book = await deploy();
  const best = await rest(book, Side.Ask, 199_990, 10n);
  const three = async (tick: number) => [
    await rest(book, Side.Ask, tick, 10n),
    await rest(book, Side.Ask, tick, 10n),
    await rest(book, Side.Ask, tick, 10n),
  ];
  const a = await three(200_000);
  const b = await three(200_001);
  const c = await three(200_002);
  const lone = await rest(book, Side.Ask, 200_005, 10n);
  await rest(book, Side.Bid, 190_000, 10n);

  // The headline cancel: an order between two others (both neighbours' links are written).
  await record("book.remove", book.remove(a[1]));
  await record("book.remove.head", book.remove(b[0]));
  await record("book.remove.tail", book.remove(c[2]));
  // The last order of a level behind the best: the level and its bit are cleared.
  await record("book.remove.lastAtLevel", book.remove(lone));
  // The last order of the best level: also the next best is found and cached.
  await record("book.remove.best", book.remove(best));
}

async function matchScenarios(record: Record): Promise<bigint[]> {
  // One resting order alone at the best ask, another level behind it: the taker takes it all.
  const one = await deploy();
  await rest(one, Side.Ask, 300_000, 10n, 1n);
  await rest(one, Side.Ask, 300_001, 10n, 2n);
  const m1 = await record("book.match.1", buy(one, 300_000, 10n));

  // The head of a level that keeps other orders, filled completely; and a partial fill.
  const two = await deploy();
  await rest(two, Side.Ask, 300_000, 10n, 1n);
  await rest(two, Side.Ask, 300_000, 10n, 2n);
  await record("book.match.1.levelRemains", buy(two, 300_000, 10n));
  await record("book.match.1.partial", buy(two, 300_000, 4n));

  // Ten orders at one price, all filled.
  const same = await deploy();
  for (let i = 0; i < 10; i++) await rest(same, Side.Ask, 310_000, 10n, BigInt(i + 1));
  await rest(same, Side.Ask, 310_001, 10n, 99n);
  const m10same = await record("book.match.10samePrice", buy(same, 310_000, 100n));

  // Ten price levels of one order each, all crossed.
  const levels = await deploy();
  for (let i = 0; i < 10; i++) await rest(levels, Side.Ask, 320_000 + i, 10n, BigInt(i + 1));
  await rest(levels, Side.Ask, 320_010, 10n, 99n);
  const m10levels = await record("book.match.10levels", buy(levels, MAX_TICK, 100n));
  return [m1, m10same, m10levels];
}

export const book: BenchModule = {
  title: "Order book core (book's share, through BookHarness)",
  async run(record) {
    await insertScenarios(record);
    await removeScenarios(record);
    const [m1, m10same, m10levels] = await matchScenarios(record);
    const perOrder = Number(m10same - m1) / 9;
    const perLevel = Number(m10levels - m1) / 9;
    console.log(
      `  each further order at the same price: ${perOrder.toFixed(0)} gas; each further level: ${perLevel.toFixed(0)} gas`,
    );
  },
};
