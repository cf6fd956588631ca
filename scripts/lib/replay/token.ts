import type { Interface } from "ethers";
import { parsedEvents } from "./events";
import type { LogLike } from "./authority";

/**
 * Rebuilds one native compliant token (contracts/assets/CompliantToken.sol) from its own events alone: how it was
 * issued, every balance and the supply (ERC-20 Transfer), every allowance (Approval: the token logs transferFrom's
 * spending too), wallet and identity freezes with their ranks (and the identity a wallet's freeze record points to),
 * the pause and its rank, the policy and its rank, redemptions, mints and forced transfers. Nothing here reads
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
export type WalletFreezeRow = { frozen: boolean; rank: bigint; frozenIdentity: bigint };
export type IdentityFreezeRow = { frozen: boolean; rank: bigint };

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

/**
 * Whether `wallet` is frozen on the token, as CompliantToken.isFrozen decides it: by wallet, through its identity now
 * (`identityOf`, from the rebuilt client registry), or through the identity its freeze record points to.
 */
export function isFrozen(t: RebuiltToken, wallet: string, identityOf: (wallet: string) => bigint): boolean {
  const w = t.walletFreezes.get(wallet);
  return !!w?.frozen || identityFrozen(t, identityOf(wallet)) || (w ? identityFrozen(t, w.frozenIdentity) : false);
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
    policyId: 0n,
    policyRank: 0n,
    totalRedeemed: 0n,
    lastRedeemedAt: 0n,
    minted: 0n,
    forcedTransfers: 0,
  };
  const walletFreeze = (wallet: string) => {
    let w = t.walletFreezes.get(wallet);
    if (!w) t.walletFreezes.set(wallet, (w = { frozen: false, rank: 0n, frozenIdentity: 0n }));
    return w;
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
        Object.assign(walletFreeze(a.wallet), { frozen: true, rank: a.rank });
        break;
      case "WalletUnfrozen":
        Object.assign(walletFreeze(a.wallet), { frozen: false, rank: 0n });
        break;
      case "IdentityFrozen":
        t.identityFreezes.set(a.identityId, { frozen: true, rank: a.rank });
        // The token records the identity on each of its wallets, unless a wallet's record points to another
        // identity whose freeze still stands (see CompliantToken.freezeIdentity).
        for (const wallet of a.wallets as string[]) {
          const w = walletFreeze(wallet);
          if (w.frozenIdentity === 0n || w.frozenIdentity === a.identityId || !identityFrozen(t, w.frozenIdentity)) {
            w.frozenIdentity = a.identityId;
          }
        }
        break;
      case "IdentityUnfrozen":
        t.identityFreezes.set(a.identityId, { frozen: false, rank: 0n });
        break;
      case "Paused":
        t.paused = true;
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
      default:
        throw new Error(`replayer does not know the token event ${name}`);
    }
  }
  return t;
}
