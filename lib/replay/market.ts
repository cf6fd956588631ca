/**
 * Reconciles the rebuilt native tokens and venues with their views: every fact rebuilt from the logs is read again from
 * the contract, and every disagreement becomes a difference (see differences.ts). A venue is also reconciled with its
 * real token holdings: what it holds of each token must equal its clients' available and locked balances plus the
 * fees not yet collected.
 *
 * Only type imports from typechain-types: this runs inside tasks, loaded before anything is compiled.
 */
import type { CompliantToken, Exchange, IERC20, IExchange } from "../../typechain-types";
import { Differences, max } from "./differences";
import { isFrozen, type RebuiltToken } from "./token";
import {
  ASK,
  BID,
  balanceKey,
  bookConfigRow,
  levelsOf,
  lockedBalances,
  openOrdersOf,
  orderKey,
  type RebuiltVenue,
} from "./venue";

/** A venue as the reconciliation reads it: the Exchange's own views and IExchange's (which reach its admin half). */
export type VenueViews = { exchange: Exchange; api: IExchange; erc20: (token: string) => Promise<IERC20> };

/** Every balance, allowance, freeze, the pause, the policy and the redemptions of one native token. */
export async function reconcileToken(
  token: CompliantToken,
  rebuilt: RebuiltToken,
  identityOf: (wallet: string) => bigint,
  d = new Differences(),
): Promise<Differences> {
  const at = `token ${await token.getAddress()}`;
  d.record(at, rebuilt.issuance && { ...rebuilt.issuance }, {
    root: await token.ROOT(),
    issuerNode: await token.ISSUER_NODE(),
    issuer: await token.ISSUER(),
    decimals: await token.decimals(),
    tree: await token.TREE(),
    eligibility: await token.ELIGIBILITY(),
    venues: await token.VENUES(),
    assets: await token.ASSET_REGISTRY(),
  });
  d.record(
    at,
    {
      TIME_UNIT: rebuilt.timeUnit,
      totalSupply: rebuilt.totalSupply,
      paused: rebuilt.paused,
      pauseRank: rebuilt.pauseRank,
      policyId: rebuilt.policyId,
      policyRank: rebuilt.policyRank,
      totalRedeemed: rebuilt.totalRedeemed,
      lastRedeemedAt: rebuilt.lastRedeemedAt,
    },
    {
      TIME_UNIT: await token.TIME_UNIT(),
      totalSupply: await token.totalSupply(),
      paused: await token.paused(),
      pauseRank: await token.pauseRank(),
      policyId: await token.policyId(),
      policyRank: await token.policyRank(),
      totalRedeemed: await token.totalRedeemed(),
      lastRedeemedAt: await token.lastRedeemedAt(),
    },
  );
  for (const [holder, balance] of rebuilt.balances) {
    d.check(at, `balanceOf(${holder})`, balance, await token.balanceOf(holder));
  }
  for (const [key, allowance] of rebuilt.allowances) {
    const [owner, spender] = key.split("/");
    d.check(at, `allowance(${owner}, ${spender})`, allowance, await token.allowance(owner, spender));
  }
  for (const [wallet, w] of rebuilt.walletFreezes) {
    const r = await token.walletFreezeRecord(wallet);
    d.record(
      `${at} wallet ${wallet}`,
      { ...w },
      {
        frozen: r.frozen,
        rank: r.rank,
        frozenIdentity: r.frozenIdentity,
        identitySerial: r.identitySerial,
        cleared: r.cleared,
        clearedRank: r.clearedRank,
      },
    );
  }
  for (const [id, f] of rebuilt.identityFreezes) {
    const r = await token.identityFreezeRecord(id);
    d.record(
      `${at} identity #${id}`,
      { ...f },
      { frozen: r.frozen, rank: r.rank, serial: r.serial, cleared: r.cleared, clearedRank: r.clearedRank },
    );
  }
  const [pauseCleared, pauseClearedRank] = await token.pauseClearance();
  d.record(
    `${at} pause clearance`,
    { cleared: rebuilt.pauseCleared, rank: rebuilt.pauseClearedRank },
    { cleared: pauseCleared, rank: pauseClearedRank },
  );
  for (const wallet of new Set([...rebuilt.walletFreezes.keys(), ...rebuilt.balances.keys()])) {
    d.check(at, `isFrozen(${wallet})`, isFrozen(rebuilt, wallet, identityOf), await token.isFrozen(wallet));
  }
  return d;
}

