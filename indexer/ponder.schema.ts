/**
 * The indexer's tables (Ponder onchain tables: PGlite by default, PostgreSQL with DATABASE_URL). Amounts are in the
 * token's smallest unit, times in the chain's own unit (seconds, or milliseconds on PlatON) unless a column says
 * otherwise, addresses lowercase. Every table that records a change carries the block, log index and transaction of
 * the log it comes from, so that a row can be traced back to the chain.
 *
 * Issue 16 (sanctions, AML limits, monetary policy) adds events that are not indexed yet: their logs still land in
 * `event` (every log of every indexed contract); their own tables go at the end of this file, next to the
 * placeholder there.
 */
import { index, onchainTable, primaryKey } from "ponder";

/** Every log of every indexed contract, decoded: the audit trail and the place new events land first. */
export const event = onchainTable(
  "event",
  (t) => ({
    id: t.text().primaryKey(), // `${block}-${logIndex}`
    contract: t.text().notNull(), // the indexer's name for it: AuthorityTree, Exchange, ...
    address: t.hex().notNull(),
    name: t.text().notNull(),
    block: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    tx: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
    args: t.json().notNull(), // the decoded arguments, bigints as decimal strings
  }),
  (e) => ({ byName: index().on(e.name), byBlock: index().on(e.block) }),
);

// ---- Authority tree -------------------------------------------------------------------------------------------

/** Roots and nodes, as the tree's node(id) view shows them (a root is a node with parent 0). */
export const node = onchainTable("node", (t) => ({
  id: t.bigint().primaryKey(),
  account: t.hex().notNull(),
  parent: t.bigint().notNull(),
  root: t.bigint().notNull(),
  scopes: t.bigint().notNull(),
  expiry: t.bigint().notNull(),
  grantedAt: t.bigint().notNull(), // in the tree's TIME_UNIT-scaled seconds, as the view
  status: t.bigint().notNull(), // 1 active, 2 suspended, 3 revoked
  depth: t.bigint().notNull(),
  suspenderDepth: t.bigint().notNull(),
  leaseDepth: t.bigint().notNull(),
  label: t.text(), // a root's label
  pendingAccount: t.hex(), // the account its holder proposed as its next (NodeRotationProposed), until accepted or cancelled
}));

/**
 * Every change of a node: granted, suspended, resumed, revoked, renounced, renewed; and its key rotations (issue 17):
 * rotation proposed (`account` the proposed one), rotation cancelled (by its holder), rotation cleared (by a suspension
 * or revocation), rotated (`previous` to `account`: accepted by the new key, or replaced by an ancestor, `by`).
 */
