import { Contract, type Interface } from "ethers";
import type { MonetaryDesk } from "../../typechain-types";
import { parsedEvents } from "./events";
import type { LogLike } from "./authority";
import { Differences } from "./differences";

/**
 * Rebuilds the monetary desk (contracts/assets/MonetaryDesk.sol, issue 16) from its own events alone: per token its
 * terms (cap, rate and its ceiling, period, reserve ratio), the mint window as last written, the rate's rank records,
 * and every redemption request with its status; then reconciles that with the desk's views and each token's balance
 * of the desk (the escrow equals the outstanding total). The one time-dependent
 * view, the current mint window, is compared after rolling the rebuilt window forward to the desk's clock by the
 * contract's own rule (fixed windows aligned on the token's registration).
 */
export type RebuiltRedemption = {
  holder: string;
  status: bigint; // IMonetaryDesk.RedemptionStatus: 1 Requested, 2 Settled, 3 Rejected
  requestedAt: bigint;
  closedAt: bigint;
  payer: string;
  amount: bigint;
  requestRef: string;
  closeRef: string;
};

export type RebuiltPolicy = {
  supplyCap: bigint;
  mintRate: bigint;
  rateCeiling: bigint;
  mintedInWindow: bigint;
  windowStart: bigint;
  mintPeriod: bigint;
  reserveRatioBps: bigint;
  rateRank: bigint;
  rateCleared: boolean;
  rateClearedRank: bigint;
  redemptionCount: bigint;
  openCount: bigint;
  outstanding: bigint;
};

export type RebuiltDesk = {
  timeUnit: bigint;
  policies: Map<string, RebuiltPolicy>; // token (checksummed, as logged) -> policy
  redemptions: Map<string, Map<bigint, RebuiltRedemption>>;
};

/** Folds the desk's logs (chain order) into its state; `blockTime(log)` is the log's block timestamp in chain units. */
export function rebuildDesk<L extends LogLike>(
  iface: Interface,
  logs: readonly L[],
  blockTime: (log: L) => bigint,
): RebuiltDesk {
  const desk: RebuiltDesk = { timeUnit: 0n, policies: new Map(), redemptions: new Map() };
  const seconds = (log: L) => blockTime(log) / (desk.timeUnit || 1n);
  const policy = (token: string) => {
    const p = desk.policies.get(token);
    if (!p) throw new Error(`desk event for unregistered token ${token}`);
    return p;
  };
  const close = (token: string, id: bigint, status: bigint, ref: string, log: L) => {
    const r = desk.redemptions.get(token)?.get(id);
    if (!r || r.status !== 1n) throw new Error(`request ${id} of ${token} closed while not open`);
    Object.assign(r, { status, closedAt: seconds(log), closeRef: ref });
    const p = policy(token);
    p.openCount -= 1n;
    p.outstanding -= r.amount;
  };
  for (const { name, args: a, log } of parsedEvents(iface, logs)) {
    switch (name) {
      case "ClockConfigured":
        desk.timeUnit = a.timeUnit;
        break;
      case "TokenRegistered":
        desk.policies.set(a.token, {
          supplyCap: a.terms.supplyCap,
          mintRate: a.terms.mintRate,
          rateCeiling: a.terms.mintRate,
          mintedInWindow: 0n,
          windowStart: seconds(log),
          mintPeriod: a.terms.mintPeriod,
          reserveRatioBps: a.terms.reserveRatioBps,
          rateRank: 0n,
          rateCleared: false,
          rateClearedRank: 0n,
          redemptionCount: 0n,
          openCount: 0n,
          outstanding: 0n,
        });
        desk.redemptions.set(a.token, new Map());
        break;
      case "MintCounted":
        Object.assign(policy(a.token), { windowStart: a.windowStart, mintedInWindow: a.mintedInWindow });
        break;
      case "SupplyCapLowered":
        policy(a.token).supplyCap = a.cap;
        break;
      case "MintRateSet":
        Object.assign(policy(a.token), {
          mintRate: a.rate,
          rateRank: a.bindingRank,
          rateCleared: a.cleared,
          rateClearedRank: a.cleared ? a.rank : 0n,
        });
        break;
      case "RedemptionRequested": {
        const p = policy(a.token);
        p.redemptionCount = a.id;
        p.openCount += 1n;
        p.outstanding += a.amount;
        desk.redemptions.get(a.token)!.set(a.id, {
          holder: a.holder,
          status: 1n,
          requestedAt: seconds(log),
          closedAt: 0n,
          payer: a.payer,
          amount: a.amount,
          requestRef: a.requestRef,
          closeRef: `0x${"0".repeat(64)}`,
        });
        break;
      }
      case "RedemptionSettled":
        close(a.token, a.id, 2n, a.payoutRef, log);
        break;
      case "RedemptionRejected":
        close(a.token, a.id, 3n, a.reason, log);
        break;
      default:
        throw new Error(`replayer does not know the desk event ${name}`);
    }
  }
  return desk;
}

