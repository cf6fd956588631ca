// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRestrictionEpoch} from "./IRestrictionEpoch.sol";
import {ISanctionsList} from "./ISanctionsList.sol";

/**
 * @title IAuthorityTree
 * @notice Seed-authority trees: a governor creates roots (for example a regulator's agent); each root grants scoped,
 * time-leased authority to institutions, who may pass a subset on. Validity is checked when authority is used, so
 * suspending or revoking a node cuts off its whole subtree in one constant-cost transaction.
 * @dev Node ids start at 1; 0 means "none". Every time is in seconds, whatever the chain's timestamp unit. A node is
 * valid while it and every ancestor are Active and `now < expiry` for each of them. Its effective scopes are the
 * intersection of its own scopes and those of every ancestor.
 *
 * Rank: authority flows downwards, and a lower authority never undoes what a higher one decided. A suspension, a
 * revocation bar and a lease set by an authority at depth d can be lifted, worked around or extended only by an
 * authority at depth d or above (smaller depth). The governor acts on roots only, at rank 0.
 * - The restrictions on a node bind its ACCOUNT under the root, not just the node: once the node is dead (revoked,
 *   renounced, its lease or an ancestor's ended), a new grant to that account must come from a depth at or above the
 *   highest of: the rank that set its lease, its suspender's while suspended, its revoker's once revoked, and the
 *   suspender's of any ancestor still suspended. So a lower authority cannot kill a restricted node (or its parent),
 *   nor a node beneath a suspended branch, and grant the account afresh, through any parent.
 * - Cleared-by rank: a resume at depth d marks the node; until an authority at depth d or above suspends it again,
 *   no lower one may. A lower authority that disagrees escalates; it cannot silently re-impose what was lifted.
 *
 * Consent: a node is granted without its account's consent (authority is offered, not imposed: holding a node
 * obliges its account to nothing, and every use of it is a transaction the account sends itself). The account may
 * renounce a node it holds, for good; a root is retired by the governor only.
 *
 * The tree also keeps the stack's restriction epoch (IRestrictionEpoch): it advances it itself when a node is
 * suspended, revoked or its lease shortened, and the services the governor names report their own restrictions.
 * It keeps the roots' sanctions lists too (ISanctionsList), and advances the epochs when a party is listed.
 */
interface IAuthorityTree is IRestrictionEpoch, ISanctionsList {
    /// @notice Lifecycle of a node. Expiry is not a status: a lease ends by itself when its time comes.
    enum NodeStatus {
        None,
        Active,
        Suspended,
        Revoked
    }

    /// @notice A node as returned by the views.
    struct Node {
        address account; // who holds this authority
        uint64 parent; // 0 for a root
        uint64 root; // the root of the tree this node belongs to (its own id for a root)
        uint32 scopes; // the scopes granted (see Scopes)
        uint40 expiry; // end of the lease, seconds; valid while now < expiry
        uint40 grantedAt; // seconds
        NodeStatus status;
        uint8 depth; // 0 for a root
        uint8 suspenderDepth; // depth of the authority that suspended it (only one at or above may lift it)
        uint8 leaseDepth; // depth of the highest authority that set its lease (only one at or above may extend it)
    }

    /// @notice The governor `governor` renounced the role for good (renounceGovernor): no root can be created, and
    /// none suspended, renewed or retired, from now on (OwnershipTransferred to zero follows).
    event GovernorRenounced(address indexed governor);

    /// @notice The governor created seed root `rootId` for `account`, holding every scope until `expiry`.
    event RootCreated(uint64 indexed rootId, address indexed account, uint40 expiry, string label);

    /// @notice Node `nodeId` was granted to `account` under `parentId` in tree `rootId`.
    event NodeGranted(
        uint64 indexed nodeId,
        uint64 indexed parentId,
        uint64 indexed rootId,
        address account,
        uint32 scopes,
        uint40 expiry,
        uint8 depth
    );

    /// @notice Node `nodeId` was suspended by `by`, acting at depth `byDepth` (0 and the governor for a root).
    event NodeSuspended(uint64 indexed nodeId, address indexed by, uint8 byDepth, bytes32 reason);

