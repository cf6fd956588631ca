/**
 * The indexer's event handlers. Every log of every indexed contract is recorded in `event` (decoded); the logs the
 * suite's entities are made of also update their tables. The rules are the audit replayer's (lib/replay/*): the same
 * events, folded the same way, into rows instead of maps; the correctness test reconciles the rows with the chain's
 * views through the replayer's own comparison. Handlers are registered for every event of each ABI, so that an event
 * added to a contract (issue 16's) is recorded in `event` without a change here.
 */
import { and, eq } from "ponder";
import { ponder } from "ponder:registry";
import * as s from "ponder:schema";
import { unpackIdentityState } from "../../lib/replay/registry";
import { lockOf, type BookConfigRow } from "../../lib/replay/venue";
import { ALL_SCOPES } from "../../lib/scopes";
import {
  AmlLimitsAbi,
  AssetRegistryAbi,
  AuthorityTreeAbi,
  ExchangeAbi,
  IdentityRegistryAbi,
  PairRegistryAbi,
  VenueRegistryAbi,
} from "../generated/abis";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Args = Record<string, any>;
type Ctx = { db: any; chain: { id: number } };
type Ev = {
  args: Args;
  log: { address: string; logIndex: number };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
};
type Handler = (a: Args, e: Ev, db: any) => Promise<void>;

const lower = (x: string) => x.toLowerCase() as `0x${string}`;
const at = (e: Ev) => ({ block: e.block.number, timestamp: e.block.timestamp, tx: e.transaction.hash });
const idOf = (e: Ev) => `${e.block.number}-${e.log.logIndex}`;
/** Decoded arguments as JSON: bigints as decimal strings, structs as objects. */
const plain = (v: unknown): unknown =>
  typeof v === "bigint"
    ? v.toString()
    : Array.isArray(v)
      ? v.map(plain)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
        : v;

/** Register `handlers` for `contract`, and the recording of every event of its ABI. */
function follow(
  contract: string,
  abi: readonly { type: string; name?: string; inputs?: readonly { type: string }[] }[],
  handlers: Record<string, Handler>,
) {
  const events = abi.filter((i) => i.type === "event");
  for (const item of events) {
    const overloaded = events.filter((i) => i.name === item.name).length > 1;
    const key = overloaded ? `${item.name}(${item.inputs!.map((i) => i.type).join(",")})` : item.name!;
    const handler = handlers[item.name!];
    (ponder.on as (name: string, fn: (x: { event: Ev; context: Ctx }) => Promise<void>) => void)(
      `${contract}:${key}`,
      async ({ event, context }) => {
        await context.db.insert(s.event).values({
          id: idOf(event),
          contract,
          address: lower(event.log.address),
          name: item.name!,
          block: event.block.number,
          logIndex: event.log.logIndex,
          tx: event.transaction.hash,
          timestamp: event.block.timestamp,
          args: plain({ ...event.args }),
        });
        if (handler) await handler(event.args, event, context.db);
      },
    );
  }
}

// ---- Authority tree ---------------------------------------------------------------------------------------------

let treeTimeUnit = 1n; // ClockConfigured comes first (constructor)
const nodeChange =
  (change: string, extra: (a: Args) => Args, apply?: (a: Args, n: any) => Args): Handler =>
  async (a, e, db) => {
    if (apply) {
      const n = await db.find(s.node, { id: a.nodeId });
      if (!n) throw new Error(`${change} of node ${a.nodeId} before its creation`);
      await db.update(s.node, { id: a.nodeId }).set(apply(a, n));
    }
    await db.insert(s.nodeHistory).values({ id: idOf(e), nodeId: a.nodeId, change, ...extra(a), ...at(e) });
  };
const min = (x: bigint, y: bigint) => (x < y ? x : y);
const ZERO = "0x0000000000000000000000000000000000000000";

