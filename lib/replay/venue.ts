import type { Interface } from "ethers";
import { parsedEvents } from "./events";

/**
 * Rebuilds one venue (contracts/exchange/Exchange.sol, IExchange's events) from its own logs alone: its deployment
 * (operator, trusted roots), accounts, token indexes, books, every resting order with its open-order slot, every
 * internal available balance, the fees and their cap, and the fees accrued, collected and still uncollected per pair.
 *
 * Locked balances are not tracked: they are derived from the resting orders (a bid locks tick * tickSize * lots of the
 * quote token, an ask lots * lotSize of the base token), which is what they mean whatever the venue stores. So a
 * placement moves its lock out of available, a removal moves the remainder's lock back, and a fill spends the maker's
 * lock by reducing the order. Nothing here reads contract state.
 */
export type BookConfigRow = {
  tickSize: bigint;
  lotSize: bigint;
  policyId: bigint;
  minLots: bigint;
  baseToken: bigint; // the venue's token index
  quoteToken: bigint;
  open: boolean;
};
export type RestingOrder = {
  pairId: bigint;
  id: bigint;
  account: bigint;
  side: bigint; // 0 bid, 1 ask (the id's top bit)
  tick: bigint;
  lots: bigint; // remaining
  expiry: bigint;
  slot: number; // its place in the owner's open-order list
};
export type Amounts = { base: bigint; quote: bigint };
export type VenueDeployment = {
  operator: string;
  roots: bigint[];
  admin: string;
  tree: string;
  eligibility: string;
  pairs: string;
};
/** A clearance the venue recorded (ClearanceRecorded): restriction epoch, end (seconds) and identity. */
export type Clearance = { epoch: bigint; until: bigint; identity: bigint };
/** Something the logs say that contradicts what they said before (e.g. a removal of more lots than rest). */
export type Anomaly = { entity: string; field: string; rebuilt: unknown; logged: unknown };

/** The venue's wind-down (issue 17): 0 trading, 1 winding down, 2 wound down; the rank that set it. */
export type WindDown = { state: number; rank: bigint };

export type RebuiltVenue = {
  timeUnit: bigint;
  deployment?: VenueDeployment;
  /** The operator now (VenueCreated, then each OperatorChanged), its proposed successor, the successor venue. */
  operator: string;
  pendingOperator: string;
  successor: string;
  windDown: WindDown;
  accounts: Map<bigint, { wallet: string; identity: bigint }>;
  accountOf: Map<string, bigint>; // wallet -> account
  tokens: Map<bigint, string>; // index -> token
  tokenIndex: Map<string, bigint>;
  books: Map<bigint, BookConfigRow>;
  orders: Map<string, RestingOrder>; // `${pairId}/${orderId}`
  slots: Map<bigint, Set<number>>; // account -> open-order slots whose bit is set (stale ones included)
  clearances: Map<string, Clearance>; // `${account}/${pairId}` -> the last clearance recorded
  available: Map<string, bigint>; // `${account}/${token index}`
  fees: { makerBps: bigint; takerBps: bigint; capBps: bigint };
  /** The scheduled fee raise (FeesScheduled), all 0 when none; every FeesSet and FeesLapsed ends it. */
  pendingFees: { makerBps: bigint; takerBps: bigint; effectiveAt: bigint };
  rates: Map<bigint, { makerBps: bigint; takerBps: bigint }>; // pairId -> the rates its book applies
  openBooks: bigint[]; // the venue's list of open books, kept as the contract keeps it (a retired one swapped out)
  uncollected: Map<bigint, Amounts>; // pairId -> fees accrued and not yet collected
  accrued: Map<bigint, Amounts>;
  collected: Map<bigint, Amounts>;
  fills: number;
  anomalies: Anomaly[];
};

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ID_SIDE_SHIFT = 63n;
const ID_TICK_SHIFT = 39n;
const TICK_MASK = (1n << 24n) - 1n;
/** The operator's account (opened by the venue's constructor): fees are collected into it. */
const OPERATOR_ACCOUNT = 1n;
export const BID = 0n;
export const ASK = 1n;

/** A book's config (from BookOpened or the bookConfig view) as a plain record. */
export function bookConfigRow(c: { [K in keyof BookConfigRow]: BookConfigRow[K] }): BookConfigRow {
  return {
    tickSize: c.tickSize,
    lotSize: c.lotSize,
    policyId: c.policyId,
    minLots: c.minLots,
    baseToken: c.baseToken,
    quoteToken: c.quoteToken,
    open: c.open,
  };
}

export const orderKey = (pairId: bigint, orderId: bigint) => `${pairId}/${orderId}`;
export const balanceKey = (account: bigint, token: bigint) => `${account}/${token}`;

