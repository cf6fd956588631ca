/**
 * AML limits (contracts/compliance/AmlLimits.sol): the kinds of limit, the window's geometry and a model of the
 * bucketed 24-hour window, the one TypeScript copy of its arithmetic (tests, tasks and the replayer use it).
 */
export const LimitKind = {
  OrderNotional: 0,
  DepositPerDay: 1,
  WithdrawPerDay: 2,
  Holding: 3,
} as const;
export type LimitKindName = keyof typeof LimitKind;
export const LIMIT_KINDS = Object.keys(LimitKind) as LimitKindName[];

/** The window: BUCKETS buckets of BUCKET_SECONDS; an amount counts from its bucket for BUCKETS buckets. */
export const BUCKETS = 6;
export const BUCKET_SECONDS = 17_280;
export const DAY_SECONDS = 86_400;

/** One identity's window (per venue, token and kind), as the contract keeps it: a ring keyed by bucket index. */
export class BucketWindow {
  /** bucket index -> amount, for the buckets still counted. */
  private readonly buckets = new Map<number, bigint>();

  /** The buckets counted at time `now` (seconds): indexes newest - 5 .. newest. */
  private live(now: number): [number, bigint][] {
    const newest = Math.floor(now / BUCKET_SECONDS);
    for (const k of [...this.buckets.keys()]) if (k <= newest - BUCKETS) this.buckets.delete(k);
    return [...this.buckets.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** What the window counts at `now`. */
  used(now: number): bigint {
    return this.live(now).reduce((s, [, v]) => s + v, 0n);
  }

  /** Record `amount` at `now`. */
  add(now: number, amount: bigint): void {
    this.live(now);
    const i = Math.floor(now / BUCKET_SECONDS);
    this.buckets.set(i, (this.buckets.get(i) ?? 0n) + amount);
  }

  /** The buckets counted at `now`, oldest first (indexes newest - 5 .. newest), as the contract's window view. */
  bucketsAt(now: number): bigint[] {
    this.live(now);
    const newest = Math.floor(now / BUCKET_SECONDS);
    return Array.from({ length: BUCKETS }, (_, j) => this.buckets.get(newest - BUCKETS + 1 + j) ?? 0n);
  }

  /** As the contract's _fitsAt: when `amount` fits under `cap` (above the cap: when the window is empty). */
  fitsAt(now: number, cap: bigint, amount: bigint): number {
    let used = this.used(now);
    let at = 0;
    for (const [i, v] of this.live(now)) {
      if (v === 0n) continue;
      used -= v;
      at = (i + BUCKETS) * BUCKET_SECONDS;
      if (amount <= cap && used + amount <= cap) return at; // a lowered cap may be below `used`
    }
    return at;
  }
}
