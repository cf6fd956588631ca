/**
 * Refusals in the user's language: a reverted call's custom error decoded and explained from the catalogue
 * (./catalogue.ts), every argument in human units (wallets and their labels instead of venue account numbers, token
 * symbols instead of indexes, decimals instead of smallest units, ISO dates instead of Unix times, names instead of
 * codes), with the subject that refused, the reason by name, the cause where the chain can tell it, and the remedy.
 *
 * Pure over an ethers Provider and the suite's addresses: the CLI (lib/cli.ts) and the web console call the same
 * `explainRefusal` and differ only in how they print the result (`formatRefusal` is the terminal's).
 */
import { Contract, Interface, decodeBytes32String, type ErrorDescription, type Provider } from "ethers";
// The catalogue itself, not ./index (which reads artifacts from disk): this module runs in a browser too.
import { ERRORS } from "./catalogue";
import { AttestationKind, PairStatus, nameOf } from "../assets";
import { classNames } from "../classes";
import { Eligibility, IdentityStatus, AttesterFault } from "../registry";
import { scopeNames } from "../scopes";
import { isoDate } from "../time";
import { queryEvents, type LogRange } from "../replay/fetch";

/** A refusal explained: what refused, why (by name and in words, human units), the cause if known, the way out. */
export type Refusal = {
  /** The custom error's name, e.g. "NotEligible". */
  name: string;
  /** Its full signature, e.g. "NotEligible(address,uint8)". */
  signature: string;
  /** What refused: "pair BOND/USD (#1)", "token BOND", "the venue", "node #2 (Bank Y)", ... */
  subject: string;
  /** The reason by name: the error's name, with a reason code's name when it carries one ("NotEligible: AttesterInvalid"). */
  reason: string;
  /** What it means, with the arguments in human units. */
  words: string;
  /** What the chain says about the cause, when it can tell (e.g. who suspended the attester, and when). */
  cause?: string;
  /** What the user can do. */
  remedy: string;
  /** The arguments in human units, by name, in ABI order. */
  args: Record<string, string>;
  /** The arguments as the contract gave them (decimal strings, addresses). */
  raw: Record<string, string>;
};

/** The suite's contracts a refusal may be explained with (any may be missing: less is then said). */
export type SuiteAddresses = {
  tree?: string;
  registry?: string;
  assets?: string;
  pairs?: string;
  venue?: string;
};

/** What the caller knows about the command that was refused; every field optional. */
export type RefusalContext = {
  provider: Provider;
  contracts: SuiteAddresses;
  /** Chain timestamp units per second (1000 on PlatON); only raw block timestamps are in that unit. */
  timeUnit?: number;
  /** Names of accounts, lower-cased address -> label (the deployment record's labels). */
  labels?: ReadonlyMap<string, string>;
  /** The pair the command was about (orders), so that ticks and lots read as prices and amounts. */
  pairId?: bigint;
  /** The token the command was about (deposit, withdraw, mint), so that amounts read in its decimals. */
  token?: string;
  /** The wallet acting. */
  wallet?: string;
  /** The contract the refused call went to, when the error does not say (Hardhat's provider errors do not). */
  target?: string;
  /** What was being done, in words ("withdraw", "place an order", "mint"), to pick the subject and the remedy. */
  action?: string;
  /**
   * How past events are read (a cause: who suspended, froze, halted): from the suite's deployment block, in pages a
   * public RPC accepts (lib/replay/fetch.ts's queryEvents). Default: from block 0 in pages of DEFAULT_PAGE.
   */
  logs?: LogRange;
  /**
   * How a time the contracts store (seconds) reads; default ISO 8601 in UTC (the CLI). The console passes the user's
   * locale and time zone.
   */
  formatDate?: (seconds: number) => string;
};

const TREE_ABI = [
  "function node(uint64) view returns (tuple(address account, uint64 parent, uint64 root, uint32 scopes, uint40 expiry, uint40 grantedAt, uint8 status, uint8 depth, uint8 suspenderDepth, uint8 leaseDepth))",
  "function ancestry(uint64) view returns (uint64[])",
  "function currentTime() view returns (uint256)",
  "event NodeSuspended(uint64 indexed nodeId, address indexed by, uint8 byDepth, bytes32 reason)",
  "event NodeRevoked(uint64 indexed nodeId, address indexed by, uint8 byDepth, bytes32 reason)",
  "event RootCreated(uint64 indexed rootId, address indexed account, uint40 expiry, string label)",
];
const REGISTRY_ABI = [
  "function identityOf(address) view returns (uint64)",
  "function identity(uint64) view returns (tuple(uint64 attester, uint64 root, uint40 expiry, uint16 jurisdiction, uint8 classes, uint8 status, bool frozen, uint8 walletCount, uint8 frozenByDepth))",
  "event IdentityFrozen(uint64 indexed identityId, address indexed by, uint8 byDepth, bytes32 reason)",
];
const PAIRS_ABI = [
  "function pair(uint32) view returns (tuple(address baseToken, address quoteToken, uint128 tickSize, uint128 lotSize, uint128 minSize, uint32 policyId, uint64 root, uint8 status, uint32 baseAsset, uint32 quoteAsset, uint8 productType, uint8 baseAttestations, uint8 quoteAttestations))",
  "event PairHalted(uint32 indexed pairId, uint64 indexed governNode, uint8 rank, bytes32 reason)",
  "event PairDelisted(uint32 indexed pairId, uint64 indexed governNode, uint8 rank, bytes32 reason)",
  "event PairDelistedUnderDeadRoot(uint32 indexed pairId, uint64 indexed root, address by)",
];
const ASSETS_ABI = [
  "function asset(uint32) view returns (tuple(address token, uint8 kind, uint64 root, address issuer, uint64 listerNode, string metadataURI, bool retired))",
  "function isAttestationValid(uint32, uint8) view returns (bool)",
  "function attestation(uint32, uint8) view returns (tuple(uint64 id, uint64 auditorNode, uint40 issuedAt, uint40 expiry, uint40 asOf, uint256 amount, bytes32 contentHash, string uri, uint256 redeemedSnapshot))",
];
const VENUE_ABI = [
  "function walletOf(uint64) view returns (address)",
  "function tokenAt(uint16) view returns (address)",
  "function balanceOf(address, address) view returns (uint256 available, uint256 locked)",
  "function openOrders(address) view returns (uint32[] pairIds, uint64[] orderIds)",
  "function getOrder(uint32, uint64) view returns (tuple(uint64 account, address wallet, uint8 side, uint24 tick, uint64 lots, uint40 expiry))",
];
const TOKEN_ABI = [
  "function walletFreeze(address) view returns (bool frozen, uint8 rank, uint64 frozenIdentity)",
  "event WalletFrozen(address indexed wallet, address indexed by, uint8 rank, bytes32 reason)",
  "event IdentityFrozen(uint64 indexed identityId, address indexed by, uint8 rank, address[] wallets, bytes32 reason)",
  "event PauseRankSet(address indexed by, uint8 rank)",
  "function paused() view returns (bool)",
];
const VENUE_LICENCE_ABI = ["function VENUES() view returns (address)", "function HOME_ROOT() view returns (uint64)"];
const VENUE_REGISTRY_ABI = [
  "function registration(address, uint64) view returns (uint64 operatorNode, uint32 scope)",
  "event VenueDeregistered(address indexed venue, uint64 indexed root, address by, uint8 rank)",
];
const ERC20_ABI = ["function symbol() view returns (string)", "function decimals() view returns (uint8)"];

