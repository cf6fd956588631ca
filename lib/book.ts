/**
 * The order book's packed types, decoded on the TypeScript side. Mirrors contracts/types/{Side,OrderId,Order,Level,
 * BookState}.sol: change both together.
 */

/** The two sides of a book, as the contracts number them. */
export const Side = { Bid: 0, Ask: 1 } as const;
export type Side = (typeof Side)[keyof typeof Side];

/** The highest valid tick (the lowest is 1). */
export const MAX_TICK = 2 ** 24 - 1;
/** Bits of the per-level index in an order id. */
export const IDX_BITS = 39n;

const mask = (bits: bigint): bigint => (1n << bits) - 1n;

/** An order id's parts: side (1 bit), tick (24 bits), index within the level (39 bits). */
export type OrderIdParts = { side: Side; tick: number; idx: bigint };

export function encodeOrderId(side: Side, tick: number, idx: bigint): bigint {
  return (BigInt(side) << 63n) | (BigInt(tick) << IDX_BITS) | idx;
}

export function decodeOrderId(id: bigint): OrderIdParts {
  return { side: Number(id >> 63n) as Side, tick: Number((id >> IDX_BITS) & mask(24n)), idx: id & mask(IDX_BITS) };
}

/** A resting order's record. `next` is the raw field: 0 means "index + 1". */
export type OrderRecord = {
  remaining: bigint;
  maker: bigint;
  expiry: bigint;
  prev: bigint;
  next: bigint;
  flags: number;
};

export function decodeOrder(raw: bigint): OrderRecord {
  return {
    remaining: raw & mask(64n),
    maker: (raw >> 64n) & mask(64n),
    expiry: (raw >> 128n) & mask(40n),
    prev: (raw >> 168n) & mask(40n),
    next: (raw >> 208n) & mask(40n),
    flags: Number(raw >> 248n),
  };
}

/** A price level's record. */
export type LevelRecord = { total: bigint; count: number; head: bigint; tail: bigint; nextIdx: bigint };

export function decodeLevel(raw: bigint): LevelRecord {
  return {
    total: raw & mask(104n),
    count: Number((raw >> 104n) & mask(32n)),
    head: (raw >> 136n) & mask(40n),
    tail: (raw >> 176n) & mask(40n),
    nextIdx: raw >> 216n,
  };
}

export function encodeLevel(l: LevelRecord): bigint {
  return l.total | (BigInt(l.count) << 104n) | (l.head << 136n) | (l.tail << 176n) | (l.nextIdx << 216n);
}

/** The book header: best bid, best ask (0 when empty), the index floor and the venue's 128 bits. */
export type BookStateRecord = { bestBid: number; bestAsk: number; idxFloor: bigint; venueData: bigint };

export function decodeBookState(raw: bigint): BookStateRecord {
  return {
    bestBid: Number(raw & mask(24n)),
    bestAsk: Number((raw >> 24n) & mask(24n)),
    idxFloor: (raw >> 48n) & mask(40n),
    venueData: raw >> 128n,
  };
}

export function encodeBookState(s: BookStateRecord): bigint {
  return BigInt(s.bestBid) | (BigInt(s.bestAsk) << 24n) | (s.idxFloor << 48n) | (s.venueData << 128n);
}

/** A tick's rank in its side's bitmap: better prices rank lower on both sides. */
export function rankOf(side: Side, tick: number): number {
  return side === Side.Bid ? MAX_TICK - tick : tick;
}

/** IExchangeBase.OrderType. */
export const OrderType = {
  GoodTillCancel: 0,
  GoodTillDate: 1,
  ImmediateOrCancel: 2,
  FillOrKill: 3,
  PostOnly: 4,
} as const;

/** IExchangeBase.RemovalReason, by value. */
export const REMOVAL_REASONS = [
  "Cancelled",
  "Ineligible",
  "Expired",
  "SelfTrade",
  "Delisted",
  "Frozen",
  "Recovered",
  "BelowMinimum",
  "Returned",
] as const;

/** IExchangeBase.DropReason (OrderRemainderDropped), by value. */
export const DROP_REASONS = ["MaxSteps", "BelowMinimum"] as const;
