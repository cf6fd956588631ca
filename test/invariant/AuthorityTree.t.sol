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

    constructor() {
        tree = new AuthorityTree(address(this), 1);
        for (uint256 i = 0; i < 6; i++) actors[i] = address(uint160(0xA000 + i));
    }

    function createRoot(uint256 actorSeed, uint256 leaseSeed) external {
        calls++;
        if (tree.nodeCount() >= MAX_NODES || tree.rootCount() >= 3) return;
        tree.createRoot(actors[actorSeed % 6], _future(leaseSeed, 3650 days), "root");
    }

    function grant(uint256 parentSeed, uint256 granteeSeed, uint32 scopes, uint256 leaseSeed, bool honest) external {
        calls++;
        uint64 count = tree.nodeCount();
        if (count == 0 || count >= MAX_NODES) return;
        uint64 parent = uint64(parentSeed % count) + 1;
        IAuthorityTree.Node memory p = tree.node(parent);
        address caller = honest ? p.account : actors[parentSeed % 6];
        if (honest) scopes = (scopes & p.scopes) | (p.scopes & Scopes.DELEGATE);
        vm.prank(caller);
        try tree.grant(parent, actors[granteeSeed % 6], scopes, _future(leaseSeed, 400 days)) {
            grants++;
        } catch {}
    }

    function suspend(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.suspend(id, "fuzz") {
            suspensions++;
        } catch {}
    }

    function resume(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.resume(id) {
            resumptions++;
        } catch {}
    }

    function revoke(uint256 nodeSeed, uint256 callerSeed, bool honest) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.revoke(id, "fuzz") {
            if (!wasRevoked[id]) {
                wasRevoked[id] = true;
                revokedEver.push(id);
            }
        } catch {}
    }

    function renew(uint256 nodeSeed, uint256 callerSeed, bool honest, uint256 leaseSeed) external {
        calls++;
        (uint64 id, address caller) = _target(nodeSeed, callerSeed, honest);
        if (id == 0) return;
        vm.prank(caller);
        try tree.renew(id, _future(leaseSeed, 400 days)) {} catch {}
    }

    function advance(uint256 secondsSeed) external {
        calls++;
        vm.warp(block.timestamp + 1 + (secondsSeed % 30 days));
    }

    function revokedCount() external view returns (uint256) {
        return revokedEver.length;
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
    /// forge-config: default.invariant.runs = 64
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
    /// forge-config: default.invariant.runs = 64
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
    /// forge-config: default.invariant.runs = 64
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

    /// An account holds at most one live node per root, and nodeOf points at its latest one.
    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 200
    function invariant_oneLiveNodePerAccountAndRoot() public view {
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; id++) {
            IAuthorityTree.Node memory n = tree.node(id);
            uint64 current = tree.nodeOf(n.account, n.root);
            require(current >= id, "nodeOf points at an older node");
            if (current != id) require(!tree.isValid(id), "a superseded node is still valid");
        }
    }
}