/** An eligibility reason (IIdentityRegistry.Eligibility) in words, about the wallet's identity. */
export const ELIGIBILITY_WORDS: Record<string, string> = {
  Eligible: "is eligible",
  UnknownPolicy: "is judged under a policy that does not exist",
  UnknownWallet: "belongs to no identity in the client registry (no KYC)",
  IdentityRevoked: "belongs to an identity that was revoked",
  Frozen: "belongs to a frozen identity",
  Expired: "belongs to an identity whose KYC has expired",
  AttesterInvalid: "was attested by an institution that is no longer valid (suspended, revoked or expired)",
  RootNotTrusted: "was attested under a root the policy does not trust",
  ClassNotAllowed: "is of a client class the policy does not allow",
  JurisdictionBarred: "is in a jurisdiction the policy bars",
  Sanctioned: "is on the sanctions list of a root the policy trusts (the wallet or its identity)",
};

/** What a client can do about each eligibility reason. */
const ELIGIBILITY_REMEDY: Record<string, string> = {
  UnknownWallet: "get registered by a KYC institution (kyc:consent, then the bank's kyc:register)",
  IdentityRevoked: "get registered again by a KYC institution",
  Frozen: "ask the authority that froze the identity (or a higher one) to unfreeze it",
  Expired: "have the attesting institution renew the identity",
  AttesterInvalid: "wait until the attesting institution is restored, or have the identity migrated to a valid one",
  RootNotTrusted: "use a venue or pair whose policy trusts your root",
  ClassNotAllowed: "trade pairs whose policy admits your client class",
  JurisdictionBarred: "trade pairs whose policy does not bar your jurisdiction",
  Sanctioned:
    "nothing can be done on-chain until the listing authority (or a higher one) lifts the entry (sanctions:list)",
};

const NODE_STATUS = ["none", "active", "suspended", "revoked"];

const TIME_ARGS = new Set([
  "expiry",
  "deadline",
  "now",
  "limit",
  "asOf",
  "previousAsOf",
  "lastRedeemed",
  "moreAt", // issue 16: when more becomes available
]);
const NODE_ARGS = new Set([
  "nodeId",
  "attester",
  "auditorNode",
  "operatorNode",
  "governNode",
  "proposerNode",
  "issuerNode",
  "node",
]);
const ROOT_ARGS = new Set(["rootId", "root", "nodeRoot", "identityRoot", "assetRoot", "tokenRoot"]);
const TOKEN_AMOUNTS = new Set([
  "needed",
  "available",
  "allowance",
  "balance",
  "debited",
  "left",
  "supplyAfter",
  "redeemedSince",
  "reserve",
  // issue 16, the monetary policy
  "allowedNow",
  "supplyCap",
  "cap",
  "current",
  "supply",
  "rate",
  "ceiling",
  "notional", // AML limits (issue 16)
]);
/** AML limits' refusals (issue 16), whose `amount` is in the units of their `token`. */
const LIMIT_ERRORS = new Set(["DailyDepositCapExceeded", "DailyWithdrawalCapExceeded", "HoldingCapExceeded"]);
const LOT_ARGS = new Set(["lots", "minLots", "filled", "remaining"]);

