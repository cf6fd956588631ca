import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import type { BookHarness } from "../../typechain-types";
import {
  MAX_TICK,
  Side,
  decodeLevel,
  decodeOrder,
  decodeOrderId,
  deployBook,
  encodeOrderId,
  peekFront,
  rankOf,
  type Front,
} from "../helpers/book";
import { BookModel } from "../helpers/bookModel";

/**
 * Stateful property test: random sequences of placements, cancels, direct fills and matching runs on both sides,
 * applied to the harness and to a plain price-time priority model (test/helpers/bookModel.ts). Every outcome must
 * match (the same success values, or the revert the model predicts; a Front may be filled only while it is exactly the
 * model's front), and after every step the whole book is compared:
 * best bid and ask (cached and through the bitmap), every level's count and total against the sum of its orders,
 * every level's orders in FIFO order with their records, and the raw bitmap words of every tick ever touched against
 * the words the model's non-empty levels imply (so a bit is set exactly for each non-empty level, on all three
 * levels of the bitmap). Matching must fill and remove exactly the orders the model does, in the same order.
 */

const RUNS = Number(process.env.BOOK_FUZZ_RUNS ?? 25);
const MAX_U64 = 2n ** 64n - 1n;

// Prices around a mid-word boundary, so that levels share leaf words and cross leaf, mid and root boundaries on both
// sides (a bid's rank is 2^24 - 1 - tick, so its word edges sit at different ticks from an ask's).
const MID = 3 * 65_536;
const OFFSETS = [0, 1, 2, 3, 254, 255, 256, 257, 65_535, 65_536, 65_537, 70_000];
const BID_TICKS = [...OFFSETS.map((k) => MID - 1 - k), 1];
const ASK_TICKS = [...OFFSETS.map((k) => MID + k), MAX_TICK];

type Op =
  | { kind: "insert"; side: Side; tick: number; maker: bigint; lots: bigint; expiry: bigint; flags: number }
  | { kind: "remove"; pick: number; bogus: boolean }
  | { kind: "fill"; side: Side; front: "fresh" | "saved" | "notHead"; lots: "one" | "all" | "over" | "zero" | "some" }
  | { kind: "match"; side: Side; limit: number; lots: bigint; maxSteps: number; taker: bigint; now: bigint };

const sideArb = fc.constantFrom(Side.Bid, Side.Ask);
const lotsArb = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt({ min: 1n, max: 20n }) },
  { weight: 1, arbitrary: fc.constant(MAX_U64) },
  { weight: 1, arbitrary: fc.constant(0n) },
);

// Mostly the two prices nearest the mid (so levels hold several orders), else any price of the pool: word and level
// edges, and the extremes.
const tickIndexArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: OFFSETS.length }) },
);

const insertArb: fc.Arbitrary<Op> = fc
  .record({
    side: sideArb,
    at: tickIndexArb,
    crossing: fc.integer({ min: 0, max: 9 }),
    maker: fc.bigInt({ min: 1n, max: 3n }),
    lots: lotsArb,
    expiry: fc.constantFrom(0n, 100n, 200n),
    flags: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ side, at, crossing, ...rest }) => {
    // A price on its own side of the mid; one time in ten a price from the other side (it may cross); rarely tick 0.
    const pool = (side === Side.Bid) !== (crossing === 0) ? BID_TICKS : ASK_TICKS;
    const tick = crossing === 1 && at === 0 ? 0 : pool[at];
    return { kind: "insert" as const, side, tick, ...rest };
  });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: insertArb },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("remove" as const),
      pick: fc.nat(),
      bogus: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("fill" as const),
      side: sideArb,
      front: fc.constantFrom("fresh" as const, "fresh" as const, "saved" as const, "notHead" as const),
      lots: fc.constantFrom("one" as const, "all" as const, "over" as const, "zero" as const, "some" as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        side: sideArb,
        at: tickIndexArb,
        market: fc.boolean(),
        lots: fc.oneof(fc.bigInt({ min: 1n, max: 60n }), fc.constant(MAX_U64)),
        maxSteps: fc.integer({ min: 1, max: 8 }),
        taker: fc.bigInt({ min: 0n, max: 3n }),
        now: fc.constantFrom(50n, 150n, 250n),
      })
      .map(({ side, at, market, ...rest }) => {
        // A limit into the opposite side, or a market order (limit at the far end of the price range).
        const limit = market ? (side === Side.Bid ? MAX_TICK : 1) : (side === Side.Bid ? ASK_TICKS : BID_TICKS)[at];
        return { kind: "match" as const, side, limit, ...rest };
      }),
  },
);