follow("AuthorityTree", AuthorityTreeAbi, {
  ClockConfigured: async (a) => {
    treeTimeUnit = BigInt(a.timeUnit);
  },
  RootCreated: async (a, e, db) => {
    await db.insert(s.node).values({
      id: a.rootId,
      account: lower(a.account),
      parent: 0n,
      root: a.rootId,
      scopes: BigInt(ALL_SCOPES), // a root holds every scope (Scopes.ALL)
      expiry: BigInt(a.expiry),
      grantedAt: e.block.timestamp / treeTimeUnit,
      status: 1n,
      depth: 0n,
      suspenderDepth: 0n,
      leaseDepth: 0n,
      label: a.label,
    });
    await db.insert(s.nodeHistory).values({ id: idOf(e), nodeId: a.rootId, change: "granted", ...at(e) });
  },
  NodeGranted: async (a, e, db) => {
    const parent = await db.find(s.node, { id: a.parentId });
    if (!parent) throw new Error(`node ${a.nodeId} granted under unknown node ${a.parentId}`);
    await db.insert(s.node).values({
      id: a.nodeId,
      account: lower(a.account),
      parent: a.parentId,
      root: a.rootId,
      scopes: BigInt(a.scopes),
      expiry: BigInt(a.expiry),
      grantedAt: e.block.timestamp / treeTimeUnit,
      status: 1n,
      depth: BigInt(a.depth),
      suspenderDepth: 0n,
      leaseDepth: parent.depth,
    });
    await db
      .insert(s.nodeHistory)
      .values({ id: idOf(e), nodeId: a.nodeId, change: "granted", expiry: BigInt(a.expiry), ...at(e) });
  },
  NodeSuspended: nodeChange(
    "suspended",
    (a) => ({ by: lower(a.by), byDepth: BigInt(a.byDepth), reason: a.reason }),
    (a) => ({ status: 2n, suspenderDepth: BigInt(a.byDepth) }),
  ),
  NodeResumed: nodeChange(
    "resumed",
    (a) => ({ by: lower(a.by), byDepth: BigInt(a.byDepth) }),
    () => ({ status: 1n, suspenderDepth: 0n }),
  ),
  NodeRevoked: nodeChange(
    "revoked",
    (a) => ({ by: lower(a.by), byDepth: BigInt(a.byDepth), reason: a.reason }),
    () => ({ status: 3n }),
  ),
  NodeRenounced: nodeChange(
    "renounced",
    (a) => ({ by: lower(a.account), byDepth: BigInt(a.barDepth) }),
    () => ({ status: 3n }),
  ),
  LeaseRenewed: nodeChange(
    "renewed",
    (a) => ({ by: lower(a.by), byDepth: BigInt(a.byDepth), expiry: BigInt(a.expiry) }),
    (a, n) => ({ expiry: BigInt(a.expiry), leaseDepth: min(BigInt(a.byDepth), n.leaseDepth) }),
  ),
  // Key rotation (issue 17): the node keeps its id, subtree, lease and clients; only its account changes. The holder
  // proposes the next account (zero withdraws the proposal), which accepts; an ancestor may replace the key in one step.
  NodeRotationProposed: async (a, e, db) => {
    const cancelled = lower(a.proposed) === ZERO;
    await nodeChange(
      cancelled ? "rotation cancelled" : "rotation proposed",
      () => ({ by: lower(a.account), account: cancelled ? undefined : lower(a.proposed) }),
      () => ({ pendingAccount: cancelled ? null : lower(a.proposed) }),
    )(a, e, db);
  },
  // A suspension or revocation cancels a pending rotation (so that a thief's proposal is not accepted after a resume).
  PendingRotationCleared: nodeChange(
    "rotation cleared",
    (a) => ({ account: lower(a.proposed) }),
    () => ({ pendingAccount: null }),
  ),
  NodeAccountRotated: nodeChange(
    "rotated",
    (a) => ({
      by: lower(a.by),
      byDepth: BigInt(a.byDepth),
      reason: a.reason,
      account: lower(a.account),
      previous: lower(a.previous),
    }),
    (a) => ({ account: lower(a.account), pendingAccount: null }),
  ),
});

// ---- Client registry --------------------------------------------------------------------------------------------

const identityChange =
  (change: string, apply?: (a: Args, i: any) => Args): Handler =>
  async (a, e, db) => {
    if (apply) {
      const i = await db.find(s.identity, { id: a.identityId });
      if (!i) throw new Error(`${change} of identity ${a.identityId} before its registration`);
      await db.update(s.identity, { id: a.identityId }).set(apply(a, i));
    }
    const by = a.by ?? a.wallet ?? undefined;
    await db.insert(s.identityHistory).values({
      id: idOf(e),
      identityId: a.identityId,
      change,
      by: by && lower(by),
      byDepth: a.byDepth === undefined ? undefined : BigInt(a.byDepth),
      wallet: a.wallet && lower(a.wallet),
      ...at(e),
    });
  };

/**
 * The registry's row: identityCount raised to `set.identityCount` (a registration), or set to it (`exact`: the ids
 * ImporterSet reserves), and the importer's fields as given.
 */
async function registryRow(db: any, e: Ev, set: { identityCount?: bigint } & Args, exact = false) {
  const address = lower(e.log.address);
  const row = await db.find(s.registry, { address });
  if (!row) {
    await db.insert(s.registry).values({ address, identityCount: 0n, ...set });
    return;
  }
  const { identityCount, ...rest } = set;
  const count =
    identityCount === undefined || (!exact && identityCount < row.identityCount) ? row.identityCount : identityCount;
  await db.update(s.registry, { address }).set({ ...rest, identityCount: count });
}