/** An address shortened for reading, e.g. 0xa0Ee…9720. */
export function shortAddress(address: string): string {
  return address.length === 42 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A long number (a nonce, an order id) shortened for reading: 0x1234…cdef. */
function shortNumber(value: bigint): string {
  if (value < 10n ** 12n) return value.toString();
  const hex = value.toString(16);
  return `0x${hex.slice(0, 6)}…${hex.slice(-6)}`;
}

/** An order id as the CLI shows it and order:cancel takes it (or any unique start of it): 0x + 16 hex digits. */
export function orderRef(id: bigint): string {
  return `0x${id.toString(16).padStart(16, "0")}`;
}

/** An exact decimal of `value` smallest units with `decimals` places ("12.5"). */
function decimal(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const fraction = decimals === 0 ? "" : (abs % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / unit}${fraction ? `.${fraction}` : ""}`;
}

/** The revert data inside a failed call or transaction, wherever ethers or Hardhat put it. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 6) return undefined;
  const e = error as { data?: unknown; error?: unknown; info?: { error?: unknown }; cause?: unknown };
  if (typeof e.data === "string" && e.data.startsWith("0x") && e.data.length >= 10) return e.data;
  if (e.data && typeof e.data === "object") {
    const nested = (e.data as { data?: unknown }).data;
    if (typeof nested === "string" && nested.startsWith("0x") && nested.length >= 10) return nested;
  }
  return revertData(e.error, depth + 1) ?? revertData(e.info?.error, depth + 1) ?? revertData(e.cause, depth + 1);
}

/** The contract a failed call or transaction was sent to, when ethers kept it in the error. */
export function callTarget(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 6) return undefined;
  const e = error as { transaction?: { to?: unknown }; error?: unknown; info?: { error?: unknown }; cause?: unknown };
  if (typeof e.transaction?.to === "string") return e.transaction.to;
  return callTarget(e.error, depth + 1) ?? callTarget(e.cause, depth + 1);
}

const SUITE_NAMES: Record<keyof SuiteAddresses, string> = {
  tree: "the authority tree",
  registry: "the client registry",
  assets: "the asset registry",
  pairs: "the pair registry",
  venue: "the venue",
};

/** One Interface holding every custom error of the given ABIs (one fragment per signature). */
export function errorInterface(abis: readonly (readonly { type: string }[])[]): Interface {
  const bySignature = new Map<string, object>();
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const sig = Interface.from([item]).fragments[0].format("sighash");
      bySignature.set(sig, item);
    }
  }
  return Interface.from([...bySignature.values()]);
}

/** Reads with memory: one explanation asks the chain each thing once. */
class Reader {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(
    readonly ctx: RefusalContext,
    /** The contract the refused call went to, if known. */
    readonly target?: string,
  ) {}

  private once<T>(key: string, read: () => Promise<T>): Promise<T | undefined> {
    if (!this.cache.has(key))
      this.cache.set(
        key,
        read().catch(() => undefined),
      );
    return this.cache.get(key) as Promise<T | undefined>;
  }

  contract(kind: keyof SuiteAddresses, abi: string[]): Contract | undefined {
    const address = this.ctx.contracts[kind];
    return address ? new Contract(address, abi, this.ctx.provider) : undefined;
  }

  /** Past events, read in pages from the suite's deployment block (`ctx.logs`). */
  events<L>(query: (fromBlock: number, toBlock: number) => Promise<L[]>): Promise<L[]> {
    return queryEvents(this.ctx.provider, query, this.ctx.logs);
  }

  label(address: string): string | undefined {
    return this.ctx.labels?.get(address.toLowerCase());
  }

  /** A wallet or account as the user knows it: its label and address, or the address. */
  /** A stored time (seconds) as the caller reads dates (`ctx.formatDate`), ISO in UTC by default. */
  date(seconds: bigint | number): string {
    const s = Number(seconds);
    return this.ctx.formatDate && s < 2 ** 40 - 1 ? this.ctx.formatDate(s) : isoDate(seconds);
  }

  who(address: string): string {
    const label = this.label(address);
    return label ? `${label} (${shortAddress(address)})` : address;
  }

  token(address: string) {
    return this.once(`token:${address}`, async () => {
      const t = new Contract(address, ERC20_ABI, this.ctx.provider);
      const decimals = Number(await t.decimals());
      const symbol = await t.symbol().catch(() => shortAddress(address));
      return { address, symbol: String(symbol), decimals };
    });
  }

  node(id: bigint) {
    return this.once(`node:${id}`, async () => {
      const tree = this.contract("tree", TREE_ABI);
      if (!tree) throw new Error("no tree");
      const n = await tree.node(id);
      return {
        account: n.account as string,
        root: BigInt(n.root),
        depth: Number(n.depth),
        expiry: Number(n.expiry),
        status: Number(n.status),
      };
    });
  }

  /** The label the root was created with (RootCreated), if the tree's logs can be read. */
  rootLabel(rootId: bigint) {
    return this.once(`rootLabel:${rootId}`, async () => {
      const tree = this.contract("tree", TREE_ABI);
      if (!tree) return undefined;
      const logs = await this.events((f, t) => tree.queryFilter(tree.filters.RootCreated(rootId), f, t));
      const last = logs.at(-1) as { args?: { label?: string } } | undefined;
      return last?.args?.label || undefined;
    });
  }

  async nodeName(id: bigint): Promise<string> {
    const n = await this.node(id);
    if (!n || n.account === "0x0000000000000000000000000000000000000000") return `node #${id}`;
    const label = this.label(n.account) ?? (n.depth === 0 ? await this.rootLabel(id) : undefined);
    return label ? `node #${id} (${label})` : `node #${id}`;
  }

  async rootName(id: bigint): Promise<string> {
    const label =
      (await this.rootLabel(id)) ?? (await this.node(id).then((n) => (n ? this.label(n.account) : undefined)));
    return label ? `root #${id} (${label})` : `root #${id}`;
  }

  pair(pairId: bigint) {
    return this.once(`pair:${pairId}`, async () => {
      const pairs = this.contract("pairs", PAIRS_ABI);
      if (!pairs) throw new Error("no pairs");
      const p = await pairs.pair(pairId);
      const [base, quote] = await Promise.all([this.token(p.baseToken), this.token(p.quoteToken)]);
      if (!base || !quote) throw new Error("no tokens");
      return {
        pairId,
        base,
        quote,
        tickSize: BigInt(p.tickSize),
        lotSize: BigInt(p.lotSize),
        status: Number(p.status),
      };
    });
  }

  async pairName(pairId: bigint): Promise<string> {
    const p = await this.pair(pairId);
    return p ? `${p.base.symbol}/${p.quote.symbol} (pair #${pairId})` : `pair #${pairId}`;
  }

  async assetName(assetId: bigint): Promise<string> {
    const asset = await this.once(`asset:${assetId}`, async () => {
      const assets = this.contract("assets", ASSETS_ABI);
      if (!assets) throw new Error("no assets");
      return (await assets.asset(assetId)).token as string;
    });
    const t = asset ? await this.token(asset) : undefined;
    return t ? `${t.symbol} (asset #${assetId})` : `asset #${assetId}`;
  }

  venueWallet(account: bigint) {
    return this.once(`wallet:${account}`, async () => {
      const venue = this.contract("venue", VENUE_ABI);
      if (!venue) throw new Error("no venue");
      return (await venue.walletOf(account)) as string;
    });
  }

  venueToken(index: bigint) {
    return this.once(`tokenAt:${index}`, async () => {
      const venue = this.contract("venue", VENUE_ABI);
      if (!venue) throw new Error("no venue");
      return (await venue.tokenAt(index)) as string;
    });
  }
}

