import type { Interface } from "ethers";
import { ALL_SCOPES } from "../scopes";

/**
 * Rebuilds the authority tree from its events alone: every node (with status, suspender and lease ranks), each
 * account's current node per root (following key rotations), child lists, the root list, revocation bars (a rotated-out
 * key's included), pending key rotations and cleared-by marks, and the governor with its pending successor. The audit
 * replayer and the tests use it; nothing here reads contract state.
 */
export type RebuiltNode = {
  account: string;
  parent: bigint;
  root: bigint;
  scopes: bigint;
  expiry: bigint;
  grantedAt: bigint;
  status: bigint; // 1 active, 2 suspended, 3 revoked
  depth: bigint;
  suspenderDepth: bigint;
  leaseDepth: bigint;
};

export type RebuiltTree = {
  timeUnit: bigint;
  nodes: Map<bigint, RebuiltNode>;
  nodeOf: Map<string, bigint>; // `${account lowercase}:${root}`
  children: Map<bigint, bigint[]>;
  roots: bigint[];
  bars: Map<string, bigint>; // `${account lowercase}:${root}` -> depth a re-grant must come from (revocationBar)
  rotatedOut: Map<string, bigint>; // `${account lowercase}:${root}` -> the bar a key rotation left the account (issue 17)
  pendingRotations: Map<bigint, string>; // node -> the account its holder proposed as its next (pendingRotation)
  cleared: Map<bigint, bigint>; // node -> depth its last suspension was lifted at, while no suspension followed
  epochs: Map<bigint, bigint>; // root -> its restriction epoch (IRestrictionEpoch): 1 at the root's creation
  reporters: Map<string, bigint>; // account -> ReporterRole, for every account a ReporterSet named
  governor: string; // Ownable: the governor (zero once renounced)
  pendingGovernor: string; // Ownable2Step: the proposed governor until it accepts (zero: none)
  governorRenounced: boolean; // renounceGovernor was called (GovernorRenounced)
};

const ZERO = "0x0000000000000000000000000000000000000000";
const min = (x: bigint, y: bigint) => (x < y ? x : y);

/** The parts of a log the rebuilders read (an ethers Log has them). */
export type LogLike = { topics: readonly string[]; data: string; blockNumber: number };

