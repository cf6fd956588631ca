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

    /// @dev operatorNode (64) + scope (32): one slot.
    struct Registration {
        uint64 operatorNode;
        uint32 scope;
    }

    mapping(address venue => mapping(uint64 root => Registration)) private _registrations;
    /// @dev The deregistering authority's depth + 1 (0: no bar).
    mapping(address venue => mapping(uint64 root => uint8 barPlusOne)) private _bars;

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
        _requireConsent(venue);
        Registration storage r = _registrations[venue][root];
        if (r.operatorNode != 0) revert VenueAlreadyRegistered(venue, root, r.operatorNode);
        uint8 bar = _bars[venue][root];
        if (bar != 0) {
            // Removed from above: only that rank or a higher one may license it again, which lifts the bar.
            uint8 rank = TREE.node(operatorNode).depth;
            if (rank >= bar) revert VenueBarredByHigherAuthority(venue, root, bar - 1, rank);
            delete _bars[venue][root];
        }
        r.operatorNode = operatorNode;
        r.scope = scope;
        emit VenueRegistered(venue, root, operatorNode, scope);
    }

    /// @inheritdoc IVenueRegistry
    function deregisterVenue(address venue, uint64 root) external {
        Registration memory r = _registrations[venue][root];
        if (r.operatorNode == 0) revert VenueNotRegistered(venue, root);
        (bool manages, uint8 rank) = TREE.managerRank(msg.sender, r.operatorNode);
        if (!manages) revert NotVenueManager(msg.sender, r.operatorNode);
        delete _registrations[venue][root];
        _bars[venue][root] = rank + 1;
        emit VenueDeregistered(venue, root, msg.sender, rank);
        TREE.reportRestriction(root); // the venue's licence ends: clearances cached under it too
    }

    /// @inheritdoc IVenueRegistry
    function isLicensed(address account, uint64 root) external view returns (bool) {
        Registration memory r = _registrations[account][root];
        if (r.operatorNode != 0) return TREE.nodeHasScope(r.operatorNode, r.scope);
        return TREE.effectiveScopes(TREE.nodeOf(account, root)) & _VENUE_SCOPES != 0;
    }

    /// @inheritdoc IVenueRegistry
    function deregistrationBar(address venue, uint64 root) external view returns (bool barred, uint8 depth) {
        uint8 bar = _bars[venue][root];
        return bar == 0 ? (false, 0) : (true, bar - 1);
    }

    /// @dev The venue consents by naming the caller as its owner().
    function _requireConsent(address venue) private view {
        address owner;
        try IVenueOwner(venue).owner() returns (address o) {
            owner = o;
        } catch {
            owner = address(0);
        }
        if (owner != msg.sender) revert VenueConsentMissing(venue, owner, msg.sender);
    }

    /// @inheritdoc IVenueRegistry
    function registration(address venue, uint64 root) external view returns (uint64 operatorNode, uint32 scope) {
        Registration memory r = _registrations[venue][root];
        return (r.operatorNode, r.scope);
    }
}
