import type { Interface } from "ethers";
import { parsedEvents } from "./events";
import type { LogLike } from "./authority";

/**
 * Rebuilds one native compliant token (contracts/assets/CompliantToken.sol) from its own events alone: how it was
 * issued, every balance and the supply (ERC-20 Transfer), every allowance (Approval: the token logs transferFrom's
 * spending too), wallet and identity freezes with their ranks (and the identity freeze, by serial, a wallet's record
 * points to), the cleared-by marks their lifts leave, the pause with its rank and mark, the policy and its rank,
 * redemptions, mints and forced transfers. Nothing here reads
 * contract state; the one fact not in the token's logs, the rank of the initial policy (the issuer node's depth), is
 * given by the caller from the rebuilt authority tree.
 */
export type TokenIssuance = {
  root: bigint;
  issuerNode: bigint;
  issuer: string;
  decimals: bigint;
  tree: string;
  eligibility: string;
  venues: string;
  assets: string;
};
/** As ICompliantToken.WalletFreezeRecord. */
export type WalletFreezeRow = {
  frozen: boolean;
  rank: bigint;
  frozenIdentity: bigint;
  identitySerial: bigint;
  cleared: boolean;
  clearedRank: bigint;
};
/** As ICompliantToken.IdentityFreezeRecord. */
export type IdentityFreezeRow = {
  frozen: boolean;
  rank: bigint;
  serial: bigint;
  cleared: boolean;
  clearedRank: bigint;
};

export type RebuiltToken = {
  timeUnit: bigint;
  issuance?: TokenIssuance;
  balances: Map<string, bigint>; // holder (checksummed, as logged) -> balance
  totalSupply: bigint;
  allowances: Map<string, bigint>; // `${owner}/${spender}`
  walletFreezes: Map<string, WalletFreezeRow>;
  identityFreezes: Map<bigint, IdentityFreezeRow>;
  paused: boolean;
  pauseRank: bigint;
  pauseCleared: boolean; // the cleared-by mark of the last unpause
  pauseClearedRank: bigint;
  policyId: bigint;
  policyRank: bigint;
  totalRedeemed: bigint;
  lastRedeemedAt: bigint; // seconds
  minted: bigint; // everything ever minted
  forcedTransfers: number;
};

const ZERO = "0x0000000000000000000000000000000000000000";

/** Whether `id` is a frozen identity in `t`. */
const identityFrozen = (t: RebuiltToken, id: bigint) => t.identityFreezes.get(id)?.frozen === true;

/** Whether a wallet's record of identity `id`'s freeze number `serial` holds: that very freeze still stands. */
const recordHolds = (t: RebuiltToken, id: bigint, serial: bigint) => {
  const f = t.identityFreezes.get(id);
  return id !== 0n && !!f?.frozen && f.serial === serial;
};

/**
 * Whether `wallet` is frozen on the token, as CompliantToken.isFrozen decides it: by wallet, through its identity now
 * (`identityOf`, from the rebuilt client registry), or through the identity freeze its record points to, while that
 * very freeze stands.
 */
export function isFrozen(t: RebuiltToken, wallet: string, identityOf: (wallet: string) => bigint): boolean {
  const w = t.walletFreezes.get(wallet);
  return (
    !!w?.frozen ||
    identityFrozen(t, identityOf(wallet)) ||
    (w ? recordHolds(t, w.frozenIdentity, w.identitySerial) : false)
  );
}

/**
 * Folds the token's logs (in chain order) into its state. `issuerDepth(node)` is the depth of an authority node (the
 * rank of the policy set at issuance); `blockTime(log)` the chain timestamp (chain units) of a log's block. An event
 * the replayer does not know is an error.
 */