/**
 * A venue's deployment, fees, accounts, token indexes, books (config, native legs, fees, best prices, depth), every
 * resting order, every account's open orders and balances, and its real holdings of each token. `pairIds` are the
 * pairs to look for books of (the asset service's: a book the logs missed is found there); `roots` the roots to ask
 * isTrustedRoot about; `native(token)` whether the asset registry issued `token`.
 */
export async function reconcileVenue(
  views: VenueViews,
  rebuilt: RebuiltVenue,
  context: { pairIds: Iterable<bigint>; roots: Iterable<bigint>; native: (token: string) => boolean },
  d = new Differences(),
): Promise<Differences> {
  const { exchange, api } = views;
  const address = await exchange.getAddress();
  const at = `venue ${address}`;
  const dep = rebuilt.deployment;
  const deployment = dep && {
    operator: rebuilt.operator, // the operator now: VenueCreated's, then each OperatorChanged (issue 17)
    admin: dep.admin,
    tree: dep.tree,
    eligibility: dep.eligibility,
    pairs: dep.pairs,
    homeRoot: dep.roots[0],
  };
  d.record(at, deployment, {
    operator: await exchange.OPERATOR(),
    admin: await exchange.ADMIN(),
    tree: await exchange.AUTHORITY(),
    eligibility: await exchange.ELIGIBILITY(),
    pairs: await exchange.PAIRS(),
    homeRoot: await exchange.HOME_ROOT(),
  });
  d.check(at, "TIME_UNIT", rebuilt.timeUnit, await exchange.TIME_UNIT());
  for (const root of new Set([...context.roots, ...(dep?.roots ?? [])])) {
    d.check(at, `isTrustedRoot(${root})`, dep?.roots.includes(root) ?? false, await exchange.isTrustedRoot(root));
  }
  const [makerBps, takerBps, capBps] = await exchange.fees();
  d.record(`${at} fees`, { ...rebuilt.fees }, { makerBps, takerBps, capBps });
  const [pendingMaker, pendingTaker, effectiveAt] = await api.pendingFees();
  d.record(
    `${at} pending fees`,
    { ...rebuilt.pendingFees },
    { makerBps: pendingMaker, takerBps: pendingTaker, effectiveAt },
  );
  d.check(at, "books", rebuilt.openBooks.join(", "), (await api.books()).join(", "));
  // Issue 17: the proposed operator, the wind-down and the successor venue.
  d.check(at, "pendingOperator", rebuilt.pendingOperator, await api.pendingOperator());
  const [windState, windRank] = await api.windDownState();
  d.record(`${at} wind-down`, { ...rebuilt.windDown }, { state: Number(windState), rank: windRank });
  d.check(at, "successor", rebuilt.successor, await api.successor());

  // Accounts, and for each its open orders and its balance of every token.
  const accountCount = await exchange.accountCount();
  d.check(at, "accountCount", BigInt(rebuilt.accounts.size), accountCount);
  const tokenCount = await exchange.tokenCount();
  d.check(at, "tokenCount", BigInt(rebuilt.tokens.size), tokenCount);
  const tokens: string[] = [];
  for (let i = 1n; i <= max(tokenCount, BigInt(rebuilt.tokens.size)); i++) {
    const token = i <= tokenCount ? await exchange.tokenAt(i) : undefined;
    d.check(at, `tokenAt(${i})`, rebuilt.tokens.get(i), token);
    if (token) {
      tokens.push(token);
      d.check(at, `tokenIndex(${token})`, rebuilt.tokenIndex.get(token) ?? 0n, await exchange.tokenIndex(token));
    }
  }
  const locked = lockedBalances(rebuilt);
  const held = new Map<bigint, bigint>(); // token index -> what the ledger says the venue holds
  const resting = new Set<string>(rebuilt.orders.keys()); // every order either side says rests
  for (let account = 1n; account <= max(accountCount, BigInt(rebuilt.accounts.size)); account++) {
    const r = rebuilt.accounts.get(account);
    const wallet = account <= accountCount ? await api.walletOf(account) : undefined;
    let onChain: object | undefined;
    if (wallet) {
      const [accountOf, identity] = await api.accountOf(wallet);
      onChain = { wallet, identity };
      d.check(`${at} account #${account}`, "accountOf(wallet)", account, accountOf);
      const [pairIds, orderIds] = await api.openOrders(wallet);
      const listed = pairIds.map((p, i) => `${p}/${orderIds[i]}`);
      listed.forEach((key) => resting.add(key));
      d.check(
        `${at} account #${account}`,
        "openOrders",
        openOrdersOf(rebuilt, account).map((o) => orderKey(o.pairId, o.id)),
        listed,
      );
    }
    d.record(`${at} account #${account}`, r && { ...r }, onChain);
    for (const [i, token] of tokens.entries()) {
      const index = BigInt(i + 1);
      const k = balanceKey(account, index);
      const balance = { available: rebuilt.available.get(k) ?? 0n, locked: locked.get(k) ?? 0n };
      held.set(index, (held.get(index) ?? 0n) + balance.available + balance.locked);
      if (!wallet) continue;
      const [available, lockedOnChain] = await api.balanceOf(wallet, token);
      d.record(`${at} account #${account} ${token}`, balance, { available, locked: lockedOnChain });
    }
    if (!wallet) continue;
    for (const pairId of rebuilt.books.keys()) {
      const c = rebuilt.clearances.get(`${account}/${pairId}`) ?? { epoch: 0n, until: 0n, identity: 0n };
      const [epoch, until, identity] = await api.clearanceOf(wallet, pairId);
      d.record(`${at} account #${account} clearance on pair #${pairId}`, c, { epoch, until, identity });
    }
  }

  // Books: every pair the asset service knows, and every book the logs opened.
  for (const pairId of new Set([...context.pairIds, ...rebuilt.books.keys()])) {
    const c = await api.bookConfig(pairId);
    const r = rebuilt.books.get(pairId);
    if (!r && !c.open) continue; // no book here
    const book = `${at} book #${pairId}`;
    d.record(book, r && { ...r }, c.open || r ? bookConfigRow(c) : undefined);
    if (!r) continue;
    const [makerBps, takerBps] = await api.feeRates(pairId);
    d.record(`${book} fee rates`, { ...rebuilt.rates.get(pairId) }, { makerBps, takerBps });
    const [base, quote] = [rebuilt.tokens.get(r.baseToken) ?? "", rebuilt.tokens.get(r.quoteToken) ?? ""];
    const [nativeBase, nativeQuote] = await api.nativeLegs(pairId);
    d.record(
      book,
      { nativeBase: context.native(base), nativeQuote: context.native(quote) },
      { nativeBase, nativeQuote },
    );
    const fees = rebuilt.uncollected.get(pairId) ?? { base: 0n, quote: 0n };
    const [feeBase, feeQuote] = await api.pairFees(pairId);
    d.record(`${book} uncollected fees`, { ...fees }, { base: feeBase, quote: feeQuote });
    held.set(r.baseToken, (held.get(r.baseToken) ?? 0n) + fees.base);
    held.set(r.quoteToken, (held.get(r.quoteToken) ?? 0n) + fees.quote);
    const [bids, asks] = [levelsOf(rebuilt, pairId, BID), levelsOf(rebuilt, pairId, ASK)];
    const [bid, ask] = await api.bestPrices(pairId);
    d.record(book, { bestBid: bids[0]?.tick ?? 0n, bestAsk: asks[0]?.tick ?? 0n }, { bestBid: bid, bestAsk: ask });
    for (const [side, levels] of [
      [BID, bids],
      [ASK, asks],
    ] as const) {
      // One level more than rebuilt, so that a level only the chain has shows.
      const [ticks, lots, counts] = await api.depth(pairId, side, levels.length + 1);
      d.check(
        book,
        `depth(${side === BID ? "bids" : "asks"})`,
        levels.map((l) => `${l.lots} lots in ${l.count} at ${l.tick}`),
        ticks.map((t, i) => `${lots[i]} lots in ${counts[i]} at ${t}`),
      );
    }
  }
  for (const key of resting) {
    const o = rebuilt.orders.get(key);
    const [pairId, id] = key.split("/").map(BigInt);
    const v = await api.getOrder(pairId, id);
    d.record(
      `${at} order ${key}`,
      o && {
        account: o.account,
        wallet: rebuilt.accounts.get(o.account)?.wallet,
        side: o.side,
        tick: o.tick,
        lots: o.lots,
        expiry: o.expiry,
      },
      v.lots === 0n
        ? undefined
        : { account: v.account, wallet: v.wallet, side: v.side, tick: v.tick, lots: v.lots, expiry: v.expiry },
    );
  }

  // What the venue really holds of each token against its ledger (balances plus uncollected fees).
  for (const [i, token] of tokens.entries()) {
    const holdings = await (await views.erc20(token)).balanceOf(address);
    d.check(`${at} holdings of ${token}`, "balanceOf(venue)", held.get(BigInt(i + 1)) ?? 0n, holdings);
  }
  for (const a of rebuilt.anomalies)
    d.check(`${at} ${a.entity}`, `${a.field} (earlier logs vs this log)`, a.rebuilt, a.logged);
  return d;
}
