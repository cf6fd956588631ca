/**
 * The venue (contracts/interfaces/IExchange.sol) seen from TypeScript: its enums, the book as a depth table, and the
 * trading events of a receipt as rows. Prices are shown per lot: tick * tickSize quote units.
 */
import type { IExchange } from "../typechain-types";
import { DROP_REASONS, REMOVAL_REASONS, Side } from "./book";
import { amount, table } from "./demo";

// The enums live in ./book (pure: the web console imports them); re-exported for the tasks and scripts.
export { DROP_REASONS, OrderType, REMOVAL_REASONS } from "./book";

/** How a book's units read: a lot is `lotSize` base units, a tick `tickSize` quote units per lot. */
export type BookUnits = {
  pairId: bigint;
  tickSize: bigint;
  lotSize: bigint;
  baseDecimals: number;
  quoteDecimals: number;
  baseSymbol: string;
  quoteSymbol: string;
};

/** The price of one lot at `tick`, in quote currency. */
export function priceOf(units: BookUnits, tick: bigint | number): string {
  return amount(BigInt(tick) * units.tickSize, units.quoteDecimals);
}

/** Both sides of the book, asks from the highest down to the spread, then bids from the best down. */
export async function depthTable(exchange: IExchange, units: BookUnits, levels = 10): Promise<string> {
  const [askTicks, askLots, askCounts] = await exchange.depth(units.pairId, Side.Ask, levels);
  const [bidTicks, bidLots, bidCounts] = await exchange.depth(units.pairId, Side.Bid, levels);
  const rows: string[][] = [];
  for (let i = askTicks.length - 1; i >= 0; i--) {
    rows.push(["ask", priceOf(units, askTicks[i]), askLots[i].toString(), askCounts[i].toString()]);
  }
  for (let i = 0; i < bidTicks.length; i++) {
    rows.push(["bid", priceOf(units, bidTicks[i]), bidLots[i].toString(), bidCounts[i].toString()]);
  }
  if (rows.length === 0) return "   (the book is empty)";
  return table(["side", `price (${units.quoteSymbol}/lot)`, "lots", "orders"], rows);
}

/** The venue's trading events in `receipt` (placed, filled, removed), as a table; `who` names venue accounts. */
export function tradeEvents(
  exchange: IExchange,
  units: BookUnits,
  receipt: { logs: readonly { topics: readonly string[]; data: string }[] },
  who: (account: bigint) => string,
): { text: string; filled: number; removed: { account: bigint; reason: string; lots: bigint }[] } {
  const rows: string[][] = [];
  const removed: { account: bigint; reason: string; lots: bigint }[] = [];
  let filled = 0;
  for (const log of receipt.logs) {
    let parsed;
    try {
      parsed = exchange.interface.parseLog(log);
    } catch {
      continue;
    }
    if (!parsed) continue;
    const a = parsed.args;
    if (parsed.name === "OrderFilled") {
      filled += 1;
      rows.push([
        "OrderFilled",
        `maker ${who(a.maker)} <- taker ${who(a.taker)}`,
        `${a.lots} lots at ${priceOf(units, a.tick)}`,
      ]);
    } else if (parsed.name === "OrderRemoved") {
      const reason = REMOVAL_REASONS[Number(a.reason)] ?? `reason ${a.reason}`;
      removed.push({ account: a.account, reason, lots: a.lots });
      rows.push(["OrderRemoved", `${who(a.account)}'s order`, `${a.lots} lots unlocked: ${reason}`]);
    } else if (parsed.name === "OrderPlaced") {
      rows.push(["OrderPlaced", `${who(a.account)} rests an order`, `${a.lots} lots`]);
    } else if (parsed.name === "OrderRemainderDropped") {
      const reason = DROP_REASONS[Number(a.reason)] ?? `reason ${a.reason}`;
      rows.push(["OrderRemainderDropped", `${who(a.account)}'s remainder`, `${a.lots} lots not rested: ${reason}`]);
    }
  }
  const text = rows.length === 0 ? "   (no trading events)" : table(["event", "who", "what"], rows);
  return { text, filled, removed };
}