/** What a resting order locks: the token index and the amount (see the module notes). */
export function lockOf(book: BookConfigRow, o: { side: bigint; tick: bigint; lots: bigint }) {
  return o.side === BID
    ? { token: book.quoteToken, amount: o.tick * book.tickSize * o.lots }
    : { token: book.baseToken, amount: o.lots * book.lotSize };
}

/** Every (account, token) lock: the sum of what the account's resting orders lock. */
export function lockedBalances(v: RebuiltVenue): Map<string, bigint> {
  const locked = new Map<string, bigint>();
  for (const o of v.orders.values()) {
    const { token, amount } = lockOf(v.books.get(o.pairId)!, o);
    const k = balanceKey(o.account, token);
    locked.set(k, (locked.get(k) ?? 0n) + amount);
  }
  return locked;
}

/** The levels of one side of a book, best first (bids high to low, asks low to high): tick, total lots, orders. */
export function levelsOf(v: RebuiltVenue, pairId: bigint, side: bigint) {
  const levels = new Map<bigint, { tick: bigint; lots: bigint; count: bigint }>();
  for (const o of v.orders.values()) {
    if (o.pairId !== pairId || o.side !== side) continue;
    const l = levels.get(o.tick) ?? { tick: o.tick, lots: 0n, count: 0n };
    l.lots += o.lots;
    l.count += 1n;
    levels.set(o.tick, l);
  }
  const sign = side === BID ? -1 : 1;
  return [...levels.values()].sort((x, y) => sign * (x.tick < y.tick ? -1 : x.tick > y.tick ? 1 : 0));
}

/** An account's resting orders in open-order slot order (as the venue's openOrders view lists them). */
export function openOrdersOf(v: RebuiltVenue, account: bigint): RestingOrder[] {
  return [...v.orders.values()].filter((o) => o.account === account).sort((x, y) => x.slot - y.slot);
}

