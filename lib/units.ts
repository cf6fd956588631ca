/**
 * Human units on the command line: token amounts with the token's decimals, prices in quote units per base unit, and
 * their conversion to a book's lots and ticks. Pure arithmetic on bigints: nothing is rounded, a value off the grid is
 * refused with the nearest values that are on it.
 *
 * A book (IExchange) counts quantity in lots (`base amount = lots * lotSize`, base smallest units) and price in ticks
 * (`quote amount = tick * tickSize * lots`, quote smallest units). So a price P in quote units per base unit is
 *
 *     tick = P * 10^quoteDecimals * lotSize / (10^baseDecimals * tickSize)
 *
 * and it must come out whole; the price step is `tickSize * 10^baseDecimals / (lotSize * 10^quoteDecimals)`.
 */
// ./failure, not ./cli (which loads Hardhat): the web console imports this module in a browser.
import { userError as cliError } from "./failure";

/** A decimal number as an exact fraction: `text` = num / 10^places. Refuses anything but plain decimals. */
export function parseDecimal(text: string, what: string): { num: bigint; places: number } {
  const trimmed = text.trim().replace(/_/g, "");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!m) throw cliError(`${what} "${text}" is not a non-negative decimal number (e.g. 12.5)`);
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  return { num: BigInt(m[1] + fraction), places: fraction.length };
}

/** `text` in a token's smallest units; refuses more decimal places than the token has. */
export function parseAmount(text: string, decimals: number, what = "--amount"): bigint {
  const { num, places } = parseDecimal(text, what);
  if (places > decimals) throw cliError(`${what} ${text} has ${places} decimal places; the token has ${decimals}`);
  return num * 10n ** BigInt(decimals - places);
}

/** A positive amount (see parseAmount). */
export function parsePositiveAmount(text: string, decimals: number, what = "--amount"): bigint {
  const value = parseAmount(text, decimals, what);
  if (value === 0n) throw cliError(`${what} must be more than zero`);
  return value;
}

/** `num / den` as a decimal string, exact when it terminates within `maxPlaces` places (else cut, marked "~"). */
export function ratio(num: bigint, den: bigint, maxPlaces = 18): string {
  const whole = num / den;
  let rest = num % den;
  let digits = "";
  while (rest !== 0n && digits.length < maxPlaces) {
    rest *= 10n;
    digits += (rest / den).toString();
    rest %= den;
  }
  digits = digits.replace(/0+$/, "");
  return `${rest !== 0n ? "~" : ""}${whole}${digits ? `.${digits}` : ""}`;
}

/** A token amount in human units, exact (no grouping): 12500000 with 6 decimals is "12.5". */
export function formatAmount(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const text = ratio(negative ? -value : value, 10n ** BigInt(decimals), decimals);
  return negative ? `-${text}` : text;
}

/** What a book's units need: its grid and the tokens' decimals. */
export type Grid = { tickSize: bigint; lotSize: bigint; baseDecimals: number; quoteDecimals: number };

/** The price step of `grid`, in quote units per base unit. */
export function priceStep(grid: Grid): string {
  return ratio(grid.tickSize * 10n ** BigInt(grid.baseDecimals), grid.lotSize * 10n ** BigInt(grid.quoteDecimals));
}

/** The price of `tick`, in quote units per base unit. */
export function tickToPrice(grid: Grid, tick: bigint | number): string {
  return ratio(
    BigInt(tick) * grid.tickSize * 10n ** BigInt(grid.baseDecimals),
    grid.lotSize * 10n ** BigInt(grid.quoteDecimals),
  );
}

/** The tick of a price in quote units per base unit; refuses a price off the grid, naming the step. */
export function priceToTick(grid: Grid, text: string, what = "--price"): bigint {
  const { num, places } = parseDecimal(text, what);
  const numerator = num * 10n ** BigInt(grid.quoteDecimals) * grid.lotSize;
  const denominator = 10n ** BigInt(places) * 10n ** BigInt(grid.baseDecimals) * grid.tickSize;
  if (numerator % denominator !== 0n) {
    const below = numerator / denominator;
    throw cliError(
      `${what} ${text} is off the price grid: prices move in steps of ${priceStep(grid)} ` +
        `(nearest: ${tickToPrice(grid, below)} or ${tickToPrice(grid, below + 1n)})`,
    );
  }
  const tick = numerator / denominator;
  if (tick < 1n || tick > 2n ** 24n - 1n) {
    throw cliError(`${what} ${text} is tick ${tick}, outside the book's range 1..${2 ** 24 - 1}`);
  }
  return tick;
}

/** The lots of an amount of base in human units; refuses one that is not a whole number of lots. */
export function amountToLots(grid: Grid, text: string, what = "--amount"): bigint {
  const base = parsePositiveAmount(text, grid.baseDecimals, what);
  if (base % grid.lotSize !== 0n) {
    throw cliError(
      `${what} ${text} is not a whole number of lots: the lot is ${formatAmount(grid.lotSize, grid.baseDecimals)}`,
    );
  }
  return base / grid.lotSize;
}

/** The base amount of `lots`, in human units. */
export function lotsToAmount(grid: Grid, lots: bigint | number): string {
  return formatAmount(BigInt(lots) * grid.lotSize, grid.baseDecimals);
}

/**
 * A pair's tick size (quote smallest units per lot per tick) from a price step in quote units per base unit, given
 * the lot size; refuses a step that is not a whole number of quote smallest units per lot.
 */
export function tickSizeFor(
  stepText: string,
  lotSize: bigint,
  baseDecimals: number,
  quoteDecimals: number,
  what = "--tick",
): bigint {
  const { num, places } = parseDecimal(stepText, what);
  const numerator = num * 10n ** BigInt(quoteDecimals) * lotSize;
  const denominator = 10n ** BigInt(places) * 10n ** BigInt(baseDecimals);
  if (numerator === 0n) throw cliError(`${what} must be more than zero`);
  if (numerator % denominator !== 0n) {
    throw cliError(
      `${what} ${stepText} per base unit is not a whole number of quote smallest units per lot ` +
        `(lot ${formatAmount(lotSize, baseDecimals)}, quote decimals ${quoteDecimals})`,
    );
  }
  return numerator / denominator;
}
