/**
 * Order entry's arithmetic over lib/units.ts (the one definition of a book's grid: lots, ticks, decimals), with what
 * a form needs on top: snapping a typed price or amount onto the grid in the direction that never costs the user
 * more than they typed, and the cost of an order before it is sent. Pure bigint arithmetic; nothing is rounded up in
 * the user's disfavour.
 */
import { MAX_TICK } from "../../../lib/book";
import { formatAmount, parseDecimal, tickToPrice, type Grid } from "../../../lib/units";

export { formatAmount, parseAmount, priceStep, tickToPrice, lotsToAmount, type Grid } from "../../../lib/units";

export type SideName = "bid" | "ask";

export type Snapped<T> = { value: T; text: string; snapped: boolean };

/**
 * The tick of a typed price, snapped onto the grid: a bid down (it never pays more than typed), an ask up (it never
 * sells for less), within 1..MAX_TICK. Undefined when the text is not a price.
 */
export function snapPrice(grid: Grid, text: string, side: SideName): Snapped<bigint> | undefined {
  let parsed: { num: bigint; places: number };
  try {
    parsed = parseDecimal(text, "price");
  } catch {
    return undefined;
  }
  const numerator = parsed.num * 10n ** BigInt(grid.quoteDecimals) * grid.lotSize;
  const denominator = 10n ** BigInt(parsed.places) * 10n ** BigInt(grid.baseDecimals) * grid.tickSize;
  const below = numerator / denominator;
  const exact = numerator % denominator === 0n;
  let tick = exact || side === "bid" ? below : below + 1n;
  if (tick < 1n) tick = 1n;
  if (tick > BigInt(MAX_TICK)) tick = BigInt(MAX_TICK);
  const onGrid = exact && tick === below;
  return { value: tick, text: tickToPrice(grid, tick), snapped: !onGrid };
}

/** The whole lots of a typed base amount, rounded down (never more than typed). Undefined when not an amount. */
export function snapLots(grid: Grid, text: string): Snapped<bigint> | undefined {
  let parsed: { num: bigint; places: number };
  try {
    parsed = parseDecimal(text, "amount");
  } catch {
    return undefined;
  }
  // base smallest units, exact when places <= decimals; more places than the token has are cut (rounded down).
  const scale = BigInt(grid.baseDecimals) - BigInt(parsed.places);
  const base = scale >= 0n ? parsed.num * 10n ** scale : parsed.num / 10n ** -scale;
  const lots = base / grid.lotSize;
  const exact = scale >= 0n && base % grid.lotSize === 0n;
  return { value: lots, text: formatAmount(lots * grid.lotSize, grid.baseDecimals), snapped: !exact };
}

/** The quote amount of `lots` at `tick` (quote smallest units): tick * tickSize * lots. */
export function quoteOf(grid: Grid, tick: bigint, lots: bigint): bigint {
  return tick * grid.tickSize * lots;
}

export type CostPreview = {
  /** What the order sets aside from the venue balance (locked while it rests), in the token's smallest units. */
  locks: bigint;
  lockToken: "base" | "quote";
  /** What a complete fill gives, before the fee. */
  receives: bigint;
  receiveToken: "base" | "quote";
  /** The most the fee can take from what is received, at `feeBps`, rounded up. */
  maxFee: bigint;
  /** Whether the venue balance covers `locks`. */
  covered: boolean;
};

/**
 * What an order of `lots` at `tick` costs and gives if filled completely (a bid pays quote for base, an ask base for
 * quote), the largest fee at `feeBps` (taken from what is received), and whether `available` covers it.
 */
export function costPreview(
  grid: Grid,
  side: SideName,
  tick: bigint,
  lots: bigint,
  feeBps: number,
  available: bigint,
): CostPreview {
  const base = lots * grid.lotSize;
  const quote = quoteOf(grid, tick, lots);
  const locks = side === "bid" ? quote : base;
  const receives = side === "bid" ? base : quote;
  const maxFee = (receives * BigInt(feeBps) + 9_999n) / 10_000n;
  return {
    locks,
    lockToken: side === "bid" ? "quote" : "base",
    receives,
    receiveToken: side === "bid" ? "base" : "quote",
    maxFee,
    covered: available >= locks,
  };
}

/** An amount in human units with grouping for display (exact digits kept): 1234567.5 -> "1,234,567.5". */
export function displayAmount(value: bigint, decimals: number, locale?: string): string {
  const text = formatAmount(value, decimals);
  const [whole, fraction] = text.replace(/^-/, "").split(".");
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(whole));
  const separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  return `${text.startsWith("-") ? "-" : ""}${grouped}${fraction ? separator + fraction : ""}`;
}