/** The revert's custom error name, or undefined when the call would succeed. */
async function errorOf(book: BookHarness, call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = data ? book.interface.parseError(data) : null;
    if (!parsed) throw e;
    return parsed.name;
  }
}

async function checkBook(book: BookHarness, model: BookModel, touched: [Set<number>, Set<number>]): Promise<void> {
  for (const side of [Side.Bid, Side.Ask]) {
    const ranks = [...touched[side]].map((t) => rankOf(side, t));
    const d = await book.dump(side, 1_000, 1_000, ranks);
    const best = model.best(side);
    expect(Number(d.best), `best of side ${side}`).to.equal(best);
    expect(d.hasLowest).to.equal(best !== 0);
    if (best !== 0) expect(Number(d.lowestRank)).to.equal(rankOf(side, best));

    expect(d.ticks.map(Number), `levels of side ${side}`).to.deep.equal(model.ticks(side));
    d.ticks.forEach((tick, i) => {
      const orders = model.levels[side].get(Number(tick))!;
      const level = decodeLevel(d.levels[i]);
      expect(level.count).to.equal(orders.length);
      expect(level.total).to.equal(orders.reduce((sum, o) => sum + o.remaining, 0n));
      expect(level.head).to.equal(decodeOrderId(orders[0].id).idx);
      expect(level.tail).to.equal(decodeOrderId(orders[orders.length - 1].id).idx);
      expect([...d.ids[i]], `FIFO at ${tick}`).to.deep.equal(orders.map((o) => o.id));
      d.records[i].forEach((raw, j) => {
        const r = decodeOrder(raw);
        const o = orders[j];
        expect([r.remaining, r.maker, r.expiry, r.flags]).to.deep.equal([o.remaining, o.maker, o.expiry, o.flags]);
      });
    });

    const words = model.bitmapWords(side);
    expect(d.root).to.equal(words.root);
    ranks.forEach((rank, i) => {
      expect(d.mids[i], `mid word of rank ${rank}`).to.equal(words.mids.get(rank >> 16) ?? 0n);
      expect(d.leaves[i], `leaf word of rank ${rank}`).to.equal(words.leaves.get(rank >> 8) ?? 0n);
    });
  }
}

