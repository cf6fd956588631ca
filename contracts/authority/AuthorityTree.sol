// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {ISanctionsList} from "../interfaces/ISanctionsList.sol";
import {Scopes} from "../types/Scope.sol";
import {ChainClock} from "../utils/ChainClock.sol";
import {SanctionsList} from "./SanctionsList.sol";

/**
 * @title AuthorityTree
 * @notice Regulator-rooted, scoped, time-leased authorisations. See IAuthorityTree for the rules.
 * @dev The fields the validity walk reads live in one storage slot per node (NodeState), so checking a node at depth d
 * costs d + 1 storage reads and nothing else; suspending or revoking writes that one slot of one node, whatever the
 * size of the subtree beneath it.
 */
contract AuthorityTree is IAuthorityTree, Ownable2Step, ChainClock, SanctionsList {
    using Scopes for uint32;

    /// @inheritdoc IAuthorityTree
    uint8 public constant MAX_DEPTH = 8;

    /// @dev Everything the validity walk needs, and the ranks of the decisions on the node, packed into one slot.
    struct NodeState {
        uint64 parent;
        uint64 root;
        uint40 expiry;
        uint32 scopes;
        NodeStatus status;
        uint8 depth;
        uint8 suspenderDepth;
        uint8 leaseDepth;
        uint8 revokerDepth; // once Revoked: the revoker's rank (for a renounced node, the bar it leaves)
        bool cleared; // a suspension was lifted at `clearedByDepth`; only that rank or above may suspend again
        uint8 clearedByDepth;
    }

    /// @dev Who holds a node; read by views and authority checks, never by the validity walk.
    struct NodeHolder {
        address account;
        uint40 grantedAt;
    }

    uint64 private _nodeCount;
    mapping(uint64 nodeId => NodeState) private _states;
    mapping(uint64 nodeId => NodeHolder) private _holders;
    mapping(uint64 nodeId => uint64[]) private _children;
    mapping(address account => mapping(uint64 rootId => uint64 nodeId)) private _nodeOf;
    uint64[] private _roots;
    /// @dev The account each node's holder proposed as its next (key rotation); zero when none.
    mapping(uint64 nodeId => address) private _pendingRotation;
    /// @dev 1 + the bar an account rotated out of a node under a root keeps there (0: never rotated out). Permanent:
    /// any node it is granted later comes from that rank or above, so a later rotation's bar is never lower.
    mapping(address account => mapping(uint64 rootId => uint8)) private _rotatedOut;

    /// @param governor_ The account (a multisig in production) that creates and retires roots.
    /// @param timeUnit Chain timestamp units per second: 1 on Ethereum/Hardhat, 1000 on PlatON.
    constructor(address governor_, uint256 timeUnit) Ownable(governor_) ChainClock(timeUnit) {}

    // ---------------------------------------------------------------------------------------------------------------
    // Mutations
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAuthorityTree
    function createRoot(
        address account,
        uint40 expiry,
        string calldata label
    ) external onlyOwner returns (uint64 rootId) {
        if (account == address(0)) revert ZeroAccount();
        uint40 t = _now();
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);

        rootId = ++_nodeCount;
        _states[rootId] = NodeState({
            parent: 0,
            root: rootId,
            expiry: expiry,
            scopes: Scopes.ALL,
            status: NodeStatus.Active,
            depth: 0,
            suspenderDepth: 0,
            leaseDepth: 0,
            revokerDepth: 0,
            cleared: false,
            clearedByDepth: 0
        });
        _holders[rootId] = NodeHolder({account: account, grantedAt: t});
        _nodeOf[account][rootId] = rootId;
        _roots.push(rootId);
        _openEpoch(rootId);
        emit RootCreated(rootId, account, expiry, label);
    }

    /// @inheritdoc IAuthorityTree
    function grant(uint64 parentId, address account, uint32 scopes, uint40 expiry) external returns (uint64 nodeId) {
        NodeState memory parent = _stateOf(parentId);
        if (_holders[parentId].account != msg.sender) revert NotNodeAccount(parentId, msg.sender);
        (uint32 parentScopes, uint40 parentLimit) = _resolve(parentId);
        if (parentScopes == 0) revert NodeNotValid(parentId);
        if (!parentScopes.includes(Scopes.DELEGATE)) revert NotDelegator(parentId);
        if (scopes == 0 || !Scopes.ALL.includes(scopes)) revert InvalidScopes(scopes);
        if (!parentScopes.includes(scopes)) revert ScopeEscalation(scopes, parentScopes);
        uint40 t = _now();
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);
        if (expiry > parentLimit) revert ExpiryBeyondParent(expiry, parentLimit);
        uint8 depth = parent.depth + 1;
        if (depth > MAX_DEPTH) revert DepthExceeded(depth, MAX_DEPTH);
        if (account == address(0)) revert ZeroAccount();
        uint64 rootId = parent.root;
        uint64 existing = _nodeOf[account][rootId];
        if (existing != 0) {
            if (!_isDead(existing)) revert AccountAlreadyAuthorized(account, rootId, existing);
            // The restrictions on the account's current node bind the account, whatever killed that node and
            // whichever parent the new grant comes through: only their highest rank (or above) may grant afresh.
            uint8 bar = _grantBar(existing);
            if (parent.depth > bar) revert BarredByHigherAuthority(account, rootId, bar, parent.depth);
        }
        // A key rotated out of a node stays bound by what bound it there (a rotation never sheds a restriction).
        uint8 rotated = _rotatedOut[account][rootId];
        if (rotated != 0 && parent.depth >= rotated) {
            revert BarredByHigherAuthority(account, rootId, rotated - 1, parent.depth);
        }

        nodeId = ++_nodeCount;
        _states[nodeId] = NodeState({
            parent: parentId,
            root: rootId,
            expiry: expiry,
            scopes: scopes,
            status: NodeStatus.Active,
            depth: depth,
            suspenderDepth: 0,
            leaseDepth: parent.depth,
            revokerDepth: 0,
            cleared: false,
            clearedByDepth: 0
        });
        _holders[nodeId] = NodeHolder({account: account, grantedAt: t});
        _nodeOf[account][rootId] = nodeId;
        _children[parentId].push(nodeId);
        emit NodeGranted(nodeId, parentId, rootId, account, scopes, expiry, depth);
    }

    /// @inheritdoc IAuthorityTree
    function suspend(uint64 nodeId, bytes32 reason) external {
        NodeState storage s = _existing(nodeId);
        uint8 actorDepth = _requireAuthorityOver(nodeId, s);
        NodeStatus status = s.status;
        // A higher authority may take over a lower one's suspension, so that the lower one can no longer lift it.
        bool takeover = status == NodeStatus.Suspended && actorDepth < s.suspenderDepth;
        if (status != NodeStatus.Active && !takeover) revert InvalidNodeStatus(nodeId, status);
        // Cleared-by rank: a lower rank may not at once re-impose what a higher one just lifted; it escalates.
        if (s.cleared && actorDepth > s.clearedByDepth) {
            revert ClearedByHigherAuthority(nodeId, s.clearedByDepth, actorDepth);
        }
        s.status = NodeStatus.Suspended;
        s.suspenderDepth = actorDepth;
        s.cleared = false;
        s.clearedByDepth = 0;
        _clearPendingRotation(nodeId);
        emit NodeSuspended(nodeId, msg.sender, actorDepth, reason);
        if (!takeover) _advanceEpoch(s.root, address(this)); // a takeover restricts nothing new
    }

    /// @inheritdoc IAuthorityTree
    function resume(uint64 nodeId) external {
        NodeState storage s = _existing(nodeId);
        uint8 actorDepth = _requireAuthorityOver(nodeId, s);
        if (s.status != NodeStatus.Suspended) revert InvalidNodeStatus(nodeId, s.status);
        _requireRankOverSuspension(nodeId, s, actorDepth);
        s.status = NodeStatus.Active;
        s.suspenderDepth = 0;
        s.cleared = true;
        s.clearedByDepth = actorDepth;
        emit NodeResumed(nodeId, msg.sender, actorDepth);
    }

    /// @inheritdoc IAuthorityTree
    function revoke(uint64 nodeId, bytes32 reason) external {
        NodeState storage s = _existing(nodeId);
        uint8 actorDepth = _requireAuthorityOver(nodeId, s);
        if (s.status == NodeStatus.Revoked) revert InvalidNodeStatus(nodeId, s.status);
        // Revoking (then re-granting) must not be a way around a suspension imposed from above.
        _requireRankOverSuspension(nodeId, s, actorDepth);
        s.status = NodeStatus.Revoked;
        // Same slot: the bar costs nothing extra. It binds while this stays the account's current node under the root.
        s.revokerDepth = actorDepth;
        _clearPendingRotation(nodeId);
        emit NodeRevoked(nodeId, msg.sender, actorDepth, reason);
        _advanceEpoch(s.root, address(this));
    }

    /// @inheritdoc IAuthorityTree
    function renounce(uint64 nodeId) external {
        NodeState storage s = _existing(nodeId);
        if (_holders[nodeId].account != msg.sender) revert NotNodeAccount(nodeId, msg.sender);
        if (s.parent == 0) revert RootNotRenounceable(nodeId);
        if (s.status == NodeStatus.Revoked) revert InvalidNodeStatus(nodeId, s.status);
        // Giving a node up must not shed what binds its holder: the bar keeps the ranks of its lease and suspension.
        uint8 bar = _barOf(s);
        s.status = NodeStatus.Revoked;
        s.revokerDepth = bar;
        emit NodeRenounced(nodeId, msg.sender, bar);
        _advanceEpoch(s.root, address(this));
    }

    /// @inheritdoc IAuthorityTree
    function renew(uint64 nodeId, uint40 expiry) external {
        NodeState storage s = _existing(nodeId);
        uint8 actorDepth = _requireAuthorityOver(nodeId, s);
        if (s.status == NodeStatus.Revoked) revert InvalidNodeStatus(nodeId, s.status);
        // Letting a suspended lease lapse (then re-granting) must not be a way around a suspension from above.
        _requireRankOverSuspension(nodeId, s, actorDepth);
        uint40 t = _now();
        uint40 previous = s.expiry;
        if (t >= previous) revert LeaseEnded(nodeId, previous);
        if (expiry <= t) revert ExpiryNotInFuture(expiry, t);
        if (s.parent != 0) {
            uint40 limit = _leaseLimit(s.parent);
            if (expiry > limit) revert ExpiryBeyondParent(expiry, limit);
        }
        // Anyone with authority may shorten a lease; only the rank that set it (or above) may extend it.
        if (expiry > previous && actorDepth > s.leaseDepth) {
            revert LeaseSetByHigherAuthority(nodeId, s.leaseDepth, actorDepth);
        }
        s.expiry = expiry;
        if (actorDepth < s.leaseDepth) s.leaseDepth = actorDepth;
        emit LeaseRenewed(nodeId, msg.sender, actorDepth, previous, expiry);
        if (expiry < previous) _advanceEpoch(s.root, address(this));
    }

    /// @inheritdoc IAuthorityTree
    function proposeRotation(uint64 nodeId, address account) external {
        NodeState storage s = _existing(nodeId);
        if (_holders[nodeId].account != msg.sender) revert NotNodeAccount(nodeId, msg.sender);
        // A suspended or dead node's holder has no power, this one included; its ancestors can still replace the key.
        (uint32 scopes, ) = _resolve(nodeId);
        if (scopes == 0) revert NodeNotValid(nodeId);
        if (account != address(0)) _requireFresh(account, s.root);
        _pendingRotation[nodeId] = account;
        emit NodeRotationProposed(nodeId, msg.sender, account);
    }

    /// @inheritdoc IAuthorityTree
    function acceptRotation(uint64 nodeId) external {
        NodeState storage s = _existing(nodeId);
        address proposed = _pendingRotation[nodeId];
        if (proposed != msg.sender || proposed == address(0)) revert NotProposedAccount(nodeId, msg.sender, proposed);
        (uint32 scopes, ) = _resolve(nodeId);
        if (scopes == 0) revert NodeNotValid(nodeId);
        // The holder's own choice sheds nothing: the old key keeps the bar it would keep on renouncing.
        _rotate(nodeId, s, s.depth, _grantBar(nodeId), bytes32(0));
    }

    /// @inheritdoc IAuthorityTree
    function replaceAccount(uint64 nodeId, address account, bytes32 reason) external {
        NodeState storage s = _existing(nodeId);
        uint8 actorDepth = _requireAuthorityOver(nodeId, s);
        if (_isDead(nodeId)) revert NodeNotValid(nodeId);
        // Whoever may not lift a suspension may not change who holds the suspended node either.
        _requireRankOverSuspension(nodeId, s, actorDepth);
        if (account == address(0)) revert ZeroAccount();
        // The replaced key is barred as if the caller had revoked it (and never below its own bar).
        uint8 bar = _grantBar(nodeId);
        if (actorDepth < bar) bar = actorDepth;
        _pendingRotation[nodeId] = account;
        _rotate(nodeId, s, actorDepth, bar, reason);
    }

    /// @notice Disabled: a generic renounce would leave every root impossible to retire by accident; renounceGovernor
    /// does it on purpose.
    function renounceOwnership() public view override onlyOwner {
        revert GovernorCannotRenounce();
    }

    /// @inheritdoc IAuthorityTree
    function renounceGovernor(address tree) external onlyOwner {
        if (tree != address(this)) revert GovernorRenounceUnconfirmed(address(this), tree);
        emit GovernorRenounced(msg.sender);
        // Ownable2Step's override also deletes a pending hand-over.
        _transferOwnership(address(0));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAuthorityTree
    function governor() external view returns (address) {
        return owner();
    }

    /// @inheritdoc IAuthorityTree
    function node(uint64 nodeId) external view returns (Node memory) {
        NodeState memory s = _stateOf(nodeId);
        NodeHolder memory h = _holders[nodeId];
        return
            Node({
                account: h.account,
                parent: s.parent,
                root: s.root,
                scopes: s.scopes,
                expiry: s.expiry,
                grantedAt: h.grantedAt,
                status: s.status,
                depth: s.depth,
                suspenderDepth: s.suspenderDepth,
                leaseDepth: s.leaseDepth
            });
    }

    /// @inheritdoc IAuthorityTree
    function nodeCount() external view returns (uint64) {
        return _nodeCount;
    }

    /// @inheritdoc IAuthorityTree
    function nodeOf(address account, uint64 rootId) external view returns (uint64) {
        return _nodeOf[account][rootId];
    }

    /// @inheritdoc IAuthorityTree
    function pendingRotation(uint64 nodeId) external view returns (address) {
        return _pendingRotation[nodeId];
    }

    /// @inheritdoc IAuthorityTree
    function isValid(uint64 nodeId) external view returns (bool) {
        (uint32 scopes, ) = _resolve(nodeId);
        return scopes != 0;
    }

    /// @inheritdoc IAuthorityTree
    function effectiveScopes(uint64 nodeId) external view returns (uint32 scopes) {
        (scopes, ) = _resolve(nodeId);
    }

    /// @inheritdoc IAuthorityTree
    function nodeHasScope(uint64 nodeId, uint32 scope) external view returns (bool) {
        return _hasScope(nodeId, scope);
    }

    /// @inheritdoc IAuthorityTree
    function validUntil(uint64 nodeId) external view returns (uint40) {
        (uint32 scopes, uint40 limit) = _resolve(nodeId);
        return scopes == 0 ? 0 : limit;
    }

    /// @inheritdoc IAuthorityTree
    function scopeUntil(uint64 nodeId, uint32 scope) external view returns (uint40) {
        if (scope == 0) return 0; // fail closed on a consumer's unset scope
        (uint32 scopes, uint40 limit) = _resolve(nodeId);
        return scopes != 0 && scopes.includes(scope) ? limit : 0;
    }

    /// @inheritdoc ISanctionsList
    function screenedScopeUntil(
        uint64 nodeId,
        uint32 scope,
        address wallet,
        uint64 identityId
    ) external view returns (uint40 until, uint64[] memory listers) {
        if (scope != 0) {
            (uint32 scopes, uint40 limit) = _resolve(nodeId);
            if (scopes != 0 && scopes.includes(scope)) until = limit;
        }
        listers = _sanctionRoots(wallet, identityId);
    }

    /// @inheritdoc IAuthorityTree
    function hasScope(address account, uint64 rootId, uint32 scope) external view returns (bool) {
        return _hasScope(_nodeOf[account][rootId], scope);
    }

    /// @inheritdoc IAuthorityTree
    function canManage(address account, uint64 nodeId) external view returns (bool) {
        uint64 cursor = nodeId;
        while (cursor != 0) {
            if (_holders[cursor].account == account) {
                (uint32 scopes, ) = _resolve(cursor);
                return scopes != 0;
            }
            cursor = _states[cursor].parent;
        }
        return false;
    }

    /// @inheritdoc IAuthorityTree
    function managerRank(address account, uint64 nodeId) external view returns (bool manages, uint8 depth) {
        uint64 cursor = nodeId;
        while (cursor != 0) {
            if (_holders[cursor].account == account) {
                (uint32 scopes, ) = _resolve(cursor);
                return scopes != 0 ? (true, _states[cursor].depth) : (false, 0);
            }
            cursor = _states[cursor].parent;
        }
        return (false, 0);
    }

    /// @inheritdoc IAuthorityTree
    function blockingRank(uint64 nodeId) external view returns (bool valid, uint8 rank) {
        if (_states[nodeId].status == NodeStatus.None) return (false, 0);
        uint40 t = _now();
        valid = true;
        rank = type(uint8).max;
        uint64 cursor = nodeId;
        while (cursor != 0) {
            NodeState storage s = _states[cursor];
            uint8 responsible = type(uint8).max;
            if (s.status == NodeStatus.Suspended) responsible = s.suspenderDepth;
            else if (s.status == NodeStatus.Revoked) responsible = s.revokerDepth;
            else if (t >= s.expiry) responsible = s.leaseDepth;
            if (responsible != type(uint8).max) {
                valid = false;
                if (responsible < rank) rank = responsible;
            }
            cursor = s.parent;
        }
        if (valid) rank = 0;
    }

    /// @inheritdoc IAuthorityTree
    function revocationBar(address account, uint64 rootId) external view returns (bool barred, uint8 depth) {
        NodeState storage current = _states[_nodeOf[account][rootId]];
        if (current.status == NodeStatus.Revoked && current.parent != 0) return (true, _barOf(current));
        uint8 rotated = _rotatedOut[account][rootId];
        if (_nodeOf[account][rootId] == 0 && rotated != 0) return (true, rotated - 1);
        return (false, 0);
    }

    /// @inheritdoc IAuthorityTree
    function clearedBy(uint64 nodeId) external view returns (bool cleared, uint8 depth) {
        NodeState storage s = _states[nodeId];
        return (s.cleared, s.clearedByDepth);
    }

    /// @inheritdoc IAuthorityTree
    function ancestry(uint64 nodeId) external view returns (uint64[] memory path) {
        NodeState memory s = _stateOf(nodeId);
        path = new uint64[](uint256(s.depth) + 1);
        uint64 cursor = nodeId;
        for (uint256 i = 0; i < path.length; ++i) {
            path[i] = cursor;
            cursor = _states[cursor].parent;
        }
    }

    /// @inheritdoc IAuthorityTree
    function childCount(uint64 nodeId) external view returns (uint256) {
        return _children[nodeId].length;
    }

    /// @inheritdoc IAuthorityTree
    function children(uint64 nodeId, uint256 offset, uint256 limit) external view returns (uint64[] memory) {
        return _page(_children[nodeId], offset, limit);
    }

    /// @inheritdoc IAuthorityTree
    function rootCount() external view returns (uint256) {
        return _roots.length;
    }

    /// @inheritdoc IAuthorityTree
    function roots(uint256 offset, uint256 limit) external view returns (uint64[] memory) {
        return _page(_roots, offset, limit);
    }

    /// @dev A root's sanctions list is kept by its account (rank 0) and the accounts of valid nodes under it holding
    /// SANCTIONS, at their depth. A retired root (revoked, or past its lease) has nobody left to lift its entries:
    /// the governor may then lift them (`lift`), as node 0 at rank 0 (issue 16 review L1), never add any.
    function _sanctionsAuthority(
        address account,
        uint64 rootId,
        bool lift
    ) internal view override returns (uint64 id, uint8) {
        NodeState storage r = _states[rootId];
        if (r.status == NodeStatus.None || r.parent != 0) revert NotSanctionsRoot(rootId);
        if (lift && account == owner() && (r.status == NodeStatus.Revoked || _now() >= r.expiry)) return (0, 0);
        id = _nodeOf[account][rootId];
        if (!_hasScope(id, Scopes.SANCTIONS)) revert NotSanctionsAuthority(account, rootId);
        return (id, _states[id].depth);
    }

    /// @dev The restriction epoch's governor is the tree's.
    function _requireGovernor() internal view override {
        _checkOwner();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @dev Walks from `nodeId` to its root. Returns the scopes the node may use now (the intersection along the path)
     * and the earliest lease end on the path, or (0, 0) if any node on the path is not Active or its lease has ended.
     * The walk is bounded: each step decreases depth, which starts at most MAX_DEPTH.
     */
    function _resolve(uint64 nodeId) internal view returns (uint32 scopes, uint40 limit) {
        if (nodeId == 0) return (0, 0);
        uint40 t = _now();
        scopes = type(uint32).max;
        limit = type(uint40).max;
        uint64 cursor = nodeId;
        do {
            // Read the four fields the walk needs through a storage pointer: copying the whole struct to memory
            // re-reads the slot once per member (measured: ~2.4k gas more per compliant-token transfer).
            NodeState storage s = _states[cursor];
            (NodeStatus status, uint40 expiry, uint32 nodeScopes, uint64 parent) = (
                s.status,
                s.expiry,
                s.scopes,
                s.parent
            );
            if (status != NodeStatus.Active || t >= expiry) return (0, 0);
            scopes &= nodeScopes;
            if (expiry < limit) limit = expiry;
            cursor = parent;
        } while (cursor != 0);
    }

    function _hasScope(uint64 nodeId, uint32 scope) internal view returns (bool) {
        if (scope == 0) return false; // fail closed on a consumer's unset scope
        (uint32 scopes, ) = _resolve(nodeId);
        return scopes != 0 && scopes.includes(scope);
    }

    /// @dev A suspended node may be acted on only by its suspender's rank or above.
    function _requireRankOverSuspension(uint64 nodeId, NodeState storage s, uint8 actorDepth) internal view {
        if (s.status == NodeStatus.Suspended && actorDepth > s.suspenderDepth) {
            revert SuspendedByHigherAuthority(nodeId, s.suspenderDepth, actorDepth);
        }
    }

    /**
     * @dev The rank a new grant to the holder of dead node `s` must come from: the highest (smallest depth) of the
     * rank that set its lease (a lease set from above must not be replaced from below by revoking and re-granting),
     * of its suspender while it is suspended, and of its revoker once it is revoked. Its granter's rank at most.
     */
    function _barOf(NodeState storage s) internal view returns (uint8 bar) {
        bar = s.leaseDepth;
        NodeStatus status = s.status;
        if (status == NodeStatus.Suspended && s.suspenderDepth < bar) bar = s.suspenderDepth;
        if (status == NodeStatus.Revoked && s.revokerDepth < bar) bar = s.revokerDepth;
    }

    /**
     * @dev The bar a grant to the account of dead node `nodeId` must clear: the node's own (_barOf), and the rank of
     * every suspension still standing on its ancestors, which restricts the account too until lifted: otherwise a lower
     * rank could revoke the node beneath a suspended branch and re-grant its account elsewhere (bounded: MAX_DEPTH).
     */
    function _grantBar(uint64 nodeId) internal view returns (uint8 bar) {
        NodeState storage s = _states[nodeId];
        bar = _barOf(s);
        uint64 cursor = s.parent;
        while (cursor != 0) {
            NodeState storage a = _states[cursor];
            if (a.status == NodeStatus.Suspended && a.suspenderDepth < bar) bar = a.suspenderDepth;
            cursor = a.parent;
        }
    }

    /// @dev The earliest lease end from `nodeId` up to its root, ignoring status (bounded by MAX_DEPTH steps).
    function _leaseLimit(uint64 nodeId) internal view returns (uint40 limit) {
        limit = type(uint40).max;
        uint64 cursor = nodeId;
        while (cursor != 0) {
            NodeState storage s = _states[cursor];
            if (s.expiry < limit) limit = s.expiry;
            cursor = s.parent;
        }
    }

    /// @dev Whether `nodeId` can never become valid again: it or an ancestor is revoked or its lease has ended.
    function _isDead(uint64 nodeId) internal view returns (bool) {
        uint40 t = _now();
        uint64 cursor = nodeId;
        while (cursor != 0) {
            NodeState memory s = _states[cursor];
            if (s.status == NodeStatus.Revoked || t >= s.expiry) return true;
            cursor = s.parent;
        }
        return false;
    }

    /**
     * @dev Requires the caller to have authority over `nodeId`: the governor for a root, otherwise the account of a
     * valid strict ancestor. Returns the depth at which the caller acts (0 for the governor).
     */
    function _requireAuthorityOver(uint64 nodeId, NodeState storage s) internal view returns (uint8) {
        if (s.parent == 0) {
            if (msg.sender != owner()) revert NotAncestor(msg.sender, nodeId);
            return 0;
        }
        uint64 cursor = s.parent;
        while (cursor != 0) {
            if (_holders[cursor].account == msg.sender) {
                (uint32 scopes, ) = _resolve(cursor);
                if (scopes == 0) revert NodeNotValid(cursor);
                return _states[cursor].depth;
            }
            cursor = _states[cursor].parent;
        }
        revert NotAncestor(msg.sender, nodeId);
    }

    /**
     * @dev Hands node `nodeId` to its pending account (set by the caller): the previous account loses the node in this
     * transaction and keeps `bar` under the root. Validity, scopes and lease are the node's, so nothing anyone cached
     * about what the node may do changes: the restriction epoch does not move.
     */
    function _rotate(uint64 nodeId, NodeState storage s, uint8 byDepth, uint8 bar, bytes32 reason) private {
        uint64 rootId = s.root;
        address account = _pendingRotation[nodeId];
        _requireFresh(account, rootId);
        address previous = _holders[nodeId].account;
        delete _pendingRotation[nodeId];
        _holders[nodeId].account = account;
        delete _nodeOf[previous][rootId];
        _nodeOf[account][rootId] = nodeId;
        _rotatedOut[previous][rootId] = bar + 1;
        emit NodeAccountRotated(nodeId, previous, account, msg.sender, byDepth, bar, reason);
    }

    /// @dev A suspended or revoked node's proposal dies with the power of the key that made it (review L1).
    function _clearPendingRotation(uint64 nodeId) private {
        address proposed = _pendingRotation[nodeId];
        if (proposed == address(0)) return;
        delete _pendingRotation[nodeId];
        emit PendingRotationCleared(nodeId, proposed);
    }

    /// @dev A node's key rotates only to an account that never held a node under the root: it has no bar to shed.
    function _requireFresh(address account, uint64 rootId) private view {
        uint64 held = _nodeOf[account][rootId];
        if (held != 0 || _rotatedOut[account][rootId] != 0) revert AccountNotFresh(account, rootId, held);
    }

    function _existing(uint64 nodeId) internal view returns (NodeState storage s) {
        s = _states[nodeId];
        if (s.status == NodeStatus.None) revert UnknownNode(nodeId);
    }

    function _stateOf(uint64 nodeId) internal view returns (NodeState memory s) {
        s = _states[nodeId];
        if (s.status == NodeStatus.None) revert UnknownNode(nodeId);
    }

    function _page(uint64[] storage list, uint256 offset, uint256 limit) private view returns (uint64[] memory out) {
        uint256 length = list.length;
        if (offset >= length) return out;
        uint256 end = length - offset < limit ? length : offset + limit;
        out = new uint64[](end - offset);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = list[offset + i];
        }
    }
}
