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
      case "ClockConfigured":
        break; // the registry stores no time of its own derivation: expiries and deadlines are given in seconds
      default:
        throw new Error(`replayer does not know event ${parsed.name}`);
    }
  }
  return state;
}