    /**
     * @notice Node `nodeId` was resumed by `by`, acting at depth `byDepth`: until an authority at that depth or above
     * suspends it again, no lower one may (cleared-by rank).
     */
    event NodeResumed(uint64 indexed nodeId, address indexed by, uint8 byDepth);

    /**
     * @notice The holder `account` of node `nodeId` renounced it, for good. Its account may be authorised again under
     * the same root only by a node at depth `barDepth` or above (its granter's, or higher if a higher authority had
     * set its lease or suspended it).
     */
    event NodeRenounced(uint64 indexed nodeId, address indexed account, uint8 barDepth);

    /**
     * @notice Node `nodeId` was revoked for good by `by`, acting at depth `byDepth`. Its account may be authorised
     * again under the same root only by a node at depth `byDepth` or above.
     */
    event NodeRevoked(uint64 indexed nodeId, address indexed by, uint8 byDepth, bytes32 reason);

    /// @notice The lease of node `nodeId` was set from `previousExpiry` to `expiry` by `by`, acting at `byDepth`.
    event LeaseRenewed(uint64 indexed nodeId, address indexed by, uint8 byDepth, uint40 previousExpiry, uint40 expiry);

    /**
     * @notice The holder `account` of node `nodeId` proposed `proposed` as the node's next account (zero: the proposal
     * was cancelled). Nothing moves until `proposed` accepts (acceptRotation).
     */
    event NodeRotationProposed(uint64 indexed nodeId, address indexed account, address indexed proposed);

    /**
     * @notice A suspension or revocation of node `nodeId` cancelled its holder's pending proposal of `proposed` as the
     * node's next account: a proposal made by a key about to be found compromised must not survive a later resume.
     */
    event PendingRotationCleared(uint64 indexed nodeId, address indexed proposed);

    /**
     * @notice Node `nodeId` is held by `account` from now on instead of `previous` (same id, subtree, lease, clients).
     * `by` acted at depth `byDepth`: the new account accepting its holder's proposal (the node's own depth, reason
     * zero), or an ancestor (the governor for a root, at 0) replacing a lost or compromised key for `reason`.
     * `previous` holds no node under the root any more; it may be granted one again only from depth `barDepth` or
     * above.
     */
    event NodeAccountRotated(
        uint64 indexed nodeId,
        address indexed previous,
        address indexed account,
        address by,
        uint8 byDepth,
        uint8 barDepth,
        bytes32 reason
    );

