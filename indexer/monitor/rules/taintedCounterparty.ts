/**
 * Trading with a party later sanctioned or disqualified: for each identity's first taint (a sanctions listing of it
 * or of one of its wallets, or a registry change named in `disqualifyingChanges`), every other identity that traded
 * with it in the `lookbackSeconds` before gets an alert citing those fills and the taint.
 */
import { alert, sides } from "../alert";
import type { Alert, FillRow, RuleContext, TaintRow } from "../types";
import { groupBy } from "./cluster";

export function taintedCounterparty(fills: FillRow[], taints: TaintRow[], { config, unit }: RuleContext): Alert[] {
  const c = config.taintedCounterparty;
  const lookback = BigInt(c.lookbackSeconds) * unit;
  const first = new Map<bigint, TaintRow>();
  for (const t of [...taints].sort((a, b) => (a.block < b.block ? -1 : a.block > b.block ? 1 : 0))) {
    if (!first.has(t.identity)) first.set(t.identity, t);
  }
  const alerts: Alert[] = [];
  for (const [party, t] of first) {
    const before = fills.filter(
      (f) =>
        (f.makerIdentity === party || f.takerIdentity === party) &&
        f.makerIdentity !== f.takerIdentity &&
        f.block <= t.block &&
        f.timestamp <= t.timestamp &&
        t.timestamp - f.timestamp <= lookback,
    );
    for (const list of groupBy(before, (f) =>
      String(f.makerIdentity === party ? f.takerIdentity : f.makerIdentity),
    ).values()) {
      const other = list[0].makerIdentity === party ? list[0].takerIdentity : list[0].makerIdentity;
      const wallets = list.flatMap((f) =>
        f.makerIdentity === party ? [f.takerWallet, f.makerWallet] : [f.makerWallet, f.takerWallet],
      );
      const lots = list.reduce((s, f) => s + f.lots, 0n);
      alerts.push(
        alert(
          "tainted-counterparty",
          `identity #${other} traded ${list.length} times (${lots} lots) with identity #${party} before it was ${t.what}`,
          [other, party],
          wallets,
          [
            ...list.map((f) => ({
              what: `fill of ${f.lots} lots at tick ${f.tick}: #${sides(f).seller} sold to #${sides(f).buyer}`,
              tx: f.tx,
              block: f.block,
              timestamp: f.timestamp,
            })),
            { what: `identity #${party} ${t.what}`, tx: t.tx, block: t.block, timestamp: t.timestamp },
          ],
          {
            counterparty: other.toString(),
            taintedParty: party.toString(),
            taint: t.what,
            fills: list.length,
            lots: lots.toString(),
            secondsBeforeTaint: Number((t.timestamp - list[0].timestamp) / unit),
            lookbackSeconds: c.lookbackSeconds,
          },
        ),
      );
    }
  }
  return alerts;
}
