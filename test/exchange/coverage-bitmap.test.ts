import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { deployBitmap } from "../helpers/book";

describe("TickBitmap: clearAndNextAbove across leaves", function () {
  it("clearing a member whose leaf keeps lower members finds the next member in a later leaf, and leaves the lower ones set", async function () {
    const { bitmap } = await loadFixture(deployBitmap);
    // Leaf 0 holds 1 and 5; leaf 1 holds 300; leaf 256 (another mid word) holds 65,600.
    await (await bitmap.batch([1, 5, 300, 65_600], [])).wait();
    expect(await bitmap.clearAndNextAbove.staticCall(5)).to.deep.equal([true, 300n]);
    await (await bitmap.clearAndNextAbove(5)).wait();
    expect(await bitmap.members(10)).to.deep.equal([1n, 300n, 65_600n]);
    // Leaf 0 still has 1, so its bit in the mid word stays.
    const [, mid, leaf] = await bitmap.words(1);
    expect(leaf).to.equal(1n << 1n);
    expect(mid & 1n).to.equal(1n);
    // The same across mid words: 300's leaf empties, the next member is in the next mid word.
    expect(await bitmap.clearAndNextAbove.staticCall(300)).to.deep.equal([true, 65_600n]);
    // And with nothing above: not found.
    await (await bitmap.batch([7], [])).wait();
    expect(await bitmap.clearAndNextAbove.staticCall(65_600)).to.deep.equal([false, 0n]);
  });
});
