/** Builds an alert from its evidence: identities, wallets, transactions and blocks deduplicated in order. */
import type { Alert, Evidence, RuleName } from "./types";

export type Step = { what: string; tx: string; block: bigint; timestamp: bigint };

const unique = (xs: string[]) => [...new Set(xs)];

export function alert(
  rule: RuleName,
  summary: string,
  identities: bigint[],
  wallets: string[],
  steps: Step[],
  figures: Record<string, string | number>,
): Alert {
  const sorted = [...steps].sort((a, b) => (a.block < b.block ? -1 : a.block > b.block ? 1 : 0));
  const evidence: Evidence[] = sorted.map((s) => ({
    what: s.what,
    tx: s.tx,
    block: s.block.toString(),
    time: s.timestamp.toString(),
  }));
  return {
    rule,
    summary,
    identities: unique(identities.map(String)),
    wallets: unique(wallets.map((w) => w.toLowerCase())),
    txs: unique(sorted.map((s) => s.tx)),
    blocks: unique(sorted.map((s) => s.block.toString())),
    from: sorted.length > 0 ? sorted[0].timestamp.toString() : "",
    to: sorted.length > 0 ? sorted[sorted.length - 1].timestamp.toString() : "",
    figures,
    evidence,
  };
}

/** The seller and buyer identities of a fill (an ask's maker sells; a bid's maker buys). */
export function sides(f: { makerSide: bigint; makerIdentity: bigint; takerIdentity: bigint }) {
  return f.makerSide === 1n
    ? { seller: f.makerIdentity, buyer: f.takerIdentity }
    : { seller: f.takerIdentity, buyer: f.makerIdentity };
}

/** |a - b| / min(a, b) in basis points (ticks are positive). */
export function gapBps(a: bigint, b: bigint): number {
  const low = a < b ? a : b;
  const diff = a > b ? a - b : b - a;
  return low === 0n ? Infinity : Number((diff * 10_000n * 100n) / low) / 100;
}
