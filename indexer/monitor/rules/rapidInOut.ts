/**
 * Rapid in-and-out: a deposit followed, within the window, by a withdrawal of the same token from the same venue of
 * at least `minOutFraction` of it, with no fill of the identity on that venue in between (money passed through).
 */
import { alert } from "../alert";
import type { Alert, FillRow, MovementRow, RuleContext } from "../types";
import { groupBy, place } from "./cluster";

export function rapidInOut(movements: MovementRow[], fills: FillRow[], { config, unit }: RuleContext): Alert[] {
  const c = config.rapidInOut;
  const window = BigInt(c.windowSeconds) * unit;
  const out = BigInt(Math.round(c.minOutFraction * 1_000_000));
  const alerts: Alert[] = [];
  const traded = (venue: string, identity: bigint, after: bigint, before: bigint) =>
    fills.some(
      (f) =>
        f.venue === venue &&
        (f.makerIdentity === identity || f.takerIdentity === identity) &&
        place(f) > after &&
        place(f) < before,
    );
  for (const list of groupBy(movements, (m) => `${m.venue}/${m.identity}/${m.token}`).values()) {
    const ordered = [...list].sort((a, b) => (place(a) < place(b) ? -1 : 1));
    let deposit: MovementRow | undefined;
    for (const m of ordered) {
      if (m.kind === "deposit") {
        deposit = m;
        continue;
      }
      const d = deposit;
      if (!d) continue;
      if (
        m.timestamp - d.timestamp <= window &&
        m.amount * 1_000_000n >= d.amount * out &&
        !traded(m.venue, m.identity, place(d), place(m))
      ) {
        const seconds = Number((m.timestamp - d.timestamp) / unit);
        alerts.push(
          alert(
            "rapid-in-out",
            `identity #${m.identity} withdrew ${m.amount} of ${m.token} ${seconds} s after depositing ${d.amount}, ` +
              `without trading in between`,
            [m.identity],
            [d.wallet, m.wallet],
            [
              { what: `deposit of ${d.amount}`, tx: d.tx, block: d.block, timestamp: d.timestamp },
              { what: `withdrawal of ${m.amount}`, tx: m.tx, block: m.block, timestamp: m.timestamp },
            ],
            {
              venue: m.venue,
              token: m.token,
              deposited: d.amount.toString(),
              withdrawn: m.amount.toString(),
              secondsBetween: seconds,
              fillsBetween: 0,
              thresholdMinOutFraction: c.minOutFraction,
              windowSeconds: c.windowSeconds,
            },
          ),
        );
      }
      deposit = undefined; // a deposit answers for one withdrawal
    }
  }
  return alerts;
}