follow("IdentityRegistry", IdentityRegistryAbi, {
  IdentityRegistered: async (a, e, db) => {
    await registryRow(db, e, { identityCount: BigInt(a.identityId) });
    await db.insert(s.identity).values({
      id: a.identityId,
      attester: a.attester,
      root: a.root,
      expiry: BigInt(a.expiry),
      jurisdiction: BigInt(a.jurisdiction),
      classes: BigInt(a.classes),
      status: 1n,
      frozen: false,
      frozenByDepth: 0n,
      profileDepth: BigInt(a.attesterDepth),
      revokedByDepth: 0n,
      evidenceHash: a.evidenceHash,
      registeredBy: lower(a.registeredBy),
      registeredAt: e.block.timestamp,
      imported: false,
    });
    await identityChange("registered")({ ...a, by: a.registeredBy, byDepth: a.attesterDepth }, e, db);
  },
  // Registry succession (issue 17): the tree's governor names an importer and reserves the predecessor's ids; the
  // importer carries each identity over whole (every field and rank, packed in `state`; its wallets follow in
  // WalletAdded), until it ends the import.
  ImporterSet: async (a, e, db) => {
    await registryRow(
      db,
      e,
      { identityCount: BigInt(a.reservedIds), importer: lower(a.importer), reservedIds: BigInt(a.reservedIds) },
      true,
    );
  },
  ImportEnded: async (_a, e, db) => {
    await registryRow(db, e, { importer: null, importEndedBlock: e.block.number });
  },
  IdentityImported: async (a, e, db) => {
    const x = unpackIdentityState(BigInt(a.state));
    await db.insert(s.identity).values({
      id: a.identityId,
      attester: x.attester,
      root: x.root,
      expiry: x.expiry,
      jurisdiction: x.jurisdiction,
      classes: x.classes,
      status: x.status,
      frozen: x.frozen,
      frozenByDepth: x.frozenByDepth,
      profileDepth: x.profileDepth,
      revokedByDepth: x.revokedByDepth,
      evidenceHash: a.evidenceHash,
      registeredBy: lower(a.by),
      registeredAt: e.block.timestamp,
      imported: true,
    });
    await identityChange("imported")({ identityId: a.identityId, by: a.by }, e, db);
  },
  // A lost wallet replaced by its attester (its WalletRemoved, and the successor's WalletAdded, came first); venues
  // act on it after the notice, unless it is contested (void: the lost wallet's WalletAdded follows).
  WalletReplaced: async (a, e, db) => {
    await db.insert(s.walletReplacement).values({
      id: idOf(e),
      identityId: a.identityId,
      lost: lower(a.lost),
      successor: lower(a.successor),
      byNode: a.byNode,
      reason: a.reason,
      claimableAt: BigInt(a.claimableAt),
      contested: false,
      block: e.block.number,
      tx: e.transaction.hash,
    });
    await db.insert(s.identityHistory).values({
      id: idOf(e),
      identityId: a.identityId,
      change: "wallet replaced",
      wallet: lower(a.lost),
      ...at(e),
    });
  },
  ReplacementContested: async (a, e, db) => {
    const open = await db.sql
      .select()
      .from(s.walletReplacement)
      .where(and(eq(s.walletReplacement.lost, lower(a.lost)), eq(s.walletReplacement.contested, false)));
    if (open.length === 0) throw new Error(`ReplacementContested of ${a.lost}, which no open replacement names`);
    for (const r of open) {
      await db
        .update(s.walletReplacement, { id: r.id })
        .set({ contested: true, contestedBy: lower(a.by), contestReason: a.reason });
    }
    await db.insert(s.identityHistory).values({
      id: idOf(e),
      identityId: a.identityId,
      change: "replacement contested",
      by: lower(a.by),
      wallet: lower(a.lost),
      ...at(e),
    });
  },
  WalletAdded: async (a, e, db) => {
    const active = await db.sql
      .select()
      .from(s.wallet)
      .where(and(eq(s.wallet.identityId, a.identityId), eq(s.wallet.active, true)));
    await db
      .insert(s.wallet)
      .values({
        identityId: a.identityId,
        address: lower(a.wallet),
        active: true,
        position: active.length,
        addedBlock: e.block.number,
      })
      .onConflictDoUpdate({ active: true, position: active.length, addedBlock: e.block.number, removedBlock: null });
    await identityChange("wallet added")({ ...a, by: a.by }, e, db);
  },
  WalletRemoved: async (a, e, db) => {
    // The registry keeps the list by swap-and-pop: the last wallet moves into the freed place.
    const active = await db.sql
      .select()
      .from(s.wallet)
      .where(and(eq(s.wallet.identityId, a.identityId), eq(s.wallet.active, true)));
    const gone = active.find((w: any) => w.address === lower(a.wallet));
    if (!gone) throw new Error(`WalletRemoved of a wallet not in identity ${a.identityId}`);
    const last = active.find((w: any) => w.position === active.length - 1);
    await db
      .update(s.wallet, { identityId: a.identityId, address: gone.address })
      .set({ active: false, position: null, removedBlock: e.block.number });
    if (last.address !== gone.address) {
      await db.update(s.wallet, { identityId: a.identityId, address: last.address }).set({ position: gone.position });
    }
    await identityChange("wallet removed")(a, e, db);
  },
  IdentityUpdated: identityChange("updated", (a) => ({
    profileDepth: BigInt(a.byDepth),
    classes: BigInt(a.classes),
    jurisdiction: BigInt(a.jurisdiction),
    evidenceHash: a.evidenceHash,
  })),
  IdentityRenewed: identityChange("renewed", (a, i) => ({
    expiry: BigInt(a.expiry),
    profileDepth: min(BigInt(a.byDepth), i.profileDepth),
  })),
  IdentityFrozen: identityChange("frozen", (a) => ({ frozen: true, frozenByDepth: BigInt(a.byDepth) })),
  IdentityUnfrozen: identityChange("unfrozen", () => ({ frozen: false, frozenByDepth: 0n })),
  IdentityRevoked: identityChange("revoked", (a) => ({ status: 2n, revokedByDepth: BigInt(a.byDepth) })),
  IdentityMigrated: identityChange("migrated", (a) => ({ attester: a.toAttester, profileDepth: BigInt(a.byDepth) })),
});

