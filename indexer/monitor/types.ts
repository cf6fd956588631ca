/**
 * The AML monitor's vocabulary: the rows its rules read (loaded from the indexer's tables by load.ts, or made by hand
 * in the unit tests), its thresholds (indexer/aml.config.json) and the alerts it raises. Times are in the chain's unit
 * (seconds, or milliseconds on PlatON) as the tables keep them; `unit` converts the thresholds' seconds.
 */

/** A fill between two identities: the maker's side says who sold (an ask's maker sells, a bid's maker buys). */
export type FillRow = {
  id: string;
  venue: string;
  pairId: bigint;
  orderId: bigint;
  makerIdentity: bigint;
  takerIdentity: bigint;
  makerWallet: string;
  takerWallet: string;
  makerSide: bigint; // 0 bid, 1 ask
  tick: bigint;
  lots: bigint;
  base: bigint;
  quote: bigint;
  block: bigint;
  timestamp: bigint;
  tx: string;
};

/** A deposit or a withdrawal. */
export type MovementRow = {
  kind: "deposit" | "withdrawal";
  id: string;
  venue: string;
  identity: bigint;
  wallet: string;
  token: string;
  amount: bigint;
  block: bigint;
  timestamp: bigint;
  tx: string;
};

/** An order that rested, with how it ended: `cancelled*` only when its owner removed it (RemovalReason.Cancelled). */
export type OrderRow = {
  venue: string;
  pairId: bigint;
  orderId: bigint;
  identity: bigint;
  wallet: string;
  placedLots: bigint;
  filledLots: bigint;
  placedBlock: bigint;
  placedAt: bigint;
  placedTx: string;
  cancelledLots?: bigint;
  cancelledBlock?: bigint;
  cancelledAt?: bigint;
  cancelledTx?: string;
};

/** A party made ineligible: a sanctions listing (of the identity or one of its wallets) or a registry change. */
export type TaintRow = {
  identity: bigint;
  what: string; // "sanctioned under root 1 (wallet 0x…)", "revoked", "frozen"
  block: bigint;
  timestamp: bigint;
  tx: string;
};

/** A per-identity cap on deposits or withdrawals of a token in a rolling day (AmlLimits, or the config's `caps`). */
export type CapLookup = (identity: bigint, token: string, kind: "deposit" | "withdrawal") => bigint | undefined;

export type MonitorData = {
  fills: FillRow[];
  movements: MovementRow[];
  orders: OrderRow[];
  taints: TaintRow[];
  caps: CapLookup;
};

export type AmlConfig = {
  washTrading: { windowSeconds: number; maxPriceGapBps: number; minRoundTrips: number };
  structuring: {
    windowSeconds: number;
    nearCapFraction: number;
    minCount: number;
    /** Per token address (lowercase): a cap for both kinds, overriding the chain's. */
    caps: Record<string, string>;
  };
  rapidInOut: { windowSeconds: number; minOutFraction: number };
  layering: {
    largeLots: number;
    maxLifetimeSeconds: number;
    minQuickCancels: number;
    minCancelledOrders: number;
    minCancelToFill: number;
  };
  taintedCounterparty: { lookbackSeconds: number; disqualifyingChanges: string[] };
};

/** One step of an alert's evidence: what happened, where on chain. */
export type Evidence = { what: string; tx: string; block: string; time: string };

export type RuleName =
  "wash-trading" | "structuring" | "rapid-in-out" | "layering" | "cancel-ratio" | "tainted-counterparty";

/** An alert: who, what the rule measured, and every transaction it rests on. */
export type Alert = {
  rule: RuleName;
  summary: string;
  identities: string[];
  wallets: string[];
  txs: string[];
  blocks: string[];
  /** The chain times of the first and last evidence, in the chain's unit. */
  from: string;
  to: string;
  /** The rule's measurements and the thresholds they crossed. */
  figures: Record<string, string | number>;
  evidence: Evidence[];
};

/** Rule context: the thresholds and the chain's time unit (timestamps per second). */
export type RuleContext = { config: AmlConfig; unit: bigint };