/** The token amounts of an error are in: its `token` argument (an address or a venue index), else the command's. */
async function amountToken(r: Reader, parsed: ErrorDescription): Promise<string | undefined> {
  const i = parsed.fragment.inputs.findIndex((input) => input.name === "token");
  if (i >= 0) {
    const value = parsed.args[i];
    if (typeof value === "string") return value;
    return r.venueToken(BigInt(value));
  }
  if (r.ctx.token) return r.ctx.token;
  // A token's own refusal (a mint above the reserve): its amounts are in its units.
  const suite = Object.values(r.ctx.contracts).map((a) => a?.toLowerCase());
  if (r.target && !suite.includes(r.target.toLowerCase()) && (await r.token(r.target))) return r.target;
  return undefined;
}

/** One argument in human units. */
async function human(
  r: Reader,
  parsed: ErrorDescription,
  name: string,
  type: string,
  value: unknown,
  tokenOfAmounts: string | undefined,
  pairId: bigint | undefined,
): Promise<string> {
  const error = parsed.name;
  if (SANCTION_ERRORS.has(error)) {
    // A sanctions entry names one party: the other is zero (none); its reason is a text or a hash.
    if (
      (name === "wallet" && BigInt(String(value)) === 0n) ||
      (name === "identityId" && BigInt(value as bigint) === 0n)
    ) {
      return "none";
    }
    if (name === "reason") return sanctionReason(String(value));
  }
  if (type === "address") {
    const address = String(value);
    if (name === "token") {
      const t = await r.token(address);
      return t ? `${t.symbol} (${shortAddress(address)})` : address;
    }
    if (name === "venue") return r.label(address) ? r.who(address) : `the venue ${address}`;
    return r.who(address);
  }
  if (type === "bool" || type === "string") return String(value);
  const v = BigInt(value as bigint);
  if (name === "account" && type.startsWith("uint")) {
    const wallet = await r.venueWallet(v);
    return wallet ? r.who(wallet) : `venue account #${v}`;
  }
  if (name === "token" && type.startsWith("uint")) {
    const address = await r.venueToken(v);
    const t = address ? await r.token(address) : undefined;
    return t ? t.symbol : `token #${v} of the venue`;
  }
  if (TOKEN_AMOUNTS.has(name) || (name === "amount" && LIMIT_ERRORS.has(error))) {
    const t = tokenOfAmounts ? await r.token(tokenOfAmounts) : undefined;
    return t ? `${decimal(v, t.decimals)} ${t.symbol}` : v.toString();
  }
  if (name === "moreAt") return v === 0n ? "no later time (waiting frees nothing)" : r.date(v); // AML limits
  if (TIME_ARGS.has(name)) return r.date(v);
  if (name === "blockTimestamp") return r.date(v / BigInt(r.ctx.timeUnit ?? 1));
  if (NODE_ARGS.has(name)) return r.nodeName(v);
  if (ROOT_ARGS.has(name)) return r.rootName(v);
  if (name === "subject") return `#${v}`;
  if (name === "pairId") return r.pairName(v);
  if (name === "assetId") return r.assetName(v);
  if (name === "identityId") return `identity #${v}`;
  if (name === "policyId") return `policy #${v}`;
  if (name === "reason" && (error === "NotEligible" || error === "IdentityNotValid")) {
    return nameOf(Eligibility, v);
  }
  if (name === "fault") return nameOf(AttesterFault, v);
  if (name === "status") {
    if (error === "IdentityNotActive") return nameOf(IdentityStatus, v).toLowerCase();
    if (error === "InvalidPairStatus") return nameOf(PairStatus, v).toLowerCase();
    if (error === "InvalidNodeStatus") return NODE_STATUS[Number(v)] ?? `status ${v}`;
  }
  if (name === "scope" || name === "scopes" || name === "requested" || name === "parentScopes") {
    return scopeNames(v).join("+") || "no scope";
  }
  if (name === "classes") return classNames(v).join("+") || "no class";
  if (name === "kind") return nameOf(AttestationKind, v);
  if (name === "mask") return `mask ${v}`;
  if (name === "side") return Number(v) === 0 ? "buy" : "sell";
  if (name === "nonce") return shortNumber(v);
  if (name === "id" || name === "orderId") return orderRef(v);
  if (name === "bps" || name === "capBps") return `${v} bps`;
  if (/(Depth|Rank)$/.test(name) || name === "rank" || name === "depth") {
    return v === 0n ? "depth 0 (the root)" : `depth ${v}`;
  }
  if (pairId !== undefined && (name === "tick" || name === "oppositeBest" || LOT_ARGS.has(name))) {
    const p = await r.pair(pairId);
    if (p) {
      if (name === "tick" || name === "oppositeBest") {
        const num = v * p.tickSize * 10n ** BigInt(p.base.decimals);
        const den = p.lotSize * 10n ** BigInt(p.quote.decimals);
        return `${num % den === 0n ? (num / den).toString() : decimal((num * 10n ** 18n) / den, 18)} ${p.quote.symbol}`;
      }
      return `${decimal(v * p.lotSize, p.base.decimals)} ${p.base.symbol}`;
    }
  }
  return v.toString();
}

