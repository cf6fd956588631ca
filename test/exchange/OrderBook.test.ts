import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import {
  MAX_TICK,
  Side,
  decodeBookState,
  decodeLevel,
  decodeOrder,
  decodeOrderId,
  deployBook,
  encodeBookState,
  encodeLevel,
  encodeOrderId,
  levelOf,
  levelOrders,
  peekFront,
  place,
  rankOf,
  ticksOf,
} from "../helpers/book";

const MAX_U64 = 2n ** 64n - 1n;
const MAX_IDX = 2n ** 39n - 1n;

async function idxsAt(book: Awaited<ReturnType<typeof deployBook>>["book"], side: Side, tick: number) {
  return (await levelOrders(book, side, tick)).map((o) => o.idx);
}

describe("OrderBook", function () {
  describe("insert", function () {
    it("rests the first order of a level: id, record, level, best and bitmap bit", async function () {
      const { book } = await loadFixture(deployBook);
      const id = await place(book, Side.Bid, 1_000, 7n, 42n, 1_700_000_000n, 0xa5);
      expect(decodeOrderId(id)).to.deep.equal({ side: Side.Bid, tick: 1_000, idx: 1n });
      expect(decodeOrder(await book.getOrder(id))).to.deep.equal({
        remaining: 7n,
        maker: 42n,
        expiry: 1_700_000_000n,
        prev: 0n,
        next: 0n,
        flags: 0xa5,
      });
      expect(await levelOf(book, Side.Bid, 1_000)).to.deep.equal({
        total: 7n,
        count: 1,
        head: 1n,
        tail: 1n,
        nextIdx: 2n,
      });
      expect(await book.best(Side.Bid)).to.equal(1_000n);
      expect(await book.best(Side.Ask)).to.equal(0n);
      const [, , leaf] = await book.bitmapWords(Side.Bid, rankOf(Side.Bid, 1_000));
      expect(leaf).to.equal(1n << BigInt(rankOf(Side.Bid, 1_000) & 0xff));
    });

    it("appends later arrivals at the tail (time priority) without touching the earlier orders", async function () {
      const { book } = await loadFixture(deployBook);
      const a = await place(book, Side.Ask, 500, 3n, 1n);
      const before = await book.getOrder(a);
      const b = await place(book, Side.Ask, 500, 4n, 2n);
      const c = await place(book, Side.Ask, 500, 5n, 3n);
      expect(await book.getOrder(a)).to.equal(before); // implicit forward link: the old tail is not written
      expect((await levelOrders(book, Side.Ask, 500)).map((o) => [o.id, o.remaining, o.maker])).to.deep.equal([
        [a, 3n, 1n],
        [b, 4n, 2n],
        [c, 5n, 3n],
      ]);
      expect(await levelOf(book, Side.Ask, 500)).to.deep.equal({
        total: 12n,
        count: 3,
        head: 1n,
        tail: 3n,
        nextIdx: 4n,
      });
      expect(decodeOrder(await book.getOrder(c)).prev).to.equal(2n);
    });

    it("moves the best only for a better price, on each side independently", async function () {
      const { book } = await loadFixture(deployBook);
      await place(book, Side.Bid, 100, 1n);
      await place(book, Side.Bid, 90, 1n); // worse bid
      expect(await book.best(Side.Bid)).to.equal(100n);
      await place(book, Side.Bid, 110, 1n); // better bid
      expect(await book.best(Side.Bid)).to.equal(110n);
      await place(book, Side.Ask, 200, 1n);
      await place(book, Side.Ask, 210, 1n); // worse ask
      expect(await book.best(Side.Ask)).to.equal(200n);
      await place(book, Side.Ask, 150, 1n); // better ask
      expect(await book.best(Side.Ask)).to.equal(150n);
      expect(await book.best(Side.Bid)).to.equal(110n);
      expect(await ticksOf(book, Side.Bid)).to.deep.equal([110, 100, 90]);
      expect(await ticksOf(book, Side.Ask)).to.deep.equal([150, 200, 210]);
    });

    it("accepts the extreme ticks 1 and 2^24 - 1 and the largest quantity", async function () {
      const { book } = await loadFixture(deployBook);
      await place(book, Side.Bid, 1, MAX_U64);
      await place(book, Side.Bid, 1, MAX_U64);
      await place(book, Side.Ask, MAX_TICK, MAX_U64);
      expect(await book.best(Side.Bid)).to.equal(1n);
      expect(await book.best(Side.Ask)).to.equal(BigInt(MAX_TICK));
      expect((await levelOf(book, Side.Bid, 1)).total).to.equal(2n * MAX_U64); // totals exceed 64 bits
      expect(await book.nextLevel(Side.Bid, 1)).to.equal(0n);
      expect(await book.nextLevel(Side.Ask, MAX_TICK)).to.equal(0n);
    });

    it("reverts on tick 0, zero lots, and an order that would cross the opposite best", async function () {
      const { book } = await loadFixture(deployBook);
      await expect(book.insert(Side.Bid, 0, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "InvalidTick")
        .withArgs(0);
      await expect(book.insert(Side.Ask, 5, 1n, 0n, 0n, 0)).to.be.revertedWithCustomError(book, "ZeroQuantity");
      await place(book, Side.Bid, 100, 1n);
      await place(book, Side.Ask, 105, 1n);
      await expect(book.insert(Side.Bid, 105, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "CrossesBook")
        .withArgs(Side.Bid, 105, 105);
      await expect(book.insert(Side.Bid, 200, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "CrossesBook")
        .withArgs(Side.Bid, 200, 105);
      await expect(book.insert(Side.Ask, 100, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "CrossesBook")
        .withArgs(Side.Ask, 100, 100);
      await expect(book.insert(Side.Ask, 1, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "CrossesBook")
        .withArgs(Side.Ask, 1, 100);
      // Inside the spread is fine on both sides.
      await place(book, Side.Bid, 101, 1n);
      await place(book, Side.Ask, 102, 1n);
      expect([await book.best(Side.Bid), await book.best(Side.Ask)]).to.deep.equal([101n, 102n]);
    });

    it("reverts LevelFull when a level already holds 2^32 - 1 orders", async function () {
      const { book } = await loadFixture(deployBook);
      await place(book, Side.Ask, 700, 1n);
      const full = { total: 1n, count: 2 ** 32 - 1, head: 1n, tail: 1n, nextIdx: 2n };
      await book.forceLevel(Side.Ask, 700, encodeLevel(full));
      await expect(book.insert(Side.Ask, 700, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "LevelFull")
        .withArgs(Side.Ask, 700);
    });

    it("reverts OrderIdsExhausted once every index an id can carry is used", async function () {
      const { book } = await loadFixture(deployBook);
      // An existing level whose next index is the last one: one more order fits, then none.
      const id = await place(book, Side.Bid, 300, 1n);
      await book.forceLevel(Side.Bid, 300, encodeLevel({ total: 1n, count: 1, head: 1n, tail: 1n, nextIdx: MAX_IDX }));
      const last = await place(book, Side.Bid, 300, 1n);
      expect(decodeOrderId(last).idx).to.equal(MAX_IDX);
      expect(id).to.not.equal(last);
      await expect(book.insert(Side.Bid, 300, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "OrderIdsExhausted")
        .withArgs(Side.Bid, 300);
      // A new level starts at the floor, which can be exhausted too.
      await book.forceState(encodeBookState({ bestBid: 300, bestAsk: 0, idxFloor: MAX_IDX + 1n, venueData: 0n }));
      await expect(book.insert(Side.Ask, 900, 1n, 1n, 0n, 0))
        .to.be.revertedWithCustomError(book, "OrderIdsExhausted")
        .withArgs(Side.Ask, 900);
    });
  });

  describe("remove", function () {
    async function threeAtOneLevel() {
      const { book } = await deployBook();
      const ids = [
        await place(book, Side.Ask, 500, 3n, 1n),
        await place(book, Side.Ask, 500, 4n, 2n),
        await place(book, Side.Ask, 500, 5n, 3n),
      ];
      await place(book, Side.Ask, 510, 9n, 4n); // a worse level behind
      return { book, ids };
    }

    it("removes the head: the next order leads and the aggregate drops", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      const removed = await book.remove.staticCall(ids[0]);
      expect(decodeOrder(removed)).to.include({ remaining: 3n, maker: 1n });
      await book.remove(ids[0]);
      expect(await idxsAt(book, Side.Ask, 500)).to.deep.equal([2n, 3n]);
      expect(await levelOf(book, Side.Ask, 500)).to.include({ total: 9n, count: 2, head: 2n, tail: 3n });
      expect(await book.getOrder(ids[0])).to.equal(0n);
      const f = await book.peek(Side.Ask);
      expect([f.tick, f.id]).to.deep.equal([500n, ids[1]]);
    });

    it("removes from the middle in O(1): its neighbours are linked to each other", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      await book.remove(ids[1]);
      expect(await idxsAt(book, Side.Ask, 500)).to.deep.equal([1n, 3n]);
      expect(decodeOrder(await book.getOrder(ids[0])).next).to.equal(3n);
      expect(decodeOrder(await book.getOrder(ids[2])).prev).to.equal(1n);
      expect(await levelOf(book, Side.Ask, 500)).to.include({ total: 8n, count: 2, head: 1n, tail: 3n });
    });

    it("removes the tail, and a later arrival still links behind the new tail", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      await book.remove(ids[2]);
      expect(await levelOf(book, Side.Ask, 500)).to.include({ total: 7n, count: 2, head: 1n, tail: 2n, nextIdx: 4n });
      const d = await place(book, Side.Ask, 500, 6n, 5n);
      expect(decodeOrderId(d).idx).to.equal(4n);
      expect(await idxsAt(book, Side.Ask, 500)).to.deep.equal([1n, 2n, 4n]);
      // And then the middle one: 1 -> 4 across two gaps.
      await book.remove(ids[1]);
      expect(await idxsAt(book, Side.Ask, 500)).to.deep.equal([1n, 4n]);
      await book.remove(ids[0]);
      expect(await idxsAt(book, Side.Ask, 500)).to.deep.equal([4n]);
      expect(await levelOf(book, Side.Ask, 500)).to.include({ total: 6n, count: 1, head: 4n, tail: 4n });
    });

    it("removes the last order of the best level: level, bit and best move on", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      for (const id of ids) await book.remove(id);
      expect(await book.getLevel(Side.Ask, 500)).to.equal(0n);
      const [, , leaf] = await book.bitmapWords(Side.Ask, 500);
      expect(leaf & (1n << BigInt(500 & 0xff))).to.equal(0n);
      expect(await book.best(Side.Ask)).to.equal(510n);
      expect(await ticksOf(book, Side.Ask)).to.deep.equal([510]);
      const f = await book.peek(Side.Ask);
      expect(f.tick).to.equal(510n);
      await book.remove(f.id);
      expect(await book.best(Side.Ask)).to.equal(0n);
      expect(await book.bitmapWords(Side.Ask, 510)).to.deep.equal([0n, 0n, 0n]);
      expect((await book.peek(Side.Ask)).tick).to.equal(0n);
    });

    it("removes the last order of a level behind the best without moving the best", async function () {
      const { book } = await loadFixture(threeAtOneLevel);
      const [behind] = await book.head(Side.Ask, 510);
      await book.remove(behind);
      expect(await book.best(Side.Ask)).to.equal(500n);
      expect(await ticksOf(book, Side.Ask)).to.deep.equal([500]);
    });

    it("never reuses an id: a level emptied and created again continues above the old indexes", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      for (const id of ids) await book.remove(id);
      expect(decodeBookState(await book.state()).idxFloor).to.equal(4n);
      const again = await place(book, Side.Ask, 500, 1n);
      expect(decodeOrderId(again).idx).to.equal(4n);
      expect(ids).to.not.include(again);
      // Any level created later starts at the floor too (ids stay unique per level, which is all that is needed).
      const elsewhere = await place(book, Side.Bid, 100, 1n);
      expect(decodeOrderId(elsewhere).idx).to.equal(4n);
    });

    it("reverts OrderNotFound for an id never issued, already removed, or naming another level", async function () {
      const { book, ids } = await loadFixture(threeAtOneLevel);
      await book.remove(ids[0]);
      for (const id of [ids[0], encodeOrderId(Side.Ask, 500, 99n), encodeOrderId(Side.Bid, 500, 2n), 0n]) {
        await expect(book.remove(id)).to.be.revertedWithCustomError(book, "OrderNotFound").withArgs(id);
      }
    });
  });

  describe("peek and fill", function () {
    async function twoLevels() {
      const { book } = await deployBook();
      const a = await place(book, Side.Bid, 100, 10n, 1n);
      const b = await place(book, Side.Bid, 100, 20n, 2n);
      const c = await place(book, Side.Bid, 99, 30n, 3n);
      return { book, a, b, c };
    }

    it("peek returns the best level's head with its record, the level and the header", async function () {
      const { book, a } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      expect(f.tick).to.equal(100n);
      expect(f.id).to.equal(a);
      expect(f.order).to.equal(await book.getOrder(a));
      expect(f.level).to.equal(await book.getLevel(Side.Bid, 100));
      expect(f.state).to.equal(await book.state());
      expect(await peekFront(book, Side.Ask)).to.deep.equal({ tick: 0n, id: 0n, order: 0n, level: 0n, state: 0n });
    });

    it("fills part of the head: it keeps its place and the level total drops", async function () {
      const { book, a } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      const after = await book.fill.staticCall(f, 4n);
      expect(decodeOrder(after)).to.include({ remaining: 6n, maker: 1n });
      await book.fill(f, 4n);
      expect(decodeOrder(await book.getOrder(a)).remaining).to.equal(6n);
      expect(await levelOf(book, Side.Bid, 100)).to.include({ total: 26n, count: 2, head: 1n });
      expect((await peekFront(book, Side.Bid)).id).to.equal(a);
    });

    it("fills the head completely: it leaves and the next order leads", async function () {
      const { book, a, b } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      expect(decodeOrder(await book.fill.staticCall(f, 10n)).remaining).to.equal(0n);
      await book.fill(f, 10n);
      expect(await book.getOrder(a)).to.equal(0n);
      expect((await peekFront(book, Side.Bid)).id).to.equal(b);
      expect(await levelOf(book, Side.Bid, 100)).to.include({ total: 20n, count: 1, head: 2n, tail: 2n });
    });

    it("fills the last order of the best level: the best moves to the next level", async function () {
      const { book, c } = await loadFixture(twoLevels);
      await book.fill(await peekFront(book, Side.Bid), 10n);
      await book.fill(await peekFront(book, Side.Bid), 20n);
      expect(await book.best(Side.Bid)).to.equal(99n);
      expect((await peekFront(book, Side.Bid)).id).to.equal(c);
      await book.fill(await peekFront(book, Side.Bid), 30n);
      expect(await book.best(Side.Bid)).to.equal(0n);
      expect(await ticksOf(book, Side.Bid)).to.deep.equal([]);
    });

    it("refuses a Front whose level changed since peek (a fill, a removal, an arrival)", async function () {
      const { book, a, b } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      await book.fill(f, 1n);
      await expect(book.fill(f, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(a);
      const g = await peekFront(book, Side.Bid);
      await book.remove(b);
      await expect(book.fill(g, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(a);
      const h = await peekFront(book, Side.Bid);
      await place(book, Side.Bid, 100, 5n);
      await expect(book.fill(h, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(a);
    });

    it("refuses a Front whose best price changed, even with its level untouched", async function () {
      const { book, a } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      await place(book, Side.Bid, 101, 5n); // a better bid arrives: `a` is no longer at the front
      await expect(book.fill(f, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(a);
    });

    it("refuses a Front naming an order other than the level's head", async function () {
      const { book, b } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      const forged = { tick: f.tick, id: b, order: await book.getOrder(b), level: f.level, state: f.state };
      await expect(book.fill(forged, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(b);
    });

    it("reverts on zero lots, more lots than remain, and an empty Front", async function () {
      const { book, a } = await loadFixture(twoLevels);
      const f = await peekFront(book, Side.Bid);
      await expect(book.fill(f, 0n)).to.be.revertedWithCustomError(book, "ZeroQuantity");
      await expect(book.fill(f, 11n)).to.be.revertedWithCustomError(book, "FillExceedsOrder").withArgs(a, 11n, 10n);
      const empty = await peekFront(book, Side.Ask);
      await expect(book.fill(empty, 1n)).to.be.revertedWithCustomError(book, "OrderNotFound").withArgs(0n);
    });

    it("updates the Front in memory: a partial fill can be followed by another, a complete one cannot", async function () {
      const { book, a } = await loadFixture(twoLevels);
      const after = await book.peekAndFillTwice.staticCall(Side.Bid, 4n, 6n);
      expect(decodeOrder(after).remaining).to.equal(0n);
      await book.peekAndFillTwice(Side.Bid, 4n, 6n);
      expect(await book.getOrder(a)).to.equal(0n);
      expect(await levelOf(book, Side.Bid, 100)).to.include({ total: 20n, count: 1 });
      await expect(book.peekAndFillTwice(Side.Bid, 20n, 1n))
        .to.be.revertedWithCustomError(book, "OrderNotFound")
        .withArgs((await peekFront(book, Side.Bid)).id);
    });
  });

  describe("venue data", function () {
    it("keeps the venue's 128 bits through every header write, and a change makes earlier Fronts stale", async function () {
      const { book } = await loadFixture(deployBook);
      const data = (1n << 128n) - 3n;
      await book.setVenueData(data);
      expect(await book.venueData()).to.equal(data);
      const a = await place(book, Side.Ask, 500, 5n); // new best: header written
      await place(book, Side.Bid, 400, 5n);
      await book.remove(a); // level emptied: best and floor written
      expect(decodeBookState(await book.state())).to.deep.equal({
        bestBid: 400,
        bestAsk: 0,
        idxFloor: 2n,
        venueData: data,
      });
      const f = await peekFront(book, Side.Bid);
      await book.setVenueData(7n);
      await expect(book.fill(f, 1n)).to.be.revertedWithCustomError(book, "StaleFront").withArgs(f.id);
      await book.fill(await peekFront(book, Side.Bid), 5n);
      expect(decodeBookState(await book.state())).to.deep.equal({
        bestBid: 0,
        bestAsk: 0,
        idxFloor: 2n,
        venueData: 7n,
      });
    });
  });

  describe("views", function () {
    async function spread() {
      const { book } = await deployBook();
      // Bids straddle a leaf boundary (rank 2^24-1-tick crosses a multiple of 256 between ticks 256 and 255) and a
      // mid-word boundary (ticks 65536 / 65535); asks sit in three different root words.
      for (const t of [65_536, 65_535, 256, 255, 3]) await place(book, Side.Bid, t, BigInt(t % 7) + 1n);
      for (const t of [70_000, 70_001, 140_000, 9_000_000]) await place(book, Side.Ask, t, 2n);
      await place(book, Side.Ask, 70_000, 5n);
      return { book };
    }

    it("nextLevel walks each side outward from any tick, across word and level boundaries", async function () {
      const { book } = await loadFixture(spread);
      const walk = async (side: Side) => {
        const out: number[] = [];
        for (let t = Number(await book.best(side)); t !== 0; t = Number(await book.nextLevel(side, t))) out.push(t);
        return out;
      };
      expect(await walk(Side.Bid)).to.deep.equal([65_536, 65_535, 256, 255, 3]);
      expect(await walk(Side.Ask)).to.deep.equal([70_000, 70_001, 140_000, 9_000_000]);
      expect(await book.nextLevel(Side.Bid, 60_000)).to.equal(256n); // from a tick with no level
      expect(await book.nextLevel(Side.Ask, 100_000)).to.equal(140_000n);
      expect(await book.nextLevel(Side.Bid, 3)).to.equal(0n);
      expect(await book.nextLevel(Side.Ask, 9_000_000)).to.equal(0n);
    });

    it("depth returns at most the requested number of levels with their aggregates", async function () {
      const { book } = await loadFixture(spread);
      const [ticks, levels] = await book.depth(Side.Ask, 2);
      expect(ticks).to.deep.equal([70_000n, 70_001n]);
      expect(levels.map((l) => decodeLevel(l)).map((l) => [l.count, l.total])).to.deep.equal([
        [2, 7n],
        [1, 2n],
      ]);
      expect((await book.depth(Side.Ask, 100))[0].length).to.equal(4);
      expect((await book.depth(Side.Bid, 0))[0].length).to.equal(0);
      const { book: empty } = await deployBook();
      expect(await empty.depth(Side.Bid, 5)).to.deep.equal([[], []]);
    });

    it("head, getLevel, getOrder and ordersAt read one level; empty levels read as zero", async function () {
      const { book } = await loadFixture(spread);
      const [id, record] = await book.head(Side.Ask, 70_000);
      expect(decodeOrderId(id)).to.include({ side: Side.Ask, tick: 70_000 });
      expect(await book.getOrder(id)).to.equal(record);
      expect(await book.head(Side.Ask, 70_002)).to.deep.equal([0n, 0n]);
      expect(await book.getLevel(Side.Ask, 70_002)).to.equal(0n);
      const [ids] = await book.ordersAt(Side.Ask, 70_000, 1);
      expect(ids).to.deep.equal([id]);
      expect((await book.ordersAt(Side.Ask, 70_000, 10))[0].length).to.equal(2);
      expect((await book.ordersAt(Side.Ask, 70_002, 10))[0].length).to.equal(0);
      const f = await book.peek(Side.Bid);
      expect(f.tick).to.equal(65_536n);
      expect([f.id, f.order]).to.deep.equal(await book.head(Side.Bid, 65_536));
    });
  });

  describe("matchOrders (the venue-shaped matching probe)", function () {
    async function asks() {
      const { book } = await deployBook();
      const ids = {
        a1: await place(book, Side.Ask, 100, 5n, 1n),
        a2: await place(book, Side.Ask, 100, 5n, 2n),
        b1: await place(book, Side.Ask, 101, 5n, 3n, 1_000n),
        c1: await place(book, Side.Ask, 103, 5n, 4n),
      };
      return { book, ids };
    }

    async function run(
      book: Awaited<ReturnType<typeof deployBook>>["book"],
      args: [Side, number, bigint, number, bigint, bigint],
    ) {
      const [filled, trace] = await book.matchOrders.staticCall(...args, true);
      await (await book.matchOrders(...args, true)).wait();
      return {
        filled,
        fills: trace.filledIds.map((id, i) => [id, trace.filledLots[i]]),
        removed: [...trace.removedIds],
      };
    }

    it("fills in price-time priority across levels and stops at the limit", async function () {
      const { book, ids } = await loadFixture(asks);
      const r = await run(book, [Side.Bid, 101, 100n, 10, 0n, 0n]);
      expect(r.filled).to.equal(15n);
      expect(r.fills).to.deep.equal([
        [ids.a1, 5n],
        [ids.a2, 5n],
        [ids.b1, 5n],
      ]);
      expect(await book.best(Side.Ask)).to.equal(103n);
    });

    it("fills the last order partially when the taker runs out", async function () {
      const { book, ids } = await loadFixture(asks);
      const r = await run(book, [Side.Bid, MAX_TICK, 7n, 10, 0n, 0n]);
      expect(r.fills).to.deep.equal([
        [ids.a1, 5n],
        [ids.a2, 2n],
      ]);
      expect(decodeOrder(await book.getOrder(ids.a2)).remaining).to.equal(3n);
    });

    it("removes its own resting orders (self-trade) and expired ones, and stops after maxSteps", async function () {
      const { book, ids } = await loadFixture(asks);
      // Taker is account 2; at time 1,000 the order b1 (expiry 1,000) has expired.
      const r = await run(book, [Side.Bid, MAX_TICK, 100n, 4, 2n, 1_000n]);
      expect(r.fills).to.deep.equal([
        [ids.a1, 5n],
        [ids.c1, 5n],
      ]);
      expect(r.removed).to.deep.equal([ids.a2, ids.b1]);
      expect(await book.best(Side.Ask)).to.equal(0n);
      const { book: other, ids: ids2 } = await asks();
      const capped = await run(other, [Side.Bid, MAX_TICK, 100n, 1, 0n, 0n]);
      expect(capped.fills).to.deep.equal([[ids2.a1, 5n]]);
    });

    it("sells into bids from the highest down", async function () {
      const { book } = await deployBook();
      const low = await place(book, Side.Bid, 90, 5n, 1n);
      const high = await place(book, Side.Bid, 95, 5n, 2n);
      const r = await run(book, [Side.Ask, 90, 8n, 10, 0n, 0n]);
      expect(r.fills).to.deep.equal([
        [high, 5n],
        [low, 3n],
      ]);
      const none = await run(book, [Side.Ask, 91, 8n, 10, 0n, 0n]); // the remaining bid is below the limit
      expect(none.fills).to.deep.equal([]);
    });
  });
});