    /// @notice No node has id `nodeId`.
    error UnknownNode(uint64 nodeId);
    /// @notice The zero address cannot hold authority.
    error ZeroAccount();
    /// @notice `scopes` is empty or names a reserved bit.
    error InvalidScopes(uint32 scopes);
    /// @notice `expiry` is not in the future (`now` is the chain time in seconds).
    error ExpiryNotInFuture(uint40 expiry, uint40 now);
    /// @notice A child's lease may not outlast its parent's (`limit`: the parent's lease, bounded by its ancestors').
    error ExpiryBeyondParent(uint40 expiry, uint40 limit);
    /// @notice A child may only receive scopes its parent effectively holds.
    error ScopeEscalation(uint32 requested, uint32 parentScopes);
    /// @notice Node `nodeId` does not hold DELEGATE and so cannot grant.
    error NotDelegator(uint64 nodeId);
    /// @notice `caller` is not the account of node `nodeId`.
    error NotNodeAccount(uint64 nodeId, address caller);
    /// @notice Node `nodeId` (or one of its ancestors) is suspended, revoked or expired, so it cannot act.
    error NodeNotValid(uint64 nodeId);
    /// @notice A grant would create a node at `depth`, beyond the bound `maxDepth`.
    error DepthExceeded(uint8 depth, uint8 maxDepth);
    /// @notice `account` already holds live node `nodeId` under root `rootId`; revoke it (or let it lapse) first.
    error AccountAlreadyAuthorized(address account, uint64 rootId, uint64 nodeId);
    /// @notice `caller` holds no valid ancestor of node `nodeId` (and, for a root, is not the governor).
    error NotAncestor(address caller, uint64 nodeId);
    /// @notice Node `nodeId` is `status`, which this operation does not accept.
    error InvalidNodeStatus(uint64 nodeId, NodeStatus status);
    /// @notice Node `nodeId` was suspended at depth `suspenderDepth`; a caller at depth `callerDepth` ranks below that.
    error SuspendedByHigherAuthority(uint64 nodeId, uint8 suspenderDepth, uint8 callerDepth);
    /// @notice The lease of `nodeId` was last set at depth `leaseDepth`; `callerDepth` may shorten it, not extend it.
    error LeaseSetByHigherAuthority(uint64 nodeId, uint8 leaseDepth, uint8 callerDepth);
    /// @notice `account`'s current node under `rootId` is bound at depth `barDepth` (where its lease, suspension or
    /// revocation was set); a grant from depth `granterDepth` is below it.
    error BarredByHigherAuthority(address account, uint64 rootId, uint8 barDepth, uint8 granterDepth);
    /// @notice The lease of node `nodeId` ended at `expiry`; an ended lease is final.
    error LeaseEnded(uint64 nodeId, uint40 expiry);
    /// @notice `subject`'s restriction was lifted at rank (depth) `clearedRank`; a caller at rank `callerRank` ranks
    /// below that and may not re-impose it (cleared-by rank: escalate to that rank instead).
    error ClearedByHigherAuthority(uint64 subject, uint8 clearedRank, uint8 callerRank);
    /// @notice Root `rootId` cannot be renounced by its account; the governor retires roots (revoke).
    error RootNotRenounceable(uint64 rootId);
    /// @notice The governor cannot be renounced by renounceOwnership: only renounceGovernor, naming this tree, does it.
    error GovernorCannotRenounce();
    /// @notice renounceGovernor was called naming `named`, not this tree `tree`: nothing was renounced.
    error GovernorRenounceUnconfirmed(address tree, address named);

    /// @notice `caller` is not the account proposed as node `nodeId`'s next account (`proposed`; zero: none pending).
    error NotProposedAccount(uint64 nodeId, address caller, address proposed);
    /// @notice `account` holds node `nodeId` under root `rootId`, or once held one (`nodeId` 0: it was rotated out of
    /// one): a node's key rotates only to an account new to that root.
    error AccountNotFresh(address account, uint64 rootId, uint64 nodeId);

    /// @notice Create a seed root for `account` holding every scope until `expiry`. Governor only.
    /// @param account The root authority's account (for example a regulator's agent).
    /// @param expiry End of the root's lease, seconds.
    /// @param label A human-readable name, recorded in the event only.
    /// @return rootId The new root's node id.
    function createRoot(address account, uint40 expiry, string calldata label) external returns (uint64 rootId);

    /// @notice Grant `account` a node under `parentId` with `scopes` until `expiry`. Caller: the parent's account.
    /// @dev The parent must be valid and hold DELEGATE; `scopes` must be a subset of the parent's effective scopes and
    /// `expiry` no later than the parent's (and its ancestors') lease; the new depth must not exceed MAX_DEPTH. An
    /// account with a current node under the root needs that node dead, and the parent at or above the node's bar
    /// (see the rank rules above; BarredByHigherAuthority).
    /// @return nodeId The new node's id.
    function grant(uint64 parentId, address account, uint32 scopes, uint40 expiry) external returns (uint64 nodeId);

    /// @notice Suspend an active node, and with it its whole subtree, until resumed.
    /// @dev Caller: the account of any valid ancestor; for a root, the governor. An authority above the one that
    /// suspended a node may suspend it again, taking the suspension over so that only it (or above) can lift it.
    /// After a resume at depth d, only an authority at depth d or above may suspend (ClearedByHigherAuthority).
    function suspend(uint64 nodeId, bytes32 reason) external;

    /// @notice Resume a suspended node.
    /// @dev Caller: the account of a valid ancestor at or above the one that suspended it; for a root, the governor.
    /// Records the caller's depth as the node's cleared-by rank (see clearedBy).
    function resume(uint64 nodeId) external;

