/**
 * What the regulator's workspace offers on a node, a pair or a sanctions list: the contracts' own rules (AuthorityTree,
 * PairRegistry, SanctionsList) read from the caller's side, so that an act is offered only where the connected account
 * may do it. The chain still decides: every act is simulated first (tx.tsx). Pure, for the workspace and its test.
 */
import { decodeBytes32String, encodeBytes32String, toUtf8Bytes, ZeroHash } from "ethers";

/** A bytes32 reason as text when it is short text (the console's and the CLI's), else the hash. */
export function reasonText(reason?: string | null): string {
  if (!reason || /^0x0*$/.test(reason)) return "";
  try {
    return decodeBytes32String(reason);
  } catch {
    return reason;
  }
}

/**
 * A short reason as the contracts' bytes32 (at most 31 bytes of UTF-8, cut at a character). No reason typed records
 * none (zero), so the history shows what the user wrote, never a word they did not.
 */
export function reasonBytes(text: string): string {
  let t = text.trim();
  while (toUtf8Bytes(t).length > 31) t = t.slice(0, -1);
  return t ? encodeBytes32String(t) : ZeroHash;
}

/** Node status, as IAuthorityTree.NodeStatus. */
export const NODE_STATUS = ["none", "active", "suspended", "revoked"] as const;
export type NodeStatusName = (typeof NODE_STATUS)[number];

/** What the workspace knows of a node to decide the acts on it. */
export type NodeFacts = {
  status: NodeStatusName;
  depth: number;
  /** 0 for a root. */
  parent: bigint;
  suspenderDepth: number;
  leaseDepth: number;
  /** Whether the node is valid now (itself and its ancestors active and in lease). */
  valid: boolean;
  /** Whether its lease has ended (expiry <= now). */
  expired: boolean;
  /** The node's scopes after its ancestors' (effectiveScopes): 0 unless valid. */
  effectiveScopes: number;
};

/** The connected account as the tree sees it, for one node. */
export type Caller = {
  /** The account holds this node. */
  holds: boolean;
  /** The depth of the account's valid node among the node's strict ancestors (managerRank of the parent), if any. */
  ancestorDepth?: number;
  /** The account is the tree's governor (acts on roots, at rank 0). */
  governor: boolean;
};

export type NodeAct = "suspend" | "resume" | "revoke" | "renew" | "grant";

/** Each act on the node: true when offered, else why not (in words). */
export function nodeActs(n: NodeFacts, me: Caller, DELEGATE = 1): Record<NodeAct, true | string> {
  // The rank the caller acts at: a root is the governor's (rank 0); any other node a valid strict ancestor's.
  const rank = n.parent === 0n ? (me.governor ? 0 : undefined) : me.ancestorDepth;
  const none =
    n.parent === 0n ? "only the tree's governor acts on a root" : "your account holds no valid node above this one";
  const higherSuspension =
    rank !== undefined && n.status === "suspended" && rank > n.suspenderDepth
      ? `suspended by rank ${n.suspenderDepth}, above yours (${rank})`
      : undefined;
  const suspend: true | string =
    rank === undefined
      ? none
      : n.status === "active"
        ? true
        : n.status === "suspended" && rank < n.suspenderDepth
          ? true // a higher rank takes a lower one's suspension over
          : `the node is ${n.status}${n.status === "suspended" ? ` (by rank ${n.suspenderDepth}, not below yours)` : ""}`;
  const resume: true | string =
    rank === undefined ? none : n.status !== "suspended" ? `the node is ${n.status}` : (higherSuspension ?? true);
  const revoke: true | string =
    rank === undefined ? none : n.status === "revoked" ? "the node is revoked" : (higherSuspension ?? true);
  const renew: true | string =
    rank === undefined
      ? none
      : n.status === "revoked"
        ? "the node is revoked"
        : n.expired
          ? "its lease has ended"
          : (higherSuspension ?? true);
  const grant: true | string = !me.holds
    ? "only the node's own account grants under it"
    : !n.valid
      ? "the node is not valid"
      : (n.effectiveScopes & DELEGATE) === 0
        ? "the node holds no DELEGATE scope"
        : true;
  return { suspend, resume, revoke, renew, grant };
}

