import type { Interface } from "ethers";

/**
 * Rebuilds the client registry from its events alone: identities with the ranks of the decisions on them, wallets in
 * list order, policies, and nonces used by attestations and wallet consents, or cancelled. The audit replayer and the
 * tests use it; nothing here reads contract state.
 */
export interface IdentityFromLogs {
  attester: bigint;
  root: bigint;
  expiry: bigint;
  jurisdiction: bigint;
  classes: bigint;
  status: bigint; // 1 Active, 2 Revoked
  frozen: boolean;
  frozenByDepth: bigint; // while frozen: the freezer's depth, else 0
  profileDepth: bigint; // the smallest depth that set the profile or the expiry
  revokedByDepth: bigint; // once revoked: the revoker's depth, else 0
  evidenceHash: string;
  wallets: string[];
}

export interface RegistryFromLogs {
  identities: Map<bigint, IdentityFromLogs>;
  walletsSeen: Set<string>;
  policies: Map<bigint, { trustedRoots: bigint[]; allowedClasses: bigint; barred: bigint[] }>;
  nonces: Map<string, { signer: string; nonce: bigint; state: bigint }>; // state 1 Used, 2 Cancelled
  /** Cleared-by marks: identity -> the depth its last freeze was lifted at, while no freeze followed. */
  cleared: Map<bigint, bigint>;
  /** The registry's identityCount: the highest id registered or reserved for imports (ImporterSet). */
  identityCount: bigint;
  /** Replaced (lost) wallets -> their direct successor (WalletReplaced, dropped by ReplacementContested). */
  successors: Map<string, string>;
  /** Replaced wallets -> when venues may act on the replacement, in seconds (WalletReplaced's claimableAt). */
  claimableAt: Map<string, bigint>;
  /** The importer the tree's governor named (ImporterSet), if any. */
  importer?: string;
}

/** How many replacements the registry's successorOf follows in one call (MAX_SUCCESSION). */
export const MAX_SUCCESSION = 16;

/**
 * successorOf(lost) of the rebuilt registry at time `now` (seconds; the registry's currentTime()): the end of its chain
 * of replacements once every step has passed its notice, else zero; zero too past MAX_SUCCESSION steps. Without
 * `now`, every notice counts as passed.
 */
export function successorOf(state: RegistryFromLogs, lost: string, now?: bigint): string {
  const zero = "0x0000000000000000000000000000000000000000";
  let successor = zero;
  for (let i = 0; i < MAX_SUCCESSION; i++) {
    const next = state.successors.get(lost);
    if (!next) return successor;
    if (now !== undefined && now < (state.claimableAt.get(lost) ?? 0n)) return zero;
    successor = lost = next;
  }
  return state.successors.has(lost) ? zero : successor;
}

/**
 * An identity's slot as IdentityImported carries it (IdentityRegistryBase.IdentityState, first field in the lowest
 * bits; contracts/registry/IdentityRecords.sol packs it): must stay in step with both.
 */
export function unpackIdentityState(word: bigint) {
  const bits = (from: number, width: number) => (word >> BigInt(from)) & ((1n << BigInt(width)) - 1n);
  return {
    attester: bits(0, 64),
    root: bits(64, 64),
    expiry: bits(128, 40),
    jurisdiction: bits(168, 16),
    classes: bits(184, 8),
    status: bits(192, 8),
    frozen: bits(200, 8) !== 0n,
    walletCount: bits(208, 8),
    frozenByDepth: bits(216, 8),
    profileDepth: bits(224, 8),
    revokedByDepth: bits(232, 8),
    freezeCleared: bits(240, 8) !== 0n,
    clearedByDepth: bits(248, 8),
  };
}

/** The identity `wallet` is bound to in the rebuilt registry, 0 if none (the registry's identityOf). */
export function identityOfWallet(state: RegistryFromLogs, wallet: string): bigint {
  for (const [id, identity] of state.identities) if (identity.wallets.includes(wallet)) return id;
  return 0n;
}

