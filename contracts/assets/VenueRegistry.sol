// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuthorityTree} from "../interfaces/IAuthorityTree.sol";
import {IVenueRegistry} from "../interfaces/IVenueRegistry.sol";
import {Scopes} from "../types/Scope.sol";

/// @dev The one thing the registry asks of a venue contract: who owns (operates) it.
interface IVenueOwner {
    /// @notice The account operating the venue.
    function owner() external view returns (address);
}

/**
 * @title VenueRegistry
 * @notice Which contracts operate as licensed venues or custodians under each root. See IVenueRegistry for the rules.
 * @dev Stateless about time: every check goes to the authority tree, whose clock is the suite's.
 */
contract VenueRegistry is IVenueRegistry {
    uint32 private constant _VENUE_SCOPES = Scopes.EXCHANGE | Scopes.CUSTODY;

    /// @notice The authority tree whose EXCHANGE and CUSTODY holders act here.
    IAuthorityTree public immutable TREE;

    /// @dev operatorNode (64) + scope (32) + owner (160): one slot, read whole by isLicensed.
    struct Registration {
        uint64 operatorNode;
        uint32 scope;
        address owner;
    }

    /// @dev What outlives a registration: whether there ever was one, and the deregistering authority's depth + 1
    /// (0: no bar).
    struct Standing {
        bool registered;
        uint8 barPlusOne;
    }

    mapping(address venue => mapping(uint64 root => Registration)) private _registrations;
    mapping(address venue => mapping(uint64 root => Standing)) private _standings;

    /// @inheritdoc IVenueRegistry
    address public amlLimits;

    /// @param tree The authority tree.
    constructor(IAuthorityTree tree) {
        TREE = tree;
    }

    /// @inheritdoc IVenueRegistry
    function registerVenue(address venue, uint64 root, uint32 scope) external {
        if (scope != Scopes.EXCHANGE && scope != Scopes.CUSTODY) revert InvalidVenueScope(scope);
        uint64 operatorNode = TREE.nodeOf(msg.sender, root);
        if (!TREE.nodeHasScope(operatorNode, scope)) revert NotOperator(msg.sender, root, scope);
        if (venue.code.length == 0) revert VenueNotAContract(venue);
        address owner = _ownerOf(venue);
        if (owner != msg.sender) revert VenueConsentMissing(venue, owner, msg.sender);
        Registration storage r = _registrations[venue][root];
        if (r.operatorNode != 0) revert VenueAlreadyRegistered(venue, root, r.operatorNode);
        Standing storage standing = _standings[venue][root];
        uint8 bar = standing.barPlusOne;
        if (bar != 0) {
            // Removed from above: only that rank or a higher one may license it again, which lifts the bar.
            uint8 rank = TREE.node(operatorNode).depth;
            if (rank >= bar) revert VenueBarredByHigherAuthority(venue, root, bar - 1, rank);
        }
        standing.barPlusOne = 0;
        standing.registered = true;
        r.operatorNode = operatorNode;
        r.scope = scope;
        r.owner = msg.sender;
        emit VenueRegistered(venue, root, operatorNode, scope, msg.sender);
    }

    /// @inheritdoc IVenueRegistry
    function followOperator(address venue, uint64 root) external {
        // Only the venue itself (review L1): anyone else could advance the root's restriction epoch at will.
        if (msg.sender != venue) revert FollowerNotVenue(msg.sender, venue);
        Registration storage r = _registrations[venue][root];
        uint64 previous = r.operatorNode;
        if (previous == 0) revert VenueNotRegistered(venue, root);
        address owner = _ownerOf(venue);
        uint64 operatorNode = TREE.nodeOf(owner, root);
        if (!TREE.nodeHasScope(operatorNode, r.scope)) revert NotOperator(owner, root, r.scope);
        r.operatorNode = operatorNode;
        r.owner = owner;
        emit VenueOperatorFollowed(venue, root, operatorNode, owner);
        // Another node's licence may end sooner: clearances cached under the old one re-check.
        if (operatorNode != previous) TREE.reportRestriction(root);
    }

    /// @inheritdoc IVenueRegistry
    function setAmlLimits(address limits) external {
        address governor = TREE.governor();
        if (msg.sender != governor) revert NotTreeGovernor(msg.sender, governor);
        if (amlLimits != address(0) || limits.code.length == 0) revert AmlLimitsAlreadySet(amlLimits);
        amlLimits = limits;
        emit AmlLimitsSet(limits, msg.sender);
    }

    /// @inheritdoc IVenueRegistry
    function deregisterVenue(address venue, uint64 root) external {
        Registration memory r = _registrations[venue][root];
        if (r.operatorNode == 0) revert VenueNotRegistered(venue, root);
        (bool manages, uint8 rank) = TREE.managerRank(msg.sender, r.operatorNode);
        if (!manages) revert NotVenueManager(msg.sender, r.operatorNode);
        delete _registrations[venue][root];
        _standings[venue][root].barPlusOne = rank + 1; // `registered` stays: its holdings still back a ledger
        emit VenueDeregistered(venue, root, msg.sender, rank);
        TREE.reportRestriction(root); // the venue's licence ends: clearances cached under it too
    }

    /// @inheritdoc IVenueRegistry
    function isLicensed(address account, uint64 root) external view returns (bool) {
        Registration memory r = _registrations[account][root];
        if (r.operatorNode != 0) return TREE.nodeHasScope(r.operatorNode, r.scope) && _ownerOf(account) == r.owner;
        return TREE.effectiveScopes(TREE.nodeOf(account, root)) & _VENUE_SCOPES != 0;
    }

    /// @inheritdoc IVenueRegistry
    function deregistrationBar(address venue, uint64 root) external view returns (bool barred, uint8 depth) {
        uint8 bar = _standings[venue][root].barPlusOne;
        return bar == 0 ? (false, 0) : (true, bar - 1);
    }

    /// @inheritdoc IVenueRegistry
    function registeredOwner(address venue, uint64 root) external view returns (address) {
        return _registrations[venue][root].owner;
    }

    /// @inheritdoc IVenueRegistry
    function wasRegistered(address venue, uint64 root) external view returns (bool) {
        return _standings[venue][root].registered;
    }

    /**
     * @dev What `venue` names as its owner() now: zero if it has no such function, reverts, or answers with anything
     * but one word (a raw static call, so that a malformed answer cannot make a view revert).
     */
    function _ownerOf(address venue) private view returns (address owner) {
        bytes4 selector = IVenueOwner.owner.selector;
        assembly ("memory-safe") {
            mstore(0, selector)
            // The call first, then its return size: Yul evaluates arguments right to left, so in one `and(...)` the
            // size read would be the previous call's (a follow-up with no call before it read zero).
            let ok := staticcall(gas(), venue, 0, 4, 0, 32)
            if and(ok, gt(returndatasize(), 31)) {
                owner := and(mload(0), 0xffffffffffffffffffffffffffffffffffffffff)
            }
        }
    }

    /// @inheritdoc IVenueRegistry
    function registration(address venue, uint64 root) external view returns (uint64 operatorNode, uint32 scope) {
        Registration memory r = _registrations[venue][root];
        return (r.operatorNode, r.scope);
    }
}
