import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import type { BookHarness } from "../../typechain-types";
import { Side, deployBook, place } from "../helpers/book";

/**
 * Gas must not grow with the depth of the book. Receipts are deterministic, so these compare exact gasUsed of the
 * same operation on a book holding one level and on one holding 1,000 levels on the same side.
 */

const DEPTH = 1_000;

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

/** Bids at 10,000, 10,002, ... (every other tick, spanning several leaf words), and one ask far above. */
async function deepBook(levels: number): Promise<{ book: BookHarness }> {
  const { book } = await deployBook();
  const first = 12_000 - 2 * (levels - 1);
  for (let done = 0; done < levels; done += 200) {
    await (await book.insertMany(Side.Bid, first + 2 * done, 2, Math.min(200, levels - done), 9n, 10n)).wait();
  }
  await place(book, Side.Ask, 50_000, 10n);
  return { book };
}

/** Both books in one fixture (loadFixture snapshots do not nest). The shallow one gets a level behind its best too. */
async function books(): Promise<{ one: BookHarness; many: BookHarness }> {
  const { book: one } = await deepBook(1);
  await place(one, Side.Bid, 11_998, 10n);
  const { book: many } = await deepBook(DEPTH);
  return { one, many };
}

describe("OrderBook gas does not depend on the number of levels", function () {
  it(`has ${DEPTH} bid levels in the deep book, two in the shallow one`, async function () {
    const { one, many } = await loadFixture(books);
    expect((await many.depth(Side.Bid, 2 * DEPTH))[0].length).to.equal(DEPTH);
    expect((await many.depth(Side.Bid, 2))[0]).to.deep.equal([12_000n, 11_998n]);
    expect((await one.depth(Side.Bid, 10))[0]).to.deep.equal([12_000n, 11_998n]);
  });

  for (const [name, run] of [
    // A new price behind the best, in a leaf word that already has bits: the bench's book.insert.newPrice.
    ["a placement at a new price", (book: BookHarness) => gasOf(book.insert(Side.Bid, 11_991, 1n, 10n, 0, 0))],
    ["a placement at a new best price", (book: BookHarness) => gasOf(book.insert(Side.Bid, 12_001, 1n, 10n, 0, 0))],
    ["a placement at an existing price", (book: BookHarness) => gasOf(book.insert(Side.Bid, 12_000, 1n, 10n, 0, 0))],
    [
      "cancelling the best level's only order",
      async (book: BookHarness) => gasOf(book.remove((await book.peek(Side.Bid)).id)),
    ],
    [
      "a taker filling the best order and crossing into the next level",
      (book: BookHarness) => gasOf(book.matchOrders(Side.Ask, 1, 15n, 10, 0n, 0n, false)),
    ],
  ] as const) {
    it(`${name} costs the same with ${DEPTH} levels as with 2 (within 10%)`, async function () {
      const { one, many } = await loadFixture(books);
      const [g1, g1000] = [await run(one), await run(many)];
      expect(g1000 / g1, `${g1000} vs ${g1}`).to.be.within(0.9, 1.1);
    });
  }

  it("a market order sweeping 10 of the 1,000 levels costs the same per level as in a 10-level book", async function () {
    const { many } = await loadFixture(books);
    const { book: ten } = await deepBook(10);
    const [g10, g1000] = [
      await gasOf(ten.matchOrders(Side.Ask, 1, 100n, 10, 0n, 0n, false)),
      await gasOf(many.matchOrders(Side.Ask, 1, 100n, 10, 0n, 0n, false)),
    ];
    expect(g1000 / g10, `${g1000} vs ${g10}`).to.be.within(0.9, 1.1);
    expect(await ten.best(Side.Bid)).to.equal(0n);
    expect(await many.best(Side.Bid)).to.equal(BigInt(12_000 - 20));
  });
});
