// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AuthorityTree} from "../../contracts/authority/AuthorityTree.sol";
import {IAuthorityTree} from "../../contracts/interfaces/IAuthorityTree.sol";
import {Scopes} from "../../contracts/types/Scope.sol";
import {vm} from "./Vm.sol";

/**
 * @notice Acts as the governor and as six institutions, calling the real tree with bounded random inputs. Most calls
 * come from the account entitled to make them (so the trees grow deep); the rest from whoever was drawn.
 */
contract AuthorityHandler {
    AuthorityTree public immutable tree;
    address[6] public actors;
    uint64 public constant MAX_NODES = 64;

    /// @dev Every node ever revoked: none may ever be valid again.
    uint64[] public revokedEver;
    mapping(uint64 => bool) public wasRevoked;
    uint256 public calls;
    /// @dev Successful grants, suspensions and resumptions: evidence that the runs reach deep, living trees.
    uint256 public grants;
    uint256 public suspensions;
    uint256 public resumptions;

    /// @dev Ghost ranks of the decisions on each node, kept from the ranks the handler's own successful calls acted at
    /// (issue 15.1): the rank that set its lease, the standing suspension's (NONE once resumed), the revocation's.
    uint8 internal constant NONE = type(uint8).max;
    mapping(uint64 => uint8) internal _leaseRank;
    mapping(uint64 => uint8) internal _suspensionRank;
    mapping(uint64 => uint8) internal _revocationRank;
    /// @dev The rank of the last resume plus one (0: no standing cleared-by mark).
    mapping(uint64 => uint8) internal _clearedMark;
    /// @dev Grants that replaced an account's dead node, and those among them from below a standing restriction.
    uint256 public regrants;
    uint256 public lowerRankRegrants;
    /// @dev Suspensions from below a standing cleared-by mark.
    uint256 public suspensionsBelowClearedMark;
    /// @dev Key rotation (issue 17), in one record: successful rotations; those that left the old key its node or
    /// handed a node to an account that had held one under the root; the fresh keys drawn; and per account and root,
    /// whether it ever held a node there and the bar (plus one) a rotation left it (the ghost: the rotation's rank
    /// and the node's standing decisions).
    struct RotationGhost {
        uint256 rotations;
        uint256 staleKeys;
        uint256 unfreshRotations;
        uint256 keys;
        mapping(address => mapping(uint64 => uint8)) rotatedBar;
        mapping(address => mapping(uint64 => bool)) everHeld;
    }
    RotationGhost internal _rot;

    constructor() {
        tree = new AuthorityTree(address(this), 1);
        for (uint256 i = 0; i < 6; i++) actors[i] = address(uint160(0xA000 + i));
    }

    function createRoot(uint256 actorSeed, uint256 leaseSeed) external {
        calls++;
        if (tree.nodeCount() >= MAX_NODES || tree.rootCount() >= 3) return;
        uint64 id = tree.createRoot(actors[actorSeed % 6], _future(leaseSeed, 3650 days), "root");
        _onGranted(id, 0);
        _rot.everHeld[actors[actorSeed % 6]][id] = true;
    }

    function grant(uint256 parentSeed, uint256 granteeSeed, uint32 scopes, uint256 leaseSeed, bool honest) external {
        calls++;
        uint64 count = tree.nodeCount();
        if (count == 0 || count >= MAX_NODES) return;
        uint64 parent = uint64(parentSeed % count) + 1;
        IAuthorityTree.Node memory p = tree.node(parent);
        address caller = honest ? p.account : actors[parentSeed % 6];
        uint40 expiry = _future(leaseSeed, 400 days);
        if (honest) {
            scopes = (scopes & p.scopes) | (p.scopes & Scopes.DELEGATE);
            // Within the parent's lease, so that honest grants succeed and the trees grow deep.
            uint40 limit = tree.validUntil(parent);
            if (limit != 0 && expiry > limit) expiry = limit;
        }
        _grant(caller, parent, p, actors[granteeSeed % 6], scopes, expiry);
    }

    /**
     * @notice Issue 15.1's attack, aimed: an intermediate node (preferably one with children) is restricted by its
     * root's account (suspended, or its lease cut); then a lower authority kills it from below as far as it may (its
     * grandparent's account revokes its parent), time may pass (its lease may end), and its account (or its child's)
     * is offered a fresh node by a random delegating node of the same root.
     */
    function suspendIntermediateAndRegrant(uint256 nodeSeed, uint256 parentSeed, uint256 leaseSeed) external {
        calls++;
        uint64 id = _intermediate(nodeSeed, 1);
        if (id == 0) return;
        _restrictFromTop(id, leaseSeed);
        _killParentFromBelow(id);
        if (leaseSeed % 3 != 0) vm.warp(block.timestamp + 1 + ((leaseSeed >> 8) % 60 days));
        // Offer the account (or a child's) a fresh node from a random delegator of the same root.
        uint64[] memory kids = tree.children(id, 0, 1);
        IAuthorityTree.Node memory n = tree.node(leaseSeed % 4 == 0 && kids.length != 0 ? kids[0] : id);
        uint64 parent = _delegator(parentSeed, n.root);
        if (parent == 0) return;
        IAuthorityTree.Node memory p = tree.node(parent);
        uint40 expiry = _future(leaseSeed, 400 days);
        uint40 limit = tree.validUntil(parent);
        if (expiry > limit) expiry = limit;
        _grant(p.account, parent, p, n.account, p.scopes & (Scopes.DELEGATE | Scopes.KYC), expiry);
    }

    /// @dev A valid node of root `root` holding DELEGATE, from a random start (0 if none).
    function _delegator(uint256 seed, uint64 root) private view returns (uint64) {
        uint64 count = tree.nodeCount();
        for (uint64 i = 0; i < count; i++) {
            uint64 id = uint64(((seed % count) + i) % count) + 1;
            if (tree.node(id).root == root && tree.nodeHasScope(id, Scopes.DELEGATE)) return id;
        }
        return 0;
    }

    /// @dev The root's account suspends `id`, or (one call in two) cuts its lease to end within 30 days.
    function _restrictFromTop(uint64 id, uint256 seed) private {
        uint64[] memory path = tree.ancestry(id);
        address top = tree.node(path[path.length - 1]).account;
        vm.prank(top);
        if (seed % 2 == 0) {
            try tree.suspend(id, "fuzz") {
                _onSuspended(id, 0);
                suspensions++;
            } catch {}
        } else {
            try tree.renew(id, _future(seed >> 16, 30 days)) {
                _leaseRank[id] = 0;
            } catch {}
        }
    }

    /// @dev The account of `id`'s grandparent (when it is not the root) revokes `id`'s parent.
    function _killParentFromBelow(uint64 id) private {
        uint64[] memory path = tree.ancestry(id);
        if (path.length < 4) return; // the grandparent is the root: no lower authority can kill the parent
        address low = tree.node(path[2]).account;
        vm.prank(low);
        try tree.revoke(path[1], "around") {
            _onRevoked(path[1], _actingDepth(path[1], low));
        } catch {}
    }

    /**
     * @notice Issue 15.8's ping-pong, aimed: the root's account lifts a suspension of a non-root node (suspending it
     * first if it is active), then the node's parent's account tries to suspend it again at once.
     */
    function resumeFromTopThenResuspendFromBelow(uint256 nodeSeed) external {
        calls++;
        uint64 id = _intermediate(nodeSeed, 2); // its parent's account then ranks below the root's
        if (id == 0) return;
        uint64[] memory path = tree.ancestry(id);
        address top = tree.node(path[path.length - 1]).account;
        if (tree.node(id).status == IAuthorityTree.NodeStatus.Active) {
            vm.prank(top);
            try tree.suspend(id, "fuzz") {
                _onSuspended(id, 0);
                suspensions++;
            } catch {}
        }
        vm.prank(top);
        try tree.resume(id) {
            _suspensionRank[id] = NONE;
            _clearedMark[id] = 1;
            resumptions++;
        } catch {}
        address low = tree.node(path[1]).account;
        vm.prank(low);
        try tree.suspend(id, "again") {
            _onSuspended(id, _actingDepth(id, low));
            suspensions++;
        } catch {}
    }

    /// @notice The holder of a node gives it up.
    function renounce(uint256 nodeSeed) external {
        calls++;
        uint64 count = tree.nodeCount();
        if (count == 0) return;
        uint64 id = uint64(nodeSeed % count) + 1;
        vm.prank(tree.node(id).account);
        try tree.renounce(id) {
            _onRevoked(id, NONE);
        } catch {}
    }

    function suspend(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.suspend(id, "fuzz") {
            _onSuspended(id, _actingDepth(id, caller));
            suspensions++;
        } catch {}
    }

    function resume(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.resume(id) {
            _suspensionRank[id] = NONE;
            _clearedMark[id] = _actingDepth(id, caller) + 1;
            resumptions++;
        } catch {}
    }

    function revoke(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.revoke(id, "fuzz") {
            _onRevoked(id, _actingDepth(id, caller));
        } catch {}
    }

    function renew(uint256 nodeSeed, uint256 callerSeed, bool honest, uint256 leaseSeed) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.renew(id, _future(leaseSeed, 400 days)) {
            uint8 depth = _actingDepth(id, caller);
            if (depth < _leaseRank[id]) _leaseRank[id] = depth;
        } catch {}
    }

    /**
     * @notice A node's key rotates: its holder proposes and the new key accepts, or (one call in two) an ancestor's
     * account (the governor for a root) replaces it. The new key is fresh, or (one call in four) an actor, which may
     * have held a node under the root and must then be refused; and the node may be handed back at once.
     */
    function rotate(uint256 nodeSeed, uint256 callerSeed, uint256 mode) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, true);
        if (id == 0) return;
        IAuthorityTree.Node memory n = tree.node(id);
        address next = mode % 4 == 0 ? actors[(mode >> 2) % 6] : address(uint160(0xB000 + ++_rot.keys));
        bool wasHeld = _rot.everHeld[next][n.root];
        uint8 bar;
        bool done;
        if (mode % 2 == 0) {
            vm.prank(n.account);
            try tree.proposeRotation(id, next) {
                vm.prank(next);
                try tree.acceptRotation(id) {
                    (done, bar) = (true, _leaseRank[id]);
                } catch {}
            } catch {}
        } else {
            vm.prank(caller);
            try tree.replaceAccount(id, next, "lost") {
                uint8 acting = _actingDepth(id, caller);
                (done, bar) = (true, acting < _bar(id) ? acting : _bar(id));
            } catch {}
        }
        if (!done) return;
        _rot.rotations++;
        if (wasHeld) _rot.unfreshRotations++;
        if (tree.nodeOf(n.account, n.root) != 0 || tree.nodeOf(next, n.root) != id) _rot.staleKeys++;
        _rot.everHeld[next][n.root] = true;
        _rot.rotatedBar[n.account][n.root] = bar + 1;
        // Aimed (one call in two): the new key hands the node straight back to the old one, which must be refused.
        if ((mode >> 8) % 2 == 0) return;
        vm.prank(next);
        try tree.proposeRotation(id, n.account) {
            vm.prank(n.account);
            try tree.acceptRotation(id) {
                _rot.unfreshRotations++;
            } catch {}
        } catch {}
    }

    function advance(uint256 secondsSeed) external {
        calls++;
        vm.warp(block.timestamp + 1 + (secondsSeed % 30 days));
    }

    function rotationFaults() external view returns (uint256 staleKeys, uint256 unfreshRotations) {
        return (_rot.staleKeys, _rot.unfreshRotations);
    }

    function revokedCount() external view returns (uint256) {
        return revokedEver.length;
    }

    /// @dev Grant, and check the re-grant rule against the ghost ranks of the account's previous node.
    function _grant(
        address caller,
        uint64 parent,
        IAuthorityTree.Node memory p,
        address grantee,
        uint32 scopes,
        uint40 expiry
    ) private {
        uint64 previous = tree.nodeOf(grantee, p.root);
        uint8 rotated = _rot.rotatedBar[grantee][p.root];
        vm.prank(caller);
        try tree.grant(parent, grantee, scopes, expiry) returns (uint64 id) {
            grants++;
            _onGranted(id, p.depth);
            _rot.everHeld[grantee][p.root] = true;
            if (previous != 0 || rotated != 0) {
                regrants++;
                // A key rotated out of a node keeps that node's bar as well (issue 17).
                if ((previous != 0 && p.depth > _bar(previous)) || (rotated != 0 && p.depth >= rotated)) {
                    lowerRankRegrants++;
                }
            }
        } catch {}
    }

    function _onGranted(uint64 id, uint8 granterDepth) private {
        _leaseRank[id] = granterDepth;
        _suspensionRank[id] = NONE;
        _revocationRank[id] = NONE;
    }

    function _onSuspended(uint64 id, uint8 depth) private {
        uint8 mark = _clearedMark[id];
        if (mark != 0 && depth > mark - 1) suspensionsBelowClearedMark++;
        _clearedMark[id] = 0;
        if (depth < _suspensionRank[id]) _suspensionRank[id] = depth;
    }

    /// @dev `depth` NONE: a renunciation, which adds no rank of its own (the bar is what already stood).
    function _onRevoked(uint64 id, uint8 depth) private {
        if (depth < _revocationRank[id]) _revocationRank[id] = depth;
        if (!wasRevoked[id]) {
            wasRevoked[id] = true;
            revokedEver.push(id);
        }
    }

    /// @dev The highest rank among the standing decisions on `id`, from the ghost records.
    function _bar(uint64 id) private view returns (uint8 bar) {
        bar = _leaseRank[id];
        if (_suspensionRank[id] < bar) bar = _suspensionRank[id];
        if (_revocationRank[id] < bar) bar = _revocationRank[id];
    }

    /// @dev The depth `caller` acts at on `id`: the governor's 0 for a root, else its nearest strict ancestor's.
    function _actingDepth(uint64 id, address caller) private view returns (uint8) {
        uint64[] memory path = tree.ancestry(id);
        if (path.length == 1) return 0;
        for (uint256 i = 1; i < path.length; i++) {
            if (tree.node(path[i]).account == caller) return tree.node(path[i]).depth;
        }
        return NONE;
    }

    /// @dev A node at `minDepth` or deeper with at least one child from a random start, else any such node (0 if
    /// none).
    function _intermediate(uint256 seed, uint8 minDepth) private view returns (uint64 found) {
        uint64 count = tree.nodeCount();
        for (uint64 i = 0; i < count; i++) {
            uint64 id = uint64(((seed % count) + i) % count) + 1;
            if (tree.node(id).depth < minDepth) continue;
            if (tree.childCount(id) != 0) return id;
            if (found == 0) found = id;
        }
    }

    /// @dev A node and, when honest, the account of one of its ancestors (the governor for a root).
    function _target(uint256 nodeSeed, uint256 callerSeed, bool honest) private view returns (uint64, address) {
        uint64 count = tree.nodeCount();
        if (count == 0) return (0, address(0));
        uint64 id = uint64(nodeSeed % count) + 1;
        if (!honest) return (id, callerSeed % 7 == 6 ? address(this) : actors[callerSeed % 6]);
        uint64[] memory path = tree.ancestry(id);
        if (path.length == 1) return (id, address(this));
        // path[0] is the node itself; pick a strict ancestor.
        uint64 ancestor = path[1 + (callerSeed % (path.length - 1))];
        return (id, tree.node(ancestor).account);
    }

    function _future(uint256 seed, uint256 span) private view returns (uint40) {
        return uint40(block.timestamp / tree.TIME_UNIT() + 1 + (seed % span));
    }
}