export function rebuildToken<L extends LogLike>(
  iface: Interface,
  logs: readonly L[],
  issuerDepth: (node: bigint) => bigint,
  blockTime: (log: L) => bigint,
): RebuiltToken {
  const t: RebuiltToken = {
    timeUnit: 0n,
    balances: new Map(),
    totalSupply: 0n,
    allowances: new Map(),
    walletFreezes: new Map(),
    identityFreezes: new Map(),
    paused: false,
    pauseRank: 0n,
    pauseCleared: false,
    pauseClearedRank: 0n,
    policyId: 0n,
    policyRank: 0n,
    totalRedeemed: 0n,
    lastRedeemedAt: 0n,
    minted: 0n,
    forcedTransfers: 0,
  };
  const walletFreeze = (wallet: string) => {
    let w = t.walletFreezes.get(wallet);
    if (!w) {
      w = { frozen: false, rank: 0n, frozenIdentity: 0n, identitySerial: 0n, cleared: false, clearedRank: 0n };
      t.walletFreezes.set(wallet, w);
    }
    return w;
  };
  const identityFreeze = (id: bigint) => {
    let f = t.identityFreezes.get(id);
    if (!f) t.identityFreezes.set(id, (f = { frozen: false, rank: 0n, serial: 0n, cleared: false, clearedRank: 0n }));
    return f;
  };
  const add = (holder: string, amount: bigint) => t.balances.set(holder, (t.balances.get(holder) ?? 0n) + amount);
  for (const { name, args: a, log } of parsedEvents(iface, logs)) {
    switch (name) {
      case "ClockConfigured":
        t.timeUnit = a.timeUnit;
        break;
      case "TokenIssued":
        t.issuance = {
          root: a.root,
          issuerNode: a.issuerNode,
          issuer: a.issuer,
          decimals: a.decimals,
          tree: a.tree,
          eligibility: a.eligibility,
          venues: a.venues,
          assets: a.assets,
        };
        t.policyId = a.policyId;
        t.policyRank = issuerDepth(a.issuerNode);
        break;
      case "Transfer":
        if (a.from === ZERO) {
          t.totalSupply += a.value;
          t.minted += a.value;
        } else add(a.from, 0n - a.value);
        if (a.to === ZERO) t.totalSupply -= a.value;
        else add(a.to, a.value);
        break;
      case "Approval":
        t.allowances.set(`${a.owner}/${a.spender}`, a.value);
        break;
      case "WalletFrozen":
        // A fresh freeze replaces the cleared-by mark; a takeover finds none (the wallet is frozen).
        Object.assign(walletFreeze(a.wallet), { frozen: true, rank: a.rank, cleared: false, clearedRank: 0n });
        break;
      case "WalletUnfrozen":
        Object.assign(walletFreeze(a.wallet), { frozen: false, rank: 0n, cleared: true, clearedRank: a.rank });
        break;
      case "IdentityFrozen": {
        const f = identityFreeze(a.identityId);
        if (!f.frozen) Object.assign(f, { frozen: true, serial: f.serial + 1n, cleared: false, clearedRank: 0n });
        f.rank = a.rank;
        // The token records this freeze (identity and serial) on each of the identity's wallets, unless a wallet's
        // record still holds under another identity (see CompliantToken.freezeIdentity).
        for (const wallet of a.wallets as string[]) {
          const w = walletFreeze(wallet);
          const recorded = w.frozenIdentity;
          if (recorded === 0n || recorded === a.identityId || !recordHolds(t, recorded, w.identitySerial)) {
            Object.assign(w, { frozenIdentity: a.identityId, identitySerial: f.serial });
          }
        }
        break;
      }
      case "IdentityUnfrozen":
        Object.assign(identityFreeze(a.identityId), { frozen: false, rank: 0n, cleared: true, clearedRank: a.rank });
        break;
      case "Paused":
        t.paused = true;
        t.pauseCleared = false; // a pause (never a takeover) replaces the cleared-by mark
        t.pauseClearedRank = 0n;
        break;
      case "PauseCleared":
        t.pauseCleared = true;
        t.pauseClearedRank = a.rank;
        break;
      case "PauseRankSet":
        t.pauseRank = a.rank;
        break;
      case "Unpaused":
        t.paused = false;
        t.pauseRank = 0n;
        break;
      case "PolicyChanged":
        t.policyId = a.policyId;
        t.policyRank = a.rank;
        break;
      case "Redeemed":
        t.totalRedeemed += a.amount;
        t.lastRedeemedAt = blockTime(log) / (t.timeUnit || 1n);
        break;
      case "ForcedTransfer":
        t.forcedTransfers += 1; // the balances move by its Transfer
        break;
      case "LimitsAttached":
        break; // AML limits (issue 16): rebuilt and reconciled by lib/replay/limits.ts
      default:
        throw new Error(`replayer does not know the token event ${name}`);
    }
  }
  return t;
}
