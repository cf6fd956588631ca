// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../../../contracts/interfaces/IAuthorityTree.sol";
import {Scopes} from "../../../contracts/types/Scope.sol";
import {Suite} from "../Suite.sol";
import {Ghost} from "../Ghost.sol";
import {Model} from "../Model.sol";
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
        n = _add(list, n, AuthorityActors.restrictAndRegrant.selector, 2);
        n = _add(list, n, AuthorityActors.restrictSecondRoot.selector, 1);
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
        _grantChecked(parent, p, grantee, scopes, expiry, "grant");
    }

    /**
     * @notice Issue 15 item 1, aimed: the root's account restricts an intermediate node (suspends it, or cuts its
     * lease to end within hours), a lower authority then tries to finish it from below (its parent's account revokes
     * it: refused under the suspension), time may pass (the cut lease ends), and a random delegating node of the
     * same root offers its account (or its first child's) a fresh node. Passes one call in two (it can end a bank).
     */
    function restrictAndRegrant(uint256 nodeSeed, uint256 parentSeed, uint256 leaseSeed) external {
        if (!_chance(leaseSeed, 2)) return;
        uint64 id = _intermediate(nodeSeed);
        if (id == 0) return;
        IAuthorityTree.Node memory n = tree.node(id);
        address top = tree.node(n.root).account;
        if (leaseSeed % 2 == 0) {
            _act(top, address(tree), abi.encodeCall(tree.suspend, (id, "inspection")), "suspend: from the top");
        } else {
            uint40 expiry = _until(1 + ((leaseSeed >> 8) % 2 days), _leaseLimit(n.parent));
            if (expiry != 0) _act(top, address(tree), abi.encodeCall(tree.renew, (id, expiry)), "renew: cut from top");
        }
        if (n.depth >= 2) _revoke(id, tree.node(n.parent).account); // from below the root's rank
        if ((leaseSeed >> 4) % 2 == 0) _passTime(1 + ((leaseSeed >> 16) % 3 days));
        uint64[] memory kids = tree.children(id, 0, 1);
        address account = (leaseSeed >> 5) % 4 == 0 && kids.length != 0 ? tree.node(kids[0]).account : n.account;
        uint64 parent = _validIn(n.root, parentSeed, Scopes.DELEGATE, 0);
        if (parent == 0) return;
        IAuthorityTree.Node memory p = tree.node(parent);
        uint40 lease = _until(1 days + ((leaseSeed >> 24) % 365 days), _leaseLimit(parent));
        uint32 scopes = p.scopes & (Scopes.KYC | Scopes.AUDIT | Scopes.DELEGATE);
        if (lease == 0 || scopes == 0) return;
        _grantChecked(parent, p, account, scopes, lease, "grant: afresh");
    }

    /// @notice Restrictions under the second root (R2: its bank attests investor 4, EUR/USD trusts it): its regulator
    /// suspends or cuts the lease of one of its nodes, or (one call in four) the governor suspends R2 itself. The
    /// resume and renew actions heal them; a restriction under R2 must never let an R1 clearance go stale, nor an R2
    /// one outlive it.
    function restrictSecondRoot(uint256 nodeSeed, uint256 leaseSeed) external {
        uint64 r2 = S.r2();
        if (_chance(nodeSeed, 4)) {
            _act(tree.governor(), address(tree), abi.encodeCall(tree.suspend, (r2, "inspection")), "suspend: R2");
            return;
        }
        uint64 id = _validIn(r2, nodeSeed, 0, r2);
        if (id == 0) return;
        address by = _authorityOver(id, nodeSeed >> 8);
        if (leaseSeed % 2 == 0) {
            _act(by, address(tree), abi.encodeCall(tree.suspend, (id, "inspection")), "suspend: under R2");
        } else {
            uint40 expiry = _until(1 hours + ((leaseSeed >> 8) % 20 days), _leaseLimit(tree.node(id).parent));
            if (expiry != 0) _act(by, address(tree), abi.encodeCall(tree.renew, (id, expiry)), "renew: under R2");
        }
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
        if (_act(by, address(tree), abi.encodeCall(tree.resume, (id)), "resume")) _checkStillDead(id);
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
        if (_act(by, address(tree), abi.encodeCall(tree.renew, (id, expiry)), "renew")) _checkStillDead(id);
    }

    /// @dev After a resume or a renewal of node `id`: if it was seen dead, it must still be invalid (recorded at
    /// once, so that every campaign, not only deadNodesStayInvalid's, fails on a revival).
    function _checkStillDead(uint64 id) private {
        if (G.isDead(id) && (tree.isValid(id) || Model.valid(tree, id))) {
            G.violated(Ghost.Kind.Revival, "a revoked or lapsed node is valid again");
        }
    }

    /// @notice Revocation is final, so it passes one call in four, and for R2's root one in 64. R1, the venue's home
    /// root, is suspended but never retired here: that would end the run's market for good (the authority and
    /// registry tests cover a retired root).
    function revoke(uint256 nodeSeed, uint256 bySeed, uint256 gate) external {
        uint64 id = _anyNode(nodeSeed);
        if (id == r1 || !_chance(gate, tree.node(id).parent == 0 ? 64 : 4)) return;
        _revoke(id, _authorityOver(id, bySeed));
    }

    /// @notice Time passes (up to two days, one call in eight up to 30): leases end, registrations and attestations
    /// lapse, good-till-date orders expire.
    function advanceTime(uint256 secondsSeed) external {
        _passTime(1 + (secondsSeed % (secondsSeed % 8 == 0 ? 30 days : 2 days)));
    }

    function _passTime(uint256 span) private {
        vm.warp(block.timestamp + span);
        uint64 count = tree.nodeCount();
        for (uint64 id = 1; id <= count; ++id) {
            if (G.isDead(id)) continue;
            IAuthorityTree.Node memory n = tree.node(id);
            if (block.timestamp >= n.expiry || n.status == IAuthorityTree.NodeStatus.Revoked) G.dead(id);
        }
    }

    /// @dev `by` revokes node `id`; the ghost keeps the rank it acted at (the re-grant bar).
    function _revoke(uint64 id, address by) private {
        if (_act(by, address(tree), abi.encodeCall(tree.revoke, (id, "misconduct")), "revoke")) {
            G.dead(id);
            G.revoked(id, _rankOver(id, by));
        }
    }

    /**
     * @dev Grant, and judge it (issue 15 item 1): a grant to an account whose node under that root is dead must
     * come from the highest rank among the restrictions standing on that node (the rank that set its lease, its
     * suspender's, its revoker's as the ghost saw it) and the suspensions standing on its ancestors, or above.
     */
    function _grantChecked(
        uint64 parent,
        IAuthorityTree.Node memory p,
        address grantee,
        uint32 scopes,
        uint40 expiry,
        bytes32 name
    ) private {
        uint64 previous = tree.nodeOf(grantee, p.root);
        if (!_act(p.account, address(tree), abi.encodeCall(tree.grant, (parent, grantee, scopes, expiry)), name)) {
            return;
        }
        if (previous == 0) return;
        uint8 bar = _regrantBar(previous);
        if (p.depth > bar) G.violated(Ghost.Kind.Regrant, "an account re-granted from below a standing restriction");
    }

    /// @dev The model of the re-grant bar of dead node `id` (see _grantChecked), from its raw record and the ghost.
    function _regrantBar(uint64 id) private view returns (uint8 bar) {
        IAuthorityTree.Node memory n = tree.node(id);
        bar = n.leaseDepth;
        if (n.status == IAuthorityTree.NodeStatus.Suspended && n.suspenderDepth < bar) bar = n.suspenderDepth;
        (bool revoked, uint8 revoker) = G.revocation(id);
        if (revoked && revoker < bar) bar = revoker;
        for (uint64 cursor = n.parent; cursor != 0; cursor = tree.node(cursor).parent) {
            IAuthorityTree.Node memory a = tree.node(cursor);
            if (a.status == IAuthorityTree.NodeStatus.Suspended && a.suspenderDepth < bar) bar = a.suspenderDepth;
        }
    }

    /// @dev A node below a root (preferably one with children: a bank, an audit firm), from a random start (0 if
    /// none).
    function _intermediate(uint256 seed) private view returns (uint64 found) {
        uint64 count = tree.nodeCount();
        for (uint64 i; i < count; ++i) {
            uint64 id = (uint64((seed % count) + i) % count) + 1;
            if (tree.node(id).parent == 0) continue;
            if (tree.childCount(id) != 0) return id;
            if (found == 0) found = id;
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