/** The mint window holding at `now` (seconds), by the desk's rule: a window that ended gives way to the current one. */
export function rolledWindow(p: RebuiltPolicy, now: bigint): { windowStart: bigint; mintedInWindow: bigint } {
  if (now < p.windowStart + p.mintPeriod) return { windowStart: p.windowStart, mintedInWindow: p.mintedInWindow };
  return { windowStart: now - ((now - p.windowStart) % p.mintPeriod), mintedInWindow: 0n };
}

/** Reconcile the rebuilt desk with its views: every token's policy, every request, and the open list. */
export async function reconcileDesk(desk: MonetaryDesk, rebuilt: RebuiltDesk, d = new Differences()) {
  const at = `desk ${await desk.getAddress()}`;
  d.check(at, "TIME_UNIT", rebuilt.timeUnit, await desk.TIME_UNIT());
  const now = await desk.currentTime();
  for (const [token, p] of rebuilt.policies) {
    const v = await desk.policy(token);
    d.record(
      `${at} token ${token}`,
      { ...p, ...rolledWindow(p, now) },
      {
        supplyCap: v.supplyCap,
        mintRate: v.mintRate,
        rateCeiling: v.rateCeiling,
        mintedInWindow: v.mintedInWindow,
        windowStart: v.windowStart,
        mintPeriod: v.mintPeriod,
        reserveRatioBps: v.reserveRatioBps,
        rateRank: v.rateRank,
        rateCleared: v.rateCleared,
        rateClearedRank: v.rateClearedRank,
        redemptionCount: v.redemptionCount,
        openCount: v.openCount,
        outstanding: v.outstanding,
      },
    );
    // The escrow holds exactly what is outstanding (a forced transfer out of the desk would break it: review H1).
    const erc20 = new Contract(token, ["function balanceOf(address) view returns (uint256)"], desk.runner);
    d.check(`${at} token ${token}`, "escrow", p.outstanding, await erc20.balanceOf(await desk.getAddress()));
    const requests = rebuilt.redemptions.get(token)!;
    for (const [id, r] of requests) {
      const v = await desk.redemption(token, id);
      d.record(`${at} token ${token} redemption #${id}`, r, {
        holder: v.holder,
        status: v.status,
        requestedAt: v.requestedAt,
        closedAt: v.closedAt,
        payer: v.payer,
        amount: v.amount,
        requestRef: v.requestRef,
        closeRef: v.closeRef,
      });
    }
    const open = [...requests].filter(([, r]) => r.status === 1n).map(([id]) => id);
    const listed: bigint[] = [];
    for (let offset = 0n; offset < v.openCount; offset += 100n)
      listed.push(...(await desk.openRedemptions(token, offset, 100)));
    const sort = (ids: bigint[]) => [...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    d.check(`${at} token ${token}`, "open requests", sort(open), sort(listed));
  }
  return d;
}
