/**
 * One audit, end to end: read every log of the suite over a block range, rebuild the authority tree, the client
 * registry and the asset service; from them find the native tokens (NativeTokenIssued) and the venues (every contract
 * ever registered with the EXCHANGE scope, plus any the caller knows), read their logs over the same range and
 * rebuild them too; then reconcile everything with the contracts' views. Used by the audit:replay task and the tests.
 *
 * Only type imports from typechain-types: this runs inside tasks, loaded before anything is compiled.
 */
import { getAddress } from "ethers";
import type { CompliantToken, MonetaryDesk } from "../../typechain-types";
import { Differences } from "./differences";
import { DEFAULT_PAGE, blockTimes, fetchLogs, type RawLog, type Rpc } from "./fetch";
import { reconcileToken, reconcileVenue, type VenueViews } from "./market";
import { rebuildSuite, reconcile, type Counts, type Rebuilt, type Report, type Suite } from "./reconcile";
import { identityOfWallet } from "./registry";
import { rebuildDesk, reconcileDesk, type RebuiltDesk } from "./monetary";
import { rebuildToken, type RebuiltToken } from "./token";
import { rebuildVenue, type Amounts, type RebuiltVenue } from "./venue";

/** How the audit reaches the contracts it discovers from the logs. */
export type Connect = {
  token(address: string): Promise<CompliantToken>;
  venue(address: string): Promise<VenueViews>;
  /** The native tokens' monetary desk (issue 16); without it the desk is not audited. */
  desk?(address: string): Promise<MonetaryDesk>;
};

export type AuditRange = {
  fromBlock: number;
  toBlock: number;
  page?: number;
  /** Venues to audit besides those the venue registry's logs name (e.g. a recorded deployment). */
  venues?: readonly string[];
};

export type MarketCounts = {
  nativeTokens: number;
  tokenHolders: number; // non-zero balances
  allowances: number; // non-zero
  frozenWallets: number;
  frozenIdentities: number;
  exchanges: number; // venues audited
  venueAccounts: number;
  books: number;
  restingOrders: number;
  fills: number;
};

/** A book's fees, in its base and quote token units: accrued by fills, collected to the operator, still in the book. */
export type FeeRow = {
  venue: string;
  pairId: string;
  accrued: { base: string; quote: string };
  collected: { base: string; quote: string };
  uncollected: { base: string; quote: string };
};

export type AuditReport = Omit<Report, "counts"> & {
  counts: Counts & MarketCounts;
  tokens: string[];
  exchanges: string[];
  fees: FeeRow[];
};

export type AuditRebuilt = Rebuilt & {
  tokens: Map<string, RebuiltToken>;
  exchanges: Map<string, RebuiltVenue>;
  desks: Map<string, RebuiltDesk>;
};

/** The rebuild failed: the logs contradict themselves, typically because the range starts after a deployment. */
export class RebuildError extends Error {}

/** Fetch the logs and rebuild everything they describe, without reading any contract state. */
export async function rebuildAll(
  rpc: Rpc,
  suite: Suite,
  connect: Connect,
  range: AuditRange,
): Promise<{ rebuilt: AuditRebuilt; logs: number }> {
  const { fromBlock, toBlock } = range;
  const page = range.page ?? DEFAULT_PAGE;
  const addresses = await Promise.all(Object.values(suite).map((c) => c.getAddress()));
  const logs = await fetchLogs(rpc, addresses, fromBlock, toBlock, page);
  const tree = (await suite.tree.getAddress()).toLowerCase();
  const times = await blockTimes(
    rpc,
    logs.filter((l) => l.address === tree),
  );
  const wrap = (error: unknown) =>
    new RebuildError(
      `Cannot rebuild from blocks ${fromBlock}..${toBlock}: ${(error as Error).message}. ` +
        `Start the range at or before the contracts' deployment.`,
    );
  let base: Rebuilt;
  try {
    base = await rebuildSuite(suite, logs, (log) => times.get(log.blockNumber)!);
  } catch (error) {
    throw wrap(error);
  }

  const tokenAddresses = [...base.assets.issued.keys()];
  const venueAddresses = [...new Set([...base.assets.exchanges, ...(range.venues ?? [])].map((v) => getAddress(v)))];
  const tokens = new Map(await Promise.all(tokenAddresses.map(async (t) => [t, await connect.token(t)] as const)));
  const venues = new Map(await Promise.all(venueAddresses.map(async (v) => [v, await connect.venue(v)] as const)));
  const marketLogs =
    tokens.size + venues.size === 0
      ? []
      : await fetchLogs(rpc, [...tokenAddresses, ...venueAddresses], fromBlock, toBlock, page);
  const logsOf = (address: string) => marketLogs.filter((l) => l.address === address.toLowerCase());
  const rebuilt: AuditRebuilt = { ...base, tokens: new Map(), exchanges: new Map(), desks: new Map() };
  // The monetary desk(s) the tokens registered with (an immutable of each token), with their own logs (issue 16).
  const deskAddresses = connect.desk
    ? [...new Set(await Promise.all([...tokens.values()].map(async (t) => getAddress(await t.DESK()))))]
    : [];
  const deskLogs = deskAddresses.length === 0 ? [] : await fetchLogs(rpc, deskAddresses, fromBlock, toBlock, page);
  const deskTimes = await blockTimes(rpc, deskLogs);
  try {
    for (const [address, token] of tokens) {
      const own = logsOf(address);
      const redeemed = token.interface.getEvent("Redeemed").topicHash;
      const redeemTimes = await blockTimes(
        rpc,
        own.filter((l) => l.topics[0] === redeemed),
      );
      const depth = (node: bigint) => base.tree.nodes.get(node)?.depth ?? 0n;
      rebuilt.tokens.set(
        address,
        rebuildToken(token.interface, own, depth, (l: RawLog) => redeemTimes.get(l.blockNumber)!),
      );
    }
    for (const [address, views] of venues) {
      rebuilt.exchanges.set(address, rebuildVenue(views.exchange.interface, logsOf(address)));
    }
    for (const address of deskAddresses) {
      const own = deskLogs.filter((l) => l.address === address.toLowerCase());
      const iface = (await connect.desk!(address)).interface;
      rebuilt.desks.set(
        address,
        rebuildDesk(iface, own, (l: RawLog) => deskTimes.get(l.blockNumber)!),
      );
    }
  } catch (error) {
    throw wrap(error);
  }
  return { rebuilt, logs: logs.length + marketLogs.length + deskLogs.length };
}