export const nodeHistory = onchainTable(
  "node_history",
  (t) => ({
    id: t.text().primaryKey(),
    nodeId: t.bigint().notNull(),
    change: t.text().notNull(),
    by: t.hex(),
    byDepth: t.bigint(),
    expiry: t.bigint(),
    reason: t.hex(),
    account: t.hex(), // rotations: the new (or proposed) account
    previous: t.hex(), // rotated: the account that lost the node
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (h) => ({ byNode: index().on(h.nodeId) }),
);

// ---- Client registry --------------------------------------------------------------------------------------------

/** Identities, as the registry's identity(id) view shows them (wallets in `wallet`). */
export const identity = onchainTable("identity", (t) => ({
  id: t.bigint().primaryKey(),
  attester: t.bigint().notNull(),
  root: t.bigint().notNull(),
  expiry: t.bigint().notNull(),
  jurisdiction: t.bigint().notNull(),
  classes: t.bigint().notNull(),
  status: t.bigint().notNull(), // 1 active, 2 revoked
  frozen: t.boolean().notNull(),
  frozenByDepth: t.bigint().notNull(),
  profileDepth: t.bigint().notNull(),
  revokedByDepth: t.bigint().notNull(),
  evidenceHash: t.hex().notNull(),
  registeredBy: t.hex().notNull(), // the importer, for an identity imported from a predecessor registry
  registeredAt: t.bigint().notNull(),
  imported: t.boolean().notNull(), // carried over from a predecessor registry (IdentityImported, issue 17)
}));

/**
 * Every change of an identity: registered, imported, updated, renewed, frozen, unfrozen, revoked, migrated, wallet added,
 * wallet removed, wallet replaced (`wallet` the lost one), replacement contested (`by` the contester).
 */
export const identityHistory = onchainTable(
  "identity_history",
  (t) => ({
    id: t.text().primaryKey(),
    identityId: t.bigint().notNull(),
    change: t.text().notNull(),
    by: t.hex(),
    byDepth: t.bigint(),
    wallet: t.hex(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (h) => ({ byIdentity: index().on(h.identityId) }),
);

/** Wallets of identities; `position` is the wallet's place in the identity's list while active (swap-and-pop). */
export const wallet = onchainTable(
  "wallet",
  (t) => ({
    identityId: t.bigint().notNull(),
    address: t.hex().notNull(),
    active: t.boolean().notNull(),
    position: t.integer(),
    addedBlock: t.bigint().notNull(),
    removedBlock: t.bigint(),
  }),
  (w) => ({ pk: primaryKey({ columns: [w.identityId, w.address] }), byAddress: index().on(w.address) }),
);

/**
 * Wallet replacements (issue 17): the attester (or a higher rank) named `successor` for the identity's `lost` wallet;
 * venues may move the lost wallet's account to it (WalletClaimed) from `claimableAt` (seconds) on, unless the lost
 * wallet or a higher rank contested it first (`contested`: void, the wallet restored).
 */
export const walletReplacement = onchainTable(
  "wallet_replacement",
  (t) => ({
    id: t.text().primaryKey(), // `${block}-${logIndex}` of its WalletReplaced
    identityId: t.bigint().notNull(),
    lost: t.hex().notNull(),
    successor: t.hex().notNull(),
    byNode: t.bigint().notNull(),
    reason: t.hex().notNull(),
    claimableAt: t.bigint().notNull(),
    contested: t.boolean().notNull(),
    contestedBy: t.hex(),
    contestReason: t.hex(),
    block: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (r) => ({ byLost: index().on(r.lost), byIdentity: index().on(r.identityId) }),
);

/**
 * The client registry itself: `identityCount` (the highest id registered, or reserved for imports by ImporterSet) and
 * the importer the tree's governor named for a successor registry's import (until ImportEnded).
 */
export const registry = onchainTable("registry", (t) => ({
  address: t.hex().primaryKey(),
  identityCount: t.bigint().notNull(),
  importer: t.hex(),
  reservedIds: t.bigint(), // the ids ImporterSet reserved for the predecessor's identities
  importEndedBlock: t.bigint(),
}));

// ---- Asset service ----------------------------------------------------------------------------------------------

export const asset = onchainTable("asset", (t) => ({
  id: t.bigint().primaryKey(),
  token: t.hex().notNull(),
  kind: t.integer().notNull(),
  root: t.bigint().notNull(),
  issuer: t.hex().notNull(),
  listerNode: t.bigint().notNull(),
  metadataURI: t.text().notNull(),
  retired: t.boolean().notNull(),
}));

/** Natively issued tokens (NativeTokenIssued). */
export const nativeToken = onchainTable("native_token", (t) => ({
  token: t.hex().primaryKey(),
  root: t.bigint().notNull(),
  issuerNode: t.bigint().notNull(),
  issuer: t.hex().notNull(),
}));

/** Every attestation ever posted; `withdrawn` and `superseded` say whether it still stands. */
export const attestation = onchainTable(
  "attestation",
  (t) => ({
    id: t.bigint().primaryKey(),
    assetId: t.bigint().notNull(),
    kind: t.integer().notNull(), // 0 reserve, 1 audit report, 2 disclosure, 3 insurance
    auditorNode: t.bigint().notNull(),
    issuedAt: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    asOf: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    contentHash: t.hex().notNull(),
    uri: t.text().notNull(),
    redeemedSnapshot: t.bigint().notNull(),
    rank: t.bigint().notNull(),
    superseded: t.boolean().notNull(),
    withdrawn: t.boolean().notNull(),
    block: t.bigint().notNull(),
  }),
  (a) => ({ byAsset: index().on(a.assetId, a.kind) }),
);

/** Pairs; `status` follows the lifecycle events (1 proposed, 2 live, 3 halted, 4 delisted, 5 withdrawn). */
export const pair = onchainTable("pair", (t) => ({
  id: t.bigint().primaryKey(),
  root: t.bigint().notNull(),
  proposerNode: t.bigint().notNull(),
  baseToken: t.hex().notNull(),
  quoteToken: t.hex().notNull(),
  policyId: t.bigint().notNull(),
  terms: t.json().notNull(), // PairTerms as proposed, bigints as strings
  lifecycle: t.text().notNull(), // proposed, approved, halted, resumed, delisted, withdrawn (the last change)
  proposedBlock: t.bigint().notNull(),
}));

/** Every lifecycle change of a pair. */
export const pairHistory = onchainTable(
  "pair_history",
  (t) => ({
    id: t.text().primaryKey(),
    pairId: t.bigint().notNull(),
    change: t.text().notNull(),
    node: t.bigint(),
    rank: t.bigint(),
    reason: t.hex(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (h) => ({ byPair: index().on(h.pairId) }),
);

/** Venue registrations per root (VenueRegistry); the operator node and owner follow an operator change (issue 17). */
export const venue = onchainTable(
  "venue",
  (t) => ({
    address: t.hex().notNull(),
    root: t.bigint().notNull(),
    operatorNode: t.bigint().notNull(),
    scope: t.bigint().notNull(),
    owner: t.hex().notNull(),
    registered: t.boolean().notNull(),
    registeredBlock: t.bigint().notNull(),
    deregisteredBlock: t.bigint(),
  }),
  (v) => ({ pk: primaryKey({ columns: [v.address, v.root] }) }),
);

// ---- Venues (Exchange) ------------------------------------------------------------------------------------------

/** One row per indexed exchange: its deployment, clock and fees. */
export const exchange = onchainTable("exchange", (t) => ({
  address: t.hex().primaryKey(),
  operator: t.hex(),
  admin: t.hex(),
  roots: t.json(), // trusted roots, the home root first
  timeUnit: t.bigint().notNull(),
  makerBps: t.bigint().notNull(),
  takerBps: t.bigint().notNull(),
  capBps: t.bigint().notNull(),
  // Issue 17: the operator now (VenueCreated's, then each OperatorChanged), the one proposed, the successor venue,
  // and the wind-down (0 trading, 1 winding down, 2 wound down) with the rank (depth) that set it.
  pendingOperator: t.hex(),
  successor: t.hex(),
  windDown: t.integer().notNull(),
  windDownRank: t.bigint().notNull(),
}));

/**
 * Every succession change of a venue (issue 17): operator proposed (`account`), operator changed (`previous` to
 * `account`, `by`, `reason`), wind-down started, wind-down lifted, wound down, successor set (`account`), wallet
 * claimed (`previous` the lost wallet, `account` its successor, `venueAccount`).
 */
export const exchangeHistory = onchainTable(
  "exchange_history",
  (t) => ({
    id: t.text().primaryKey(),
    venue: t.hex().notNull(),
    change: t.text().notNull(),
    by: t.hex(),
    rank: t.bigint(),
    account: t.hex(),
    previous: t.hex(),
    venueAccount: t.bigint(),
    reason: t.hex(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (h) => ({ byVenue: index().on(h.venue) }),
);

/** A venue's accounts; `slots` is the bitmask of open-order slots in use (stale ones included, as the venue keeps). */
export const venueAccount = onchainTable(
  "venue_account",
  (t) => ({
    venue: t.hex().notNull(),
    account: t.bigint().notNull(),
    wallet: t.hex().notNull(),
    identity: t.bigint().notNull(),
    slots: t.bigint().notNull(),
  }),
  (a) => ({ pk: primaryKey({ columns: [a.venue, a.account] }), byWallet: index().on(a.wallet) }),
);

export const venueToken = onchainTable(
  "venue_token",
  (t) => ({ venue: t.hex().notNull(), index: t.bigint().notNull(), token: t.hex().notNull() }),
  (v) => ({ pk: primaryKey({ columns: [v.venue, v.index] }) }),
);

export const book = onchainTable(
  "book",
  (t) => ({
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    tickSize: t.bigint().notNull(),
    lotSize: t.bigint().notNull(),
    policyId: t.bigint().notNull(),
    minLots: t.bigint().notNull(),
    baseToken: t.bigint().notNull(), // the venue's token index
    quoteToken: t.bigint().notNull(),
    open: t.boolean().notNull(), // false once retired, and while the venue winds down
    retired: t.boolean().notNull(), // BookRetired: a lifted wind-down does not reopen it
  }),
  (b) => ({ pk: primaryKey({ columns: [b.venue, b.pairId] }) }),
);

/** Every order that rested; `lots` is what remains, `status` resting, filled or removed (with `reason`). */
export const order = onchainTable(
  "venue_order",
  (t) => ({
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    orderId: t.bigint().notNull(),
    account: t.bigint().notNull(),
    side: t.bigint().notNull(), // 0 bid, 1 ask
    tick: t.bigint().notNull(),
    placedLots: t.bigint().notNull(),
    lots: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    slot: t.integer().notNull(),
    status: t.text().notNull(),
    reason: t.integer(), // the RemovalReason of a removed order
    placedBlock: t.bigint().notNull(),
    placedTx: t.hex().notNull(),
    closedBlock: t.bigint(),
  }),
  (o) => ({
    pk: primaryKey({ columns: [o.venue, o.pairId, o.orderId] }),
    byAccount: index().on(o.venue, o.account, o.status),
    byBook: index().on(o.venue, o.pairId, o.status),
  }),
);

/** Every state change of an order: placed, filled (lots), removed (lots, reason); dropped remainders too. */
export const orderHistory = onchainTable(
  "order_history",
  (t) => ({
    id: t.text().primaryKey(),
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    orderId: t.bigint(), // none for a dropped remainder (it never rested)
    account: t.bigint().notNull(),
    change: t.text().notNull(), // placed, filled, removed, dropped
    lots: t.bigint().notNull(),
    tick: t.bigint(),
    reason: t.integer(),
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (h) => ({ byOrder: index().on(h.venue, h.pairId, h.orderId) }),
);

/** Fills: the maker's order, both accounts, the price tick, lots, what changed hands and the fees. */
export const fill = onchainTable(
  "fill",
  (t) => ({
    id: t.text().primaryKey(),
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    orderId: t.bigint().notNull(),
    maker: t.bigint().notNull(),
    taker: t.bigint().notNull(),
    makerIdentity: t.bigint().notNull(),
    takerIdentity: t.bigint().notNull(),
    makerSide: t.bigint().notNull(),
    tick: t.bigint().notNull(),
    lots: t.bigint().notNull(),
    base: t.bigint().notNull(),
    quote: t.bigint().notNull(),
    makerFee: t.bigint().notNull(), // in the token the maker receives
    takerFee: t.bigint().notNull(), // in the token the taker receives
    block: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    tx: t.hex().notNull(),
  }),
  (f) => ({
    byPair: index().on(f.venue, f.pairId, f.timestamp),
    byMaker: index().on(f.makerIdentity),
    byTaker: index().on(f.takerIdentity),
  }),
);

const movement = (name: string) =>
  onchainTable(
    name,
    (t) => ({
      id: t.text().primaryKey(),
      venue: t.hex().notNull(),
      account: t.bigint().notNull(),
      identity: t.bigint().notNull(),
      token: t.hex().notNull(),
      amount: t.bigint().notNull(),
      block: t.bigint().notNull(),
      timestamp: t.bigint().notNull(),
      tx: t.hex().notNull(),
    }),
    (m) => ({ byAccount: index().on(m.venue, m.account), byIdentity: index().on(m.identity, m.timestamp) }),
  );
export const deposit = movement("deposit");
export const withdrawal = movement("withdrawal");

/** Recoveries (Recovered): a balance moved out by the recovery path, with its legal reason. */
export const recovery = onchainTable("recovery", (t) => ({
  id: t.text().primaryKey(),
  venue: t.hex().notNull(),
  account: t.bigint().notNull(),
  token: t.hex().notNull(),
  to: t.hex().notNull(),
  toAccount: t.bigint().notNull(),
  amount: t.bigint().notNull(),
  reason: t.hex().notNull(),
  by: t.hex().notNull(),
  block: t.bigint().notNull(),
  tx: t.hex().notNull(),
}));

/** Fees per book, in its base and quote token: accrued by fills, collected to the operator, still uncollected. */
export const fee = onchainTable(
  "fee",
  (t) => ({
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    accruedBase: t.bigint().notNull(),
    accruedQuote: t.bigint().notNull(),
    collectedBase: t.bigint().notNull(),
    collectedQuote: t.bigint().notNull(),
    uncollectedBase: t.bigint().notNull(),
    uncollectedQuote: t.bigint().notNull(),
  }),
  (f) => ({ pk: primaryKey({ columns: [f.venue, f.pairId] }) }),
);

/** Balances per account per venue and token: available, and locked by resting orders. */
export const balance = onchainTable(
  "balance",
  (t) => ({
    venue: t.hex().notNull(),
    account: t.bigint().notNull(),
    tokenIndex: t.bigint().notNull(),
    token: t.hex().notNull(),
    available: t.bigint().notNull(),
    locked: t.bigint().notNull(),
  }),
  (b) => ({ pk: primaryKey({ columns: [b.venue, b.account, b.tokenIndex] }) }),
);

/**
 * OHLCV candles per book: `interval` 60, 3600 or 86400 seconds, `start` in seconds; prices are ticks (a tick is
 * tickSize quote units per lot), volumes in lots and in base and quote units.
 */
export const candle = onchainTable(
  "candle",
  (t) => ({
    venue: t.hex().notNull(),
    pairId: t.bigint().notNull(),
    interval: t.integer().notNull(),
    start: t.bigint().notNull(),
    open: t.bigint().notNull(),
    high: t.bigint().notNull(),
    low: t.bigint().notNull(),
    close: t.bigint().notNull(),
    lots: t.bigint().notNull(),
    base: t.bigint().notNull(),
    quote: t.bigint().notNull(),
    trades: t.integer().notNull(),
  }),
  (c) => ({ pk: primaryKey({ columns: [c.venue, c.pairId, c.interval, c.start] }) }),
);

/** Per-identity positions: what each identity holds of each token across every venue (available plus locked). */
export const position = onchainTable(
  "position",
  (t) => ({
    identity: t.bigint().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    bought: t.bigint().notNull(), // base units received by fills
    sold: t.bigint().notNull(), // base units given by fills
  }),
  (p) => ({ pk: primaryKey({ columns: [p.identity, p.token] }) }),
);

// ---- Issue 16: sanctions, AML limits, monetary policy -----------------------------------------------------------
// Their events are in `event` already once their contracts are in ponder.config.ts; their tables go here.