// ---- Asset service ----------------------------------------------------------------------------------------------

follow("AssetRegistry", AssetRegistryAbi, {
  AssetRegistered: async (a, _e, db) => {
    await db.insert(s.asset).values({
      id: BigInt(a.assetId),
      token: lower(a.token),
      kind: Number(a.kind),
      root: a.root,
      issuer: lower(a.issuer),
      listerNode: a.listerNode,
      metadataURI: a.metadataURI,
      retired: false,
    });
  },
  NativeTokenIssued: async (a, _e, db) => {
    await db
      .insert(s.nativeToken)
      .values({ token: lower(a.token), root: a.root, issuerNode: a.issuerNode, issuer: lower(a.issuer) });
  },
  AssetRetired: async (a, _e, db) => {
    await db.update(s.asset, { id: BigInt(a.assetId) }).set({ retired: true });
  },
  AssetMetadataUpdated: async (a, _e, db) => {
    await db.update(s.asset, { id: BigInt(a.assetId) }).set({ metadataURI: a.metadataURI });
  },
  AttestationPosted: async (a, e, db) => {
    const x = a.attestation;
    if (a.superseded !== 0n) await db.update(s.attestation, { id: a.superseded }).set({ superseded: true });
    await db.insert(s.attestation).values({
      id: a.attestationId,
      assetId: BigInt(a.assetId),
      kind: Number(a.kind),
      auditorNode: x.auditorNode,
      issuedAt: BigInt(x.issuedAt),
      expiry: BigInt(x.expiry),
      asOf: BigInt(x.asOf),
      amount: x.amount,
      contentHash: x.contentHash,
      uri: x.uri,
      redeemedSnapshot: x.redeemedSnapshot,
      rank: BigInt(a.rank),
      superseded: false,
      withdrawn: false,
      block: e.block.number,
    });
  },
  AttestationWithdrawn: async (a, _e, db) => {
    await db.update(s.attestation, { id: a.attestationId }).set({ withdrawn: true });
  },
});

const pairChange =
  (change: string): Handler =>
  async (a, e, db) => {
    await db.update(s.pair, { id: BigInt(a.pairId) }).set({ lifecycle: change });
    await db.insert(s.pairHistory).values({
      id: idOf(e),
      pairId: BigInt(a.pairId),
      change,
      node: a.governNode ?? a.root,
      rank: a.rank === undefined ? undefined : BigInt(a.rank),
      reason: a.reason,
      ...at(e),
    });
  };

follow("PairRegistry", PairRegistryAbi, {
  PairProposed: async (a, e, db) => {
    await db.insert(s.pair).values({
      id: BigInt(a.pairId),
      root: a.root,
      proposerNode: a.proposerNode,
      baseToken: lower(a.baseToken),
      quoteToken: lower(a.quoteToken),
      policyId: BigInt(a.policyId),
      terms: plain({ ...a.terms }),
      lifecycle: "proposed",
      proposedBlock: e.block.number,
    });
    await db
      .insert(s.pairHistory)
      .values({ id: idOf(e), pairId: BigInt(a.pairId), change: "proposed", node: a.proposerNode, ...at(e) });
  },
  PairApproved: pairChange("approved"),
  PairHalted: pairChange("halted"),
  PairResumed: pairChange("resumed"),
  PairDelisted: pairChange("delisted"),
  PairDelistedUnderDeadRoot: pairChange("delisted under a dead root"),
  PairWithdrawn: pairChange("withdrawn"),
});

follow("VenueRegistry", VenueRegistryAbi, {
  // The registration follows the venue's operator change (issue 17): its owner and registering node.
  VenueOperatorFollowed: async (a, _e, db) => {
    const key = { address: lower(a.venue), root: a.root };
    if (!(await db.find(s.venue, key))) throw new Error(`VenueOperatorFollowed of ${a.venue}, not registered`);
    await db.update(s.venue, key).set({ operatorNode: a.operatorNode, owner: lower(a.owner) });
  },
  VenueRegistered: async (a, e, db) => {
    const row = {
      operatorNode: a.operatorNode,
      scope: BigInt(a.scope),
      owner: lower(a.owner),
      registered: true,
      registeredBlock: e.block.number,
      deregisteredBlock: null,
    };
    await db
      .insert(s.venue)
      .values({ address: lower(a.venue), root: a.root, ...row })
      .onConflictDoUpdate(row);
  },
  VenueDeregistered: async (a, e, db) => {
    await db
      .update(s.venue, { address: lower(a.venue), root: a.root })
      .set({ registered: false, deregisteredBlock: e.block.number });
  },
});

// ---- Venues -----------------------------------------------------------------------------------------------------