/** Whether a lease change from `previous` to `expiry` needs the rank that set the lease (an extension does). */
export function extensionRefused(previous: number, expiry: number, rank: number, leaseDepth: number): boolean {
  return expiry > previous && rank > leaseDepth;
}

/** Pair status, as IPairRegistry.PairStatus. */
export const PAIR_STATUS = ["none", "proposed", "listed", "halted", "delisted", "withdrawn"] as const;
export type PairStatusName = (typeof PAIR_STATUS)[number];
export type PairAct = "approve" | "halt" | "resume" | "delist";

/**
 * The acts on a pair: the caller needs a valid GOVERN node under the pair's root (`governDepth`); then each act by the
 * pair's status. The rank rules (halt rank, cleared-by rank, delisting bars, not the proposer) are left to the
 * simulation, which explains them.
 */
export function pairActs(
  status: PairStatusName,
  governDepth: number | undefined,
  haltRank?: number,
): Record<PairAct, true | string> {
  const no = "your account holds no valid GOVERN node under the pair's root";
  const by = (ok: boolean, why: string): true | string => (governDepth === undefined ? no : ok ? true : why);
  // A halted pair is halted again only as a takeover from a strictly higher rank (a lower depth), and resumed from
  // the halting rank or above (PairRegistry.haltPair / resumePair).
  const known = status === "halted" && haltRank !== undefined && governDepth !== undefined;
  return {
    approve: by(status === "proposed", `the pair is ${status}, not proposed`),
    halt:
      known && governDepth >= haltRank
        ? `the pair is already halted by rank ${haltRank} (only a higher rank takes a halt over)`
        : by(status === "listed" || status === "halted", `the pair is ${status}`),
    resume:
      known && governDepth > haltRank
        ? `the pair was halted by rank ${haltRank}, above yours (${governDepth})`
        : by(status === "halted", `the pair is ${status}, not halted`),
    delist: by(status === "listed" || status === "halted", `the pair is ${status}`),
  };
}

/**
 * A lease end from a date picked in the user's calendar ("2027-11-30", the value of an <input type="date">): the end
 * of that day in the user's time zone, in seconds, never past `cap` (the parent's lease: the tree refuses a longer one
 * with ExpiryBeyondParent). `capped` says the cap applied.
 */
export function leaseEndOf(date: string, cap?: number): { expiry: number; capped: boolean } {
  const [y, m, d] = date.split("-").map(Number);
  const end = Math.floor(new Date(y, m - 1, d, 23, 59, 59).getTime() / 1000);
  return cap !== undefined && end > cap ? { expiry: cap, capped: true } : { expiry: end, capped: false };
}

/** A time in seconds as the value of an <input type="date"> in the user's time zone. */
export function dateInputValue(seconds: number): string {
  const t = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** The sanctions list of a root from its SanctionAdded / SanctionLifted logs, in chain order: who is listed now. */
export type SanctionLog = {
  name: "SanctionAdded" | "SanctionLifted";
  wallet: string;
  identityId: bigint;
  reason?: string;
  node: bigint;
  rank: number;
  block: number;
};
export type SanctionRow = {
  wallet: string;
  identityId: bigint;
  listed: boolean;
  reason?: string;
  node: bigint;
  rank: number;
  block: number;
};

export function sanctionsFromLogs(logs: readonly SanctionLog[]): SanctionRow[] {
  const rows = new Map<string, SanctionRow>();
  for (const l of logs) {
    const key = `${l.wallet.toLowerCase()}/${l.identityId}`;
    const before = rows.get(key);
    rows.set(key, {
      wallet: l.wallet,
      identityId: l.identityId,
      listed: l.name === "SanctionAdded",
      reason: l.name === "SanctionAdded" ? l.reason : before?.reason,
      node: l.node,
      rank: l.rank,
      block: l.block,
    });
  }
  return [...rows.values()];
}