    /**
     * @notice Give up node `nodeId` for good, as revoke does; its subtree can never become valid again.
     * @dev Caller: the node's own account; not for a root (the governor retires roots). The account is then barred
     * under the root except from the depth of its bar (NodeRenounced): its granter's rank, or higher when a higher
     * authority set its lease or suspended it, so that renouncing never sheds a restriction.
     */
    function renounce(uint64 nodeId) external;

    /// @notice Revoke a node for good; its subtree can never become valid again. Retiring a root is revoking it.
    /// @dev Caller: the account of any valid ancestor (of a suspended node: at or above its suspender); for a root,
    /// the governor. Cost does not depend on the size of the subtree. The node's account is barred from being
    /// authorised again under the root except by a node at the revoker's depth or above.
    function revoke(uint64 nodeId, bytes32 reason) external;

    /// @notice Set a new end for the lease of a live node (extend or shorten).
    /// @dev Caller: the account of any valid ancestor, within the parent's lease; for a root, the governor. Any such
    /// ancestor may shorten a lease; only one at or above the highest authority that set it may extend it; a
    /// suspended node's lease only at or above its suspender. An ended lease, or a revoked node, is final.
    function renew(uint64 nodeId, uint40 expiry) external;

    /**
     * @notice Propose `account` as the next account of node `nodeId` (zero cancels a pending proposal; a new proposal
     * replaces it). Caller: the node's own account (a root's too), while the node is valid.
     * @dev `account` must be new to the root (AccountNotFresh), checked again at acceptance. A proposal confers
     * nothing: the current account keeps every power until `account` accepts. It lapses with the node's death and
     * with a forced replacement.
     */
    function proposeRotation(uint64 nodeId, address account) external;

    /**
     * @notice Accept node `nodeId` as its proposed account: from this transaction the caller holds the node (same id,
     * subtree, lease, status, clients) and the previous account holds nothing under the root.
     * @dev Caller: the proposed account. The node must be valid. The previous account is barred under the root as
     * after renouncing (its granter's rank, or higher if a higher authority set its lease).
     */
    function acceptRotation(uint64 nodeId) external;

    /**
     * @notice Replace the lost or compromised key of node `nodeId` with `account`, in one transaction, for `reason`.
     * @dev Caller: the account of a valid strict ancestor (of a suspended node: at or above its suspender's rank); for
     * a root, the governor. The node must not be dead; `account` must be new to the root. A pending proposal is
     * cancelled. The replaced account is barred under the root at the caller's rank (as after a revocation).
     */
    function replaceAccount(uint64 nodeId, address account, bytes32 reason) external;

    /// @notice The account proposed as node `nodeId`'s next account (zero: none).
    function pendingRotation(uint64 nodeId) external view returns (address);

    /// @notice The deepest depth a node may have (a root has depth 0).
    function MAX_DEPTH() external view returns (uint8);

    /**
     * @notice Give up the governor role for good, naming this tree as `tree` (the confirmation: a mistaken target or
     * a call replayed to another deployment fails with GovernorRenounceUnconfirmed). Governor only.
     * @dev From then on no root can be created, suspended, resumed, renewed or retired, and no reporter named: roots
     * live to the end of their leases. A pending hand-over is cancelled. The ordinary way to change the governor is
     * the two-step hand-over (transferOwnership, then acceptOwnership by the new governor); renounceOwnership is
     * disabled so that no generic tool renounces by accident. Emits GovernorRenounced and OwnershipTransferred.
     */
    function renounceGovernor(address tree) external;

    /// @notice The governor: creates roots and suspends, resumes, renews and retires them; it acts on nothing else.
    function governor() external view returns (address);

    /// @notice Node `nodeId` as stored. Reverts with UnknownNode for an id never issued.
    function node(uint64 nodeId) external view returns (Node memory);

    /// @notice How many nodes (roots included) have been issued; ids run from 1 to this number.
    function nodeCount() external view returns (uint64);

    /// @notice The current node of `account` under `rootId` (0 if none). It may be invalid: check with isValid.
    function nodeOf(address account, uint64 rootId) external view returns (uint64);