/** Folds the venue's logs (in chain order) into its state; an event the replayer does not know is an error. */
export function rebuildVenue(iface: Interface, logs: readonly { topics: readonly string[]; data: string }[]) {
  const v: RebuiltVenue = {
    timeUnit: 0n,
    operator: ZERO_ADDRESS,
    pendingOperator: ZERO_ADDRESS,
    successor: ZERO_ADDRESS,
    windDown: { state: 0, rank: 0n },
    accounts: new Map(),
    accountOf: new Map(),
    tokens: new Map(),
    tokenIndex: new Map(),
    books: new Map(),
    orders: new Map(),
    slots: new Map(),
    clearances: new Map(),
    available: new Map(),
    fees: { makerBps: 0n, takerBps: 0n, capBps: 0n },
    pendingFees: { makerBps: 0n, takerBps: 0n, effectiveAt: 0n },
    rates: new Map(),
    openBooks: [],
    uncollected: new Map(),
    accrued: new Map(),
    collected: new Map(),
    fills: 0,
    anomalies: [],
  };
  const credit = (account: bigint, token: bigint, amount: bigint) => {
    const k = balanceKey(account, token);
    v.available.set(k, (v.available.get(k) ?? 0n) + amount);
  };
  const index = (token: string) => {
    const i = v.tokenIndex.get(token);
    if (i === undefined) throw new Error(`venue event for token ${token} before its TokenAdded`);
    return i;
  };
  const book = (pairId: bigint) => {
    const b = v.books.get(pairId);
    if (!b) throw new Error(`venue event for pair ${pairId} before its BookOpened`);
    return b;
  };
  const add = (map: Map<bigint, Amounts>, pairId: bigint, base: bigint, quote: bigint) => {
    const a = map.get(pairId) ?? { base: 0n, quote: 0n };
    map.set(pairId, { base: a.base + base, quote: a.quote + quote });
  };
  const slotsOf = (account: bigint) => {
    const used = v.slots.get(account);
    if (!used) throw new Error(`venue event for account ${account} before its AccountOpened`);
    return used;
  };
  const take = (pairId: bigint, orderId: bigint) => {
    const o = v.orders.get(orderKey(pairId, orderId));
    if (!o) throw new Error(`venue event for order ${orderId} of pair ${pairId}, which does not rest`);
    return o;
  };
  // A cancel or removal clears the order's open-order bit; a fill that completes a maker's order leaves it set
  // (stale) until a placement finds no free bit and reclaims the stale ones, as the venue does.
  const close = (o: RestingOrder, clearBit: boolean) => {
    v.orders.delete(orderKey(o.pairId, o.id));
    if (clearBit) slotsOf(o.account).delete(o.slot);
  };
  const MAX_OPEN_ORDERS = 32;
  for (const { name, args: a } of parsedEvents(iface, logs)) {
    switch (name) {
      case "ClockConfigured":
        v.timeUnit = a.timeUnit;
        break;
      case "VenueCreated":
        v.deployment = {
          operator: a.operator,
          roots: [...a.roots],
          admin: a.admin,
          tree: a.tree,
          eligibility: a.eligibility,
          pairs: a.pairs,
        };
        v.operator = a.operator;
        break;
      // Issue 17: the operator's succession moves the operator's account (number 1) to the new wallet.
      case "OperatorTransferStarted":
        v.pendingOperator = a.pending;
        break;
      case "OperatorChanged": {
        if (a.previous !== v.operator) {
          v.anomalies.push({ entity: "venue", field: "previous operator", rebuilt: v.operator, logged: a.previous });
        }
        v.accountOf.delete(a.previous);
        v.accountOf.set(a.operator, OPERATOR_ACCOUNT);
        // The operator account's cached clearances were the previous wallet's answer: the change drops them.
        for (const key of [...v.clearances.keys()])
          if (key.startsWith(`${OPERATOR_ACCOUNT}/`)) v.clearances.delete(key);
        const op = v.accounts.get(OPERATOR_ACCOUNT);
        if (op) op.wallet = a.operator;
        v.operator = a.operator;
        v.pendingOperator = ZERO_ADDRESS;
        break;
      }
      // The wind-down closes every open book (its config's `open`), and lifting it reopens them.
      case "WindDownStarted":
        if (v.windDown.state === 0) for (const pairId of v.openBooks) book(pairId).open = false;
        v.windDown = { state: 1, rank: BigInt(a.rank) };
        break;
      case "WindDownLifted":
        for (const pairId of v.openBooks) book(pairId).open = true;
        v.windDown = { state: 0, rank: 0n };
        break;
      case "VenueWoundDown":
        if (v.orders.size !== 0) {
          v.anomalies.push({ entity: "venue", field: "wound down", rebuilt: `${v.orders.size} resting`, logged: 0 });
        }
        v.windDown = { ...v.windDown, state: 2 };
        break;
      case "SuccessorSet":
        v.successor = a.successor;
        break;
      // A lost wallet's account (balances and resting orders) moves whole to its successor wallet.
      case "WalletClaimed": {
        const account = v.accounts.get(a.account);
        if (!account) throw new Error(`WalletClaimed for account ${a.account} before its AccountOpened`);
        if (account.wallet !== a.lost) {
          v.anomalies.push({
            entity: `account #${a.account}`,
            field: "claimed wallet",
            rebuilt: account.wallet,
            logged: a.lost,
          });
        }
        v.accountOf.delete(a.lost);
        v.accountOf.set(a.successor, a.account);
        // The account's cached clearances were the lost wallet's answer: the claim drops them (review M2).
        for (const key of [...v.clearances.keys()]) if (key.startsWith(`${a.account}/`)) v.clearances.delete(key);
        account.wallet = a.successor;
        account.identity = a.identity;
        break;
      }
      case "AccountOpened":
        v.accounts.set(a.account, { wallet: a.wallet, identity: a.identity });
        v.accountOf.set(a.wallet, a.account);
        v.slots.set(a.account, new Set());
        break;
      case "AccountIdentitySynced":
        slotsOf(a.account); // the account must exist
        v.accounts.get(a.account)!.identity = a.identity;
        break;
      case "TokenAdded":
        v.tokens.set(a.index, a.token);
        v.tokenIndex.set(a.token, a.index);
        break;
      case "BookOpened":
        v.books.set(a.pairId, bookConfigRow(a.config));
        v.rates.set(a.pairId, { makerBps: v.fees.makerBps, takerBps: v.fees.takerBps });
        v.openBooks.push(a.pairId);
        break;
      case "BookRetired": {
        book(a.pairId).open = false;
        const at = v.openBooks.indexOf(a.pairId);
        if (at < 0) {
          v.anomalies.push({ entity: `pair #${a.pairId}`, field: "retired", rebuilt: "not open", logged: "retired" });
          break;
        }
        v.openBooks[at] = v.openBooks[v.openBooks.length - 1];
        v.openBooks.pop();
        break;
      }
      case "Deposited":
        credit(a.account, index(a.token), a.amount);
        break;
      case "Withdrawn":
        credit(a.account, index(a.token), 0n - a.amount);
        break;
      case "OrderPlaced": {
        const id: bigint = a.orderId;
        const used = slotsOf(a.account);
        if (used.size === MAX_OPEN_ORDERS) {
          const live = new Set([...v.orders.values()].filter((o) => o.account === a.account).map((o) => o.slot));
          for (const s of [...used]) if (!live.has(s)) used.delete(s);
        }
        let slot = 0;
        while (used.has(slot)) slot++; // the venue takes the lowest free slot
        used.add(slot);
        const o: RestingOrder = {
          pairId: a.pairId,
          id,
          account: a.account,
          side: id >> ID_SIDE_SHIFT,
          tick: (id >> ID_TICK_SHIFT) & TICK_MASK,
          lots: a.lots,
          expiry: a.expiry,
          slot,
        };
        v.orders.set(orderKey(o.pairId, id), o);
        const lock = lockOf(book(o.pairId), o);
        credit(o.account, lock.token, -lock.amount);
        break;
      }
      case "OrderFilled": {
        const o = take(a.pairId, a.orderId);
        const c = book(a.pairId);
        if (a.lots > o.lots)
          v.anomalies.push({ entity: `order ${a.orderId}`, field: "filled", rebuilt: o.lots, logged: a.lots });
        o.lots -= a.lots;
        if (o.lots <= 0n) close(o, false);
        // The maker gives from its lock what the taker receives and receives what the taker gives, each less a fee.
        const quote = a.tick * c.tickSize * a.lots;
        const base = a.lots * c.lotSize;
        const [makerGets, takerGets] = o.side === BID ? [c.baseToken, c.quoteToken] : [c.quoteToken, c.baseToken];
        const [makerAmount, takerAmount] = o.side === BID ? [base, quote] : [quote, base];
        credit(a.maker, makerGets, makerAmount - a.makerFee);
        credit(a.taker, makerGets, -makerAmount);
        credit(a.taker, takerGets, takerAmount - a.takerFee);
        const [baseFee, quoteFee] = o.side === BID ? [a.makerFee, a.takerFee] : [a.takerFee, a.makerFee];
        add(v.accrued, a.pairId, baseFee, quoteFee);
        add(v.uncollected, a.pairId, baseFee, quoteFee);
        v.fills += 1;
        break;
      }
      case "OrderRemoved": {
        const o = take(a.pairId, a.orderId);
        if (a.lots !== o.lots)
          v.anomalies.push({ entity: `order ${a.orderId}`, field: "removed lots", rebuilt: o.lots, logged: a.lots });
        close(o, true);
        const lock = lockOf(book(o.pairId), o);
        credit(o.account, lock.token, lock.amount);
        break;
      }
      case "OrderRemainderDropped": {
        // Nothing rested, nothing stays locked. The reason must fit the book's minimum: BelowMinimum (1) for a
        // remainder under it, MaxSteps (0) for one at or above it that still crossed.
        const belowMinimum = a.lots < book(a.pairId).minLots;
        if (belowMinimum !== (Number(a.reason) === 1)) {
          v.anomalies.push({
            entity: `pair #${a.pairId}`,
            field: "remainder dropped",
            rebuilt: belowMinimum ? "BelowMinimum" : "MaxSteps",
            logged: Number(a.reason) === 1 ? "BelowMinimum" : "MaxSteps",
          });
        }
        break;
      }
      case "ClearanceRecorded":
        slotsOf(a.account); // the account must exist
        v.clearances.set(`${a.account}/${a.pairId}`, { epoch: a.epoch, until: a.until, identity: a.identity });
        break;
      case "Recovered": {
        const token = index(a.token);
        credit(a.account, token, 0n - a.amount);
        if (a.toAccount !== 0n) credit(a.toAccount, token, a.amount);
        break;
      }
      case "FeeCapSet":
        v.fees.capBps = a.capBps;
        break;
      case "FeesScheduled":
        v.pendingFees = { makerBps: a.makerBps, takerBps: a.takerBps, effectiveAt: a.effectiveAt };
        break;
      case "FeesLapsed": // a scheduled change not applied in time is dropped; the fees stay
        v.pendingFees = { makerBps: 0n, takerBps: 0n, effectiveAt: 0n };
        break;
      case "FeesSet":
        v.fees.makerBps = a.makerBps;
        v.fees.takerBps = a.takerBps;
        v.pendingFees = { makerBps: 0n, takerBps: 0n, effectiveAt: 0n };
        // Every open book takes the new rates (a retired book keeps its own).
        for (const pairId of v.openBooks) v.rates.set(pairId, { makerBps: a.makerBps, takerBps: a.takerBps });
        break;
      case "FeesCollected": {
        const c = book(a.pairId);
        const owed = v.uncollected.get(a.pairId) ?? { base: 0n, quote: 0n };
        if (owed.base !== a.baseAmount || owed.quote !== a.quoteAmount) {
          v.anomalies.push({
            entity: `pair #${a.pairId}`,
            field: "fees collected",
            rebuilt: owed,
            logged: { base: a.baseAmount, quote: a.quoteAmount },
          });
        }
        credit(OPERATOR_ACCOUNT, c.baseToken, a.baseAmount);
        credit(OPERATOR_ACCOUNT, c.quoteToken, a.quoteAmount);
        v.uncollected.set(a.pairId, { base: 0n, quote: 0n });
        add(v.collected, a.pairId, a.baseAmount, a.quoteAmount);
        break;
      }
      default:
        throw new Error(`replayer does not know the venue event ${name}`);
    }
  }
  return v;
}