/** The last event `query` finds (paged, see Reader.events): its arguments and the date of its block, if any. */
async function lastEvent(
  r: Reader,
  query: (fromBlock: number, toBlock: number) => Promise<unknown[]>,
): Promise<{ args: Record<string, unknown>; date?: string } | undefined> {
  const last = (await r.events(query)).at(-1) as { args?: Record<string, unknown>; blockNumber?: number } | undefined;
  if (!last?.args) return undefined;
  const block = last.blockNumber !== undefined ? await r.ctx.provider.getBlock(last.blockNumber) : null;
  const date = block ? r.date(BigInt(block.timestamp) / BigInt(r.ctx.timeUnit ?? 1)) : undefined;
  return { args: last.args, date };
}

/** A bytes32 reason as text, quoted, or nothing when it is empty or not text. */
function quotedReason(value: unknown): string {
  try {
    const text = decodeBytes32String(String(value ?? ""));
    return text ? ` ("${text}")` : "";
  } catch {
    return "";
  }
}

/** An authority's rank as the sentences say it. */
function rankWords(rank: unknown): string {
  return BigInt(rank as bigint) === 0n ? "at the root's rank (depth 0)" : `at depth ${rank}`;
}

/**
 * Why node `nodeId` (and so what rests on it) is not valid: the node or the ancestor that is not, how, by whom and
 * since when, as "<head>, is cut off: ...", or undefined when the whole path is valid.
 */
async function nodeCause(r: Reader, nodeId: bigint, head: string): Promise<string | undefined> {
  const tree = r.contract("tree", TREE_ABI);
  if (!tree) return undefined;
  const now = BigInt(await tree.currentTime());
  const path = ((await tree.ancestry(nodeId)) as bigint[]).map(BigInt);
  for (const id of path) {
    const n = await r.node(id);
    if (!n) continue;
    const whose = id === nodeId ? "" : ` (an authority above it, ${await r.nodeName(id)})`;
    if (n.status === 2 || n.status === 3) {
      const event = n.status === 2 ? "NodeSuspended" : "NodeRevoked";
      const last = await lastEvent(r, (f, t) => tree.queryFilter(tree.filters[event](id), f, t));
      const by = last?.args.by ? ` by ${r.who(String(last.args.by))}` : "";
      const since = last?.date ? ` on ${last.date}` : "";
      return `${head}, is cut off: ${id === nodeId ? "it" : "node #" + id}${whose} was ${NODE_STATUS[n.status]}${by}${since}.`;
    }
    if (BigInt(n.expiry) <= now) {
      return `${head}, is cut off: the lease of ${id === nodeId ? "it" : "node #" + id}${whose} ended on ${r.date(n.expiry)}.`;
    }
  }
  return undefined;
}

/** Why the node that attested `wallet` is not valid: the node or ancestor that is not, how, by whom, since when. */
async function attesterCause(r: Reader, wallet: string): Promise<string | undefined> {
  const registry = r.contract("registry", REGISTRY_ABI);
  if (!registry) return undefined;
  try {
    const identityId = BigInt(await registry.identityOf(wallet));
    if (identityId === 0n) return undefined;
    const attester = BigInt((await registry.identity(identityId)).attester);
    return nodeCause(r, attester, `the institution that attested ${r.who(wallet)}, ${await r.nodeName(attester)}`);
  } catch {
    return undefined;
  }
}

/** Why `wallet`'s identity is frozen (who froze it, at what rank, when, why) or expired (when, who can renew it). */
async function identityCause(r: Reader, wallet: string, reason: string): Promise<string | undefined> {
  const registry = r.contract("registry", REGISTRY_ABI);
  if (!registry) return undefined;
  const identityId = BigInt(await registry.identityOf(wallet));
  if (identityId === 0n) return undefined;
  const identity = await registry.identity(identityId);
  const whose = `identity #${identityId} of ${r.who(wallet)}`;
  if (reason === "Frozen") {
    const last = await lastEvent(r, (f, t) => registry.queryFilter(registry.filters.IdentityFrozen(identityId), f, t));
    if (!last) return `${whose} is frozen ${rankWords(identity.frozenByDepth)}.`;
    return (
      `${whose} was frozen by ${r.who(String(last.args.by))} ${rankWords(last.args.byDepth)}` +
      `${last.date ? ` on ${last.date}` : ""}${quotedReason(last.args.reason)}; only that rank or a higher one can ` +
      `unfreeze it.`
    );
  }
  if (reason === "Expired") {
    const attester = BigInt(identity.attester);
    return (
      `${whose} expired on ${r.date(identity.expiry)}; its attester, ${await r.nodeName(attester)}, can renew it ` +
      `(or a KYC manager above it).`
    );
  }
  return undefined;
}