/** Reconcile everything rebuilt with the views: the report of counts and differences. */
export async function reconcileAll(
  suite: Suite,
  connect: Connect,
  rebuilt: AuditRebuilt,
  logs: number,
): Promise<AuditReport> {
  const report = await reconcile(suite, rebuilt, logs);
  const d = new Differences();
  const identityOf = (wallet: string) => identityOfWallet(rebuilt.registry, wallet);
  for (const [address, token] of rebuilt.tokens) {
    await reconcileToken(await connect.token(address), token, identityOf, d);
  }
  for (const [address, desk] of rebuilt.desks) await reconcileDesk(await connect.desk!(address), desk, d);
  const context = {
    pairIds: [...rebuilt.assets.pairs.keys()],
    roots: rebuilt.tree.roots,
    native: (token: string) => rebuilt.assets.issued.has(token),
  };
  for (const [address, venue] of rebuilt.exchanges) {
    try {
      await reconcileVenue(await connect.venue(address), venue, context, d);
    } catch (error) {
      // Registered with the EXCHANGE scope but not an Exchange (its views revert): say so and audit the rest.
      d.check(`venue ${address}`, "views", "an Exchange's", `unreadable (${(error as Error).message.slice(0, 80)})`);
    }
  }
  const fees: FeeRow[] = [];
  for (const [venue, v] of rebuilt.exchanges) {
    for (const pairId of v.books.keys()) {
      const zero = { base: 0n, quote: 0n };
      const [accrued, collected, uncollected] = [v.accrued, v.collected, v.uncollected].map(
        (m) => m.get(pairId) ?? zero,
      );
      fees.push({ venue, pairId: pairId.toString(), ...strings({ accrued, collected, uncollected }) });
    }
  }
  const tokens = [...rebuilt.tokens.values()];
  const venues = [...rebuilt.exchanges.values()];
  const sum = <T>(items: T[], f: (t: T) => number) => items.reduce((n, t) => n + f(t), 0);
  const nonZero = (m: Map<unknown, bigint>) => [...m.values()].filter((v) => v !== 0n).length;
  return {
    counts: {
      ...report.counts,
      nativeTokens: tokens.length,
      tokenHolders: sum(tokens, (t) => nonZero(t.balances)),
      allowances: sum(tokens, (t) => nonZero(t.allowances)),
      frozenWallets: sum(tokens, (t) => [...t.walletFreezes.values()].filter((w) => w.frozen).length),
      frozenIdentities: sum(tokens, (t) => [...t.identityFreezes.values()].filter((f) => f.frozen).length),
      exchanges: venues.length,
      venueAccounts: sum(venues, (v) => v.accounts.size),
      books: sum(venues, (v) => v.books.size),
      restingOrders: sum(venues, (v) => v.orders.size),
      fills: sum(venues, (v) => v.fills),
    },
    differences: [...report.differences, ...d.list],
    tokens: [...rebuilt.tokens.keys()],
    exchanges: [...rebuilt.exchanges.keys()],
    fees,
  };
}

/** Each fee total in base and quote units, as decimal strings (JSON has no bigint). */
function strings(totals: Record<"accrued" | "collected" | "uncollected", Amounts>) {
  const out = {} as Record<keyof typeof totals, { base: string; quote: string }>;
  for (const [k, a] of Object.entries(totals))
    out[k as keyof typeof totals] = { base: `${a.base}`, quote: `${a.quote}` };
  return out;
}

/** Rebuild from the logs and reconcile with the views. */
export async function audit(rpc: Rpc, suite: Suite, connect: Connect, range: AuditRange): Promise<AuditReport> {
  const { rebuilt, logs } = await rebuildAll(rpc, suite, connect, range);
  return reconcileAll(suite, connect, rebuilt, logs);
}
