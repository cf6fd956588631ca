import { describe, expect, it } from "vitest";
import { costPreview, displayAmount, snapLots, snapPrice, type Grid } from "../src/core/units";
import { parseAmount, priceToTick, tickToPrice } from "../../lib/units";

// The demo's BOND/USD book: 1 lot = 1 BOND (6 decimals), a tick is 0.01 USD (18 decimals) per lot.
const grid: Grid = { tickSize: 10n ** 16n, lotSize: 10n ** 6n, baseDecimals: 6, quoteDecimals: 18 };

describe("units: the shared library's conversions, imported by the console", () => {
  it("reads prices and amounts exactly (lib/units.ts)", () => {
    expect(priceToTick(grid, "101.5")).toBe(10_150n);
    expect(tickToPrice(grid, 10_150n)).toBe("101.5");
    expect(parseAmount("12.5", 6)).toBe(12_500_000n);
    expect(() => parseAmount("1.1234567", 6)).toThrow(/6/);
  });
});

describe("tick snapping", () => {
  it("leaves a price on the grid alone", () => {
    expect(snapPrice(grid, "100.25", "bid")).toEqual({ value: 10_025n, text: "100.25", snapped: false });
  });
  it("rounds a bid down and an ask up: never worse than typed", () => {
    expect(snapPrice(grid, "100.257", "bid")).toEqual({ value: 10_025n, text: "100.25", snapped: true });
    expect(snapPrice(grid, "100.251", "ask")).toEqual({ value: 10_026n, text: "100.26", snapped: true });
  });
  it("keeps the tick within 1..2^24-1", () => {
    expect(snapPrice(grid, "0.001", "bid")?.value).toBe(1n);
    expect(snapPrice(grid, "99999999", "ask")?.value).toBe(2n ** 24n - 1n);
  });
  it("refuses what is not a price", () => {
    expect(snapPrice(grid, "abc", "bid")).toBeUndefined();
    expect(snapPrice(grid, "-1", "bid")).toBeUndefined();
  });
});

describe("lot snapping", () => {
  it("takes whole lots, rounding down", () => {
    expect(snapLots(grid, "3")).toEqual({ value: 3n, text: "3", snapped: false });
    expect(snapLots(grid, "3.7")).toEqual({ value: 3n, text: "3", snapped: true });
    expect(snapLots(grid, "0.5")).toEqual({ value: 0n, text: "0", snapped: true });
  });
  it("cuts more decimal places than the token has, downwards", () => {
    const fine: Grid = { ...grid, lotSize: 1n };
    expect(snapLots(fine, "1.0000019")).toEqual({ value: 1_000_001n, text: "1.000001", snapped: true });
  });
});

describe("cost preview", () => {
  it("a bid pays quote for base; the taker fee comes off what it receives, rounded up", () => {
    const p = costPreview(grid, "bid", 10_100n, 2n, 10, 300n * 10n ** 18n);
    expect(p.locks).toBe(202n * 10n ** 18n); // 2 lots at 101.00
    expect(p.lockToken).toBe("quote");
    expect(p.receives).toBe(2_000_000n);
    expect(p.maxFee).toBe(2_000n); // 0.1% of 2 BOND
    expect(p.covered).toBe(true);
  });
  it("an ask sets aside base and says when the balance does not cover it", () => {
    const p = costPreview(grid, "ask", 9_900n, 5n, 25, 4_000_000n);
    expect(p.locks).toBe(5_000_000n);
    expect(p.receiveToken).toBe("quote");
    expect(p.receives).toBe(495n * 10n ** 18n);
    expect(p.covered).toBe(false);
  });
});

describe("display", () => {
  it("groups whole digits in the locale and keeps every decimal", () => {
    expect(displayAmount(1_234_567_500_000n, 6, "en-US")).toBe("1,234,567.5");
    expect(displayAmount(1_234_567_500_000n, 6, "de-DE")).toBe("1.234.567,5");
    expect(displayAmount(-5n, 6, "en-US")).toBe("-0.000005");
  });
});