/** Who froze `wallet` (or its identity) at token `token`: the token's own freeze records and events. */
async function tokenFreezeCause(r: Reader, token: string, wallet: string, identityId?: bigint): Promise<string> {
  const t = new Contract(token, TOKEN_ABI, r.ctx.provider);
  const symbol = (await r.token(token))?.symbol ?? shortAddress(token);
  let id = identityId;
  if (id === undefined) {
    const record = await t.walletFreeze(wallet);
    if (record.frozen) {
      const last = await lastEvent(r, (f, to) => t.queryFilter(t.filters.WalletFrozen(wallet), f, to));
      const by = last ? ` by ${r.who(String(last.args.by))}` : "";
      return (
        `${symbol} froze ${r.who(wallet)}${by} ${rankWords(last?.args.rank ?? record.rank)}` +
        `${last?.date ? ` on ${last.date}` : ""}${quotedReason(last?.args.reason)}; only that rank or a higher one ` +
        `can unfreeze it (token:unfreeze).`
      );
    }
    id = BigInt(record.frozenIdentity);
  }
  const last = await lastEvent(r, (f, to) => t.queryFilter(t.filters.IdentityFrozen(id), f, to));
  const by = last ? ` by ${r.who(String(last.args.by))} ${rankWords(last.args.rank)}` : "";
  return (
    `${symbol} froze identity #${id}, to which ${r.who(wallet)} belongs,${by}${last?.date ? ` on ${last.date}` : ""}` +
    `${quotedReason(last?.args.reason)}; only that rank or a higher one can unfreeze it.`
  );
}

/** Who paused token `token`, at what rank and when. */
async function pauseCause(r: Reader, token: string): Promise<string | undefined> {
  const t = new Contract(token, TOKEN_ABI, r.ctx.provider);
  if (!(await t.paused())) return undefined;
  const symbol = (await r.token(token))?.symbol ?? shortAddress(token);
  const last = await lastEvent(r, (f, to) => t.queryFilter(t.filters.PauseRankSet(), f, to));
  if (!last) return `${symbol} is paused.`;
  return (
    `${symbol} was paused by ${r.who(String(last.args.by))} ${rankWords(last.args.rank)}` +
    `${last.date ? ` on ${last.date}` : ""}; only that rank or a higher one can unpause it.`
  );
}

/**
 * Why venue `venue` is not licensed: its registration under its home root was removed (by whom, at what rank, when),
 * or the operator node it was registered with is not valid (suspended or revoked by whom and when, or its lease, or
 * an ancestor's, ended).
 */
async function licenceCause(r: Reader, venue: string): Promise<string | undefined> {
  const v = new Contract(venue, VENUE_LICENCE_ABI, r.ctx.provider);
  const [registryAddress, home] = await Promise.all([v.VENUES(), v.HOME_ROOT()]);
  const registry = new Contract(String(registryAddress), VENUE_REGISTRY_ABI, r.ctx.provider);
  const [operatorNode] = await registry.registration(venue, home);
  const root = await r.rootName(BigInt(home));
  if (BigInt(operatorNode) === 0n) {
    const last = await lastEvent(r, (f, t) =>
      registry.queryFilter(registry.filters.VenueDeregistered(venue, home), f, t),
    );
    if (!last) return `the venue is not registered as an exchange under its home ${root}.`;
    return (
      `the venue's registration under ${root} was removed by ${r.who(String(last.args.by))} ` +
      `${rankWords(last.args.rank)}${last.date ? ` on ${last.date}` : ""}.`
    );
  }
  const node = BigInt(operatorNode);
  const cause = await nodeCause(r, node, `the venue's operator, ${await r.nodeName(node)}`);
  if (cause) return cause;
  const n = await r.node(node);
  return n ? `the venue's operator, ${await r.nodeName(node)}, does not hold EXCHANGE under ${root} now.` : undefined;
}

/** Why pair `pairId` does not trade: halted (by whom, why), delisted, or which required attestation lapsed and when. */
async function pairCause(r: Reader, pairId: bigint): Promise<string | undefined> {
  const pairs = r.contract("pairs", PAIRS_ABI);
  const assets = r.contract("assets", ASSETS_ABI);
  if (!pairs) return undefined;
  const p = await pairs.pair(pairId);
  const name = await r.pairName(pairId);
  const status = nameOf(PairStatus, p.status);
  if (status === "Halted") {
    const last = await lastEvent(r, (f, t) => pairs.queryFilter(pairs.filters.PairHalted(pairId), f, t));
    if (!last?.args.governNode) return `${name} is halted.`;
    const on = last.date ? ` on ${last.date}` : "";
    return `${name} was halted by ${await r.nodeName(BigInt(last.args.governNode as bigint))}${on}${quotedReason(last.args.reason)}.`;
  }
  if (status === "Delisted") {
    const last = await lastEvent(r, (f, t) => pairs.queryFilter(pairs.filters.PairDelisted(pairId), f, t));
    if (last?.args.governNode) {
      const on = last.date ? ` on ${last.date}` : "";
      return `${name} was delisted by ${await r.nodeName(BigInt(last.args.governNode as bigint))}${on}${quotedReason(last.args.reason)}, for good.`;
    }
    const dead = await lastEvent(r, (f, t) => pairs.queryFilter(pairs.filters.PairDelistedUnderDeadRoot(pairId), f, t));
    if (dead) {
      return `${name} was delisted${dead.date ? ` on ${dead.date}` : ""} because its ${await r.rootName(BigInt(dead.args.root as bigint))} is revoked or past its lease.`;
    }
  }
  if (status !== "Listed") return `${name} is ${status.toLowerCase()}.`;
  if (!assets) return undefined;
  const lapsed: string[] = [];
  for (const [assetId, mask] of [
    [BigInt(p.baseAsset), Number(p.baseAttestations)],
    [BigInt(p.quoteAsset), Number(p.quoteAttestations)],
  ] as const) {
    for (let kind = 0; kind < 4; kind++) {
      if ((mask & (1 << kind)) === 0 || (await assets.isAttestationValid(assetId, kind))) continue;
      const a = await assets.attestation(assetId, kind).catch(() => undefined);
      const what = `${await r.assetName(assetId)}'s ${nameOf(AttestationKind, kind).toLowerCase()} attestation`;
      lapsed.push(a && BigInt(a.id) !== 0n ? `${what} lapsed on ${r.date(a.expiry)}` : `${what} is missing`);
    }
  }
  return lapsed.length ? `${lapsed.join("; ")}: an auditor must attest again before the pair trades.` : undefined;
}