async function step(
  book: BookHarness,
  model: BookModel,
  issued: bigint[],
  touched: [Set<number>, Set<number>],
  saved: (Front | undefined)[],
  op: Op,
): Promise<void> {
  switch (op.kind) {
    case "insert": {
      const args = [op.side, op.tick, op.maker, op.lots, op.expiry, op.flags] as const;
      const expected = model.insertError(op.side, op.tick, op.lots);
      const error = await errorOf(book, book.insert.staticCall(...args));
      expect(error, `insert ${JSON.stringify(op, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`).to.equal(expected);
      if (error) return;
      const id = await book.insert.staticCall(...args);
      await (await book.insert(...args)).wait();
      // The id names the level, was never issued before, and is later than every order already at the level.
      const parts = decodeOrderId(id);
      expect([parts.side, parts.tick]).to.deep.equal([op.side, op.tick]);
      expect(issued).to.not.include(id);
      for (const o of model.levels[op.side].get(op.tick) ?? [])
        expect(decodeOrderId(o.id).idx < parts.idx).to.equal(true);
      issued.push(id);
      touched[op.side].add(op.tick);
      model.insert(op.side, op.tick, { id, maker: op.maker, remaining: op.lots, expiry: op.expiry, flags: op.flags });
      return;
    }
    case "remove": {
      // Mostly a resting order; sometimes one already gone, or an id never issued.
      const live = [...model.live.keys()];
      const id = op.bogus
        ? encodeOrderId(Side.Ask, ASK_TICKS[op.pick % ASK_TICKS.length], 1n << 30n)
        : live.length > 0 && op.pick % 4 !== 0
          ? live[op.pick % live.length]
          : issued.length > 0
            ? issued[op.pick % issued.length]
            : 1n;
      const expected = model.live.has(id) ? undefined : "OrderNotFound";
      expect(await errorOf(book, book.remove.staticCall(id))).to.equal(expected);
      if (expected) return;
      const removed = decodeOrder(await book.remove.staticCall(id));
      await (await book.remove(id)).wait();
      const o = model.remove(id);
      expect([removed.remaining, removed.maker, removed.expiry]).to.deep.equal([o.remaining, o.maker, o.expiry]);
      return;
    }
    case "fill": {
      // A Front just peeked; or one peeked at an earlier step (it may have gone stale); or a fresh one altered to
      // name the second order of the level.
      const fresh = await peekFront(book, op.side);
      let f = op.front === "saved" ? (saved[op.side] ?? fresh) : fresh;
      saved[op.side] = fresh;
      const level = model.levels[op.side].get(Number(fresh.tick));
      if (op.front === "notHead" && level && level.length > 1) {
        f = { ...fresh, id: level[1].id, order: await book.getOrder(level[1].id) };
      }
      const remaining = decodeOrder(f.order).remaining;
      const lots = {
        one: 1n,
        all: remaining,
        over: remaining === MAX_U64 ? remaining : remaining + 1n,
        zero: 0n,
        some: remaining > 1n ? remaining / 2n : 1n,
      }[op.lots];
      // A Front may be filled only while it is exactly the model's front: same order, same record.
      const head = model.front(op.side);
      const current =
        head !== undefined &&
        head.id === f.id &&
        Number(f.tick) === model.best(op.side) &&
        decodeOrder(f.order).remaining === head.remaining;
      let expected: string | undefined;
      if (lots === 0n) expected = "ZeroQuantity";
      else if (f.order === 0n) expected = "OrderNotFound";
      else if (!current) expected = "StaleFront";
      else if (lots > remaining) expected = "FillExceedsOrder";
      const error = await errorOf(book, book.fill.staticCall(f, lots));
      // A saved Front that is still the front may be refused too (the header also moves with the index floor).
      if (f !== fresh && current && error === "StaleFront") return;
      expect(error, `fill (${op.front}) of ${f.id} by ${lots}`).to.equal(expected);
      if (expected) return;
      const after = decodeOrder(await book.fill.staticCall(f, lots));
      await (await book.fill(f, lots)).wait();
      expect(after.remaining).to.equal(model.fill(f.id, lots).remaining);
      return;
    }
    case "match": {
      const args = [op.side, op.limit, op.lots, op.maxSteps, op.taker, op.now, true] as const;
      const [filled, trace] = await book.matchOrders.staticCall(...args);
      await (await book.matchOrders(...args)).wait();
      const expected = model.match(op.side, op.limit, op.lots, op.maxSteps, op.taker, op.now);
      expect(filled).to.equal(expected.filled);
      expect(trace.filledIds.map((id, i) => [id, trace.filledLots[i]])).to.deep.equal(expected.fills);
      expect([...trace.removedIds]).to.deep.equal(expected.removed);
      return;
    }
  }
}

describe("OrderBook (stateful property)", function () {
  it("agrees with a price-time priority model after every step", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 25, maxLength: 60 }), async (ops) => {
        const { book } = await loadFixture(deployBook);
        const model = new BookModel();
        const issued: bigint[] = [];
        const touched: [Set<number>, Set<number>] = [new Set(), new Set()];
        const saved: (Front | undefined)[] = [undefined, undefined];
        for (const op of ops) {
          await step(book, model, issued, touched, saved, op);
          await checkBook(book, model, touched);
        }
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});