/** `logs` are the registry's own logs, in chain order. An event the replayer does not know is an error. */
export function rebuildRegistry(
  iface: Interface,
  logs: readonly { topics: readonly string[]; data: string }[],
): RegistryFromLogs {
  const state: RegistryFromLogs = {
    identities: new Map(),
    walletsSeen: new Set(),
    policies: new Map(),
    nonces: new Map(),
    cleared: new Map(),
    identityCount: 0n,
    successors: new Map(),
    claimableAt: new Map(),
  };
  const identity = (id: bigint) => {
    const found = state.identities.get(id);
    if (!found) throw new Error(`event for identity ${id} before its IdentityRegistered`);
    return found;
  };
  for (const log of logs) {
    const parsed = iface.parseLog(log);
    if (!parsed) continue;
    const a = parsed.args;
    switch (parsed.name) {
      case "IdentityRegistered":
        if (a.identityId > state.identityCount) state.identityCount = a.identityId;
        state.identities.set(a.identityId, {
          attester: a.attester,
          root: a.root,
          expiry: a.expiry,
          jurisdiction: a.jurisdiction,
          classes: a.classes,
          status: 1n,
          frozen: false,
          frozenByDepth: 0n,
          profileDepth: a.attesterDepth,
          revokedByDepth: 0n,
          evidenceHash: a.evidenceHash,
          wallets: [],
        });
        break;
      case "WalletAdded":
        identity(a.identityId).wallets.push(a.wallet);
        state.walletsSeen.add(a.wallet);
        break;
      case "WalletRemoved": {
        // The registry keeps the list by swap-and-pop: the last wallet moves into the freed place.
        const list = identity(a.identityId).wallets;
        const index = list.indexOf(a.wallet);
        if (index < 0) throw new Error(`WalletRemoved of a wallet not in identity ${a.identityId}`);
        const last = list.pop()!;
        if (index < list.length) list[index] = last;
        break;
      }
      case "IdentityUpdated":
        Object.assign(identity(a.identityId), {
          profileDepth: a.byDepth,
          classes: a.classes,
          jurisdiction: a.jurisdiction,
          evidenceHash: a.evidenceHash,
        });
        break;
      case "IdentityRenewed": {
        const i = identity(a.identityId);
        i.expiry = a.expiry;
        if (a.byDepth < i.profileDepth) i.profileDepth = a.byDepth;
        break;
      }
      case "IdentityFrozen":
        Object.assign(identity(a.identityId), { frozen: true, frozenByDepth: a.byDepth });
        state.cleared.delete(a.identityId);
        break;
      case "IdentityUnfrozen":
        Object.assign(identity(a.identityId), { frozen: false, frozenByDepth: 0n });
        state.cleared.set(a.identityId, a.byDepth);
        break;
      case "IdentityRevoked":
        Object.assign(identity(a.identityId), { status: 2n, revokedByDepth: a.byDepth });
        break;
      case "IdentityMigrated":
        Object.assign(identity(a.identityId), { attester: a.toAttester, profileDepth: a.byDepth });
        break;
      case "AttestationUsed":
        state.nonces.set(`${a.signer}:${a.nonce}`, { signer: a.signer, nonce: a.nonce, state: 1n });
        break;
      case "WalletConsentUsed":
        state.nonces.set(`${a.wallet}:${a.nonce}`, { signer: a.wallet, nonce: a.nonce, state: 1n });
        break;
      case "NonceCancelled":
        state.nonces.set(`${a.signer}:${a.nonce}`, { signer: a.signer, nonce: a.nonce, state: 2n });
        break;
      case "PolicyCreated":
        state.policies.set(BigInt(a.policyId), {
          trustedRoots: [...a.trustedRoots],
          allowedClasses: a.allowedClasses,
          barred: [...a.barredJurisdictions].sort((x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0)),
        });
        break;
      case "WalletReplaced":
        // The lost wallet's WalletRemoved and the successor's WalletAdded (unless it was in the identity) came first.
        state.successors.set(a.lost, a.successor);
        state.claimableAt.set(a.lost, a.claimableAt);
        break;
      case "ReplacementContested":
        // Void: the lost wallet's WalletAdded (back in its identity) follows.
        state.successors.delete(a.lost);
        state.claimableAt.delete(a.lost);
        break;
      case "ImportEnded":
        state.importer = undefined;
        break;
      case "ImporterSet":
        state.importer = a.importer;
        state.identityCount = a.reservedIds;
        break;
      case "IdentityImported": {
        // Every field and rank as the predecessor held them; the wallets follow in WalletAdded.
        const { walletCount: _count, freezeCleared, clearedByDepth, ...fields } = unpackIdentityState(a.state);
        void _count;
        state.identities.set(a.identityId, { ...fields, evidenceHash: a.evidenceHash, wallets: [] });
        if (freezeCleared) state.cleared.set(a.identityId, clearedByDepth);
        break;
      }
      case "ClockConfigured":
        break; // the registry stores no time of its own derivation: expiries and deadlines are given in seconds
      default:
        throw new Error(`replayer does not know event ${parsed.name}`);
    }
  }
  return state;
}