/**
 * @notice Whole-tree invariants, checked by forge after every handler call.
 */
contract AuthorityTreeInvariants {
    AuthorityHandler internal handler;
    AuthorityTree internal tree;

    function setUp() public {
        handler = new AuthorityHandler();
        tree = handler.tree();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// A revoked node never becomes valid again, and stays revoked.
    /// forge-config: default.invariant.runs = 32
    /// forge-config: default.invariant.depth = 200
    function invariant_revokedNeverRevives() public view {
        uint256 n = handler.revokedCount();
        for (uint256 i = 0; i < n; i++) {
            uint64 id = handler.revokedEver(i);
            require(!tree.isValid(id), "revoked node valid");
            require(tree.node(id).status == IAuthorityTree.NodeStatus.Revoked, "revoked node changed status");
        }
    }

    /// A valid node has a valid parent, and its usable scopes are within its own and its parent's.
    /// forge-config: default.invariant.runs = 32
    /// forge-config: default.invariant.depth = 200
    function invariant_validityFlowsDown() public view {
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; id++) {
            if (!tree.isValid(id)) continue;
            IAuthorityTree.Node memory n = tree.node(id);
            uint32 eff = tree.effectiveScopes(id);
            require(eff != 0 && Scopes.includes(n.scopes, eff), "effective scopes beyond own");
            if (n.parent != 0) {
                require(tree.isValid(n.parent), "valid child of an invalid parent");
                require(Scopes.includes(tree.effectiveScopes(n.parent), eff), "child scopes beyond parent's");
            }
        }
    }

    /// Attenuation and bounds hold for every node ever granted, whatever happened since.
    /// forge-config: default.invariant.runs = 32
    /// forge-config: default.invariant.depth = 200
    function invariant_attenuation() public view {
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; id++) {
            IAuthorityTree.Node memory n = tree.node(id);
            require(n.depth <= tree.MAX_DEPTH(), "too deep");
            if (n.parent == 0) {
                require(n.depth == 0 && n.root == id, "root shape");
                continue;
            }
            IAuthorityTree.Node memory p = tree.node(n.parent);
            require(n.depth == p.depth + 1 && n.root == p.root, "parent link");
            require(Scopes.includes(p.scopes, n.scopes), "scope escalation");
            require(Scopes.includes(p.scopes, Scopes.DELEGATE), "granted by a non-delegator");
            // Ranks name strict ancestors: a lower authority never acts on itself.
            require(n.leaseDepth < n.depth, "lease rank not above");
            if (n.status == IAuthorityTree.NodeStatus.Suspended) require(n.suspenderDepth < n.depth, "suspender");
        }
    }

    /// No account is granted afresh from below a restriction that stands on its previous node (a suspension, a lease
    /// or a revocation set at a higher rank: issue 15.1), and no node is suspended from below the rank that last
    /// lifted its suspension (cleared-by rank, issue 15.8).
    /// forge-config: default.invariant.runs = 32
    /// forge-config: default.invariant.depth = 200
    function invariant_noLowerRankRegrant() public view {
        require(handler.lowerRankRegrants() == 0, "re-granted from below a standing restriction");
        require(handler.suspensionsBelowClearedMark() == 0, "suspended from below a cleared-by mark");
    }

    /// An account holds at most one live node per root, and nodeOf points at its latest one (none once a rotation took
    /// it away).
    /// forge-config: default.invariant.runs = 32
    /// forge-config: default.invariant.depth = 200
    function invariant_oneLiveNodePerAccountAndRoot() public view {
        // Key rotation (issue 17): the old key holds nothing under the root at once, and no rotation hands a node to
        // an account that held one under that root (it would merge two nodes, or shed that account's bar).
        (uint256 staleKeys, uint256 unfreshRotations) = handler.rotationFaults();
        require(staleKeys == 0, "a rotated-away key kept its node");
        require(unfreshRotations == 0, "a node rotated to an account that had held one under its root");
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; id++) {
            IAuthorityTree.Node memory n = tree.node(id);
            uint64 current = tree.nodeOf(n.account, n.root);
            // An account rotated out of its latest node holds none: its older nodes are dead (issue 17).
            if (current == 0) require(!tree.isValid(id), "a valid node its account does not hold");
            else require(current >= id, "nodeOf points at an older node");
            if (current != id) require(!tree.isValid(id), "a superseded node is still valid");
        }
    }
}