    /// @notice Whether node `nodeId` and every ancestor are active and unexpired now.
    function isValid(uint64 nodeId) external view returns (bool);

    /// @notice The scopes node `nodeId` may use now: the intersection along its ancestry, or 0 when invalid.
    function effectiveScopes(uint64 nodeId) external view returns (uint32);

    /// @notice Whether node `nodeId` is valid now and effectively holds every bit of `scope` (false for scope 0).
    /// @dev It does not check which tree the node is in: a consumer trusting some roots checks `node(id).root`.
    function nodeHasScope(uint64 nodeId, uint32 scope) external view returns (bool);

    /// @notice Until when node `nodeId` stays valid if nothing changes: the earliest lease end on its path to the
    /// root, or 0 if it is not valid now.
    function validUntil(uint64 nodeId) external view returns (uint40);

    /// @notice As validUntil, and 0 unless the node effectively holds every bit of `scope` (0 for scope 0).
    function scopeUntil(uint64 nodeId, uint32 scope) external view returns (uint40);

    /// @notice Whether `account`'s node under `rootId` is valid now and holds every bit of `scope` (false for 0).
    function hasScope(address account, uint64 rootId, uint32 scope) external view returns (bool);

    /**
     * @notice Whether `account` holds node `nodeId` itself or one of its ancestors, and that node is valid now.
     * @dev This is the rule for managing what a node attested (e.g. the clients a KYC node registered: the attesting
     * node's own account or any ancestor's). Acting on the node itself (suspend, revoke, renew) is stricter: strict
     * ancestors only, and the governor for a root.
     */
    function canManage(address account, uint64 nodeId) external view returns (bool);

    /**
     * @notice Like canManage, with the rank: whether `account` holds `nodeId` itself or a valid ancestor, and the
     * depth of the node it holds on that path. Consumers use the rank so that a lower authority never undoes what a
     * higher one decided about something the node attested (a freeze, a revocation, a shortened expiry).
     */
    function managerRank(address account, uint64 nodeId) external view returns (bool manages, uint8 depth);

    /**
     * @notice Whether `nodeId` is valid now and, if not, the rank responsible: the smallest depth among the
     * authorities that suspended, revoked or set the ended lease of a node on its path. Only an authority at that
     * rank or above should be able to work around the invalidity (e.g. move what the node attested elsewhere).
     * Returns (false, 0) for an unknown id.
     */
    function blockingRank(uint64 nodeId) external view returns (bool valid, uint8 rank);

    /// @notice Whether `account`'s current node under `rootId` is revoked (or renounced), and the depth a re-grant must
    /// come from (the highest of its revoker's and the rank that set its lease). A node that is dead for another
    /// reason (a lease or an ancestor) bars its account just as well, and so does a suspension still standing on one
    /// of its ancestors (grant checks that too; this view reports the node's own bar): see grant. An account rotated
    /// out of its node (and holding none since) reports the bar the rotation left (NodeAccountRotated's barDepth).
    function revocationBar(address account, uint64 rootId) external view returns (bool barred, uint8 depth);

    /// @notice Whether node `nodeId`'s last suspension was lifted and not re-imposed since, and at which depth: below
    /// that depth, nobody may suspend it (cleared-by rank). (false, 0) for unknown ids.
    function clearedBy(uint64 nodeId) external view returns (bool cleared, uint8 depth);

    /// @notice The ancestry of `nodeId`: the node itself first, its root last.
    function ancestry(uint64 nodeId) external view returns (uint64[] memory);

    /// @notice How many children node `nodeId` was ever granted.
    function childCount(uint64 nodeId) external view returns (uint256);

    /// @notice Up to `limit` children of `nodeId` from index `offset`, in grant order (empty for unknown ids).
    function children(uint64 nodeId, uint256 offset, uint256 limit) external view returns (uint64[] memory);

    /// @notice How many roots the governor ever created (retired ones included).
    function rootCount() external view returns (uint256);

    /// @notice Up to `limit` root ids from index `offset`, in creation order.
    function roots(uint256 offset, uint256 limit) external view returns (uint64[] memory);
}