/** The sanctions list's refusals (ISanctionsList): their subject is a root's list, one party of two is given. */
const SANCTION_ERRORS = new Set([
  "PartySanctioned",
  "AlreadySanctioned",
  "NotSanctioned",
  "SanctionedByHigherAuthority",
  "SanctionClearedByHigherAuthority",
  "InvalidSanctionParty",
  "TooManySanctionRoots",
  "NotListedBy",
]);

/** A sanctions reason: its text when it is a short text, else the hash. */
function sanctionReason(hash: string): string {
  try {
    const text = decodeBytes32String(hash);
    if (/^[\x20-\x7e]+$/.test(text)) return `"${text}"`;
  } catch {
    // a hash, not a text
  }
  return hash;
}

/** The subject of a refusal: what the command acted on, named as the user knows it. */
async function subjectOf(r: Reader, parsed: ErrorDescription, values: Map<string, unknown>): Promise<string> {
  const name = parsed.name;
  if (SANCTION_ERRORS.has(name) && values.has("rootId")) {
    return `${await r.rootName(BigInt(values.get("rootId") as bigint))}'s sanctions list`;
  }
  const ctx = r.ctx;
  const tokenName = async (address: string) => {
    const t = await r.token(address);
    return `token ${t?.symbol ?? address}`;
  };
  if (name === "NotEligible" || name === "NativeTokenPolicyRefused") {
    if (ctx.pairId !== undefined && name === "NotEligible") return `${await r.pairName(ctx.pairId)}'s policy`;
    if (values.has("token")) return `${await tokenName(String(values.get("token")))}'s holder policy`;
    if (ctx.token) return `${await tokenName(ctx.token)}'s holder policy`;
  }
  if (values.has("pairId")) return r.pairName(BigInt(values.get("pairId") as bigint));
  // A deposit is refused by the venue (its own checks), unless the error names a token.
  if (ctx.action === "deposit" && !values.has("token")) return "the venue";
  if (ctx.pairId !== undefined) return r.pairName(ctx.pairId);
  if (values.has("token") && typeof values.get("token") === "string") return tokenName(String(values.get("token")));
  if (ctx.token) return tokenName(ctx.token);
  if (values.has("assetId")) return r.assetName(BigInt(values.get("assetId") as bigint));
  if (values.has("identityId")) return `identity #${values.get("identityId")}`;
  if (values.has("nodeId")) return r.nodeName(BigInt(values.get("nodeId") as bigint));
  if (values.has("venue")) return "the venue";
  const target = r.target;
  if (target) {
    for (const [kind, address] of Object.entries(ctx.contracts)) {
      if (address && address.toLowerCase() === target.toLowerCase()) return SUITE_NAMES[kind as keyof SuiteAddresses];
    }
    const t = await r.token(target);
    if (t) return `token ${t.symbol}`;
  }
  return "the contract";
}

/** Extra words about the cause, read from the chain, for the refusals where it is knowable. */
async function causeOf(
  r: Reader,
  parsed: ErrorDescription,
  raw: Map<string, unknown>,
  args: Record<string, string>,
): Promise<string | undefined> {
  const name = parsed.name;
  if ((name === "NotEligible" || name === "IdentityNotValid") && raw.has("reason")) {
    const reason = nameOf(Eligibility, BigInt(raw.get("reason") as bigint));
    if (reason === "AttesterInvalid") return attesterCause(r, String(raw.get("wallet")));
    if (reason === "Frozen" || reason === "Expired") return identityCause(r, String(raw.get("wallet")), reason);
    return undefined;
  }
  // A freeze placed by the token itself (its compliance authority), read from the token.
  // The token the command was about, else the contract called (a token refuses a mint or transfer itself).
  const token = raw.has("token") ? String(raw.get("token")) : (r.ctx.token ?? r.target);
  if (name === "WalletIsFrozen" && raw.has("wallet")) {
    return token ? tokenFreezeCause(r, token, String(raw.get("wallet"))) : undefined;
  }
  if (name === "IdentityIsFrozen" && raw.has("identityId")) {
    return token
      ? tokenFreezeCause(r, token, String(raw.get("wallet")), BigInt(raw.get("identityId") as bigint))
      : undefined;
  }
  if (name === "SuspendedByHigherAuthority" && raw.has("nodeId")) {
    const tree = r.contract("tree", TREE_ABI);
    const nodeId = BigInt(raw.get("nodeId") as bigint);
    const last = tree
      ? await lastEvent(r, (f, t) => tree.queryFilter(tree.filters.NodeSuspended(nodeId), f, t))
      : undefined;
    if (!last) return undefined;
    return (
      `${await r.nodeName(nodeId)} was suspended by ${r.who(String(last.args.by))} ${rankWords(last.args.byDepth)}` +
      `${last.date ? ` on ${last.date}` : ""}${quotedReason(last.args.reason)}; only that rank or a higher one can ` +
      `resume it.`
    );
  }
  if (name === "NativeTokenFrozen" && token) return tokenFreezeCause(r, token, String(raw.get("wallet")));
  if ((name === "NativeTokenPaused" || name === "EnforcedPause") && token) return pauseCause(r, token);
  if (name === "VenueNotLicensed" && raw.has("venue")) return licenceCause(r, String(raw.get("venue")));
  if (name === "PairNotTradable" && raw.has("pairId")) return pairCause(r, BigInt(raw.get("pairId") as bigint));
  if (name === "InsufficientBalance" && raw.has("account") && raw.has("token")) {
    const venue = r.contract("venue", VENUE_ABI);
    const wallet = await r.venueWallet(BigInt(raw.get("account") as bigint));
    const tokenAddress = await r.venueToken(BigInt(raw.get("token") as bigint));
    if (!venue || !wallet || !tokenAddress) return undefined;
    const t = await r.token(tokenAddress);
    const [, locked] = await venue.balanceOf(wallet, tokenAddress);
    if (!t || BigInt(locked) === 0n) return undefined;
    const [pairIds, orderIds] = await venue.openOrders(wallet);
    const refs = (orderIds as bigint[]).slice(0, 3).map((id, i) => `${orderRef(BigInt(id))} on pair #${pairIds[i]}`);
    const more = orderIds.length > 3 ? ` and ${orderIds.length - 3} more` : "";
    return (
      `${decimal(BigInt(locked), t.decimals)} ${t.symbol} are locked in open order${orderIds.length === 1 ? "" : "s"} ` +
      `${refs.join(", ")}${more}; cancel ${orderIds.length === 1 ? "it" : "them"} (order:cancel) or use at most ${args.available}.`
    );
  }
  return undefined;
}

