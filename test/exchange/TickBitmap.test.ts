import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import fc from "fast-check";
import { deployBitmap } from "../helpers/book";

const MAX_RANK = 2 ** 24 - 1;
const RUNS = Number(process.env.BITMAP_FUZZ_RUNS ?? 25);

/** The words a set of ranks should produce. */
function expectedWords(members: Iterable<number>, rank: number): { root: bigint; mid: bigint; leaf: bigint } {
  let root = 0n;
  let mid = 0n;
  let leaf = 0n;
  for (const r of members) {
    root |= 1n << BigInt(r >> 16);
    if (r >> 16 === rank >> 16) mid |= 1n << BigInt((r >> 8) & 0xff);
    if (r >> 8 === rank >> 8) leaf |= 1n << BigInt(r & 0xff);
  }
  return { root, mid, leaf };
}

describe("TickBitmap", function () {
  describe("an empty set", function () {
    it("has no lowest member and nothing above any rank", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      expect(await bitmap.lowest()).to.deep.equal([false, 0n]);
      for (const r of [0, 1, 255, 65_535, MAX_RANK]) {
        expect(await bitmap.nextAbove(r)).to.deep.equal([false, 0n]);
        expect(await bitmap.isSet(r)).to.equal(false);
      }
      expect(await bitmap.words(0)).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("set and clear", function () {
    for (const rank of [0, 1, 255, 256, 65_535, 65_536, 8_421_504, MAX_RANK - 1, MAX_RANK]) {
      it(`rank ${rank}: sets one bit on each level, and clearing it zeroes all three words`, async function () {
        const { bitmap } = await loadFixture(deployBitmap);
        await bitmap.set(rank);
        expect(await bitmap.isSet(rank)).to.equal(true);
        expect(await bitmap.lowest()).to.deep.equal([true, BigInt(rank)]);
        const w = expectedWords([rank], rank);
        expect(await bitmap.words(rank)).to.deep.equal([w.root, w.mid, w.leaf]);
        if (rank > 0) expect(await bitmap.nextAbove(rank - 1)).to.deep.equal([true, BigInt(rank)]);
        expect(await bitmap.nextAbove(rank)).to.deep.equal([false, 0n]);

        await bitmap.clear(rank);
        expect(await bitmap.isSet(rank)).to.equal(false);
        expect(await bitmap.lowest()).to.deep.equal([false, 0n]);
        expect(await bitmap.words(rank)).to.deep.equal([0n, 0n, 0n]);
      });
    }

    it("keeps an upper bit while another member remains under it", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      // 300 and 400 share a mid word but not a leaf; 301 shares 300's leaf.
      await bitmap.batch([300, 301, 400], []);
      await bitmap.clear(300);
      expect(await bitmap.words(300)).to.deep.equal(Object.values(expectedWords([301, 400], 300)));
      await bitmap.clear(301);
      expect(await bitmap.words(300)).to.deep.equal(Object.values(expectedWords([400], 300)));
      expect(await bitmap.lowest()).to.deep.equal([true, 400n]);
      await bitmap.clear(400);
      expect(await bitmap.words(300)).to.deep.equal([0n, 0n, 0n]);
    });

    it("is idempotent: setting a member twice or clearing a non-member changes nothing", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      await bitmap.batch([70_000, 70_000], [5, 70_001, 9_000_000]);
      expect(await bitmap.members(10)).to.deep.equal([70_000n]);
      expect(await bitmap.words(70_000)).to.deep.equal(Object.values(expectedWords([70_000], 70_000)));
      expect(await bitmap.words(5)).to.deep.equal(Object.values(expectedWords([70_000], 5)));
    });
  });

  describe("lowest and nextAbove", function () {
    it("find a single bit at every position of a word, on every level", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      // Rank p * 257 puts bit p in leaf word p and bit p in mid word 0; rank p << 16 puts bit p in the root.
      const ranks = [...Array(256).keys()].flatMap((p) => [p * 257, p << 16]);
      const unique = [...new Set(ranks)].sort((a, b) => a - b);
      for (let i = 0; i < unique.length; i += 128) await bitmap.batch(unique.slice(i, i + 128), []);
      expect((await bitmap.members(1_000)).map(Number)).to.deep.equal(unique);
    });

    it("find every member of a full word in turn", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      const full = [...Array(256).keys()].map((p) => 0x12_3400 + p);
      await bitmap.batch(full.slice(0, 128), []);
      await bitmap.batch(full.slice(128), []);
      for (const p of [0, 1, 7, 127, 128, 254]) {
        expect(await bitmap.nextAbove(full[p])).to.deep.equal([true, BigInt(full[p + 1])]);
      }
      expect(await bitmap.nextAbove(full[255])).to.deep.equal([false, 0n]);
      expect(await bitmap.nextAbove(0x12_3400 - 1)).to.deep.equal([true, BigInt(full[0])]);
    });

    it("skip to the next leaf, the next mid word and the next root bit", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      await bitmap.batch([10, 600, 70_000, 9_000_000, MAX_RANK], []);
      expect(await bitmap.lowest()).to.deep.equal([true, 10n]);
      expect(await bitmap.nextAbove(10)).to.deep.equal([true, 600n]); // next leaf, same mid
      expect(await bitmap.nextAbove(600)).to.deep.equal([true, 70_000n]); // next mid word
      expect(await bitmap.nextAbove(65_535)).to.deep.equal([true, 70_000n]);
      expect(await bitmap.nextAbove(70_000)).to.deep.equal([true, 9_000_000n]); // far root bit
      expect(await bitmap.nextAbove(9_000_000)).to.deep.equal([true, BigInt(MAX_RANK)]);
      expect(await bitmap.nextAbove(MAX_RANK - 1)).to.deep.equal([true, BigInt(MAX_RANK)]);
      expect(await bitmap.nextAbove(MAX_RANK)).to.deep.equal([false, 0n]);
      // From a rank that is not a member, in the middle of a gap.
      expect(await bitmap.nextAbove(601)).to.deep.equal([true, 70_000n]);
      expect(await bitmap.nextAbove(0)).to.deep.equal([true, 10n]);
    });
  });

  describe("clearAndNextAbove", function () {
    it("clears like clear and answers like nextAbove, across leaf, mid and root words", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      const members = [10, 11, 600, 70_000, 9_000_000];
      await bitmap.batch(members, []);
      // Each step removes the lowest member and must name the next one, whichever word it sits in.
      for (let i = 0; i < members.length; i++) {
        const next = i + 1 < members.length ? [true, BigInt(members[i + 1])] : [false, 0n];
        expect(await bitmap.clearAndNextAbove.staticCall(members[i])).to.deep.equal(next);
        await bitmap.clearAndNextAbove(members[i]);
        expect(await bitmap.isSet(members[i])).to.equal(false);
        expect(await bitmap.words(members[i])).to.deep.equal(
          Object.values(expectedWords(members.slice(i + 1), members[i])),
        );
      }
      expect(await bitmap.lowest()).to.deep.equal([false, 0n]);
    });

    it("from a member that is not the lowest, keeps the members below", async function () {
      const { bitmap } = await loadFixture(deployBitmap);
      await bitmap.batch([5, 300, 301, MAX_RANK], []);
      expect(await bitmap.clearAndNextAbove.staticCall(300)).to.deep.equal([true, 301n]);
      await bitmap.clearAndNextAbove(300);
      await bitmap.clearAndNextAbove(301); // empties the leaf word; the next member is in the last root word
      expect((await bitmap.members(10)).map(Number)).to.deep.equal([5, MAX_RANK]);
      expect(await bitmap.words(300)).to.deep.equal(Object.values(expectedWords([5, MAX_RANK], 300)));
    });
  });

  it("property: after random sets and clears, members, nextAbove and the raw words match a plain set", async function () {
    // Ranks clustered so that words are shared, with some far away, at word and level edges.
    const pool = [0, 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 131_071, 0xab_cdef, MAX_RANK - 1, MAX_RANK];
    const rankArb = fc.oneof(fc.constantFrom(...pool), fc.integer({ min: 0, max: 1_000 }));
    const batchArb = fc.record({
      set: fc.array(rankArb, { maxLength: 6 }),
      clear: fc.array(rankArb, { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 6 }), rankArb, async (batches, probe) => {
        const { bitmap } = await loadFixture(deployBitmap);
        const model = new Set<number>();
        for (const b of batches) {
          await (await bitmap.batch(b.set, b.clear)).wait();
          b.set.forEach((r) => model.add(r));
          b.clear.forEach((r) => model.delete(r));
        }
        const sorted = [...model].sort((a, b) => a - b);
        expect((await bitmap.members(100)).map(Number)).to.deep.equal(sorted);
        const above = sorted.find((r) => r > probe);
        expect(await bitmap.nextAbove(probe)).to.deep.equal(above === undefined ? [false, 0n] : [true, BigInt(above)]);
        expect(await bitmap.isSet(probe)).to.equal(model.has(probe));
        // clearAndNextAbove answers like nextAbove and clears like clear.
        expect(await bitmap.clearAndNextAbove.staticCall(probe)).to.deep.equal(
          above === undefined ? [false, 0n] : [true, BigInt(above)],
        );
        await (await bitmap.clearAndNextAbove(probe)).wait();
        model.delete(probe);
        for (const r of new Set([probe, ...batches.flatMap((b) => [...b.set, ...b.clear])])) {
          expect(await bitmap.words(r)).to.deep.equal(Object.values(expectedWords(model, r)));
        }
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});
