/**
 * Layering and spoofing, per identity and book: large orders (`largeLots` or more) cancelled by their owner within
 * `maxLifetimeSeconds` of their placement (`minQuickCancels` or more raise "layering"), and a high cancel-to-fill
 * ratio: `minCancelledOrders` or more cancellations whose lots are at least `minCancelToFill` times the lots the
 * identity traded on that book ("cancel-ratio").
 */
import { alert } from "../alert";
import type { Alert, FillRow, OrderRow, RuleContext } from "../types";
import { groupBy } from "./cluster";

export function layering(orders: OrderRow[], fills: FillRow[], { config, unit }: RuleContext): Alert[] {
  const c = config.layering;
  const life = BigInt(c.maxLifetimeSeconds) * unit;
  const cancelled = orders.filter((o) => o.cancelledAt !== undefined);
  const alerts: Alert[] = [];
  for (const list of groupBy(cancelled, (o) => `${o.venue}/${o.pairId}/${o.identity}`).values()) {
    const { venue, pairId, identity } = list[0];
    const steps = (os: OrderRow[]) =>
      os.flatMap((o) => [
        {
          what: `order ${o.orderId} placed: ${o.placedLots} lots`,
          tx: o.placedTx,
          block: o.placedBlock,
          timestamp: o.placedAt,
        },
        {
          what: `order ${o.orderId} cancelled: ${o.cancelledLots} lots`,
          tx: o.cancelledTx!,
          block: o.cancelledBlock!,
          timestamp: o.cancelledAt!,
        },
      ]);
    const quick = list.filter((o) => o.placedLots >= BigInt(c.largeLots) && o.cancelledAt! - o.placedAt <= life);
    if (quick.length >= c.minQuickCancels) {
      const lifetimes = quick.map((o) => Number((o.cancelledAt! - o.placedAt) / unit));
      alerts.push(
        alert(
          "layering",
          `identity #${identity} cancelled ${quick.length} large orders on pair ${pairId} within ` +
            `${Math.max(...lifetimes)} s of placing them`,
          [identity],
          quick.map((o) => o.wallet),
          steps(quick),
          {
            venue,
            pairId: pairId.toString(),
            quickCancels: quick.length,
            lotsCancelled: quick.reduce((s, o) => s + (o.cancelledLots ?? 0n), 0n).toString(),
            longestLifetimeSeconds: Math.max(...lifetimes),
            thresholdLargeLots: c.largeLots,
            thresholdMaxLifetimeSeconds: c.maxLifetimeSeconds,
            thresholdMinQuickCancels: c.minQuickCancels,
          },
        ),
      );
    }
    const cancelledLots = list.reduce((s, o) => s + (o.cancelledLots ?? 0n), 0n);
    const tradedLots = fills
      .filter(
        (f) =>
          f.venue === venue && f.pairId === pairId && (f.makerIdentity === identity || f.takerIdentity === identity),
      )
      .reduce((s, f) => s + f.lots, 0n);
    if (
      list.length >= c.minCancelledOrders &&
      cancelledLots >= BigInt(c.minCancelToFill) * (tradedLots > 0n ? tradedLots : 1n)
    ) {
      const ratio = tradedLots > 0n ? Number((cancelledLots * 100n) / tradedLots) / 100 : "no fills";
      alerts.push(
        alert(
          "cancel-ratio",
          `identity #${identity} cancelled ${list.length} orders (${cancelledLots} lots) on pair ${pairId} and traded ` +
            `${tradedLots} lots (cancel-to-fill ${ratio})`,
          [identity],
          list.map((o) => o.wallet),
          steps(list),
          {
            venue,
            pairId: pairId.toString(),
            cancelledOrders: list.length,
            cancelledLots: cancelledLots.toString(),
            tradedLots: tradedLots.toString(),
            cancelToFill: ratio,
            thresholdMinCancelledOrders: c.minCancelledOrders,
            thresholdMinCancelToFill: c.minCancelToFill,
          },
        ),
      );
    }
  }
  return alerts;
}
