import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { exchangeSeconds, setFeesNow } from "../helpers/exchange";

describe("Exchange admin: the fee cap and the operator's rates", () => {
  it("no GOVERN holder, the root included, sets a cap above MAX_FEE_BPS (FeeAboveCap with the ceiling)", async () => {
    const { exchange, actors, regulator } = await loadFixture(exchangeSeconds);
    const max = 1000n; // MAX_FEE_BPS: 10%
    for (const who of [actors.steward, regulator]) {
      await expect(exchange.connect(who).setFeeCap(max + 1n))
        .to.be.revertedWithCustomError(exchange, "FeeAboveCap")
        .withArgs(max + 1n, max);
    }
    await expect(exchange.connect(regulator).setFeeCap(max)).to.emit(exchange, "FeeCapSet").withArgs(max, regulator, 0);
  });

  it("a higher rank lowering a cap a lower rank lowered takes the bar over: the lower rank can no longer raise it", async () => {
    const { exchange, actors, regulator } = await loadFixture(exchangeSeconds);
    const { steward } = actors; // GOVERN at depth 1; the regulator is the root (depth 0)
    await expect(exchange.connect(steward).setFeeCap(50)).to.emit(exchange, "FeeCapSet").withArgs(50, steward, 1);
    // Its own lowering binds nobody above it: the steward could raise it back now, but the regulator lowers first.
    await expect(exchange.connect(regulator).setFeeCap(40)).to.emit(exchange, "FeeCapSet").withArgs(40, regulator, 0);
    await expect(exchange.connect(steward).setFeeCap(45))
      .to.be.revertedWithCustomError(exchange, "FeeCapSetByHigherAuthority")
      .withArgs(0, 1);
    expect((await exchange.fees()).capBps).to.equal(40n);
    // Lowering stays open to every rank, and leaves the regulator's bar in place.
    await (await exchange.connect(steward).setFeeCap(30)).wait();
    await expect(exchange.connect(steward).setFeeCap(40)).to.be.revertedWithCustomError(
      exchange,
      "FeeCapSetByHigherAuthority",
    );
    // The regulator's raise lifts the bar.
    await (await exchange.connect(regulator).setFeeCap(60)).wait();
    await expect(exchange.connect(steward).setFeeCap(70)).to.emit(exchange, "FeeCapSet").withArgs(70, steward, 1);
  });

  it("a cap lowered under the maker rate lowers the maker rate on every book, and leaves a taker rate within it alone", async () => {
    const { exchange, actors, regulator, pairId } = await loadFixture(exchangeSeconds);
    await setFeesNow(exchange, actors.exchangeOp, 30, 5);
    await expect(exchange.connect(actors.steward).setFeeCap(20)).to.emit(exchange, "FeesSet").withArgs(20, 5);
    expect(await exchange.fees()).to.deep.equal([20n, 5n, 20n]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([20n, 5n]);
    // Both above the new cap: both come down to it.
    await setFeesNow(exchange, actors.exchangeOp, 15, 18);
    await expect(exchange.connect(actors.steward).setFeeCap(10)).to.emit(exchange, "FeesSet").withArgs(10, 10);
    expect(await exchange.feeRates(pairId)).to.deep.equal([10n, 10n]);
    // Neither above it: the rates stay and no FeesSet is logged.
    await expect(exchange.connect(actors.steward).setFeeCap(10)).not.to.emit(exchange, "FeesSet");
    await expect(exchange.connect(regulator).setFeeCap(200)).not.to.emit(exchange, "FeesSet");
    expect(await exchange.fees()).to.deep.equal([10n, 10n, 200n]);
  });

  it("the operator's taker rate, like its maker rate, must be within the cap (FeeAboveCap with the cap); nothing changes", async () => {
    const { exchange, actors, pairId } = await loadFixture(exchangeSeconds);
    await setFeesNow(exchange, actors.exchangeOp, 5, 10);
    await expect(exchange.connect(actors.exchangeOp).setFees(5, 101))
      .to.be.revertedWithCustomError(exchange, "FeeAboveCap")
      .withArgs(101, 100);
    await expect(exchange.connect(actors.exchangeOp).setFees(101, 5))
      .to.be.revertedWithCustomError(exchange, "FeeAboveCap")
      .withArgs(101, 100);
    expect(await exchange.fees()).to.deep.equal([5n, 10n, 100n]);
    expect(await exchange.feeRates(pairId)).to.deep.equal([5n, 10n]);
    await expect(exchange.connect(actors.exchangeOp).setFees(100, 100)).to.emit(exchange, "FeesScheduled");
  });
});
