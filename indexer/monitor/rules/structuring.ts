/**
 * Structuring: repeated deposits (or withdrawals) of one token by one identity, each just below its cap (at least
 * `nearCapFraction` of it, never above), `minCount` or more within the window. The cap is the identity's rolling
 * 24-hour cap (AmlLimits, as indexed) or the config's `caps` for the token.
 */
import { alert } from "../alert";
import type { Alert, CapLookup, MovementRow, RuleContext } from "../types";
import { clusters, groupBy } from "./cluster";

export function structuring(movements: MovementRow[], caps: CapLookup, { config, unit }: RuleContext): Alert[] {
  const c = config.structuring;
  const window = BigInt(c.windowSeconds) * unit;
  // The fraction in parts per million, so that the comparison stays in integers.
  const near = BigInt(Math.round(c.nearCapFraction * 1_000_000));
  const capOf = (m: MovementRow) => {
    const override = c.caps[m.token.toLowerCase()];
    return override !== undefined ? BigInt(override) : caps(m.identity, m.token, m.kind);
  };
  const close = movements.filter((m) => {
    const cap = capOf(m);
    return cap !== undefined && cap > 0n && m.amount <= cap && m.amount * 1_000_000n >= cap * near;
  });
  const alerts: Alert[] = [];
  for (const list of groupBy(close, (m) => `${m.identity}/${m.token}/${m.kind}`).values()) {
    for (const cluster of clusters(
      list,
      (m) => m.timestamp,
      (m) => m.timestamp,
      window,
      c.minCount,
    )) {
      const first = cluster[0];
      const cap = capOf(first)!;
      const total = cluster.reduce((s, m) => s + m.amount, 0n);
      alerts.push(
        alert(
          "structuring",
          `identity #${first.identity}: ${cluster.length} ${first.kind}s of ${first.token} each at ` +
            `${c.nearCapFraction * 100}% or more of its cap ${cap}, within ${c.windowSeconds} s`,
          [first.identity],
          cluster.map((m) => m.wallet),
          cluster.map((m) => ({ what: `${m.kind} of ${m.amount}`, tx: m.tx, block: m.block, timestamp: m.timestamp })),
          {
            token: first.token,
            kind: first.kind,
            count: cluster.length,
            total: total.toString(),
            cap: cap.toString(),
            smallestShareOfCap: Math.min(...cluster.map((m) => Number((m.amount * 10_000n) / cap) / 10_000)),
            thresholdNearCapFraction: c.nearCapFraction,
            thresholdMinCount: c.minCount,
            windowSeconds: c.windowSeconds,
          },
        ),
      );
    }
  }
  return alerts;
}
