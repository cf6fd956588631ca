import { loadFixture } from "../helpers/world";
import { expect } from "chai";
import { exchangeSeconds as sharedExchange, setFeesNow } from "../helpers/exchange";

// This file's own fixture function: loadFixture keys snapshots by function.
const exchangeSeconds = () => sharedExchange();

describe("Exchange admin: a cap cut and the scheduled fee change", () => {
  it("a cap lowered under a scheduled maker rate drops the scheduled change, its taker rate within the cap or not", async () => {
    const { exchange, actors } = await loadFixture(exchangeSeconds);
    await setFeesNow(exchange, actors.exchangeOp, 50, 10);
    // A cut of the maker rate and a raise of the taker rate: scheduled whole.
    await (await exchange.connect(actors.exchangeOp).setFees(30, 20)).wait();
    const [, , effectiveAt] = await exchange.pendingFees();
    expect(effectiveAt).to.be.greaterThan(0n);
    // 25: under the current maker rate (cut at once) and under the scheduled one (30), above the scheduled taker (20).
    await expect(exchange.connect(actors.steward).setFeeCap(25))
      .to.emit(exchange, "FeesSet")
      .withArgs(25, 10)
      .and.not.to.emit(exchange, "FeesScheduled");
    expect(await exchange.pendingFees()).to.deep.equal([0n, 0n, 0n]);
    expect(await exchange.fees()).to.deep.equal([25n, 10n, 25n]);
  });
});