/** A sentence of the catalogue with `name` placeholders replaced by human values. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(
    /(\b([A-Za-z]+) )?`(\w+)`/g,
    (whole, before: string | undefined, word: string | undefined, key: string) => {
      const value = values[key];
      if (value === undefined) return whole;
      // "node `nodeId`" with "node #2 (Bank Y)": the value already says what it is.
      if (word && value.toLowerCase().startsWith(`${word.toLowerCase()} `)) {
        return word[0] === word[0].toUpperCase() ? value[0].toUpperCase() + value.slice(1) : value;
      }
      return `${before ?? ""}${value}`;
    },
  );
}

/**
 * The refusal inside `error` (a failed eth_call, estimateGas or transaction), explained; undefined when it carries
 * no custom error of `errors` (a plain revert, a network failure).
 */
export async function explainRefusal(
  errors: Interface,
  error: unknown,
  ctx: RefusalContext,
): Promise<Refusal | undefined> {
  const data = revertData(error);
  if (!data) return undefined;
  let parsed: ErrorDescription | null = null;
  try {
    parsed = errors.parseError(data);
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const target = callTarget(error) ?? ctx.target;
  const r = new Reader(ctx, target);
  const rawValues = new Map<string, unknown>();
  const raw: Record<string, string> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    rawValues.set(input.name, parsed!.args[i]);
    raw[input.name] = String(parsed!.args[i]);
  });
  const tokenOfAmounts = await amountToken(r, parsed);
  const pairId = rawValues.has("pairId") ? BigInt(rawValues.get("pairId") as bigint) : ctx.pairId;
  const args: Record<string, string> = {};
  for (const [i, input] of parsed.fragment.inputs.entries()) {
    args[input.name] = await human(r, parsed, input.name, input.type, parsed.args[i], tokenOfAmounts, pairId);
  }
  // By name only when the arguments agree: a test contract may declare an error of the same name.
  const found = ERRORS[parsed.signature] ?? ERRORS[parsed.name];
  const names = parsed.fragment.inputs.map((i) => i.name);
  const entry = found && JSON.stringify(found.args) === JSON.stringify(names) ? found : undefined;
  let words = fill(entry?.meaning ?? "", args);
  let remedy = fill(entry?.remedy ?? "", args);
  let reason = parsed.name;
  const subject = await subjectOf(r, parsed, rawValues);
  if ((parsed.name === "NotEligible" || parsed.name === "IdentityNotValid") && rawValues.has("reason")) {
    const code = nameOf(Eligibility, BigInt(rawValues.get("reason") as bigint));
    reason = `${parsed.name}: ${code}`;
    const what = parsed.name === "NotEligible" ? `is not eligible under ${subject}` : "cannot deposit";
    words = `${args.wallet} ${what}: it ${ELIGIBILITY_WORDS[code] ?? `fails with reason ${code}`}.`;
    const way = ELIGIBILITY_REMEDY[code];
    const own =
      ctx.action === "withdraw" && ctx.token
        ? `Your ${(await r.token(ctx.token))?.symbol ?? "tokens"} stay yours in the venue; they can be withdrawn once you are eligible again (${way ?? "see kyc:show"}).`
        : way
          ? `${way[0].toUpperCase()}${way.slice(1)}; kyc:show --wallet ${rawValues.get("wallet")} shows the identity.`
          : remedy;
    remedy = own;
  }
  // The cause is a bonus: a read that fails leaves it out, never the explanation.
  const cause = await causeOf(r, parsed, rawValues, args).catch(() => undefined);
  return { name: parsed.name, signature: parsed.signature, subject, reason, words, cause, remedy, args, raw };
}

/** A refusal for the terminal: one headline, the meaning, the cause and what to do, each on its own line. */
export function formatRefusal(refusal: Refusal, what?: string): string {
  const lines = [`${what ? `${what} refused` : "Refused"} by ${refusal.subject}: ${refusal.reason}`];
  if (refusal.words) lines.push(`  ${refusal.words}`);
  if (refusal.cause) lines.push(`  ${refusal.cause}`);
  if (refusal.remedy) lines.push(`  What to do: ${refusal.remedy}`);
  return lines.join("\n");
}