const ID_SIDE_SHIFT = 63n;
const ID_TICK_SHIFT = 39n;
const TICK_MASK = (1n << 24n) - 1n;
const OPERATOR_ACCOUNT = 1n; // opened by the venue's constructor: fees are collected into it
const MAX_OPEN_ORDERS = 32;
const INTERVALS = [60n, 3600n, 86400n];

async function exchangeOf(db: any, venue: `0x${string}`) {
  const x = await db.find(s.exchange, { address: venue });
  if (x) return x;
  const row = { address: venue, timeUnit: 1n, makerBps: 0n, takerBps: 0n, capBps: 0n, windDown: 0, windDownRank: 0n };
  await db.insert(s.exchange).values(row);
  return row;
}
async function bookOf(db: any, venue: `0x${string}`, pairId: bigint): Promise<BookConfigRow> {
  const b = await db.find(s.book, { venue, pairId });
  if (!b) throw new Error(`venue ${venue} event for pair ${pairId} before its BookOpened`);
  return b;
}
async function accountOf(db: any, venue: `0x${string}`, account: bigint) {
  const row = await db.find(s.venueAccount, { venue, account });
  if (!row) throw new Error(`venue ${venue} event for account ${account} before its AccountOpened`);
  return row;
}
async function tokenAt(db: any, venue: `0x${string}`, index: bigint): Promise<`0x${string}`> {
  const t = await db.find(s.venueToken, { venue, index });
  if (!t) throw new Error(`venue ${venue} event for token #${index} before its TokenAdded`);
  return t.token;
}
async function indexOf(db: any, venue: `0x${string}`, token: string): Promise<bigint> {
  const [t] = await db.sql
    .select()
    .from(s.venueToken)
    .where(and(eq(s.venueToken.venue, venue), eq(s.venueToken.token, lower(token))));
  if (!t) throw new Error(`venue ${venue} event for token ${token} before its TokenAdded`);
  return t.index;
}

/** Move `available` and `locked` of (account, token index) by the deltas; the account's identity's position too. */
async function credit(
  db: any,
  venue: `0x${string}`,
  account: bigint,
  tokenIndex: bigint,
  available: bigint,
  locked = 0n,
  traded: { bought?: bigint; sold?: bigint } = {},
) {
  const token = await tokenAt(db, venue, tokenIndex);
  await db
    .insert(s.balance)
    .values({ venue, account, tokenIndex, token, available, locked })
    .onConflictDoUpdate((b: any) => ({ available: b.available + available, locked: b.locked + locked }));
  const { identity } = await accountOf(db, venue, account);
  if (identity === 0n) return;
  const [bought, sold] = [traded.bought ?? 0n, traded.sold ?? 0n];
  await db
    .insert(s.position)
    .values({ identity, token, amount: available + locked, bought, sold })
    .onConflictDoUpdate((p: any) => ({
      amount: p.amount + available + locked,
      bought: p.bought + bought,
      sold: p.sold + sold,
    }));
}

async function addFees(db: any, venue: `0x${string}`, pairId: bigint, f: Record<string, bigint>) {
  const zero = {
    accruedBase: 0n,
    accruedQuote: 0n,
    collectedBase: 0n,
    collectedQuote: 0n,
    uncollectedBase: 0n,
    uncollectedQuote: 0n,
  };
  await db
    .insert(s.fee)
    .values({ venue, pairId, ...zero, ...f })
    .onConflictDoUpdate((row: any) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, row[k] + v])));
}

async function candles(
  db: any,
  venue: `0x${string}`,
  pairId: bigint,
  e: Ev,
  f: Args & { base: bigint; quote: bigint },
) {
  const { timeUnit } = await exchangeOf(db, venue);
  const seconds = e.block.timestamp / timeUnit;
  for (const interval of INTERVALS) {
    const start = (seconds / interval) * interval;
    await db
      .insert(s.candle)
      .values({
        venue,
        pairId,
        interval: Number(interval),
        start,
        open: f.tick,
        high: f.tick,
        low: f.tick,
        close: f.tick,
        lots: f.lots,
        base: f.base,
        quote: f.quote,
        trades: 1,
      })
      .onConflictDoUpdate((c: any) => ({
        high: c.high > f.tick ? c.high : f.tick,
        low: c.low < f.tick ? c.low : f.tick,
        close: f.tick,
        lots: c.lots + f.lots,
        base: c.base + f.base,
        quote: c.quote + f.quote,
        trades: c.trades + 1,
      }));
  }
}

const venueOf = (e: Ev) => lower(e.log.address);

/** Move what `account` holds from its identity's positions (`before`) to `after`'s. */
async function moveIdentity(db: any, venue: `0x${string}`, account: bigint, before: bigint, after: bigint) {
  if (before === after) return;
  const held = await db.sql
    .select()
    .from(s.balance)
    .where(and(eq(s.balance.venue, venue), eq(s.balance.account, account)));
  for (const b of held) {
    const amount = b.available + b.locked;
    for (const [identity, sign] of [
      [before, -1n],
      [after, 1n],
    ] as const) {
      if (identity === 0n || amount === 0n) continue;
      await db
        .insert(s.position)
        .values({ identity, token: b.token, amount: sign * amount, bought: 0n, sold: 0n })
        .onConflictDoUpdate((p: any) => ({ amount: p.amount + sign * amount }));
    }
  }
}

