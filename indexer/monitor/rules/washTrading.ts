/**
 * Wash trading: two identities trading back and forth at near-equal prices. A round trip is a fill from A to B
 * matched with a later fill from B to A on the same book within the window whose price (tick) differs by at most
 * `maxPriceGapBps`; an alert is raised for `minRoundTrips` round trips within one window.
 */
import { alert, gapBps, sides } from "../alert";
import type { Alert, FillRow, RuleContext } from "../types";
import { clusters, groupBy } from "./cluster";

type RoundTrip = { out: FillRow; back: FillRow; gap: number };

export function washTrading(fills: FillRow[], { config, unit }: RuleContext): Alert[] {
  const c = config.washTrading;
  const window = BigInt(c.windowSeconds) * unit;
  const between = groupBy(
    fills.filter((f) => f.makerIdentity !== f.takerIdentity),
    (f) => {
      const [a, b] = [f.makerIdentity, f.takerIdentity].sort((x, y) => (x < y ? -1 : 1));
      return `${f.venue}/${f.pairId}/${a}/${b}`;
    },
  );
  const alerts: Alert[] = [];
  for (const list of between.values()) {
    const ordered = [...list].sort((x, y) => (x.timestamp < y.timestamp ? -1 : x.timestamp > y.timestamp ? 1 : 0));
    const open: FillRow[] = [];
    const trips: RoundTrip[] = [];
    for (const f of ordered) {
      const seller = sides(f).seller;
      const k = open.findIndex(
        (g) =>
          sides(g).seller !== seller &&
          f.timestamp - g.timestamp <= window &&
          gapBps(f.tick, g.tick) <= c.maxPriceGapBps,
      );
      if (k >= 0) {
        trips.push({ out: open[k], back: f, gap: gapBps(f.tick, open[k].tick) });
        open.splice(k, 1);
      } else open.push(f);
    }
    for (const cluster of clusters(
      trips,
      (t) => t.out.timestamp,
      (t) => t.back.timestamp,
      window,
      c.minRoundTrips,
    )) {
      const legs = cluster.flatMap((t) => [t.out, t.back]);
      const first = legs[0];
      const [a, b] = [first.makerIdentity, first.takerIdentity].sort((x, y) => (x < y ? -1 : 1));
      const net = legs.reduce((sum, f) => sum + (sides(f).seller === a ? -f.base : f.base), 0n);
      const lots = legs.reduce((sum, f) => sum + f.lots, 0n);
      alerts.push(
        alert(
          "wash-trading",
          `identities #${a} and #${b} traded back and forth ${cluster.length} times on pair ${first.pairId} at prices ` +
            `within ${Math.max(...cluster.map((t) => t.gap))} bps`,
          [a, b],
          legs.flatMap((f) => [f.makerWallet, f.takerWallet]),
          legs.map((f) => ({
            what: `fill of ${f.lots} lots at tick ${f.tick}: #${sides(f).seller} sold to #${sides(f).buyer}`,
            tx: f.tx,
            block: f.block,
            timestamp: f.timestamp,
          })),
          {
            venue: first.venue,
            pairId: first.pairId.toString(),
            roundTrips: cluster.length,
            fills: legs.length,
            lots: lots.toString(),
            netBaseToLowerIdentity: net.toString(),
            maxPriceGapBps: Math.max(...cluster.map((t) => t.gap)),
            thresholdMaxPriceGapBps: c.maxPriceGapBps,
            thresholdMinRoundTrips: c.minRoundTrips,
            windowSeconds: c.windowSeconds,
          },
        ),
      );
    }
  }
  return alerts;
}
