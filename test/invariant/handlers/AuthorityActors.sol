// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../../../contracts/interfaces/IAuthorityTree.sol";
import {Scopes} from "../../../contracts/types/Scope.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {vm} from "../Vm.sol";
import {ActorBase} from "./ActorBase.sol";

/**
 * @title AuthorityActors
 * @notice The governor, the roots and the institutions: grant, suspend, resume, renew and revoke authority, and the
 * passing of time (leases, registrations, attestations and good-till-date orders run out).
 */
contract AuthorityActors is ActorBase {
    /// @dev Number of staff accounts that are regulators (never granted below a root).
    uint256 private constant _REGULATORS = 2;

    constructor(Suite s, Ghost g) ActorBase(s, g) {}

    function actions() external pure override returns (bytes4[] memory list) {
        list = new bytes4[](64);
        uint256 n = _add(list, 0, AuthorityActors.grant.selector, 2);
        n = _add(list, n, AuthorityActors.suspend.selector, 2);
        n = _add(list, n, AuthorityActors.resume.selector, 3);
        n = _add(list, n, AuthorityActors.renew.selector, 3);
        n = _add(list, n, AuthorityActors.revoke.selector, 1);
        n = _add(list, n, AuthorityActors.advanceTime.selector, 4);
        return _trim(list, n);
    }

    /// @notice A delegating node grants one of the staff a role (within its own scopes) for up to a year.
    function grant(uint256 parentSeed, uint256 granteeSeed, uint256 roleSeed, uint256 leaseSeed) external {
        uint64 parent = _nodeWith(parentSeed, Scopes.DELEGATE);
        if (parent == 0) return;
        IAuthorityTree.Node memory p = tree.node(parent);
        uint32 scopes = _role(roleSeed) & p.scopes;
        uint40 expiry = _until(1 days + (leaseSeed % 365 days), _leaseLimit(parent));
        if (scopes == 0 || expiry == 0) return;
        address grantee = S.staff(_REGULATORS + (granteeSeed % (S.STAFF_COUNT() - _REGULATORS)));
        _act(p.account, address(tree), abi.encodeCall(tree.grant, (parent, grantee, scopes, expiry)), "grant");
    }

    /// @notice Suspension (reversible) passes one call in two.
    function suspend(uint256 nodeSeed, uint256 bySeed) external {
        if (!_chance(bySeed, 2)) return;
        uint64 id = _anyNode(nodeSeed);
        address by = _authorityOver(id, bySeed);
        _act(by, address(tree), abi.encodeCall(tree.suspend, (id, "inspection")), "suspend");
    }

    /// @notice Resume a suspended node, usually from the suspender's rank (the governor for a root), one call in
    /// four from a random ancestor (refused when below the suspender); one call in four aims at any node (a revoked
    /// one must stay revoked).
    function resume(uint256 nodeSeed, uint256 bySeed) external {
        uint64 id = nodeSeed % 4 == 0 ? _anyNode(nodeSeed >> 2) : _suspendedNode(nodeSeed);
        if (id == 0) return;
        IAuthorityTree.Node memory n = tree.node(id);
        address by =
            bySeed % 4 == 0 || n.parent == 0
                ? _authorityOver(id, bySeed)
                : tree.node(tree.ancestry(id)[n.depth - n.suspenderDepth]).account;
        _act(by, address(tree), abi.encodeCall(tree.resume, (id)), "resume");
    }

    /// @notice Extend a lease by up to 200 days (within the parent's), or one call in four set it to end within
    /// 200 days (shortening it, for a root only one call in 64). Half the calls renew the lease that ends first, from
    /// the rank that set it, as a diligent regulator would; the others a random node, from a random ancestor.
    function renew(uint256 nodeSeed, uint256 bySeed, uint256 leaseSeed) external {
        uint64 id = nodeSeed % 2 == 0 ? _expiringNode() : 0;
        if (id == 0) id = _anyNode(nodeSeed);
        IAuthorityTree.Node memory n = tree.node(id);
        uint40 limit = n.parent == 0 ? type(uint40).max : _leaseLimit(n.parent);
        bool shorten = _chance(leaseSeed, n.parent != 0 ? 4 : 64);
        uint256 from = shorten || n.expiry < block.timestamp ? block.timestamp : n.expiry;
        uint40 expiry = _until(from - block.timestamp + 1 hours + ((leaseSeed >> 8) % 200 days), limit);
        if (expiry == 0) return;
        address by =
            nodeSeed % 2 == 0 && n.parent != 0
                ? tree.node(tree.ancestry(id)[n.depth - n.leaseDepth]).account
                : _authorityOver(id, bySeed);
        _act(by, address(tree), abi.encodeCall(tree.renew, (id, expiry)), "renew");
    }

    /// @notice Revocation is final, so it passes one call in four, and for R2's root one in 64. R1, the venue's home
    /// root, is suspended but never retired here: that would end the run's market for good (the authority and
    /// registry tests cover a retired root).
    function revoke(uint256 nodeSeed, uint256 bySeed, uint256 gate) external {
        uint64 id = _anyNode(nodeSeed);
        if (id == r1 || !_chance(gate, tree.node(id).parent == 0 ? 64 : 4)) return;
        address by = _authorityOver(id, bySeed);
        if (_act(by, address(tree), abi.encodeCall(tree.revoke, (id, "misconduct")), "revoke")) G.dead(id);
    }

    /// @notice Time passes (up to two days, one call in eight up to 30): leases end, registrations and attestations
    /// lapse, good-till-date orders expire.
    function advanceTime(uint256 secondsSeed) external {
        vm.warp(block.timestamp + 1 + (secondsSeed % (secondsSeed % 8 == 0 ? 30 days : 2 days)));
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; ++id) {
            if (G.isDead(id)) continue;
            IAuthorityTree.Node memory n = tree.node(id);
            if (block.timestamp >= n.expiry || n.status == IAuthorityTree.NodeStatus.Revoked) G.dead(id);
        }
    }

    /// @dev The non-root node whose lease ends first among those still running and active (0 if none).
    function _expiringNode() private view returns (uint64 found) {
        uint64 count = tree.nodeCount();
        uint256 soonest = type(uint256).max;
        for (uint64 id = 1; id <= count; ++id) {
            IAuthorityTree.Node memory n = tree.node(id);
            bool running = n.status == IAuthorityTree.NodeStatus.Active && n.expiry > block.timestamp;
            if (running && n.parent != 0 && n.expiry < soonest) (found, soonest) = (id, n.expiry);
        }
    }

    /// @dev A suspended node (0 if none): three times in four the highest one (a root first), else the first from a
    /// random start.
    function _suspendedNode(uint256 seed) private view returns (uint64 found) {
        uint64 count = tree.nodeCount();
        uint256 highest = type(uint256).max;
        for (uint64 i; i < count; ++i) {
            uint64 id = uint64(((seed % count) + i) % count) + 1;
            IAuthorityTree.Node memory n = tree.node(id);
            if (n.status != IAuthorityTree.NodeStatus.Suspended) continue;
            if (seed % 4 == 1) return id;
            if (n.depth < highest) (found, highest) = (id, n.depth);
        }
    }

    function _anyNode(uint256 seed) private view returns (uint64) {
        return uint64(seed % tree.nodeCount()) + 1;
    }

    /// @dev The roles institutions hand out.
    function _role(uint256 seed) private pure returns (uint32) {
        uint32[8] memory roles = [
            Scopes.DELEGATE | Scopes.KYC,
            Scopes.KYC,
            Scopes.AUDIT,
            Scopes.DELEGATE | Scopes.AUDIT,
            Scopes.LIST,
            Scopes.GOVERN,
            Scopes.GOVERN | Scopes.LIST,
            Scopes.EXCHANGE
        ];
        return roles[seed % roles.length];
    }
}
