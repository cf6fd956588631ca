import { MAX_TICK, Side, rankOf } from "../../lib/book";

/**
 * A reference model of a price-time priority book, written from the rules rather than from the contract: each side
 * is a map from tick to the FIFO list of its orders; the best is the highest bid and the lowest ask. Used by the
 * property test to predict every outcome of the harness.
 */
export type ModelOrder = { id: bigint; maker: bigint; remaining: bigint; expiry: bigint; flags: number };

export type MatchOutcome = { filled: bigint; fills: [bigint, bigint][]; removed: bigint[] };

export class BookModel {
  readonly levels: [Map<number, ModelOrder[]>, Map<number, ModelOrder[]>] = [new Map(), new Map()];
  /** Where each resting order is. */
  readonly live = new Map<bigint, { side: Side; tick: number }>();

  best(side: Side): number {
    const ticks = [...this.levels[side].keys()];
    if (ticks.length === 0) return 0;
    return side === Side.Bid ? Math.max(...ticks) : Math.min(...ticks);
  }

  /** Ticks with orders, best first. */
  ticks(side: Side): number[] {
    return [...this.levels[side].keys()].sort((a, b) => (side === Side.Bid ? b - a : a - b));
  }

  orderAt(id: bigint): ModelOrder | undefined {
    const where = this.live.get(id);
    return where && this.levels[where.side].get(where.tick)!.find((o) => o.id === id);
  }

  insertError(side: Side, tick: number, lots: bigint): string | undefined {
    if (tick === 0) return "InvalidTick";
    if (lots === 0n) return "ZeroQuantity";
    const opposite = this.best(side === Side.Bid ? Side.Ask : Side.Bid);
    if (opposite !== 0 && (side === Side.Bid ? tick >= opposite : tick <= opposite)) return "CrossesBook";
    return undefined;
  }

  insert(side: Side, tick: number, order: ModelOrder): void {
    const level = this.levels[side].get(tick) ?? [];
    level.push(order);
    this.levels[side].set(tick, level);
    this.live.set(order.id, { side, tick });
  }

  remove(id: bigint): ModelOrder {
    const { side, tick } = this.live.get(id)!;
    const level = this.levels[side].get(tick)!;
    const i = level.findIndex((o) => o.id === id);
    const [order] = level.splice(i, 1);
    if (level.length === 0) this.levels[side].delete(tick);
    this.live.delete(id);
    return order;
  }

  /** The order a taker meets first on `side`: the head of the best level. */
  front(side: Side): ModelOrder | undefined {
    const tick = this.best(side);
    return tick === 0 ? undefined : this.levels[side].get(tick)![0];
  }

  fill(id: bigint, lots: bigint): ModelOrder {
    const order = this.orderAt(id)!;
    order.remaining -= lots;
    const after = { ...order };
    if (order.remaining === 0n) this.remove(id);
    return after;
  }

  /** What BookHarness.matchOrders does, step by step. */
  match(takerSide: Side, limitTick: number, lots: bigint, maxSteps: number, taker: bigint, now: bigint): MatchOutcome {
    const makerSide = takerSide === Side.Bid ? Side.Ask : Side.Bid;
    const out: MatchOutcome = { filled: 0n, fills: [], removed: [] };
    for (let step = 0; lots > 0n && step < maxSteps; step++) {
      const tick = this.best(makerSide);
      if (tick === 0 || (takerSide === Side.Bid ? tick > limitTick : tick < limitTick)) break;
      const head = this.levels[makerSide].get(tick)![0];
      if (head.maker === taker || (head.expiry !== 0n && head.expiry <= now)) {
        this.remove(head.id);
        out.removed.push(head.id);
        continue;
      }
      const take = head.remaining < lots ? head.remaining : lots;
      this.fill(head.id, take);
      lots -= take;
      out.filled += take;
      out.fills.push([head.id, take]);
    }
    return out;
  }

  /** The three-level bitmap words a side should hold: leaf, mid and root words of its non-empty ranks. */
  bitmapWords(side: Side): { root: bigint; mids: Map<number, bigint>; leaves: Map<number, bigint> } {
    const leaves = new Map<number, bigint>();
    for (const tick of this.levels[side].keys()) {
      const rank = rankOf(side, tick);
      leaves.set(rank >> 8, (leaves.get(rank >> 8) ?? 0n) | (1n << BigInt(rank & 0xff)));
    }
    const mids = new Map<number, bigint>();
    for (const leafIndex of leaves.keys()) {
      mids.set(leafIndex >> 8, (mids.get(leafIndex >> 8) ?? 0n) | (1n << BigInt(leafIndex & 0xff)));
    }
    let root = 0n;
    for (const midIndex of mids.keys()) root |= 1n << BigInt(midIndex);
    return { root, mids, leaves };
  }
}

export { MAX_TICK };