/** `blockTime(log)` gives the chain timestamp (in chain units) of the block a log was mined in. */
export function rebuildTree<L extends LogLike>(
  iface: Interface,
  logs: readonly L[],
  blockTime: (log: L) => bigint,
): RebuiltTree {
  const tree: RebuiltTree = {
    timeUnit: 0n,
    nodes: new Map(),
    nodeOf: new Map(),
    children: new Map(),
    roots: [],
    bars: new Map(),
    rotatedOut: new Map(),
    pendingRotations: new Map(),
    cleared: new Map(),
    epochs: new Map(),
    reporters: new Map(),
    governor: ZERO,
    pendingGovernor: ZERO,
    governorRenounced: false,
  };
  const key = (account: string, root: bigint) => `${account.toLowerCase()}:${root}`;
  const node = (id: bigint): RebuiltNode => {
    const n = tree.nodes.get(id);
    if (!n) throw new Error(`event for node ${id} before its creation`);
    return n;
  };

  for (const log of logs) {
    const event = iface.parseLog(log);
    if (!event) continue;
    const a = event.args;
    switch (event.name) {
      case "ClockConfigured":
        tree.timeUnit = a.timeUnit;
        break;
      case "RootCreated": {
        const id: bigint = a.rootId;
        tree.epochs.set(id, 1n);
        tree.nodes.set(id, {
          account: a.account,
          parent: 0n,
          root: id,
          scopes: BigInt(ALL_SCOPES), // a root holds every scope (Scopes.ALL)
          expiry: a.expiry,
          grantedAt: blockTime(log) / tree.timeUnit,
          status: 1n,
          depth: 0n,
          suspenderDepth: 0n,
          leaseDepth: 0n,
        });
        tree.nodeOf.set(key(a.account, id), id);
        tree.roots.push(id);
        break;
      }
      case "NodeGranted": {
        const id: bigint = a.nodeId;
        const parent = node(a.parentId);
        tree.nodes.set(id, {
          account: a.account,
          parent: a.parentId,
          root: a.rootId,
          scopes: a.scopes,
          expiry: a.expiry,
          grantedAt: blockTime(log) / tree.timeUnit,
          status: 1n,
          depth: a.depth,
          suspenderDepth: 0n,
          leaseDepth: parent.depth,
        });
        tree.nodeOf.set(key(a.account, a.rootId), id);
        tree.bars.delete(key(a.account, a.rootId));
        tree.children.set(a.parentId, [...(tree.children.get(a.parentId) ?? []), id]);
        break;
      }
      case "NodeSuspended": {
        const n = node(a.nodeId);
        n.status = 2n;
        n.suspenderDepth = a.byDepth;
        tree.cleared.delete(BigInt(a.nodeId));
        break;
      }
      case "NodeResumed": {
        const n = node(a.nodeId);
        n.status = 1n;
        n.suspenderDepth = 0n;
        tree.cleared.set(BigInt(a.nodeId), a.byDepth);
        break;
      }
      case "NodeRevoked":
      case "NodeRenounced": {
        const n = node(a.nodeId);
        // A revocation bars from the higher of the revoker's rank and the rank that set the lease; a renunciation
        // from the rank its event names (the lease's, or the suspender's if higher).
        const bar: bigint = event.name === "NodeRenounced" ? a.barDepth : min(a.byDepth, n.leaseDepth);
        n.status = 3n;
        if (n.parent !== 0n && tree.nodeOf.get(key(n.account, n.root)) === a.nodeId) {
          tree.bars.set(key(n.account, n.root), bar);
        }
        break;
      }
      // Key rotation (issue 17): a proposal (zero cancels it), then the acceptance or a forced replacement, which
      // moves the node to the new account and leaves the old one no node and a bar (revocationBar reports it while
      // the account holds no node under the root).
      case "NodeRotationProposed":
        if (a.proposed === ZERO) tree.pendingRotations.delete(BigInt(a.nodeId));
        else tree.pendingRotations.set(BigInt(a.nodeId), a.proposed);
        break;
      case "PendingRotationCleared": // a suspension or revocation cancelled it (review L1)
        tree.pendingRotations.delete(BigInt(a.nodeId));
        break;
      case "NodeAccountRotated": {
        const n = node(a.nodeId);
        const previous = key(a.previous, n.root);
        n.account = a.account;
        tree.nodeOf.delete(previous);
        tree.nodeOf.set(key(a.account, n.root), BigInt(a.nodeId));
        tree.rotatedOut.set(previous, a.barDepth);
        tree.bars.set(previous, a.barDepth);
        tree.pendingRotations.delete(BigInt(a.nodeId));
        break;
      }
      case "LeaseRenewed": {
        const n = node(a.nodeId);
        n.expiry = a.expiry;
        if (a.byDepth < n.leaseDepth) n.leaseDepth = a.byDepth;
        break;
      }
      case "RestrictionReported": {
        const previous = tree.epochs.get(a.root) ?? 0n;
        if (a.epoch !== previous + 1n) {
          throw new Error(`restriction epoch ${a.epoch} of root ${a.root} follows ${previous}`);
        }
        tree.epochs.set(a.root, a.epoch);
        break;
      }
      case "ReporterSet":
        tree.reporters.set(a.account, a.role);
        break;
      // The governor role moves in two steps (Ownable2Step): a proposal (zero withdraws it), then the acceptance;
      // an acceptance or a renunciation clears the proposal.
      case "OwnershipTransferStarted":
        tree.pendingGovernor = a.newOwner;
        break;
      case "OwnershipTransferred":
        tree.governor = a.newOwner;
        tree.pendingGovernor = ZERO;
        break;
      case "GovernorRenounced":
        tree.governorRenounced = true;
        break;
      default:
        break;
    }
  }
  return tree;
}