/** Set `open` on every book of the venue that is not retired (a wind-down closes them, lifting it reopens them). */
async function openBooks(db: any, venue: `0x${string}`, open: boolean) {
  const books = await db.sql
    .select()
    .from(s.book)
    .where(and(eq(s.book.venue, venue), eq(s.book.retired, false)));
  for (const b of books) await db.update(s.book, { venue, pairId: b.pairId }).set({ open });
}

/** A venue's succession change: the exchange row's update and its history row. */
const venueChange =
  (change: string, history: (a: Args) => Args, apply?: (a: Args, x: any, db: any, e: Ev) => Promise<Args>): Handler =>
  async (a, e, db) => {
    const venue = venueOf(e);
    const x = await exchangeOf(db, venue);
    const set = apply ? await apply(a, { ...x }, db, e) : {};
    if (Object.keys(set).length > 0) await db.update(s.exchange, { address: venue }).set(set);
    await db.insert(s.exchangeHistory).values({ id: idOf(e), venue, change, ...history(a), ...at(e) });
  };

follow("Exchange", ExchangeAbi, {
  ClockConfigured: async (a, e, db) => {
    await exchangeOf(db, venueOf(e));
    await db.update(s.exchange, { address: venueOf(e) }).set({ timeUnit: BigInt(a.timeUnit) });
  },
  VenueCreated: async (a, e, db) => {
    await exchangeOf(db, venueOf(e));
    await db.update(s.exchange, { address: venueOf(e) }).set({
      operator: lower(a.operator),
      admin: lower(a.admin),
      roots: plain([...a.roots]),
    });
  },
  AccountOpened: async (a, e, db) => {
    await db
      .insert(s.venueAccount)
      .values({ venue: venueOf(e), account: a.account, wallet: lower(a.wallet), identity: a.identity, slots: 0n });
  },
  AccountIdentitySynced: async (a, e, db) => {
    const venue = venueOf(e);
    const { identity } = await accountOf(db, venue, a.account);
    // What the account holds moves from the old identity's positions to the new one's.
    await moveIdentity(db, venue, a.account, identity, a.identity);
    await db.update(s.venueAccount, { venue, account: a.account }).set({ identity: a.identity });
  },
  // Issue 17: the operator's succession moves the operator's account (number 1) to the new wallet.
  OperatorTransferStarted: venueChange(
    "operator proposed",
    (a) => ({ by: lower(a.operator), account: lower(a.pending) }),
    async (a) => ({ pendingOperator: lower(a.pending) === ZERO ? null : lower(a.pending) }),
  ),
  OperatorChanged: venueChange(
    "operator changed",
    (a) => ({ by: lower(a.by), account: lower(a.operator), previous: lower(a.previous), reason: a.reason }),
    async (a, _x, db, e) => {
      const venue = venueOf(e);
      if (await db.find(s.venueAccount, { venue, account: OPERATOR_ACCOUNT })) {
        await db.update(s.venueAccount, { venue, account: OPERATOR_ACCOUNT }).set({ wallet: lower(a.operator) });
      }
      return { operator: lower(a.operator), pendingOperator: null };
    },
  ),
  // The wind-down closes every open book, lifting it reopens them; it is final once nothing rests (VenueWoundDown).
  WindDownStarted: venueChange(
    "wind-down started",
    (a) => ({ by: lower(a.by), rank: BigInt(a.rank) }),
    async (a, x, db, e) => {
      if (x.windDown === 0) await openBooks(db, venueOf(e), false);
      return { windDown: 1, windDownRank: BigInt(a.rank) };
    },
  ),
  WindDownLifted: venueChange(
    "wind-down lifted",
    (a) => ({ by: lower(a.by), rank: BigInt(a.rank) }),
    async (_a, _x, db, e) => {
      await openBooks(db, venueOf(e), true);
      return { windDown: 0, windDownRank: 0n };
    },
  ),
  VenueWoundDown: venueChange(
    "wound down",
    (a) => ({ by: lower(a.by) }),
    async () => ({ windDown: 2 }),
  ),
  SuccessorSet: venueChange(
    "successor set",
    (a) => ({ by: lower(a.by), rank: BigInt(a.rank), account: lower(a.successor) }),
    async (a) => ({ successor: lower(a.successor) === ZERO ? null : lower(a.successor) }),
  ),
  // A lost wallet's account (balances and resting orders) moves whole to its successor wallet, and to the identity the
  // registry binds it to.
  WalletClaimed: venueChange(
    "wallet claimed",
    (a) => ({ by: lower(a.by), account: lower(a.successor), previous: lower(a.lost), venueAccount: a.account }),
    async (a, _x, db, e) => {
      const venue = venueOf(e);
      const { identity } = await accountOf(db, venue, a.account);
      await moveIdentity(db, venue, a.account, identity, a.identity);
      await db
        .update(s.venueAccount, { venue, account: a.account })
        .set({ wallet: lower(a.successor), identity: a.identity });
      return {};
    },
  ),
  TokenAdded: async (a, e, db) => {
    await db.insert(s.venueToken).values({ venue: venueOf(e), index: BigInt(a.index), token: lower(a.token) });
  },
  BookOpened: async (a, e, db) => {
    const c = a.config;
    await db.insert(s.book).values({
      venue: venueOf(e),
      pairId: BigInt(a.pairId),
      tickSize: c.tickSize,
      lotSize: c.lotSize,
      policyId: BigInt(c.policyId),
      minLots: BigInt(c.minLots),
      baseToken: BigInt(c.baseToken),
      quoteToken: BigInt(c.quoteToken),
      open: c.open,
      retired: false,
    });
  },
  BookRetired: async (a, e, db) => {
    await db.update(s.book, { venue: venueOf(e), pairId: BigInt(a.pairId) }).set({ open: false, retired: true });
  },
  Deposited: async (a, e, db) => {
    const venue = venueOf(e);
    const { identity } = await accountOf(db, venue, a.account);
    await credit(db, venue, a.account, await indexOf(db, venue, a.token), a.amount);
    await db.insert(s.deposit).values({
      id: idOf(e),
      venue,
      account: a.account,
      identity,
      token: lower(a.token),
      amount: a.amount,
      ...at(e),
    });
  },
  Withdrawn: async (a, e, db) => {
    const venue = venueOf(e);
    const { identity } = await accountOf(db, venue, a.account);
    await credit(db, venue, a.account, await indexOf(db, venue, a.token), 0n - a.amount);
    await db.insert(s.withdrawal).values({
      id: idOf(e),
      venue,
      account: a.account,
      identity,
      token: lower(a.token),
      amount: a.amount,
      ...at(e),
    });
  },
  Recovered: async (a, e, db) => {
    const venue = venueOf(e);
    const index = await indexOf(db, venue, a.token);
    await credit(db, venue, a.account, index, 0n - a.amount);
    if (a.toAccount !== 0n) await credit(db, venue, a.toAccount, index, a.amount);
    await db.insert(s.recovery).values({
      id: idOf(e),
      venue,
      account: a.account,
      token: lower(a.token),
      to: lower(a.to),
      toAccount: a.toAccount,
      amount: a.amount,
      reason: a.reason,
      by: lower(a.by),
      block: e.block.number,
      tx: e.transaction.hash,
    });
  },
  OrderPlaced: async (a, e, db) => {
    const venue = venueOf(e);
    const pairId = BigInt(a.pairId);
    const owner = await accountOf(db, venue, a.account);
    // The venue takes the lowest free open-order slot; when all are set it first reclaims those of orders gone.
    let used: bigint = owner.slots;
    const full = (1n << BigInt(MAX_OPEN_ORDERS)) - 1n;
    if (used === full) {
      const live = await db.sql
        .select()
        .from(s.order)
        .where(and(eq(s.order.venue, venue), eq(s.order.account, a.account), eq(s.order.status, "resting")));
      used = live.reduce((m: bigint, o: any) => m | (1n << BigInt(o.slot)), 0n);
    }
    let slot = 0;
    while ((used >> BigInt(slot)) & 1n) slot++;
    await db.update(s.venueAccount, { venue, account: a.account }).set({ slots: used | (1n << BigInt(slot)) });
    const id: bigint = a.orderId;
    const o = { side: id >> ID_SIDE_SHIFT, tick: (id >> ID_TICK_SHIFT) & TICK_MASK, lots: a.lots as bigint };
    await db.insert(s.order).values({
      venue,
      pairId,
      orderId: id,
      account: a.account,
      ...o,
      placedLots: a.lots,
      expiry: BigInt(a.expiry),
      slot,
      status: "resting",
      placedBlock: e.block.number,
      placedTx: e.transaction.hash,
    });
    const lock = lockOf(await bookOf(db, venue, pairId), o);
    await credit(db, venue, a.account, lock.token, -lock.amount, lock.amount);
    await db.insert(s.orderHistory).values({
      id: idOf(e),
      venue,
      pairId,
      orderId: id,
      account: a.account,
      change: "placed",
      lots: a.lots,
      tick: o.tick,
      ...at(e),
    });
  },
  OrderFilled: async (a, e, db) => {
    const venue = venueOf(e);
    const pairId = BigInt(a.pairId);
    const o = await db.find(s.order, { venue, pairId, orderId: a.orderId });
    if (!o || o.status !== "resting") throw new Error(`fill of order ${a.orderId} of pair ${pairId}: not resting`);
    const c = await bookOf(db, venue, pairId);
    const lots: bigint = a.lots;
    const tick = BigInt(a.tick);
    const left = o.lots - lots;
    const { side, tick: restingTick } = o as { side: bigint; tick: bigint };
    await db
      .update(s.order, { venue, pairId, orderId: a.orderId })
      .set(left <= 0n ? { lots: left, status: "filled", closedBlock: e.block.number } : { lots: left });
    // The maker gives from its lock what the taker receives and receives what the taker gives, each less a fee.
    const quote = tick * c.tickSize * lots;
    const base = lots * c.lotSize;
    const bid = side === 0n;
    const [makerGets, takerGets] = bid ? [c.baseToken, c.quoteToken] : [c.quoteToken, c.baseToken];
    const [makerAmount, takerAmount] = bid ? [base, quote] : [quote, base];
    // Positions count base units bought and sold on the base token's row.
    const spent = lockOf(c, { side, tick: restingTick, lots });
    await credit(db, venue, a.maker, spent.token, 0n, -spent.amount, bid ? {} : { sold: base });
    await credit(db, venue, a.maker, makerGets, makerAmount - a.makerFee, 0n, bid ? { bought: base } : {});
    await credit(db, venue, a.taker, makerGets, -makerAmount, 0n, bid ? { sold: base } : {});
    await credit(db, venue, a.taker, takerGets, takerAmount - a.takerFee, 0n, bid ? {} : { bought: base });
    const [baseFee, quoteFee] = bid ? [a.makerFee, a.takerFee] : [a.takerFee, a.makerFee];
    await addFees(db, venue, pairId, {
      accruedBase: baseFee,
      accruedQuote: quoteFee,
      uncollectedBase: baseFee,
      uncollectedQuote: quoteFee,
    });
    const [maker, taker] = [await accountOf(db, venue, a.maker), await accountOf(db, venue, a.taker)];
    await db.insert(s.fill).values({
      id: idOf(e),
      venue,
      pairId,
      orderId: a.orderId,
      maker: a.maker,
      taker: a.taker,
      makerIdentity: maker.identity,
      takerIdentity: taker.identity,
      makerSide: side,
      tick,
      lots,
      base,
      quote,
      makerFee: a.makerFee,
      takerFee: a.takerFee,
      ...at(e),
    });
    await candles(db, venue, pairId, e, { tick, lots, base, quote });
    await db.insert(s.orderHistory).values({
      id: idOf(e),
      venue,
      pairId,
      orderId: a.orderId,
      account: a.maker,
      change: "filled",
      lots,
      tick,
      ...at(e),
    });
  },
  OrderRemoved: async (a, e, db) => {
    const venue = venueOf(e);
    const pairId = BigInt(a.pairId);
    const o = await db.find(s.order, { venue, pairId, orderId: a.orderId });
    if (!o || o.status !== "resting") throw new Error(`removal of order ${a.orderId} of pair ${pairId}: not resting`);
    // Before the update: a row found is the cache's own object, which the update changes in place.
    const lock = lockOf(await bookOf(db, venue, pairId), { side: o.side, tick: o.tick, lots: o.lots });
    const { account, slot, tick } = o as { account: bigint; slot: number; tick: bigint };
    await db
      .update(s.order, { venue, pairId, orderId: a.orderId })
      .set({ lots: 0n, status: "removed", reason: Number(a.reason), closedBlock: e.block.number });
    const owner = await accountOf(db, venue, account);
    await db.update(s.venueAccount, { venue, account }).set({ slots: owner.slots & ~(1n << BigInt(slot)) });
    await credit(db, venue, account, lock.token, lock.amount, -lock.amount);
    await db.insert(s.orderHistory).values({
      id: idOf(e),
      venue,
      pairId,
      orderId: a.orderId,
      account,
      change: "removed",
      lots: a.lots,
      tick,
      reason: Number(a.reason),
      ...at(e),
    });
  },
  OrderRemainderDropped: async (a, e, db) => {
    await db.insert(s.orderHistory).values({
      id: idOf(e),
      venue: venueOf(e),
      pairId: BigInt(a.pairId),
      account: a.account,
      change: "dropped",
      lots: a.lots,
      tick: BigInt(a.tick),
      reason: Number(a.reason),
      ...at(e),
    });
  },
  FeeCapSet: async (a, e, db) => {
    await exchangeOf(db, venueOf(e));
    await db.update(s.exchange, { address: venueOf(e) }).set({ capBps: BigInt(a.capBps) });
  },
  FeesSet: async (a, e, db) => {
    await exchangeOf(db, venueOf(e));
    await db
      .update(s.exchange, { address: venueOf(e) })
      .set({ makerBps: BigInt(a.makerBps), takerBps: BigInt(a.takerBps) });
  },
  FeesCollected: async (a, e, db) => {
    const venue = venueOf(e);
    const pairId = BigInt(a.pairId);
    const c = await bookOf(db, venue, pairId);
    await credit(db, venue, OPERATOR_ACCOUNT, c.baseToken, a.baseAmount);
    await credit(db, venue, OPERATOR_ACCOUNT, c.quoteToken, a.quoteAmount);
    await addFees(db, venue, pairId, {
      collectedBase: a.baseAmount,
      collectedQuote: a.quoteAmount,
      uncollectedBase: 0n - a.baseAmount,
      uncollectedQuote: 0n - a.quoteAmount,
    });
  },
});

// ---- AML limits (issue 16) --------------------------------------------------------------------------------------
// No table of its own yet: its logs land in `event`, where the AML monitor reads the caps (LimitSet).
follow("AmlLimits", AmlLimitsAbi, {});
